"""The nuisance officers' page in real headless Chromium, at desktop width: sign in, the queue of flagged cases,
a case's timeline, assessing a report, casework with every error at once in page order, and the reports with
their charts; a screenshot of each state to look at, and no axe-core accessibility violations."""
import random
import re
import threading
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from shared.accounts.models import User
from shared.accounts.service import create_or_update_user
from tests.browser.conftest import SCROLL_HINT, check, choose, opened, scroll_hint, sign_ins, type_date
from tests.conftest import CLEANED_TABLES, bearer
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.browser
NCO, PASSWORD = "browser.nuisance", "brent-demo-browser"


INTAKE = "browser.reporter"  # files the reports through the API; a nuisance officer, but not in the team
HOUSES = iter(random.sample(range(10, 910), 40))  # each case's own address: one case per source


def flagged_case(app, *, waiting: bool = True) -> str:
    """A case about an address of its own that has just qualified and is in the team's queue, with a recording
    nobody has assessed yet unless `waiting` is false: its reference."""
    from services.noise import flagging
    from services.noise.models import Case

    client, headers = app.test_client(), bearer(INTAKE, "nuisance_officer")
    address = f"{next(HOUSES)} Church Road, London NW10 9NP"
    nights = ((12, "nuisance"), (6, "nuisance"), (2, "nuisance")) + (((1, "unassessed"),) if waiting else ())
    for days, assessment in nights:
        answer = client.post("/api/v1/incidents", json=report(started=days_ago(days, hour=23), address=address,
                                                              assessment=assessment),
                             headers={**headers, "Idempotency-Key": str(uuid.uuid4())})
        assert answer.status_code == 201, answer.json
    reference = answer.json["case_reference"]
    with app.extensions["sbo_db"].transaction() as session:
        case = session.query(Case).filter_by(reference=reference).one()
        flagging.flag(session=session, case_reference=reference,
                      decision_id=next(d.id for d in case.decisions if d.qualifies),
                      team_email="team@x.test")
    return reference


def casework(app, reference: str, action: str, body: dict, officer: str = INTAKE) -> None:
    """Take a casework step through the API as `officer` (unless told, one who is not in the team)."""
    answer = app.test_client().post(f"/api/v1/cases/{reference}/{action}", json=body,
                                    headers=bearer(officer, "nuisance_officer"))
    assert answer.status_code == 200, answer.json


@pytest.fixture(scope="module")
def noise_server(settings, migrated):
    """The noise app on a real HTTP server, a committed nuisance officer in the team, and a case that has just
    qualified: the URL, the case's reference and the app."""
    from services.noise.app import create_app

    with Session(migrated) as session:
        create_or_update_user(session=session, username=NCO, password=PASSWORD, roles=["nuisance_officer"],
                              display_name="Sam Adeyemi")
        session.commit()
    app = create_app(settings, {"TESTING": True})
    joined = app.test_client().put(f"/api/v1/nuisance-officers/{NCO}", headers=bearer(INTAKE, "nuisance_officer"),
                                   json={"name": "Sam Adeyemi", "email": "sam.adeyemi@brent.test", "wards": []})
    assert joined.status_code == 200, joined.json  # cases can be given to them
    reference = flagged_case(app)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", reference, app
    server.shutdown()
    thread.join(10)
    app.extensions["sbo_db"].engine.dispose()
    with Session(migrated) as session:
        session.execute(delete(User).where(User.username == NCO))
        noise_tables = [t for t in CLEANED_TABLES if t.startswith("noise.")]  # only noise's: the other browser tests'
        session.execute(text(f"TRUNCATE {', '.join(noise_tables)} CASCADE"))  # committed fpn data stays theirs
        session.commit()


@pytest.fixture
def desk(browser, noise_server):
    context, page, errors = opened(browser, noise_server[0])
    yield page
    context.close()
    assert not errors, errors


@pytest.fixture
def phone(browser, noise_server):
    """Sign in on a phone, 390 px wide (its clock on London's time unless `timezone_id` says another): the page,
    at the queue; fails the test on a script error."""
    with sign_ins(browser, noise_server[0], NCO, PASSWORD, "Flagged cases") as sign_in:
        yield lambda **options: sign_in(390, is_mobile=True, **options)


