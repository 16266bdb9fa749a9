"""The officers' mobile form in a real headless Chromium at phone size: issuing, issuing with no signal, and the
API's refusals, asserted on what the officer sees and on what is committed in the database."""
import re

import pytest
from playwright.sync_api import expect

from services.fpn.notice_numbers import display
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.accounts.models import RefreshToken
from tests.browser.conftest import ACCESS_TOKEN_MINUTES, DISPLAY_NAME, OFFICER, PASSWORD, officer_notices

pytestmark = pytest.mark.browser

NOTICE_NUMBER = re.compile(r"FPN \d{4} \d{4} \d")
ORDER_2023 = "Boroughwide, Wembley Park and Parks and Open Spaces PSPO"


def sign_in(page):
    """Open the form and sign in as the test officer; wait until the orders in force have loaded."""
    page.goto("/")
    page.get_by_label("Username").fill(OFFICER)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(DISPLAY_NAME)).to_be_visible()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    expect(page.get_by_label(ORDER_2023)).to_be_checked()  # the only order in force, chosen for the officer


def fill_notice(page, observed="Drinking from an open can of lager; refused to stop when asked."):
    """Fill the form for an alcohol notice in Wembley Central to an adult."""
    page.get_by_label("Ward").select_option("Wembley Central")
    page.get_by_label("Prohibition").select_option(label="Borough Wide PSPO - Alcohol consumption")
    page.get_by_label("Street address").fill("High Road, Wembley HA9")
    page.get_by_label("Full name").fill("Sam Example")
    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("5")
    page.get_by_label("Year").fill("1990")
    page.get_by_label("Address", exact=True).fill("1 Example Road, London NW10")
    page.get_by_label("What you saw").fill(observed)
    page.get_by_label("Body-worn video reference").fill("BWV-0042-20261124")
    page.get_by_label("Fixed penalty notice").check()


def save_notice_with_no_signal(page, context, **fill):
    """Sign in while there is signal, lose it, fill in a notice and press Issue: it is saved on the phone."""
    sign_in(page)
    context.set_offline(True)
    fill_notice(page, **fill)
    page.get_by_role("button", name="Issue notice").click()


def test_officer_issues_a_notice_and_sees_its_number_and_amount(page, migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    expect(page.get_by_text("Consuming alcohol, or refusing to stop or surrender alcohol")).to_be_visible()
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_label("Latitude")).to_have_value("51.552300")
    expect(page.get_by_label("Longitude")).to_have_value("-0.296600")
    page.screenshot(path=screenshots / "form.png", full_page=True)

    page.get_by_role("button", name="Issue notice").click()

    panel = page.locator(".govuk-panel")
    expect(panel).to_contain_text("Notice issued")
    expect(panel).to_contain_text(NOTICE_NUMBER)
    expect(page.get_by_text("£100.00")).to_be_visible()
    expect(page.locator(".govuk-summary-list")).to_contain_text("Borough Wide PSPO - Alcohol consumption")
    page.screenshot(path=screenshots / "notice-issued.png", full_page=True)
    shown = NOTICE_NUMBER.search(panel.inner_text()).group()
    notices = officer_notices(migrated)
    assert [display(n.number) for n in notices] == [shown]
    assert (notices[0].ward, notices[0].latitude, notices[0].longitude) == ("Wembley Central", 51.5523, -0.2966)
    assert notices[0].evidence == [{"kind": "body_worn_video", "reference": "BWV-0042-20261124"}]


def test_notice_issued_with_no_signal_is_sent_once_signal_returns(page, context, migrated, screenshots):
    save_notice_with_no_signal(page, context)

    expect(page.get_by_text("Saved on this phone: it will be sent when you have signal.")).to_be_visible()
    expect(page.get_by_text("1 notice is waiting to be sent.")).to_be_visible()
    page.screenshot(path=screenshots / "saved-on-phone.png")
    assert officer_notices(migrated) == []

    context.set_offline(False)  # the browser fires `online`, and the page sends its queue

    sent = page.locator("#sent-banner")
    expect(sent).to_contain_text(NOTICE_NUMBER)
    expect(sent).to_contain_text("£100.00")
    expect(page.get_by_text("Saved on this phone")).to_be_hidden()
    page.screenshot(path=screenshots / "sent-when-online.png")
    notices = officer_notices(migrated)
    assert [display(n.number) for n in notices] == [NOTICE_NUMBER.search(sent.inner_text()).group()]


def test_a_notice_saved_for_longer_than_the_sign_ins_token_lasts_is_still_sent(page, context, migrated):
    save_notice_with_no_signal(page, context)
    expect(page.get_by_text("1 notice is waiting to be sent.")).to_be_visible()
    page.wait_for_timeout(ACCESS_TOKEN_MINUTES * 60_000 + 1500)  # the access token has expired meanwhile

    context.set_offline(False)

    expect(page.locator("#sent-banner")).to_contain_text(NOTICE_NUMBER)
    expect(page.get_by_label("Password", exact=True)).to_be_hidden()  # renewed without asking for the password
    assert len(officer_notices(migrated)) == 1
    with Session(migrated) as session:
        renewals = session.scalars(select(RefreshToken).where(RefreshToken.username == OFFICER,
                                                              RefreshToken.used_at.is_not(None))).all()
    assert renewals, "the form did not renew its token with the refresh token"


