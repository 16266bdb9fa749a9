"""The supervisors' back office in real headless Chromium: find a notice by the offender's name, read its history,
record a card payment with its reference, work the approval queue, and download the month's report, whose every
figure matches a known set of notices. axe-core checks each view."""
import csv
import io
import re
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from shared.accounts.models import User
from shared.brent import day, today
from shared.accounts.service import create_or_update_user
from services.fpn import notices
from services.fpn.models import Notice
from services.fpn.schemas import NoticeRequestSchema
from tests.browser.conftest import (OFFICER, PASSWORD, SCROLL_HINT, check, delete_officer_notices, scroll_hint,
                                    signed_in, type_date)
from tests.fpn.conftest import prohibition_id

SUPERVISOR = "browser.supervisor"
MARCH = datetime(2025, 3, 12, 15, 0, tzinfo=timezone.utc)  # a month no other test issues notices in


@pytest.fixture(scope="module")
def supervisor_account(migrated):
    with Session(migrated) as session:
        create_or_update_user(session=session, username=SUPERVISOR, password=PASSWORD,
                              roles=["enforcement_supervisor"], display_name="Sam Okafor")
        session.commit()
    yield
    with Session(migrated) as session:
        session.execute(delete(User).where(User.username == SUPERVISOR))
        session.commit()