def test_an_officer_works_a_flagged_case_from_the_queue(desk, noise_server, screenshots):
    page, reference = desk, noise_server[1]
    page.goto("/")
    check(page, screenshots, "noise-sign-in")
    page.get_by_label("Username").fill(NCO)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Flagged cases")).to_be_visible()
    row = page.locator("tr", has_text=reference)
    expect(row).to_contain_text("3 separate nuisance-level occasions")
    expect(row).to_contain_text("To assess")  # the last report's recording waits for an officer
    check(page, screenshots, "noise-queue")

    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
    expect(page.locator("#case-timeline")).to_contain_text("Jo Neighbour")  # the officer sees who reported
    page.get_by_role("button", name="Not a nuisance").click()
    expect(page.locator("#done-text")).to_have_text(re.compile(r"^Report #\d+ assessed as not a nuisance$"))
    check(page, screenshots, "noise-case")

    page.get_by_role("button", name="Assign an officer").click()  # nothing chosen: told what to choose
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose an officer in the nuisance team")
    officer = page.get_by_label("Officer", exact=True)  # the team's officers to choose from, not a username to type
    expect(officer.locator("option")).to_have_text(["Choose an officer", f"Sam Adeyemi ({NCO})"])
    officer.select_option(NCO)
    page.get_by_role("button", name="Assign an officer").click()
    expect(page.locator("#case-summary")).to_contain_text("Sam Adeyemi")

    form = page.locator("form", has_text="Serve an abatement notice")
    form.get_by_role("button", name="Serve an abatement notice").click()
    listed = summary.locator("li")
    expect(listed.first).to_be_visible()
    messages = listed.all_inner_texts()
    assert len(messages) >= 5  # every missing part at once...
    fields = [page.locator(f"#{link.get_attribute('href')[1:]}") for link in summary.locator("a").all()]
    tops = [f.bounding_box()["y"] for f in fields]
    assert tops == sorted(tops)  # ...in the order of the form
    check(page, screenshots, "noise-case-errors")

    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Demand by category and month")).to_be_visible()
    expect(page.locator("svg.app-chart")).to_have_count(4)
    expect(page.locator("#reports-body table").first).to_contain_text("Music")
    check(page, screenshots, "noise-reports")


def test_every_state_of_the_page_reads_well_and_is_accessible_on_a_phone(browser, noise_server, screenshots):
    context, page, _errors = opened(browser, noise_server[0], 390, 844, is_mobile=True)
    try:
        page.goto("/")
        page.get_by_role("button", name="Sign in").click()  # nothing given
        summary = page.locator(".govuk-error-summary")
        expect(summary).to_contain_text("Enter your username")
        expect(summary).to_contain_text("Enter your password")
        assert page.title().startswith("Error: ")
        check(page, screenshots, "noise-390-sign-in-error")
        page.get_by_label("Username").fill(NCO)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Flagged cases")).to_be_visible()
        check(page, screenshots, "noise-390-queue")
        page.goto(f"/#case/{noise_server[1]}")
        expect(page.get_by_role("heading", name=f"Case {noise_server[1]}")).to_be_visible()
        check(page, screenshots, "noise-390-case")
        form = page.locator("form", has_text="Close the case")
        form.get_by_role("button", name="Close the case").click()
        expect(summary).to_contain_text("Select the outcome")
        assert "outcome:" not in summary.inner_text()  # the people's words, not the API's field names
        check(page, screenshots, "noise-390-case-error")
        page.goto("/#case/NC-999999")
        expect(summary).to_contain_text("There is no case NC-999999")
        expect(page.locator("#case-forms form")).to_have_count(0)  # nothing of another case left under it
        choose(page, "Reports")
        label = page.locator("svg.app-chart text").first  # the demand chart's first month
        expect(label).to_have_text(re.compile(r"^[A-Z][a-z]+ \d{4}$"))  # 'December 2025', as in its table
        assert label.evaluate("text => text.getBoundingClientRect().height") >= 12  # drawn at the phone's width,
        # its words stay readable (drawn 640 wide and shrunk to the phone, they were 8 px)
        demand = page.get_by_role("region", name="Demand by category and month")  # wider than the phone: it says so
        expect(demand).to_have_accessible_description(SCROLL_HINT)
        expect(scroll_hint(demand)).to_be_visible()
        check(page, screenshots, "noise-390-reports")
        type_date(page, "From", date(2026, 10, 1))
        type_date(page, "To", date(2026, 9, 1))
        page.get_by_role("button", name="Show").click()
        expect(summary).to_contain_text("The end date must be the same as or after the start date")
        check(page, screenshots, "noise-390-reports-error")
        type_date(page, "To", date(2026, 11, 1))
        page.get_by_role("button", name="Show").click()
        expect(page.locator("svg.app-chart")).to_have_count(4)  # October's figures
        start = page.get_by_role("group", name="From", exact=True)
        start.get_by_label("Day").fill("31")  # 31 February: refused before it is sent
        start.get_by_label("Month").fill("2")
        page.get_by_role("button", name="Show").click()
        expect(summary).to_contain_text("The start date must be a real date")
        expect(page.locator("svg.app-chart")).to_have_count(0)  # October's figures not left under the problem
    finally:
        context.close()