def test_saved_notice_sent_twice_at_once_is_created_once(page, context, migrated):
    save_notice_with_no_signal(page, context)
    expect(page.get_by_text("1 notice is waiting to be sent.")).to_be_visible()
    key = page.evaluate("JSON.parse(localStorage.getItem('fpn.queue'))[0].key")

    # Hold the first request until a second one is on its way, so that both reach the server together.
    held, keys = [], []

    def hold_until_two(route):
        keys.append(route.request.headers["idempotency-key"])
        held.append(route)
        if len(held) >= 2:
            while held:
                held.pop().continue_()

    page.route("**/api/v1/notices", hold_until_two)
    context.set_offline(False)
    outcomes = page.evaluate("Promise.all([fpnForm.sendSaved(), fpnForm.sendSaved()])")

    numbers = {notice["number"] for outcome in outcomes for notice in outcome["sent"]}
    assert len(keys) >= 2 and set(keys) == {key}
    assert all(len(outcome["sent"]) == 1 for outcome in outcomes)  # both sends were answered with the notice
    notices = officer_notices(migrated)
    assert len(notices) == 1 and numbers == {display(notices[0].number)}
    expect(page.locator("#sent-banner")).to_contain_text(display(notices[0].number))


def test_api_refusal_shows_an_error_summary_and_the_message_by_the_field(page, migrated, screenshots):
    sign_in(page)
    fill_notice(page, observed="")

    page.get_by_role("button", name="Issue notice").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Check what you saw, then send the notice again.")
    expect(page.locator("#observed-error")).to_have_text("Error: Enter what you saw, in a few words at least")
    page.screenshot(path=screenshots / "error-summary.png")
    summary.get_by_role("link", name="What you saw: Enter what you saw, in a few words at least").click()
    expect(page.get_by_label("What you saw")).to_be_focused()
    assert officer_notices(migrated) == []


def test_form_opens_with_no_signal_once_loaded(page, context):
    sign_in(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)

    response = page.reload()

    assert response.from_service_worker
    expect(page.get_by_text(DISPLAY_NAME)).to_be_visible()
    page.get_by_label("Ward").select_option("Wembley Park")
    expect(page.get_by_label("Prohibition").locator("optgroup")).to_have_count(3)  # from the orders saved earlier
    expect(page.get_by_label(ORDER_2023)).to_be_checked()  # the only order in force, chosen for the officer


def test_saved_notice_waits_through_a_server_error_and_a_refused_one_is_kept_for_attention(page, context, migrated):
    save_notice_with_no_signal(page, context)
    fill_notice(page, observed="")
    page.get_by_role("button", name="Issue notice").click()
    expect(page.get_by_text("2 notices are waiting to be sent.")).to_be_visible()

    page.route("**/api/v1/notices", lambda route: route.fulfill(
        status=503, content_type="application/problem+json",
        body='{"title": "Service unavailable", "status": 503, "detail": "Try again later."}'))
    context.set_offline(False)
    page.evaluate("fpnForm.sendSaved()")
    expect(page.get_by_text("2 notices are waiting to be sent.")).to_be_visible()  # a 5xx keeps both, in order
    assert officer_notices(migrated) == []

    page.unroute("**/api/v1/notices")
    page.evaluate("fpnForm.sendSaved()")

    expect(page.locator("#sent-banner")).to_contain_text(NOTICE_NUMBER)
    expect(page.get_by_text("Saved on this phone")).to_be_hidden()
    attention = page.locator("#attention")
    expect(attention).to_contain_text("Sam Example")
    expect(attention).to_contain_text("Check what you saw, then send the notice again.")
    assert len(officer_notices(migrated)) == 1

    attention.get_by_role("button", name="Put back in the form").click()
    expect(page.locator("#observed-error")).to_have_text("Error: Enter what you saw, in a few words at least")
    expect(page.get_by_label("Full name")).to_have_value("Sam Example")
    expect(attention).to_be_hidden()
    page.get_by_label("What you saw").fill("Urinating in the doorway of 12 High Road.")
    page.get_by_role("button", name="Issue notice").click()
    expect(page.locator(".govuk-panel")).to_contain_text(NOTICE_NUMBER)
    assert len(officer_notices(migrated)) == 2


def test_wrong_password_shows_the_api_message(page):
    page.goto("/")
    page.get_by_label("Username").fill(OFFICER)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("The username or password is wrong.")
    expect(page.get_by_role("link", name="Sign out")).to_be_hidden()


def test_signing_out_with_an_unsent_notice_warns_and_keeps_it_for_the_next_sign_in(page, context, migrated):
    save_notice_with_no_signal(page, context)
    expect(page.get_by_text("1 notice is waiting to be sent.")).to_be_visible()

    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="Sign out").click()
    assert "1 notice has not been sent yet" in warnings[0]
    expect(page.get_by_text(DISPLAY_NAME)).to_be_visible()  # dismissed: still signed in

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    context.set_offline(False)
    sign_in(page)
    expect(page.locator("#sent-banner")).to_contain_text(NOTICE_NUMBER)
    assert len(officer_notices(migrated)) == 1
