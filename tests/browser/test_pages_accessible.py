"""Every state of the officers' form, error states included, at 390 px wide: a screenshot to look at, the
wording an officer reads, and no axe-core accessibility violations."""
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OFFICER, PASSWORD, check
from tests.browser.test_mobile_form import account  # noqa: F401 (a fixture)
from tests.browser.test_mobile_form import another, fill_notice, issue, sign_in

pytestmark = pytest.mark.browser


def test_signing_in_and_its_error_states_are_accessible_and_say_what_to_do(page, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    check(page, screenshots, "a11y-sign-in")

    page.get_by_role("button", name="Sign in").click()  # nothing typed: both problems at once, by their fields
    expect(page.locator(".govuk-error-summary li")).to_have_text(["Enter your username", "Enter your password"])
    expect(page.locator("#password-error")).to_have_text("Error: Enter your password")
    check(page, screenshots, "a11y-sign-in-empty")

    page.get_by_label("Username").fill("nobody.guessing")
    for _ in range(11):  # the 11th wrong password in 15 minutes pauses sign-in for that username
        page.get_by_label("Password", exact=True).fill("a guess")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Sign-in is paused after too many wrong passwords. Try again in 15 minutes")
    check(page, screenshots, "a11y-sign-in-paused")

    page.get_by_label("Username").fill(OFFICER)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(summary).to_contain_text("The username or password is wrong. Check both and try again.")
    check(page, screenshots, "a11y-sign-in-wrong-password")


def test_the_form_its_error_summary_and_an_ended_sign_in_are_accessible(page, context, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page)
    check(page, screenshots, "a11y-form")

    page.get_by_label("When it happened").fill("")
    page.get_by_role("button", name="Continue").click()  # every problem at once
    expect(page.locator(".govuk-error-summary li")).to_have_count(10)
    check(page, screenshots, "a11y-form-errors")

    fill_notice(page, observed="")
    page.get_by_label("I could not get their date of birth or address").check()  # its choice revealed, unanswered
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary li")).to_have_text([
        "Enter the date and time of the offence", "Select why you could not get the person's details",
        "Enter what you saw"])
    check(page, screenshots, "a11y-form-error")

    # The sign-in ends (7 days passed, or the account changed): the next call is refused and renewal fails.
    context.clear_cookies()
    page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('fpn.session'));
                             localStorage.setItem('fpn.session', JSON.stringify({...s, token: 'ended'})); }""")
    page.reload()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Your sign-in has ended. Sign in again. Notices saved on this phone are kept")
    expect(page.get_by_label("Username")).to_have_value(OFFICER)
    check(page, screenshots, "a11y-sign-in-ended")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


def test_checking_issuing_and_todays_notices_are_accessible(page, context, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page)
    fill_notice(page)
    page.get_by_role("button", name="Use my location").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before issuing the notice")).to_be_visible()
    check(page, screenshots, "a11y-check-your-answers")

    page.get_by_role("button", name="Issue notice").click()
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    check(page, screenshots, "a11y-result")

    another(page)
    context.set_offline(True)
    fill_notice(page)
    page.get_by_label("Day").fill("")
    page.get_by_label("Month").fill("")
    page.get_by_label("Year").fill("")
    page.get_by_label("I could not get their date of birth or address").check()
    page.get_by_label("The details given are believed to be false").check()
    issue(page)
    expect(page.get_by_role("heading", name="Waiting for approval")).to_be_visible()
    check(page, screenshots, "a11y-result-saved-for-approval")

    page.get_by_role("link", name="My notices today").click()
    expect(page.locator(".govuk-summary-card")).to_have_count(1)  # the one on the phone; no signal for the rest
    check(page, screenshots, "a11y-my-notices-today-no-signal")
    context.set_offline(False)
    expect(page.locator("#today-sent .govuk-summary-card")).to_have_count(2)
    check(page, screenshots, "a11y-my-notices-today")


def test_an_account_that_cannot_issue_is_told_so_accessibly(page, account, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, account("admin.browser", ["admin"]))
    expect(page.get_by_role("heading", name="You cannot issue notices with this account")).to_be_visible()
    check(page, screenshots, "a11y-cannot-issue")


def test_the_open_data_page_reads_well_on_a_phone(page, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    answer = page.goto("/open-data/")
    assert answer.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Public Spaces Protection Order notices in Brent, by month")
    expect(page.get_by_role("link", name="Monthly counts as CSV")).to_be_visible()
    check(page, screenshots, "a11y-open-data-390")


def test_a_mistyped_address_shows_a_page_saying_what_to_do(context, screenshots):
    page = context.new_page()  # not the `page` fixture: this page is meant to answer 404
    answer = page.goto("/office/no-such-page")
    assert answer.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("main")).to_contain_text("If you typed the web address, check it is correct.")
    expect(page.get_by_role("link", name="Go to the start page")).to_have_attribute("href", "/")
    check(page, screenshots, "a11y-page-not-found")
