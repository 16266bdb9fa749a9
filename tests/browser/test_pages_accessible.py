"""Every state of the officers' form, error states included, at 390 px wide: a screenshot to look at, the
wording an officer reads, and no axe-core accessibility violations."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.conftest import OFFICER, PASSWORD
from tests.browser.test_mobile_form import fill_notice, sign_in

pytestmark = pytest.mark.browser


def check(page, screenshots, name):
    """Save a full-page screenshot and fail on any axe-core violation, naming each rule and where it failed."""
    page.screenshot(path=screenshots / f"{name}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_signing_in_and_its_error_states_are_accessible_and_say_what_to_do(page, screenshots):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    check(page, screenshots, "a11y-sign-in")

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

    fill_notice(page, observed="")
    page.get_by_role("button", name="Issue notice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Check what you saw, then send the notice again.")
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
