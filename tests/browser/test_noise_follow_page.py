"""The reporter's page at their private link, in real headless Chromium at phone size (390 px): their case in plain
English, only their own reports, what we told them (with the closing letter); the form to say the noise happened
again, with every error at once in page order, a report across midnight, and no second report from Back or a
double submit; a friendly page for a wrong link; and the page's privacy headers. A screenshot of each state, and no
axe-core violations.

Everything is committed for real (the browser's requests cannot share a test transaction): each test reports from
an address of its own, and removes exactly its own rows afterwards (cases, incidents, reporters, their messages,
e-mails and outbox rows), so that the other tests see nothing of it. The audit log is append-only: its rows stay."""
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import text
from sqlalchemy.orm import Session

from shared.accounts.models import User
from shared.brent import LONDON, london_date
from services.noise import open311, reporter_messages
from tests.browser.conftest import check, delete_noise_cases, opened, served
from tests.conftest import SECRET, bearer
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.browser
CALLER = "browser.follow-intake"  # the nuisance officer whose API calls file the first reports


@pytest.fixture(scope="module")
def follow_app(settings, migrated):
    from services.noise.app import create_app

    return create_app(settings, {"TESTING": True})


@pytest.fixture(scope="module")
def follow_server(follow_app, migrated):
    """The noise app on a real HTTP server; afterwards, the caller's account goes (each test removed its data)."""
    with served(follow_app) as url:
        yield url
    with Session(migrated) as session:
        session.query(User).filter(User.username == CALLER).delete()
        session.commit()


@dataclass
class Reporting:
    """One test's reports: the address they are about, and the reporters (by e-mail) who made them."""

    app: object
    engine: object
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])
    emails: set = field(default_factory=set)

    @property
    def address(self) -> str:
        return f"{int(self.tag, 16) % 900 + 10} Follow Test Road {self.tag.upper()}, London NW10 4AB"

    def report(self, name: str, started: datetime, minutes: int = 90) -> dict:
        """File a report from `name` (an e-mail of this test's own) through the API; returns the receipt."""
        email = f"{name.split()[0].lower()}.{self.tag}@example.org"
        self.emails.add(email)
        body = report(started=started, minutes=minutes, address=self.address, assessment="unassessed",
                      reporter={"name": name, "email": email}, description=f"Bass through the wall ({name})")
        answer = self.app.test_client().post("/api/v1/incidents", json=body, headers={
            **bearer(CALLER, "nuisance_officer"), "Idempotency-Key": str(uuid.uuid4())})
        assert answer.status_code == 201, answer.json
        return answer.json

    def reporter_id(self, name: str) -> int:
        email = f"{name.split()[0].lower()}.{self.tag}@example.org"
        with Session(self.engine) as session:
            return session.execute(text("SELECT id FROM noise.reporters WHERE email = :e"), {"e": email}).scalar_one()

    def link(self, name: str) -> str:
        """The reporter's private link (its path)."""
        from services.noise import reporters
        from services.noise.models import Reporter

        with Session(self.engine) as session:
            return f"/follow/{reporters.follow_token(SECRET, session.get(Reporter, self.reporter_id(name)))}"

    def tell(self, reference: str, kind: str, name: str) -> None:
        """Write message `kind` to the reporter, as the worker would."""
        from services.noise import reporters

        with self.app.extensions["sbo_db"].transaction() as session:
            written = reporters.tell(session, case_reference=reference, kind=kind,
                                     reporter_ids=[self.reporter_id(name)],
                                     reach=reporters.Reach.from_settings(self.app.config["SETTINGS"]),
                                     now=datetime.now(timezone.utc))
        assert written == 1

    def close(self, reference: str) -> None:
        """Close the case as the nightly sweep does when it has been quiet."""
        with self.app.extensions["sbo_db"].transaction() as session:
            session.execute(text("UPDATE noise.cases SET status = 'closed', closed_at = now(), outcome = "
                                 "'logged, no further action' WHERE reference = :r"), {"r": reference})

    def incidents(self) -> int:
        """How many incidents are stored in all (not only this test's)."""
        with Session(self.engine) as session:
            return session.execute(text("SELECT count(*) FROM noise.incidents")).scalar_one()

    def remove(self) -> None:
        """Delete this test's rows: its cases (any about its address), their incidents, occasions, decisions,
        queue entries and actions, its reporters, their messages and e-mails, and the outbox rows about them."""
        with self.engine.begin() as conn:
            cases = conn.execute(text("SELECT id, reference FROM noise.cases WHERE address = :a"),
                                 {"a": self.address}).all()
            case_ids = [c.id for c in cases]
            reporter_ids = list(conn.execute(text("SELECT id FROM noise.reporters WHERE email = ANY(:e)"),
                                             {"e": sorted(self.emails)}).scalars())
            delete_noise_cases(conn, case_ids, reporter_ids, ())