def _issue(session, name: str, *, outcome="fpn", born="1990-05-17", then=(), code="alcohol-consumption",
           by=OFFICER, on=MARCH) -> Notice:
    """A notice by the browser tests' officer (or `by`), issued now and then moved back to `on` (March 2025), with
    the actions in `then` taken on it."""
    body = NoticeRequestSchema().load({
        "order_code": "BRENT-PSPO-2023",
        "prohibition_id": prohibition_id(session, "boroughwide", code),
        "occurred_at": (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat(),
        "location": {"ward": "Wembley Central", "street_address": "High Road, Wembley HA9"},
        "observed": "Drinking from an open can of lager; refused to stop when asked.",
        "offender": {"name": name, "date_of_birth": born, "address": "1 Example Road, London"},
        "evidence": [{"kind": "body_worn_video", "reference": f"BWV-{name[:4].upper()}"}], "outcome": outcome,
        "identification_shown": True})
    notice, _ = notices.issue(session=session, issued_by=by, key=str(uuid.uuid4()), body=body,
                              now=datetime.now(timezone.utc), max_age_days=183)
    for action, details in then:
        notices.transition(session=session, notice=notice, action=action, actor="supervisor.earlier",
                           now=datetime.now(timezone.utc), **details)
    notice.issued_at = on
    notice.effective_at = on if notice.effective_at else None
    session.flush()
    return notice


@pytest.fixture
def known_notices(migrated, demo_data, supervisor_account):
    """Six notices issued in March 2025, one in each state a supervisor meets; the first is still to be paid."""
    delete_officer_notices(migrated)
    young = date(date.today().year - 15, 1, 1).isoformat()
    with Session(migrated) as session:
        made = [_issue(session, "Jordan Fenwick"),
                _issue(session, "Casey Cancelled", then=[("cancel", {"reason": "Issued to the wrong person"})]),
                _issue(session, "Riley Reduced", then=[("reduce_to_warning", {"reason": "First offence"})]),
                _issue(session, "Wren Warning", outcome="warning"),
                _issue(session, "Young Person", born=young),
                _issue(session, "Parker Prosecuted", then=[
                    ("refer_to_legal", {}), ("record_prosecution", {"prosecution_outcome": "convicted"})])]
        session.commit()
        yield [n.number for n in made]
    delete_officer_notices(migrated)


def _show_report(page, start: date, end: date) -> None:
    """Ask the Report view for the notices issued from `start` to `end`, as a supervisor does."""
    report = page.locator("#report-section")
    type_date(report, "Issued from", start)
    type_date(report, "Issued to", end)
    report.get_by_role("button", name="Show").click()


def test_a_supervisor_finds_a_notice_records_a_card_payment_and_downloads_the_report(browser, live_server,
                                                                                      known_notices, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office", SUPERVISOR, PASSWORD)
    page.get_by_role("heading", name="Find notices").wait_for()
    page.get_by_label("Offender's name, or part of it").fill("fenwick")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 notice found").wait_for()
    check(page, screenshots, "fpn-office-search")
    page.get_by_role("link", name=known_notices[0][:3] + " ", exact=False).first.click()

    history = page.get_by_role("region", name="History of the notice")
    history.wait_for()
    assert "Issued" in history.inner_text() and OFFICER in history.inner_text()
    check(page, screenshots, "fpn-office-notice")

    payment = page.locator("#action-pay")
    payment.get_by_label("Card").check()
    payment.get_by_label("Payment reference").fill("AUTH 482913")
    payment.get_by_role("button", name="Record a payment").click()
    page.get_by_text("The notice is now paid").wait_for()
    assert "Paid" in page.locator("#notice-body dl").inner_text()
    assert "reference AUTH 482913" in page.locator("#notice-body dl").inner_text()
    history_text = page.get_by_role("region", name="History of the notice").inner_text()
    assert "Payment recorded" in history_text and "Payment reference: AUTH 482913" in history_text
    assert "Method: card" in history_text and SUPERVISOR in history_text
    check(page, screenshots, "fpn-office-paid")

    page.get_by_role("link", name="Report").click()
    _show_report(page, date(2025, 3, 1), date(2025, 3, 31))
    page.get_by_role("heading", name="Notices issued 1 March 2025 to 31 March 2025").wait_for()
    check(page, screenshots, "fpn-office-report")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Download as CSV").click()
    rows = list(csv.DictReader(io.StringIO(open(downloaded.value.path()).read())))
    # The known set: 4 FPNs took effect (one later cancelled, one reduced, one prosecuted), one warning, one
    # awaiting approval, and the one just paid at the lower amount.
    assert {k: v for k, v in rows[-1].items() if k != "notice_type"} == {
        "ward": "Total", "fpns_issued": "4", "warnings_given": "1", "reduced_to_warning": "1", "paid_in_full": "0",
        "paid_discounted": "1", "cancelled": "1", "outstanding": "0", "awaiting_approval": "1",
        "referred_to_legal": "1", "prosecuted": "1", "income": "60.00"}
    totals = page.locator(".app-totals").inner_text()
    assert "4\nFPNs issued" in totals and "£60.00\nIncome received" in totals
    assert not errors, errors
    context.close()


def test_the_approval_queue_shows_why_each_notice_waits_and_a_supervisor_approves_it(browser, live_server,
                                                                                     known_notices, screenshots,
                                                                                     migrated):
    context, page, errors = signed_in(browser, live_server, "/office#approvals", SUPERVISOR, PASSWORD)
    queue = page.get_by_role("region", name="Notices waiting for approval")
    queue.wait_for()
    assert "Young Person" in queue.inner_text() and "Aged under 18" in queue.inner_text()
    check(page, screenshots, "fpn-office-approvals")
    queue.get_by_role("link").first.click()
    page.locator("#action-approve").get_by_role("button", name="Approve").click()
    page.get_by_text("The notice is now issued").wait_for()
    with Session(migrated) as session:
        approved = session.scalar(select(Notice).where(Notice.number == known_notices[4]))
        assert (approved.state, approved.approved_by) == ("issued", SUPERVISOR)
    assert not errors, errors
    context.close()


def test_a_mistyped_number_is_caught_as_it_is_typed_and_every_action_error_shows_at_once(browser, live_server,
                                                                                       known_notices, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office", SUPERVISOR, PASSWORD, 390, 844)
    number = known_notices[0]
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    page.get_by_label("Notice number").fill(wrong)
    assert "check each digit" in page.locator("#s-number-error").inner_text()
    page.get_by_label("Notice number").fill(number)
    assert page.locator("#s-number-error").count() == 0
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="1 notice found").wait_for()
    page.get_by_role("region", name="Notices found").get_by_role("link").click()
    payment = page.locator("#action-pay")
    payment.get_by_label("Amount paid, in pounds").fill("")
    payment.get_by_role("group", name="Date paid").get_by_label("Month").fill("")  # GOV.UK's date input, a part missing
    payment.get_by_role("button", name="Record a payment").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.locator("li").all_inner_texts() == ["Enter the amount paid", "Date paid must include a month",
                                                       "Select how it was paid", "Enter the payment reference"]
    check(page, screenshots, "fpn-office-errors-390")  # which also finds anything wider than the phone
    assert not errors, errors
    context.close()


def test_a_payment_shows_every_problem_at_once_in_page_order_and_takes_pounds_as_typed(browser, live_server,
                                                                                      known_notices, screenshots):
    number = known_notices[0]
    context, page, errors = signed_in(browser, live_server, f"/office#notice/{number}", SUPERVISOR, PASSWORD, 390, 844)
    payment = page.locator("#action-pay")
    payment.get_by_label("Amount paid, in pounds").fill("sixty pounds")
    type_date(payment, "Date paid", today() + timedelta(days=1))
    payment.get_by_role("button", name="Record a payment").click()
    summary = page.locator(".govuk-error-summary")
    assert summary.locator("li").all_inner_texts() == [
        "Amount paid must be a number, like 45 or 45.50", "The date paid must be today or in the past",
        "Select how it was paid", "Enter the payment reference"]  # in one go, in the form's order
    assert summary.locator("a").nth(1).get_attribute("href") == "#a-pay-paid_on-day"  # to the date it is about
    assert "today or in the past" in page.locator("#a-pay-paid_on-day-error").inner_text()
    check(page, screenshots, "fpn-office-payment-errors-390")

    payment.get_by_label("Amount paid, in pounds").fill("100")
    type_date(payment, "Date paid", today())
    payment.get_by_label("Card").check()
    payment.get_by_label("Payment reference").fill("AUTH 482913")
    payment.get_by_role("button", name="Record a payment").click()
    assert summary.locator("li").all_inner_texts() == [f"Amount paid must be £60.00, the amount due on {day(today())}"]
    payment.get_by_label("Amount paid, in pounds").fill("£60.00")  # as it is written on a receipt
    payment.get_by_role("button", name="Record a payment").click()
    page.get_by_text("The notice is now paid").wait_for()
    assert f"£60.00 on {day(today())}" in page.locator("#notice-body dl").inner_text()
    assert not errors, errors
    context.close()


def test_the_amount_due_the_api_gives_is_shown_by_the_amount_and_linked(browser, live_server, known_notices,
                                                                          migrated, screenshots):
    number = known_notices[0]
    context, page, errors = signed_in(browser, live_server, f"/office#notice/{number}", SUPERVISOR, PASSWORD, 390, 844)
    payment = page.locator("#action-pay")
    payment.get_by_label("Card").check()
    with Session(migrated) as session:  # the lower amount's window ends while the page is open (at midnight)
        session.scalar(select(Notice).where(Notice.number == number)).discount_until = today() - timedelta(days=1)
        session.commit()
    payment.get_by_label("Payment reference").fill("AUTH 482913")
    payment.get_by_role("button", name="Record a payment").click()  # the lower amount, as the page was shown
    summary = page.locator(".govuk-error-summary")
    summary.locator("li").first.wait_for()
    message = f"Amount paid must be £100.00, the amount due on {day(today())}"
    assert summary.locator("li").all_inner_texts() == [message]
    assert summary.locator("a").first.get_attribute("href") == "#a-pay-amount"
    assert message in page.locator("#a-pay-amount-error").inner_text()
    check(page, screenshots, "fpn-office-payment-due-390")
    assert not errors, errors
    context.close()


def test_an_officer_is_told_the_back_office_is_for_supervisors(browser, live_server, demo_data, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office", OFFICER, PASSWORD)
    page.get_by_role("heading", name="This page is for enforcement supervisors").wait_for()
    assert page.locator("#search-section").is_hidden() and page.locator("#menu").is_hidden()
    check(page, screenshots, "fpn-office-officer")
    assert not errors, errors
    context.close()


def test_an_admin_records_an_officers_profile_and_a_supervisor_voids_a_lost_phones_numbers(browser, live_server,
                                                                                         migrated, supervisor_account,
                                                                                         screenshots):
    from services.fpn import numbering
    from services.fpn.models import NumberBlock, OfficerProfile

    with Session(migrated) as session:
        create_or_update_user(session=session, username="browser.admin", password=PASSWORD, roles=["admin"],
                              display_name="Robin Admin")
        block = numbering.give_block(session=session, username=OFFICER, device="lost-phone-0001",
                                     now=datetime.now(timezone.utc))
        session.commit()
        block_id = block.id
    try:
        context, page, errors = signed_in(browser, live_server, "/office#officers", "browser.admin", PASSWORD)
        form = page.locator("#profile-form")
        form.get_by_role("button", name="Save the profile").click()
        assert page.locator(".govuk-error-summary li").all_inner_texts() == [
            "Enter the officer's sign-in name", "Enter the officer's full name", "Enter the authorisation number"]
        form.get_by_label("Sign-in name").fill("browser.newofficer")
        form.get_by_label("Full name").fill("Morgan Adebayo")
        form.get_by_label("Authorisation number").fill("BR-EO-0077")
        form.get_by_role("button", name="Save the profile").click()
        page.get_by_text("their notices will name them as Morgan Adebayo, authorisation BR-EO-0077").wait_for()
        assert "BR-EO-0077" in page.get_by_role("region", name="Officers' profiles").inner_text()
        blocks = page.get_by_role("region", name="Blocks of notice numbers")
        lost = blocks.get_by_role("row").filter(has_text="lost-phone-0001")
        lost.get_by_role("button", name="Return the block").click()
        page.get_by_text("its 20 unused numbers are void").wait_for()
        assert "void since" in blocks.get_by_role("row").filter(has_text="lost-phone-0001").inner_text()
        check(page, screenshots, "fpn-office-officers")
        assert not errors, errors
        context.close()
    finally:
        with Session(migrated) as session:
            session.execute(delete(NumberBlock).where(NumberBlock.id == block_id))
            session.execute(delete(OfficerProfile).where(OfficerProfile.username == "browser.newofficer"))
            session.execute(delete(User).where(User.username == "browser.admin"))
            session.commit()


def test_a_recipients_request_for_footage_is_recorded_listed_and_released(browser, live_server, known_notices,
                                                                          screenshots):
    cancelled = known_notices[1]
    context, page, errors = signed_in(browser, live_server, f"/office#notice/{cancelled}", SUPERVISOR, PASSWORD)
    page.get_by_text("until the time limit for prosecuting the offence has passed").wait_for()
    page.get_by_text("Record a request for the footage").click()
    form = page.locator("#footage-request-form")
    form.get_by_label("Letter").check()
    form.get_by_role("button", name="Record the request").click()
    page.get_by_text("The request for the footage is recorded").wait_for()
    check(page, screenshots, "fpn-office-footage-request")

    page.get_by_role("link", name="Footage").click()
    waiting = page.get_by_role("region", name="Footage requests waiting")
    assert "Letter" in waiting.inner_text()
    check(page, screenshots, "fpn-office-footage")
    waiting.get_by_role("link").click()
    release = page.locator(".app-release-form")
    release.get_by_label("How it was released").fill("Copy on a sealed disc, posted recorded delivery")
    release.get_by_role("button", name="Record the release").click()
    page.get_by_text("The footage is recorded as released.").wait_for()
    assert "Copy on a sealed disc" in page.get_by_role("region", name="Requests for the footage").inner_text()
    page.get_by_role("link", name="Footage").click()
    page.get_by_text("No requests for footage are waiting.").wait_for()
    assert not errors, errors
    context.close()


OTHER = "browser.other"
FEBRUARY = datetime(2025, 2, 12, 15, 0, tzinfo=timezone.utc)


@pytest.fixture
def two_officers_february(migrated, demo_data, supervisor_account):
    """February 2025: the browser tests' officer gave 12 notices, all for dog fouling; another officer 6 for dog
    fouling and 6 for drinking."""
    from services.fpn import officers
    from services.fpn.models import OfficerProfile, ReviewSample

    delete_officer_notices(migrated)
    with Session(migrated) as session:
        officers.set_profile(session=session, username=OTHER, details={
            "full_name": "Jo Other", "authorisation_number": "BR-EO-0099"}, actor="tests", now=datetime.now(timezone.utc))
        for n in range(12):
            _issue(session, f"Dog Owner {n}", code="dog-fouling", on=FEBRUARY)
            _issue(session, f"Other Person {n}", code="dog-fouling" if n % 2 else "alcohol-consumption", by=OTHER,
                   on=FEBRUARY)
        session.commit()
    yield
    delete_officer_notices(migrated)
    delete_officer_notices(migrated, OTHER)
    with Session(migrated) as session:
        session.execute(delete(ReviewSample).where(ReviewSample.month == "2025-02"))
        session.execute(delete(OfficerProfile).where(OfficerProfile.username == OTHER))
        session.commit()


def test_a_supervisor_reviews_the_months_sample_and_sees_the_officer_whose_notices_are_all_one_type(
        browser, live_server, two_officers_february, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office#quality", SUPERVISOR, PASSWORD)
    quality = page.locator("#quality-section")
    month = quality.get_by_role("group", name="Month of the sample")  # GOV.UK's date input, month and year only
    month.get_by_label("Month").fill("February")
    month.get_by_label("Year").fill("2025")
    quality.get_by_role("button", name="Show the sample").click()
    page.get_by_text("The sample for February 2025 has not been drawn yet.").wait_for()  # looking draws nothing
    quality.get_by_role("button", name="Draw the sample now").click()
    page.get_by_text("4 notices drawn for February 2025; 4 still to review.").wait_for()
    sample = page.get_by_role("region", name="Sample of notices to review")
    assert sample.inner_text().count("browser.officer") == 2 and sample.inner_text().count(OTHER) == 2
    first = sample.locator(".app-review-form").first
    first.get_by_label("Problem", exact=True).check()
    first.get_by_role("button", name="Record the review").click()
    assert page.locator(".govuk-error-summary li").all_inner_texts() == ["Say what the problem with the notice is"]
    first.get_by_label("What the problem is").fill("The video does not show the dog fouling")
    first.get_by_role("button", name="Record the review").click()
    page.get_by_text("4 notices drawn for February 2025; 3 still to review.").wait_for()
    assert "Problem: The video does not show the dog fouling (browser.supervisor)" in sample.inner_text()

    type_date(quality, "Issued from", date(2025, 2, 1))
    type_date(quality, "Issued to", date(2025, 2, 28))
    quality.get_by_role("button", name="Show", exact=True).click()
    mix = page.get_by_role("region", name="Each officer's notices")
    mix.get_by_text("Alex Okonjo").wait_for()
    rows = {r.split("\t")[0]: r for r in mix.locator("tbody tr").all_inner_texts()}
    assert "Mostly Borough Wide PSPO - Dog fouling: 100% of their notices, against 50% for the rest of the team" in \
        rows["Alex Okonjo (BR-EO-0042)"]
    assert rows["Jo Other (BR-EO-0099)"].endswith("None")
    check(page, screenshots, "fpn-office-quality")
    assert not errors, errors
    context.close()


def test_on_a_phone_the_officer_mix_chart_tells_the_notice_types_apart_in_whole_words(
        browser, live_server, two_officers_february, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office#quality", SUPERVISOR, PASSWORD, 390, 844)
    quality = page.locator("#quality-section")
    type_date(quality, "Issued from", date(2025, 2, 1))
    type_date(quality, "Issued to", date(2025, 2, 28))
    quality.get_by_role("button", name="Show", exact=True).click()
    chart = page.get_by_role("img", name="Jo Other's share of each notice type", exact=False)
    chart.wait_for()
    labels = chart.locator("text[x='0']")  # each bar's label, a line to each of its tspans when it has two
    assert [" / ".join(label.locator("tspan").all_text_contents()) or label.text_content()
            for label in labels.all()] == ["Alcohol consumption / Borough Wide PSPO", "rest of the team",
                                           "Dog fouling / Borough Wide PSPO", "rest of the team"]
    bars = chart.locator("rect").first.bounding_box()
    for label in labels.all():  # read whole: none runs into the bars or past the chart's edge
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= bars["x"], (label.text_content(), box, bars)
    table = page.get_by_role("region", name="Jo Other's mix of notices")
    assert "Borough Wide PSPO - Alcohol consumption" in table.inner_text()  # the table keeps the full name
    officers = page.get_by_role("region", name="Each officer's notices")
    flagged = officers.locator("tbody tr").first  # stacked: each figure under its column's name, not squeezed tall
    assert flagged.bounding_box()["height"] < 600 and flagged.bounding_box()["width"] <= 390
    assert "Mostly Borough Wide PSPO - Dog fouling" in flagged.locator("td[data-label='Flags']").inner_text()
    officers.scroll_into_view_if_needed()
    check(page, screenshots, "fpn-office-officers-mix-390")
    chart.scroll_into_view_if_needed()
    check(page, screenshots, "fpn-office-mix-390")
    assert not errors, errors
    context.close()


def test_every_back_office_view_reads_at_390_px_with_its_errors_in_plain_words(browser, live_server, known_notices,
                                                                               supervisor_account, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office#report", SUPERVISOR, PASSWORD, 390, 844)
    _show_report(page, date(2025, 3, 31), date(2025, 3, 1))
    expect_errors = page.locator(".govuk-error-summary li")
    expect_errors.first.wait_for()
    assert expect_errors.all_inner_texts() == ["The end date must be the same as or after the start date"]
    assert page.locator("#report-to-day-error").is_visible()  # by the field it is about, and linked to it
    check(page, screenshots, "fpn-office-report-error-390")
    for view, name in (("approvals", "approvals"), ("evidence", "footage"), ("quality", "quality"),
                       ("officers", "officers"), ("search", "search")):
        page.goto(f"/office#{view}")
        page.locator(f"#{view}-section").wait_for()
        page.wait_for_load_state("networkidle")
        check(page, screenshots, f"fpn-office-{name}-390")
        if view == "search":  # a date's day, month and year boxes side by side, as in every other form
            tops = {page.locator(f"#s-from-{part}").evaluate("box => Math.round(box.getBoundingClientRect().top)")
                    for part in ("day", "month", "year")}
            assert len(tops) == 1, tops
    held = []  # the page's own first look at last month's sample, answered only after the person's question
    page.route("**/api/v1/reviews?month=*", lambda route: held.append(route))
    page.goto("/office#quality")
    quality = page.locator("#quality-section")
    month = quality.get_by_role("group", name="Month of the sample")
    month.get_by_label("Month").fill("March")
    month.get_by_label("Year").fill("")
    quality.get_by_role("button", name="Show the sample").click()
    expect_errors.first.wait_for()
    assert expect_errors.all_inner_texts() == ["Month of the sample must include a year"]
    assert "govuk-input--error" in month.get_by_label("Year").get_attribute("class")  # the box to mend, marked,
    assert "govuk-input--error" not in month.get_by_label("Month").get_attribute("class")  # and only that one
    assert expect_errors.first.locator("a").get_attribute("href") == "#sample-month-year"  # the summary goes to it
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # (time to draw it, were the page to: what is checked is that nothing is drawn)
    assert expect_errors.all_inner_texts() == ["Month of the sample must include a year"]
    assert page.locator("#sample-body").inner_text() == ""  # no other month's sample drawn under the problem
    check(page, screenshots, "fpn-office-quality-error-390")
    assert not errors, errors
    context.close()


def test_a_table_of_figures_wider_than_a_phone_says_so_and_scrolls_from_the_keyboard(browser, live_server,
                                                                                     known_notices, screenshots):
    context, page, errors = signed_in(browser, live_server, "/office#report", SUPERVISOR, PASSWORD, 390, 844)
    _show_report(page, date(2025, 3, 1), date(2025, 3, 31))
    by_month = page.get_by_role("region", name="By month")
    by_month.wait_for()
    expect(by_month).to_have_accessible_description(SCROLL_HINT)  # the hint is the table's, for a screen reader too
    hint = scroll_hint(by_month)
    expect(hint).to_have_text(SCROLL_HINT)
    hint.scroll_into_view_if_needed()
    hint_box, table_box = hint.bounding_box(), by_month.bounding_box()
    assert hint_box["y"] + hint_box["height"] <= table_box["y"] + 1  # just above the table, where it is read first
    by_month.focus()  # reached with the Tab key, and scrolled with the arrow keys
    page.keyboard.press("ArrowRight")
    expect(by_month).not_to_have_js_property("scrollLeft", 0)
    check(page, screenshots, "fpn-office-report-390")
    page.goto("/office#officers")
    profiles = page.get_by_role("region", name="Officers' profiles")
    expect(profiles).to_have_accessible_description(SCROLL_HINT)
    page.set_viewport_size({"width": 1280, "height": 900})  # a wider window: the table fits, and the hint goes
    expect(scroll_hint(profiles)).to_be_hidden()
    expect(profiles).not_to_have_attribute("aria-describedby", re.compile("."))
    assert not errors, errors
    context.close()