def test_each_casework_step_is_confirmed_by_saying_what_happened(phone, noise_server, screenshots):
    reference = flagged_case(noise_server[2])
    page = phone()
    page.goto(f"/#case/{reference}")
    expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
    page.locator("#assign-form").get_by_label("Officer", exact=True).select_option(NCO)
    page.get_by_role("button", name="Assign an officer").click()
    confirmed = page.locator("#done-text")
    expect(confirmed).to_have_text(f"Case {reference} assigned to Sam Adeyemi")  # not 'Assign an officer: done.'
    expect(page.locator("#done-banner")).to_be_focused()  # where a screen reader's user, too, learns of it
    check(page, screenshots, "noise-390-case-assigned")
    page.locator("#close-form").get_by_label("Outcome").select_option(label="Abated")
    page.get_by_role("button", name="Close the case").click()
    expect(confirmed).to_have_text(f"Case {reference} closed: abated")

def test_the_queue_and_a_case_name_the_team_s_officers_and_leave_out_what_is_not_there(phone, noise_server,
                                                                                       screenshots):
    app = noise_server[2]
    reference = flagged_case(app, waiting=False)  # every recording assessed
    casework(app, reference, "assign", {"officer": NCO})  # by an officer who is not in the team
    casework(app, reference, "record-visit", {"visited_at": days_ago(1, hour=21).isoformat(), "witnessed": False},
             officer=NCO)  # no notes
    page = phone()
    row = page.locator("#queue-table tbody tr", has_text=reference)
    expect(row.locator("[data-label='Officer']")).to_have_text("Sam Adeyemi")  # the name, not browser.nuisance
    expect(row.locator("[data-label='Oldest recording to assess']")).to_have_text("None waiting")  # not 'Assessed'
    check(page, screenshots, "noise-390-queue-named")

    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name=f"Case {reference}")).to_be_visible()
    officer = page.locator("#case-summary .govuk-summary-list__row", has_text="Officer")
    expect(officer.locator("dd")).to_have_text("Sam Adeyemi")
    steps = page.locator("#case-actions tbody tr")
    assigned = steps.filter(has_text="Assign")
    expect(assigned.locator("[data-label='By']")).to_have_text(INTAKE)  # not in the team: the username is all
    expect(assigned.locator("[data-label='Details']")).to_have_text("Officer: Sam Adeyemi")
    visit = steps.filter(has_text="Record visit")
    expect(visit.locator("[data-label='By']")).to_have_text("Sam Adeyemi")
    expect(visit.locator("[data-label='Details']")).to_contain_text("Witnessed: no")
    expect(visit.locator("[data-label='Details']")).not_to_contain_text("Notes")  # none given: not 'Notes: ;'
    check(page, screenshots, "noise-390-case-named")