@pytest.fixture
def reporting(follow_app, migrated):
    """This test's reports, removed afterwards (even when the test fails)."""
    reporting = Reporting(follow_app, migrated)
    yield reporting
    reporting.remove()


@pytest.fixture
def phone(browser, follow_server):
    """A phone-sized page (390x844, London time); fails the test on a script error."""
    context, page, errors = opened(browser, follow_server, 390, 844, is_mobile=True, has_touch=True)
    yield page
    context.close()
    assert not errors, errors


def shown(moment: datetime) -> str:
    """A time as the page shows it (Brent's clock)."""
    return moment.astimezone(LONDON).strftime("%-d %B %Y, %H:%M")


def test_the_reporter_sees_their_case_their_own_reports_and_what_we_told_them(phone, reporting, screenshots):
    mine, theirs = days_ago(2, hour=23), days_ago(4, hour=21)
    reference = reporting.report("Ada Lovelace", mine)["case_reference"]
    assert reporting.report("Ben Marsh", theirs)["case_reference"] == reference  # the same place: the same case
    reporting.tell(reference, "received", "Ada Lovelace")
    reporting.tell(reference, "received", "Ben Marsh")

    answer = phone.goto(reporting.link("Ada Lovelace"))
    assert answer.status == 200
    main = phone.locator("main")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your noise reports")
    expect(main).to_contain_text("Ada Lovelace")
    case = phone.locator(f"#case-{reference}")
    expect(case.get_by_role("heading", level=2)).to_have_text(f"Case {reference}")
    stands = case.locator(".govuk-summary-list__row", has_text="Where it stands")
    expect(stands.locator(".govuk-tag")).to_have_text("Open")
    expect(stands).to_contain_text("Logged: we are watching for further reports")
    expect(stands).to_contain_text(open311.STATUS_NOTES["monitoring"])
    expect(case.locator(".govuk-summary-list__row", has_text="Where the noise comes from")).to_contain_text(
        reporting.address)
    reports = case.locator(".govuk-summary-list__row", has_text="Your reports").locator("li")
    expect(reports).to_have_count(1)  # Ada's own report only...
    expect(reports).to_contain_text(f"{shown(mine)} to {shown(mine + timedelta(minutes=90))}")
    expect(reports).to_contain_text("Music")
    html = phone.content()
    for other in ("Ben", "Marsh", f"ben.{reporting.tag}", shown(theirs), "Bass through the wall"):
        assert other not in html  # ...never Ben's, nor who he is, nor what anyone wrote
    told = case.locator(".govuk-summary-list__row", has_text="What we told you").locator("li")
    expect(told).to_have_count(1)  # what Ada was told, not what Ben was
    expect(told).to_contain_text(f"We have logged your noise report: case {reference}")
    expect(told).to_contain_text("by e-mail")
    expect(main.get_by_role("link", name=re.compile("Read the letter"))).to_have_count(0)
    check(phone, screenshots, "noise-follow-390-case")

    reporting.close(reference)
    reporting.tell(reference, "closed", "Ada Lovelace")
    phone.reload()
    expect(stands.locator(".govuk-tag")).to_have_text("Closed")
    expect(stands).to_contain_text(reporter_messages.OUTCOMES["logged, no further action"])
    expect(told).to_have_count(2)
    expect(told.nth(1)).to_contain_text(f"The outcome of your noise case {reference}")
    letter = told.nth(1).get_by_role("link", name="Read the letter (PDF)")
    pdf = phone.request.get(letter.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    assert pdf.headers["cache-control"] == "no-store"
    expect(main).to_contain_text("If the case is closed, your report starts a new case about the same place.")
    check(phone, screenshots, "noise-follow-390-closed")

    fill_the_form(phone, london_date(datetime.now(timezone.utc)) - timedelta(days=3))  # the noise is back (a night
    # whose 01:30 end is past whatever the time now, and apart from the reports before)
    phone.get_by_role("button", name="Send report").click()
    banner = phone.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("your report is logged under case NC-")
    new = re.search(r"NC-\d{6}", banner.inner_text())[0]
    assert new != reference  # a new case about the same place
    expect(phone.locator(".app-follow-case h2")).to_have_text([f"Case {new}", f"Case {reference}"])
    expect(phone.locator(f"#case-{new}")).to_contain_text(reporting.address)
    choice = phone.get_by_label("Which case is it about?")
    expect(choice).to_have_value(new)  # two cases now: the newest first
    expect(choice.locator("option")).to_have_text([f"{new} (open): {reporting.address}",
                                                   f"{reference} (closed): {reporting.address}"])
    check(phone, screenshots, "noise-follow-390-two-cases")


def test_an_empty_form_shows_every_error_at_once_in_page_order_and_stores_nothing(phone, reporting, screenshots):
    reporting.report("Ada Lovelace", days_ago(3))
    phone.goto(reporting.link("Ada Lovelace"))
    before = reporting.incidents()
    with phone.expect_response(lambda r: r.request.method == "POST") as posted:
        phone.get_by_role("button", name="Send report").click()
    assert posted.value.status == 422
    summary = phone.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_be_focused()  # GOV.UK Frontend's script takes the reader there
    assert phone.title().startswith("Error: ")
    messages = summary.locator("li").all_inner_texts()
    assert messages == ["Enter the date the noise started", "Enter the time the noise started, like 23:30",
                        "Select how often it happens"], messages
    links = summary.locator("a").all()
    assert [link.get_attribute("href") for link in links] == ["#on-day", "#start", "#pattern"]
    fields = [phone.locator(link.get_attribute("href")) for link in links]
    tops = [target.bounding_box()["y"] for target in fields]
    assert tops == sorted(tops)  # in the order of the form
    for message, target in zip(messages, fields):  # each also shown by its field, which names it
        group = phone.locator(".govuk-form-group--error", has=target)
        error = group.locator(".govuk-error-message")
        expect(error).to_have_text(f"Error: {message}")
        described_by = target.evaluate("f => (f.closest('fieldset') || f).getAttribute('aria-describedby')")
        assert error.get_attribute("id") in described_by.split()
    for name in ("on-day", "on-month", "on-year", "start"):
        expect(phone.locator(f"#{name}")).to_have_class(re.compile("govuk-input--error"))
    assert reporting.incidents() == before
    check(phone, screenshots, "noise-follow-390-errors")
    for link, target in zip(links, fields):
        link.click()
        expect(target).to_be_focused()

    fill_the_form(phone, london_date(datetime.now(timezone.utc)) + timedelta(days=2), start="25:00", end="late")
    phone.locator("#on-month").fill("")  # some wrong answers: each said by its field, what was given kept
    phone.get_by_role("button", name="Send report").click()
    expect(summary.locator("li")).to_have_text([
        "The date the noise started must include a month", "Enter a time like 23:30 or 11:30pm",
        "Enter a time like 23:30 or 11:30pm"])
    expect(phone.locator("#on-month")).to_have_class(re.compile("govuk-input--error"))
    expect(phone.locator("#on-day")).not_to_have_class(re.compile("govuk-input--error"))
    expect(phone.locator("#start")).to_have_value("25:00")
    expect(phone.get_by_label("Most nights")).to_be_checked()
    phone.locator("#on-month").fill(str((london_date(datetime.now(timezone.utc)) + timedelta(days=2)).month))
    phone.locator("#start").fill("11:30pm")
    phone.locator("#end").fill("")
    phone.get_by_role("button", name="Send report").click()  # a start on a later day: said by the date
    expect(summary.locator("li")).to_have_text(["The start must be in the past"])
    expect(summary.locator("a")).to_have_attribute("href", "#on-day")
    expect(phone.locator("#start")).to_have_value("11:30pm")
    check(phone, screenshots, "noise-follow-390-errors-future")
    now = datetime.now(LONDON)
    if now.hour < 23:  # a later hour today: said by the time
        fill_the_form(phone, now.date(), start="23:59", end="")
        phone.get_by_role("button", name="Send report").click()
        expect(summary.locator("li")).to_have_text(["The start must be in the past"])
        expect(summary.locator("a")).to_have_attribute("href", "#start")
    assert reporting.incidents() == before


def test_a_report_across_midnight_is_logged_once_whatever_the_browser_sends_again(phone, reporting, screenshots):
    reference = reporting.report("Ada Lovelace", days_ago(6))["case_reference"]
    link = reporting.link("Ada Lovelace")
    phone.goto(link)
    before = reporting.incidents()
    night = london_date(datetime.now(timezone.utc)) - timedelta(days=2)

    fill_the_form(phone, night)
    check(phone, screenshots, "noise-follow-390-filled")
    sent = {"case_reference": reference, "on-day": str(night.day), "on-month": str(night.month),
            "on-year": str(night.year), "start": "23:30", "end": "01:30", "pattern": "most_nights",
            "description": "Music and shouting"}
    assert form_data(phone) == sent  # what the browser will send
    phone.get_by_role("button", name="Send report").click()
    banner = phone.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text(f"your report is logged under case {reference}")
    assert f"sent={reference}" in phone.url
    start = datetime(night.year, night.month, night.day, 23, 30, tzinfo=LONDON)
    end = datetime(night.year, night.month, night.day, 1, 30, tzinfo=LONDON) + timedelta(days=1)
    logged = phone.locator("main li", has_text="Most nights")
    expect(logged).to_contain_text(f"{shown(start)} to {shown(end)}")  # ended the next morning
    expect(logged).to_contain_text("Music: most nights")
    assert reporting.incidents() == before + 1
    check(phone, screenshots, "noise-follow-390-sent")

    phone.go_back()  # Back to the form (the browser asks for the page again, and puts the answers back)...
    expect(phone.get_by_role("button", name="Send report")).to_be_visible()
    assert form_data(phone) == sent  # (a freshly rendered page: only the answers are the same)
    phone.get_by_role("button", name="Send report").click()  # ...and Send again: the same report, once
    expect(banner).to_contain_text(reference)
    expect(phone.locator("main li", has_text="Most nights")).to_have_count(1)
    assert reporting.incidents() == before + 1

    phone.goto(link)  # a double tap...
    fill_the_form(phone, night - timedelta(days=1))
    phone.get_by_role("button", name="Send report").dblclick()
    expect(banner).to_contain_text(reference)
    assert reporting.incidents() == before + 2
    again = {**sent, "on-day": str((night - timedelta(days=1)).day), "on-month": str((night - timedelta(days=1)).month),
             "on-year": str((night - timedelta(days=1)).year)}
    for _ in range(2):  # ...and the same form sent again with no script to stop it
        answer = phone.request.post(link, form=again, max_redirects=0)
        assert answer.status == 303 and answer.headers["location"].endswith(f"sent={reference}")
    assert reporting.incidents() == before + 2

    answer = phone.request.post(link, form={**again, "end": "02:00"})  # the same occasion with other answers
    assert answer.status == 422
    assert f"You have already told us about noise on case {reference} that started at 23:30" in answer.text()
    assert reporting.incidents() == before + 2


def form_data(page) -> dict:
    """What the form would send now."""
    return page.evaluate("() => Object.fromEntries(new FormData(document.querySelector('main form')))")


def fill_the_form(page, night, start="23:30", end="01:30") -> None:
    page.get_by_label("Day", exact=True).fill(str(night.day))
    page.get_by_label("Month", exact=True).fill(str(night.month))
    page.get_by_label("Year", exact=True).fill(str(night.year))
    page.get_by_label("What time did it start?").fill(start)
    page.get_by_label("What time did it stop? (optional)").fill(end)
    page.get_by_label("Most nights").check()
    page.get_by_label("What did you hear? (optional)").fill("Music and shouting")


def test_a_wrong_or_tampered_link_gives_a_page_saying_so(phone, reporting, screenshots):
    reporting.report("Ada Lovelace", days_ago(3))
    link = reporting.link("Ada Lovelace")
    number, _, mac = link.removeprefix("/follow/").partition("-")
    tampered = f"/follow/{number}-{'A' if mac[0] != 'A' else 'B'}{mac[1:]}"
    for wrong in (tampered, f"/follow/{int(number) + 1}-{mac}", f"{link}%00", f"{link}?sent=%01", "/follow/not-a-link",
                  "/follow/123456789012-x", f"{link[:-1]}"):
        answer = phone.goto(wrong)
        assert answer.status == 404, (wrong, answer.status)
        assert answer.headers["content-type"].startswith("text/html"), answer.headers["content-type"]
        expect(phone.get_by_role("heading", level=1)).to_have_text("This link is not valid")
        expect(phone.locator("main")).not_to_contain_text("Ada")
    before = reporting.incidents()
    answer = phone.request.post(tampered, form={"on-day": "1", "on-month": "1", "on-year": "2026", "start": "23:30",
                                                "pattern": "once"})
    assert answer.status == 404 and "This link is not valid" in answer.text()
    assert reporting.incidents() == before
    check(phone, screenshots, "noise-follow-390-invalid-link")


def test_the_page_is_never_kept_nor_its_address_passed_on(phone, reporting):
    reference = reporting.report("Ada Lovelace", days_ago(3))["case_reference"]
    link = reporting.link("Ada Lovelace")
    night = days_ago(2).astimezone(LONDON)
    sent = phone.request.post(link, max_redirects=0, form={
        "case_reference": reference, "on-day": str(night.day), "on-month": str(night.month),
        "on-year": str(night.year), "start": "22:00", "pattern": "once"})
    assert sent.status == 303  # the answer to a good report, which names the link
    for answer in (phone.goto(link), phone.request.post(link, form={}), sent, phone.goto("/follow/not-a-link")):
        assert answer.headers["cache-control"] == "no-store", (answer.status, answer.url)
        assert answer.headers["referrer-policy"] == "no-referrer", (answer.status, answer.url)
    assert phone.locator('meta[name="referrer"]').get_attribute("content") == "no-referrer"


def test_a_reporter_who_lost_their_link_asks_for_it_again_from_the_page_for_a_wrong_link(phone, reporting,
                                                                                       screenshots):
    reporting.report("Ada Lovelace", days_ago(3))
    phone.goto("/follow/not-a-link")
    phone.get_by_role("link", name="get your link sent to you again").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("What email address did you report noise with?")
    check(phone, screenshots, "noise-follow-390-find-reports")

    phone.get_by_role("button", name="Send me the link").click()  # nothing typed
    expect(phone.locator(".govuk-error-summary li")).to_have_text(["Enter your email address"])
    expect(phone.locator("#email-error")).to_have_text("Error: Enter your email address")
    assert phone.title().startswith("Error: ")
    check(phone, screenshots, "noise-follow-390-find-reports-error")

    phone.get_by_label("What email address did you report noise with?").fill(f"ADA.{reporting.tag}@example.org")
    phone.get_by_role("button", name="Send me the link").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Check your email")
    expect(phone.locator("main")).not_to_contain_text(reporting.tag)  # the address is not shown back
    check(phone, screenshots, "noise-follow-390-link-sent")
    with Session(reporting.engine) as session:
        [(to, body)] = session.execute(text("SELECT \"to\", body FROM noise.emails WHERE purpose LIKE "
                                            "'reporter:link-again:r' || :r || ':%'"),
                                       {"r": str(reporting.reporter_id("Ada Lovelace"))}).all()
    assert to == f"ada.{reporting.tag}@example.org" and reporting.link("Ada Lovelace") in body
