"""The officers' mobile form in a real headless Chromium at phone size: issuing, issuing with no signal, and the
API's refusals, asserted on what the officer sees and on what is committed in the database."""
import json
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from services.fpn import officers, register
from services.fpn.models import NumberBlock, OfficerProfile, Variation
from services.fpn.notice_numbers import display
from shared.accounts.models import RefreshToken, User
from shared.accounts.service import create_or_update_user
from tests.browser.conftest import (ACCESS_TOKEN_MINUTES, AUTHORISATION, DISPLAY_NAME, OFFICER, PASSWORD,
                                    check, officer_notices)

pytestmark = pytest.mark.browser

NOTICE_NUMBER = re.compile(r"FPN \d{4} \d{4} \d")
ORDER_2023 = "Boroughwide, Wembley Park and Parks and Open Spaces PSPO"


def sign_in(page, username=OFFICER, password=PASSWORD, wait_for_order=True):
    """Open the form and sign in (as the test officer: wait until the orders in force and a block of notice numbers
    have loaded)."""
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    if username != OFFICER:
        return
    expect(page.get_by_text(f"{DISPLAY_NAME}, authorisation {AUTHORISATION}")).to_be_visible()
    if wait_for_order:
        expect(page.get_by_label(ORDER_2023)).to_be_checked()  # the only order in force, chosen for the officer
    else:
        expect(page.get_by_label(ORDER_2023)).to_be_visible()
    page.wait_for_function(f"(JSON.parse(localStorage.getItem('fpn.numbers')) || {{}})['{OFFICER}']?.length > 0")


def numbers_kept(page, username=OFFICER) -> list[dict]:
    """The unused numbers the phone keeps for the officer, in the order it uses them."""
    blocks = page.evaluate(f"(JSON.parse(localStorage.getItem('fpn.numbers')) || {{}})['{username}'] || []")
    return [number for block in blocks for number in block["numbers"]]


def issue(page, button="Issue notice"):
    """Continue to the answers, check them, and issue."""
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=re.compile("^Check your answers"))).to_be_visible()
    page.get_by_role("button", name=button).click()


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
    page.get_by_label("Fixed penalty notice", exact=True).check()
    page.get_by_label("I showed the person my identification").check()


def save_notice_with_no_signal(page, context, **fill):
    """Sign in while there is signal, lose it, fill in a notice and issue it: it is saved on the phone, and the
    result shows its number, from the phone's block; returns that number."""
    sign_in(page)
    context.set_offline(True)
    first = numbers_kept(page)[0]["fpn"]
    fill_notice(page, **fill)
    issue(page)
    expect(page.locator(".govuk-panel")).to_be_visible()
    expect(page.locator(".govuk-panel")).to_contain_text(first)
    return first


def another(page):
    """From the result, back to the form for the next notice."""
    page.get_by_role("button", name="Issue another notice").click()
    expect(page.get_by_role("heading", name="Issue a notice")).to_be_visible()