def test_a_visit_s_date_and_time_are_typed_in_boxes_with_every_problem_at_once(phone, noise_server, screenshots):
    reference = flagged_case(noise_server[2])
    page = phone(timezone_id="UTC")  # a phone whose clock is not on London's time: the time typed is still Brent's
    page.goto(f"/#case/{reference}")
    form = page.locator("#record_visit-form")
    expect(form.get_by_role("group", name="Date", exact=True)).to_be_visible()
    expect(form.locator("input[type=datetime-local]")).to_have_count(0)  # not the phone's own picker
    time = form.get_by_label("Time", exact=True)
    expect(page.locator("#record_visit-visited_at-time-hint")).to_have_text("For example, 9:30pm or 21:30")
    form.get_by_role("button", name="Record a visit").click()  # nothing given: the API's words, by each field
    summary = page.locator(".govuk-error-summary")
    expect(summary.locator("li")).to_have_text(["Enter when the visit was",
                                                "Select yes if a statutory nuisance was witnessed"])
    expect(summary.locator("a").first).to_have_attribute("href", "#record_visit-visited_at-day")

    summer = date(date.today().year - 1, 7, 14)
    form.get_by_label("Day").fill("14")
    form.get_by_label("Month").fill("7")  # no year
    time.fill("25:00")
    form.get_by_role("button", name="Record a visit").click()
    expect(summary.locator("li")).to_have_text(["Date of the visit must include a year",
                                                "Time must be a real time, like 9:30pm"])  # both at once, in order
    assert [link.get_attribute("href") for link in summary.locator("a").all()] == [
        "#record_visit-visited_at-year", "#record_visit-visited_at-time"]  # to the first box at fault
    expect(page.locator("#record_visit-visited_at-year")).to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#record_visit-visited_at-day")).not_to_have_class(re.compile("govuk-input--error"))
    expect(time).to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#record_visit-visited_at-time-error")).to_have_text(
        "Error: Time must be a real time, like 9:30pm")
    check(page, screenshots, "noise-390-visit-time-errors")

    form.get_by_label("Year").fill(str(summer.year))
    time.fill("")
    form.get_by_role("button", name="Record a visit").click()
    expect(summary.locator("li")).to_have_text(["Enter the time of the visit"])
    for part in ("Day", "Month", "Year"):
        form.get_by_label(part).fill("")
    time.fill("9:30pm")
    form.get_by_role("button", name="Record a visit").click()
    expect(summary.locator("li")).to_have_text(["Enter the date of the visit"])
    expect(summary.locator("a")).to_have_attribute("href", "#record_visit-visited_at-day")
    march = date(summer.year, 3, 31)
    type_date(form, "Date", march - timedelta(days=(march.weekday() + 1) % 7))  # the night the clocks went forward
    time.fill("1:30am")
    form.get_by_role("button", name="Record a visit").click()
    expect(summary.locator("li")).to_have_text(["Time must be a real time: the clocks went forward from 1am to 2am "
                                                "that night"])

    for day, typed, shown in ((summer, "9:30pm", "21:30"), (date(summer.year, 1, 14), "9.30 am", "09:30")):
        type_date(form, "Date", day)  # British Summer Time, then Greenwich Mean Time
        time.fill(typed)
        form.get_by_label("No", exact=True).check()
        form.get_by_role("button", name="Record a visit").click()
        expect(page.locator("#done-text")).to_have_text("Visit recorded")
        expect(page.locator("#case-actions tbody tr", has_text="Record visit").last).to_contain_text(
            f"Visited at: {day.day} {day:%b} {day.year}, {shown}")
    expect(summary).to_have_count(0)
    check(page, screenshots, "noise-390-visits-recorded")


def test_a_breach_s_date_and_time_are_typed_in_boxes_and_the_notice_and_breach_are_confirmed(phone, noise_server,
                                                                                             screenshots):
    from shared.brent import london_date

    app = noise_server[2]
    reference = flagged_case(app)
    casework(app, reference, "assign", {"officer": NCO})
    page = phone()
    page.goto(f"/#case/{reference}")
    serve = page.locator("#serve_abatement_notice-form")
    serve.get_by_label("Served on (name)").fill("The occupier")
    serve.get_by_label("Served at (address)").fill("Flat 2, Church Road, London NW10 9NP")
    serve.get_by_label("A resident").check()
    serve.get_by_label("Requirements, as served").fill("Stop amplified music being heard outside the flat after 11pm")
    today = london_date(datetime.now(timezone.utc))
    expect(page.locator("#serve_abatement_notice-compliance_date-hint")).to_have_text(
        re.compile(r"^For example, \d{1,2} \d{1,2} \d{4}$"))  # no full stop, as every other hint
    type_date(serve, "Comply by", today)
    serve.get_by_role("button", name="Serve an abatement notice").click()
    expect(page.locator("#done-text")).to_have_text("Abatement notice served")

    breach = page.locator("#record_breach-form")
    breach.get_by_label("Notice breached").select_option(index=1)
    after = today + timedelta(days=1)  # only noise after the comply-by day breaches it
    type_date(breach, "Date", after)
    breach.get_by_label("Time", exact=True).fill("10:45pm")
    breach.get_by_label("What was witnessed or recorded").fill("Amplified music heard from the street")
    breach.get_by_role("button", name="Record a breach").click()
    expect(page.locator("#done-text")).to_have_text("Breach recorded: a fixed penalty notice has been requested")
    expect(page.locator("#case-notices tr", has_text=f"{reference}-B1")).to_contain_text(f"{after.year}, 22:45")
    check(page, screenshots, "noise-390-breach-recorded")