def test_officer_issues_a_notice_and_sees_its_number_and_amount(page, migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    expect(page.get_by_text("Consuming alcohol, or refusing to stop or surrender alcohol")).to_be_visible()
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_label("Latitude")).to_have_value("51.552300")
    expect(page.get_by_label("Longitude")).to_have_value("-0.296600")
    page.screenshot(path=screenshots / "form.png", full_page=True)
    first = numbers_kept(page)[0]["fpn"]

    issue(page)

    panel = page.locator(".govuk-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("Notice issued")
    expect(panel).to_contain_text(first)  # the next number from the phone's block
    expect(page.get_by_text("£100.00", exact=True)).to_be_visible()
    amounts = page.locator("#result-amounts")
    expect(amounts).to_contain_text("Borough Wide PSPO - Alcohol consumption")
    expect(amounts).to_contain_text("Pay by")
    expect(page.get_by_role("link", name="Download the notice to print (PDF)")).to_be_visible()
    page.screenshot(path=screenshots / "notice-issued.png", full_page=True)
    notices = officer_notices(migrated)
    assert [display(n.number) for n in notices] == [first]
    assert first not in [n["fpn"] for n in numbers_kept(page)]  # used once, gone from the phone
    assert (notices[0].ward, notices[0].latitude, notices[0].longitude) == ("Wembley Central", 51.5523, -0.2966)
    assert notices[0].evidence == [{"kind": "body_worn_video", "reference": "BWV-0042-20261124"}]
    assert (notices[0].state, notices[0].officer_name, notices[0].officer_number) == (
        "issued", DISPLAY_NAME, AUTHORISATION)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download the notice to print (PDF)").click()
    assert download.value.suggested_filename == first.replace(" ", "") + ".pdf"
    assert open(download.value.path(), "rb").read(5) == b"%PDF-"


def test_notice_issued_with_no_signal_shows_its_final_number_at_once_and_is_sent_under_it(
        page, context, migrated, screenshots):
    number = save_notice_with_no_signal(page, context)

    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    expect(page.locator("#result-saved")).to_contain_text(
        "No signal: saved on this phone. It is sent when you have signal. Its number is final")
    expect(page.locator("#result-amounts")).to_contain_text("£100.00")
    page.screenshot(path=screenshots / "issued-with-no-signal.png", full_page=True)
    assert officer_notices(migrated) == []
    assert number not in [n["fpn"] for n in numbers_kept(page)]
    another(page)
    expect(page.get_by_text("Saved on this phone: it will be sent when you have signal.")).to_be_visible()
    expect(page.get_by_text("1 notice is waiting to be sent.")).to_be_visible()
    page.screenshot(path=screenshots / "saved-on-phone.png")

    context.set_offline(False)  # the browser fires `online`, and the page sends its queue

    sent = page.locator("#sent-banner")
    expect(sent).to_contain_text(number)
    expect(sent).to_contain_text("£100.00")
    expect(page.locator("#queue-banner")).to_be_hidden()
    page.screenshot(path=screenshots / "sent-when-online.png")
    notices = officer_notices(migrated)
    assert [(display(n.number), n.offender["name"], n.state) for n in notices] == [(number, "Sam Example", "issued")]


def test_a_notice_saved_for_longer_than_the_sign_ins_token_lasts_is_still_sent(page, context, migrated):
    save_notice_with_no_signal(page, context)
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


def older_than_the_time_limit(page):
    """Set the offence to 200 days ago: the phone accepts it, the API refuses it (6 months to prosecute)."""
    page.get_by_label("When it happened").fill((datetime.now() - timedelta(days=200)).strftime("%Y-%m-%dT%H:%M"))


def test_api_refusal_shows_each_message_by_its_field_and_one_for_no_field_in_the_summary(
        page, migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    older_than_the_time_limit(page)

    issue(page)

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("There is a problem")
    expect(page.locator("#occurred-at-error")).to_have_text(re.compile(r"^Error: The date must be within the last "
                                                                       r"\d+ days$"))
    expect(page).to_have_title(re.compile("^Error: "))
    page.screenshot(path=screenshots / "error-summary.png")
    summary.get_by_role("link", name=re.compile("The date must be within the last")).click()
    expect(page.get_by_label("When it happened")).to_be_focused()
    assert officer_notices(migrated) == []

    # A refusal naming a field the form does not have (as a notice's number) is listed in the summary only, with
    # the API's sentence saying what to do; the fields it does have are marked in the order of the page.
    page.route("**/api/v1/notices", lambda route: route.fulfill(
        status=422, content_type="application/problem+json", body=json.dumps({
            "type": "https://sbo.brent.gov.uk/problems/number-void", "title": "Number void", "status": 422,
            "detail": "That number is from a returned block, so it is void. Issue the notice again.",
            "errors": [{"field": "number", "message": "The number is from a returned block"},
                       {"field": "observed", "message": "Enter what you saw, in a few words at least"},
                       {"field": "location.ward", "message": "Choose one of Brent's wards"}]})))
    page.get_by_label("When it happened").fill(datetime.now().strftime("%Y-%m-%dT%H:%M"))
    issue(page)

    expect(summary.locator("li")).to_have_text(["Choose one of Brent's wards",
                                                "Enter what you saw, in a few words at least",
                                                "The number is from a returned block"])
    expect(summary.locator("li a")).to_have_count(2)
    expect(summary).to_contain_text("That number is from a returned block, so it is void. Issue the notice again.")
    expect(page.locator("#ward-error")).to_have_text("Error: Choose one of Brent's wards")
    expect(page.locator("#observed-error")).to_have_text("Error: Enter what you saw, in a few words at least")
    expect(page.locator(".app-field-error")).to_have_count(2)
    check(page, screenshots, "form-refused-by-the-api-390")


def test_a_reload_while_checking_returns_to_the_form(page):
    sign_in(page)
    fill_notice(page)
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile("#check$"))

    page.reload()

    expect(page.get_by_role("heading", name="Issue a notice")).to_be_visible()
    expect(page).to_have_url(re.compile("#form$"))


def test_form_opens_with_no_signal_once_loaded(page, context):
    sign_in(page)
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    context.set_offline(True)

    response = page.reload()

    assert response.from_service_worker
    expect(page.get_by_text(f"{DISPLAY_NAME}, authorisation {AUTHORISATION}")).to_be_visible()  # kept for offline
    page.get_by_label("Ward").select_option("Wembley Park")
    expect(page.get_by_label("Prohibition").locator("optgroup")).to_have_count(3)  # from the orders saved earlier
    expect(page.get_by_label(ORDER_2023)).to_be_checked()  # the only order in force, chosen for the officer


def test_saved_notice_waits_through_a_server_error_and_a_refused_one_is_kept_for_attention(page, context, migrated):
    save_notice_with_no_signal(page, context)
    another(page)
    fill_notice(page)
    page.get_by_label("Full name").fill("Robin Late")
    older_than_the_time_limit(page)
    issue(page)
    another(page)
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
    expect(page.locator("#queue-banner")).to_be_hidden()
    attention = page.locator("#attention")
    expect(attention).to_contain_text("Robin Late")
    expect(attention).to_contain_text("Check when it happened, then send the notice again.")
    assert len(officer_notices(migrated)) == 1

    attention.get_by_role("button", name="Put back in the form").click()
    expect(page.locator("#occurred-at-error")).to_contain_text("The date must be within the last")
    expect(page.get_by_label("Full name")).to_have_value("Robin Late")
    expect(attention).to_be_hidden()
    page.get_by_label("When it happened").fill(datetime.now().strftime("%Y-%m-%dT%H:%M"))
    issue(page)
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()
    expect(page.locator("#result-saved")).to_be_hidden()  # sent, not saved
    assert len(officer_notices(migrated)) == 2


def test_wrong_password_shows_the_api_message(page):
    page.goto("/")
    page.get_by_label("Username").fill(OFFICER)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("The username or password is wrong.")
    expect(page.get_by_role("link", name="Sign out")).to_be_hidden()


def test_signing_out_with_an_unsent_notice_warns_and_keeps_it_for_the_next_sign_in(page, context, migrated):
    number = save_notice_with_no_signal(page, context)

    warnings = []
    page.once("dialog", lambda dialog: (warnings.append(dialog.message), dialog.dismiss()))
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("heading", name="Notice issued")).to_be_visible()  # dismissed: still signed in
    assert "1 notice has not been sent yet" in warnings[0]

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()

    context.set_offline(False)
    sign_in(page)
    expect(page.locator("#sent-banner")).to_contain_text(number)
    assert [display(n.number) for n in officer_notices(migrated)] == [number]


# ---- Every problem at once, in GOV.UK's words, in the order of the page

@pytest.fixture
def vehicle_order_in_force(migrated):
    """The Nuisance Vehicles PSPO extended to be in force today too (two orders: the officer must choose one)."""
    with Session(migrated) as session:
        order = register.get_order(session=session, code="BRENT-NV-PSPO-2023")
        variation = register.add_variation(
            session=session, order=order, kind="extension", decided_on=date(2026, 1, 20),
            new_end=date.today() + timedelta(days=30), description="Extended for a browser test",
            actor="browser-tests")
        session.commit()
        variation_id = variation.id
    yield "Nuisance Vehicles PSPO (boroughwide)"
    with Session(migrated) as session:
        session.execute(delete(Variation).where(Variation.id == variation_id))
        session.commit()


def summary_messages(page) -> list[str]:
    return page.locator(".govuk-error-summary li").all_inner_texts()


def test_an_empty_form_shows_every_problem_at_once_in_page_order_each_linked_to_its_field(
        page, migrated, vehicle_order_in_force, screenshots):
    sign_in(page, wait_for_order=False)
    page.get_by_label("When it happened").fill("")

    page.get_by_role("button", name="Continue").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile("^Error: Issue a fixed penalty notice"))
    expected = [
        ("Select the ward", "ward"),
        ("Select the order", "order"),
        ("Select the prohibition", "prohibition"),
        ("Enter the street address or use your location", "street-address"),
        ("Enter the date and time of the offence", "occurred-at"),
        ("Enter the person's full name", "offender-name"),
        ("Enter the person's date of birth, or say why you could not get it", "dob-day"),
        ("Enter the person's address, or say why you could not get it", "offender-address"),
        ("Enter what you saw", "observed"),
        ("Select whether to issue a fixed penalty notice or a warning", "outcome"),
        ("Confirm you showed the person your identification", "identification-shown"),
    ]
    assert summary_messages(page) == [message for message, _ in expected]
    links = summary.locator("a")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == [f"#{id_}" for _, id_ in expected]
    for message, id_ in expected:  # and each message is by its field
        expect(page.locator(f"#{id_}-error")).to_have_text(f"Error: {message}")
    expect(page.locator(".govuk-form-group--error")).to_have_count(len(expected))
    page.screenshot(path=screenshots / "every-problem-at-once.png", full_page=True)
    summary.get_by_role("link", name="Enter what you saw").click()
    expect(page.get_by_label("What you saw")).to_be_focused()
    assert officer_notices(migrated) == []

    # A vehicle prohibition asks for the registration mark instead of the person's details.
    page.get_by_label("Ward").select_option("Harlesden and Kensal Green")
    page.get_by_label(vehicle_order_in_force).check()
    page.get_by_label("Prohibition").select_option(label="Nuisance vehicle PSPO - Racing")
    page.get_by_role("button", name="Continue").click()
    assert summary_messages(page) == ["Enter the street address or use your location",
                                      "Enter the date and time of the offence",
                                      "Enter the vehicle's registration mark", "Enter what you saw",
                                      "Select whether to issue a fixed penalty notice or a warning",
                                      "Confirm you showed the person your identification"]


def test_dates_of_birth_and_times_are_checked_as_gov_uk_says(page):
    sign_in(page)
    fill_notice(page)
    cases = [(("", "5", "1990"), "Date of birth must include a day", ["dob-day"]),
             (("17", "", ""), "Date of birth must include a month and year", ["dob-month", "dob-year"]),
             (("31", "2", "1990"), "Date of birth must be a real date", ["dob-day", "dob-month", "dob-year"]),
             (("17", "5", "90"), "Year must include 4 numbers", ["dob-year"]),
             (("17", "5", str(date.today().year + 1)), "Date of birth must be in the past",
              ["dob-day", "dob-month", "dob-year"]),
             (("1", "1", str(date.today().year - 9)), "The person must have been 10 or over on the day of the offence",
              ["dob-day", "dob-month", "dob-year"])]
    for (day, month, year), message, wrong in cases:
        page.get_by_label("Day").fill(day)
        page.get_by_label("Month").fill(month)
        page.get_by_label("Year").fill(year)
        page.get_by_role("button", name="Continue").click()
        assert summary_messages(page) == [message]
        expect(page.locator("#dob-day-error")).to_have_text(f"Error: {message}")
        expect(page.locator(".govuk-date-input .govuk-input--error")).to_have_count(len(wrong))
        for part in wrong:
            expect(page.locator(f"#{part}")).to_have_class(re.compile("govuk-input--error"))

    page.get_by_label("Day").fill("17")
    page.get_by_label("Month").fill("May")  # a month may be written as a word
    page.get_by_label("Year").fill("1990")
    page.get_by_label("When it happened").fill((datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("I could not get their date of birth or address").check()
    page.get_by_role("button", name="Continue").click()
    assert summary_messages(page) == ["The time must be in the past",
                                      "Select why you could not get the person's details"]


# ---- Check your answers

def answers(page) -> dict[str, str]:
    """The check page's answers, by question."""
    rows = page.locator("#check-section .govuk-summary-list__row")
    return {rows.nth(i).locator("dt").inner_text(): rows.nth(i).locator(".govuk-summary-list__value").inner_text()
            for i in range(rows.count())}


def test_check_your_answers_shows_what_was_entered_and_change_returns_to_the_field(page, migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    page.get_by_role("button", name="Use my location").click()
    expect(page.get_by_label("Latitude")).to_have_value("51.552300")
    when = page.get_by_label("When it happened").input_value()

    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Check your answers before issuing the notice")).to_be_focused()
    expect(page).to_have_title(re.compile("^Check your answers before issuing the notice - "))
    shown = answers(page)
    assert shown == {
        "Ward": "Wembley Central", "Order": ORDER_2023, "Prohibition": "Borough Wide PSPO - Alcohol consumption",
        "Location": "High Road, Wembley HA9\nGPS 51.552300, -0.296600", "When it happened": shown["When it happened"],
        "Full name": "Sam Example", "Date of birth": "17 May 1990", "Address": "1 Example Road, London NW10",
        "What you saw": "Drinking from an open can of lager; refused to stop when asked.",
        "Body-worn video reference": "BWV-0042-20261124", "Photo reference": "None",
        "Earlier notices under this order": "None found. The order's policy is a fixed penalty notice at the first "
                                            "breach.",
        "Outcome": "Fixed penalty notice", "Identification shown": "Yes"}
    moment = datetime.strptime(when, "%Y-%m-%dT%H:%M")
    assert shown["When it happened"].startswith(f"{moment.day} {moment:%B %Y} at ")
    expect(page.locator("#check-approval")).to_be_hidden()  # an adult with a date of birth: no approval needed
    page.screenshot(path=screenshots / "check-your-answers.png", full_page=True)
    assert officer_notices(migrated) == []  # nothing is sent before Issue

    page.get_by_role("link", name="Change full name").click()
    expect(page.get_by_label("Full name")).to_be_focused()
    page.get_by_label("Full name").fill("Sam Changed")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#check-offender")).to_contain_text("Sam Changed")

    page.go_back()  # the phone's Back button returns to the form, as filled in
    expect(page.get_by_label("Full name")).to_have_value("Sam Changed")
    page.go_forward()
    expect(page.locator("#check-offender")).to_contain_text("Sam Changed")
    page.get_by_role("link", name="Back").click()  # and so does the page's Back link
    expect(page.get_by_role("heading", name="Issue a notice")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Sam Changed")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("link", name="Change outcome").click()
    page.get_by_label("Warning", exact=True).check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check your answers before issuing the warning")).to_be_visible()
    page.get_by_role("button", name="Issue warning").click()

    expect(page.get_by_role("heading", name="Warning issued")).to_be_visible()
    expect(page.locator("#result-saved")).to_be_hidden()  # sent, not saved on the phone
    expect(page.locator(".govuk-panel")).to_contain_text(re.compile(r"Warning number\s+WN \d{4} \d{4} \d"))
    notices = officer_notices(migrated)
    assert [(n.offender["name"], n.outcome, n.state) for n in notices] == [("Sam Changed", "warning", "warning")]


def test_a_person_who_withholds_their_details_is_issued_a_notice_that_waits_for_approval(page, migrated, screenshots):
    sign_in(page)
    fill_notice(page)
    for label in ("Day", "Month", "Year"):
        page.get_by_label(label).fill("")
    page.get_by_label("Address", exact=True).fill("")
    page.get_by_label("I could not get their date of birth or address").check()
    page.get_by_label("The person refused to give their details").check()

    page.get_by_role("button", name="Continue").click()

    shown = answers(page)
    assert (shown["Date of birth"], shown["Address"], shown["Details not given because"]) == (
        "Not given", "Not given", "The person refused to give their details")
    expect(page.locator("#check-approval-text")).to_have_text(
        "This notice waits for a supervisor's approval before it stands, because the person's date of birth "
        "is not known.")
    page.screenshot(path=screenshots / "check-your-answers-approval.png", full_page=True)
    issue_button = page.get_by_role("button", name="Issue notice")
    issue_button.click()

    expect(page.get_by_role("heading", name="Waiting for approval")).to_be_visible()
    expect(page.locator("#result-approval")).to_contain_text(
        "A supervisor must approve this notice before it stands, because the person's date of birth is not known.")
    [notice] = officer_notices(migrated)
    assert (notice.state, notice.details_withheld, notice.offender) == (
        "pending_approval", "refused", {"name": "Sam Example"})

    # A 10 to 17 year-old's notice waits too, and the check page says so.
    another(page)
    fill_notice(page)
    page.get_by_label("Year").fill(str(date.today().year - 15))
    page.get_by_label("Month").fill("1")
    page.get_by_label("Day").fill("1")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator("#check-approval")).to_contain_text("because the person was 15 on the day of the offence")


# ---- Accounts that cannot issue

@pytest.fixture
def account(migrated):
    """Make committed accounts (username, roles, with an officer profile or not), removed afterwards."""
    made = []

    def make(username, roles, profile=False):
        with Session(migrated) as session:
            create_or_update_user(session=session, username=username, password=PASSWORD, roles=roles,
                                  display_name=username.split(".")[0].title())
            if profile:
                officers.set_profile(session=session, username=username, details={
                    "full_name": "Pat Other", "authorisation_number": "BR-EO-0999"}, actor="browser-tests",
                    now=datetime.now(timezone.utc))
            session.commit()
        made.append(username)
        return username

    yield make
    with Session(migrated) as session:
        session.execute(delete(NumberBlock).where(NumberBlock.username.in_(made)))
        session.execute(delete(OfficerProfile).where(OfficerProfile.username.in_(made)))
        session.execute(delete(User).where(User.username.in_(made)))
        session.commit()


def test_a_supervisor_is_not_shown_the_form_but_the_way_to_the_back_office(page, account, screenshots):
    sign_in(page, account("supervisor.browser", ["enforcement_supervisor"]))

    expect(page.get_by_role("heading", name="You cannot issue notices with this account")).to_be_visible()
    expect(page.get_by_text("Notices are issued by enforcement officers.")).to_be_visible()
    expect(page.get_by_role("link", name="the back office")).to_have_attribute("href", "/office")
    expect(page.locator("#notice-form")).to_be_hidden()
    page.goto("/#form")  # not by its address either
    expect(page.get_by_role("heading", name="You cannot issue notices with this account")).to_be_visible()
    expect(page.get_by_role("button", name="Continue")).to_be_hidden()
    page.screenshot(path=screenshots / "cannot-issue.png", full_page=True)
    # A sign-in kept from before the page kept roles: they are read from its token.
    page.evaluate("""() => { const s = JSON.parse(localStorage.getItem('fpn.session')); delete s.roles;
                             localStorage.setItem('fpn.session', JSON.stringify(s)); }""")
    page.reload()
    expect(page.get_by_role("heading", name="You cannot issue notices with this account")).to_be_visible()


def test_an_account_of_no_issuing_or_office_role_is_not_pointed_at_the_back_office(page, account):
    sign_in(page, account("nuisance.browser", ["nuisance_officer"]))

    expect(page.get_by_role("heading", name="You cannot issue notices with this account")).to_be_visible()
    expect(page.get_by_role("link", name="the back office")).to_be_hidden()
    expect(page.locator("#notice-form")).to_be_hidden()


def test_an_officer_whose_profile_is_not_recorded_is_told_so_and_not_offered_the_form(page, migrated, account):
    username = account("officer.noprofile", ["enforcement_officer"])
    sign_in(page, username)

    expect(page.get_by_role("heading", name="You cannot issue notices yet")).to_be_visible()
    expect(page.get_by_text("Ask an admin to record your full name and authorisation number.")).to_be_visible()
    expect(page.locator("#notice-form")).to_be_hidden()
    with Session(migrated) as session:
        assert session.scalars(select(NumberBlock).where(NumberBlock.username == username)).all() == []

    with Session(migrated) as session:  # recorded meanwhile: the next time the page opens, it offers the form
        officers.set_profile(session=session, username=username, details={
            "full_name": "Pat Other", "authorisation_number": "BR-EO-0999"}, actor="browser-tests",
            now=datetime.now(timezone.utc))
        session.commit()
    page.reload()
    expect(page.get_by_role("heading", name="Issue a notice")).to_be_visible()
    expect(page.get_by_text("Pat Other, authorisation BR-EO-0999")).to_be_visible()
