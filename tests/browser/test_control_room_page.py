"""The CCTV control room's page in real headless Chromium: sign in, log a request (every error at once first),
see its due date and the overwrite warning, keep its footage, record a disclosure; download a keeper's letter and
record it sent; the requests report as a chart and a table; screenshots, and no axe-core violations, at desktop
width and at 390 px."""
import re
import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from shared.accounts.models import User
from shared.accounts.service import create_or_update_user
from services.cctv.anpr import enforcement
from services.cctv.anpr.dvla import KeeperClient
from services.cctv.anpr.models import KeeperLookup, VehicleBreach
from tests.browser.conftest import WAIT_MS, check, serving, signed_in, type_date
from tests.conftest import bearer

pytestmark = pytest.mark.browser
OFFICER, PASSWORD = "browser.controlroom", "brent-demo-browser"


@pytest.fixture(scope="module")
def room_server(settings, migrated):
    """The cctv app on a real HTTP server, a committed control-room officer, an ANPR zone, and a breach whose
    keeper was found through the fake DVLA server (so a letter waits to be sent)."""
    from deploy.fake_dvla import create_app as fake_dvla
    from services.cctv.app import create_app

    with Session(migrated) as session:
        create_or_update_user(session=session, username=OFFICER, password=PASSWORD, roles=["control_room_manager"],
                              display_name="Pat Control")
        session.commit()
    app = create_app(settings, {"TESTING": True})
    client, group = app.test_client(), bearer("browser.seed", "cctv_working_group")
    manager = bearer("browser.manager", "control_room_manager")
    site = client.post("/api/v1/sites", headers=group, json={"name": "Central Way", "ward": "Stonebridge",
                                                             "latitude": 51.544, "longitude": -0.256}).json["reference"]
    client.post("/api/v1/cameras", headers=group, json={"asset_id": "BR-ANPR", "kind": "deployable_anpr",
                                                        "status": "deployed", "site": site, "deployed_on": "2026-06-01"})
    client.post("/api/v1/anpr/zones", headers=manager, json={"name": "Central Way", "site": site, "order_code":
                                                             "BRENT-NV-PSPO-2023", "prohibition_code": "racing",
                                                             "active_from": "2026-01-01"})
    read = client.post("/api/v1/anpr/reads", headers=bearer("gw", "anpr_intake"), json={
        "registration_mark": "BR19 OWS", "read_at": (datetime.now(timezone.utc) - timedelta(hours=2)).isoformat(),
        "camera": "BR-ANPR", "clip": "clip-1", "confidence": 0.99}).json
    dvla = make_server("127.0.0.1", 0, fake_dvla(), threaded=True)
    threading.Thread(target=dvla.serve_forever, daemon=True).start()
    with app.extensions["sbo_db"].transaction() as session:
        lookup = session.query(KeeperLookup).order_by(KeeperLookup.id.desc()).first()
        enforcement.look_up_keeper(session=session, lookup_id=lookup.id, now=datetime.now(timezone.utc),
                                   client=KeeperClient(f"http://127.0.0.1:{dvla.server_port}", "fake-dvla-key"))
    dvla.shutdown()
    with serving(app, migrated, OFFICER, "cctv") as url:
        yield url, read["breach"]


def _page(browser, base_url, width, height):
    context, page, errors = signed_in(browser, base_url, "/control-room", OFFICER, PASSWORD, width, height)
    expect(page.get_by_role("heading", name="Inbox")).to_be_visible()
    return context, page, errors


def test_the_control_room_logs_a_request_keeps_its_footage_and_sends_a_keepers_letter(browser, room_server,
                                                                                         screenshots, migrated):
    context, page, errors = _page(browser, room_server[0], 1280, 900)
    expect(page.locator("#inbox-body")).to_contain_text("No request is waiting.")
    page.get_by_role("button", name="Log the request").click()  # nothing given: every problem at once
    summary = page.locator(".govuk-error-summary")
    for message in ("Enter the date the request was received", "Select who is asking", "Select what is asked for",
                    "Enter the requester's name", "Enter what they ask for"):
        expect(summary).to_contain_text(message)
    check(page, screenshots, "cr-inbox-errors")

    recorded = datetime.now() - timedelta(days=29, hours=1)  # overwritten in two days
    type_date(page, "Date received", datetime.now().date())
    page.get_by_label("Who is asking").select_option("police")
    page.get_by_label("What is asked for").select_option("footage")
    page.get_by_label("Name of the requester").fill("DC 1234, Wembley CID")
    page.get_by_label("What they ask for").fill("Footage of a robbery outside the station.")
    page.get_by_label("Cameras involved").fill("BR-ANPR")
    type_date(page, "Start date", recorded.date())
    page.get_by_label("Start time").fill(recorded.strftime("%H:%M"))
    ended = recorded + timedelta(minutes=30)
    type_date(page, "End date", ended.date())
    page.get_by_label("End time").fill("25:00")  # a slip: told which box, and nothing is logged
    page.get_by_role("button", name="Log the request").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Time must be a real time, like 9:30pm")
    expect(page.locator("#footage-to-time")).to_have_class(re.compile("govuk-input--error"))
    expect(page.locator("#inbox-body")).to_contain_text("No request is waiting.")
    check(page, screenshots, "cr-footage-time")
    page.get_by_label("End time").fill(ended.strftime("%-I:%M%p"))  # as people write it: 9:05PM
    page.get_by_role("button", name="Log the request").click()
    expect(page.locator("#done-banner")).to_contain_text("hold it now if it is needed")
    row = page.get_by_role("table", name="Requests to finish").locator("tbody tr").first
    expect(row).to_contain_text("hold it now")
    check(page, screenshots, "cr-inbox")

    row.get_by_role("link").click()
    page.get_by_label("Why it must be kept").fill("Evidence in a robbery investigation.")
    page.get_by_role("button", name="Keep the footage").click()
    expect(page.locator("#done-banner")).to_contain_text("The footage is held")
    expect(page.get_by_role("table", name="Requests to finish")).to_contain_text("Held")
    type_date(page, "Date disclosed", datetime.now().date())
    page.get_by_label("Given to").fill("DC 1234, Wembley CID")
    page.get_by_label("What was given").fill("30 minutes from BR-ANPR")
    page.get_by_label("How it was given").fill("Secure download link")
    page.get_by_role("button", name="Record the disclosure").click()
    expect(page.locator("#done-banner")).to_contain_text("The disclosure is recorded")
    expect(page.get_by_role("table", name="Requests to finish")).to_contain_text("Disclosed, not closed")
    check(page, screenshots, "cr-request")
    page.get_by_label("Answered: close it").check()
    page.get_by_label("Outcome, or why it was refused").fill("Footage disclosed to the police.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator("#done-banner")).to_contain_text("is finished")
    expect(page.locator("#inbox-body")).to_contain_text("Closed and refused requests (1)")

    page.get_by_role("link", name="Nuisance vehicles").click()
    letters = page.get_by_role("table", name="Letters to send")
    expect(letters).to_contain_text(room_server[1])
    with page.expect_download() as download:
        letters.get_by_role("link", name="Download the letter").click()
    assert download.value.suggested_filename == f"{room_server[1]}-letter.pdf"
    check(page, screenshots, "cr-vehicles")
    letters.get_by_role("button", name="Record it sent").click()
    expect(page.locator("#done-banner")).to_contain_text("the letter is recorded as sent on")
    replies = page.get_by_role("table", name="Replies awaited")
    expect(replies).to_contain_text(room_server[1])
    replies.get_by_role("button", name="Record the reply").click()
    page.get_by_role("button", name="Record the reply and ask fpn for the notice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select who was driving")
    born = page.get_by_role("group", name="Driver's date of birth (if given)")  # GOV.UK's date input: not a date
    born.get_by_label("Day").fill("31")
    born.get_by_label("Month").fill("2")
    born.get_by_label("Year").fill("1990")
    page.get_by_role("button", name="Record the reply and ask fpn for the notice").click()
    summary = page.locator(".govuk-error-summary")  # both problems at once, in page order
    expect(summary.locator("li")).to_have_text(["Select who was driving", "Driver's date of birth must be a real date"])
    for box in ("day", "month", "year"):
        expect(page.locator(f"#driver-dob-{box}")).to_have_class(re.compile("govuk-input--error"))
    summary.get_by_role("link", name="Driver's date of birth must be a real date").click()
    expect(page.locator("#driver-dob-day")).to_be_focused()
    check(page, screenshots, "cr-reply-date-error")
    page.set_viewport_size({"width": 390, "height": 844})  # the same problems on a phone
    check(page, screenshots, "cr-reply-date-error-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Someone else, named below").check()
    born.get_by_label("Day").fill("17")
    born.get_by_label("Month").fill("May")  # a month's name is understood too
    page.get_by_role("button", name="Record the reply and ask fpn for the notice").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the driver's name")
    expect(page.locator("#driver-dob-day")).not_to_have_class(re.compile("govuk-input--error"))
    page.get_by_label("Driver's full name").fill("Sam Driver")
    page.get_by_label("Driver's address").fill("2 Example Road, London NW10 1AA")
    page.get_by_role("button", name="Record the reply and ask fpn for the notice").click()
    expect(page.get_by_role("table", name="Notices asked of fpn")).to_contain_text("Waiting for fpn's answer")
    with Session(migrated) as session:  # the date the boxes made is the one recorded
        assert session.scalar(select(VehicleBreach.driver_date_of_birth).where(VehicleBreach.reference == room_server[1])) == \
            date(1990, 5, 17)

    page.get_by_role("link", name="Report").click()
    expect(page.get_by_role("table", name="Requests by month and requester")).to_contain_text("Police")
    expect(page.locator("svg.app-chart")).to_be_visible()
    check(page, screenshots, "cr-report")
    context.close()
    assert not errors, errors

    context, phone, errors = _page(browser, room_server[0], 390, 844)
    check(phone, screenshots, "cr-inbox-390")
    phone.get_by_role("button", name="Log the request").click()  # every error at once, in GOV.UK words, at 390 px
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter the requester's name")
    check(phone, screenshots, "cr-inbox-errors-390")
    received = phone.get_by_role("group", name="Date received")  # a date that does not exist, typed on the phone
    for part, value in (("Day", "30"), ("Month", "2"), ("Year", "2026")):
        received.get_by_label(part).fill(value)
    phone.get_by_role("button", name="Log the request").click()
    expect(phone.locator(".govuk-error-summary li")).to_have_text(["Date received must be a real date"])
    check(phone, screenshots, "cr-inbox-date-error-390")
    type_date(phone, "Start date", date.today() - timedelta(days=3))  # the footage's times half given, on the phone
    phone.get_by_label("End time").fill("25:00")
    phone.get_by_role("button", name="Log the request").click()
    expect(phone.locator(".govuk-error-summary li")).to_have_text([  # all at once, in the page's order
        "Date received must be a real date", "Enter the time of the start of the footage",
        "Enter the date of the end of the footage", "Time must be a real time, like 9:30pm"])
    check(phone, screenshots, "cr-footage-errors-390")
    context.close()
    assert not errors, errors


def test_the_working_group_is_told_the_control_room_page_is_not_for_it(browser, room_server, migrated):
    with Session(migrated) as session:
        create_or_update_user(session=session, username="browser.wg2", password=PASSWORD, roles=["cctv_working_group"])
        session.commit()
    context = browser.new_context(base_url=room_server[0])
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    page.goto("/control-room")
    page.get_by_label("Username").fill("browser.wg2")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="This page is for the control room")).to_be_visible()
    expect(page.locator("#inbox-section")).to_be_hidden()
    expect(page.locator("#menu")).to_be_hidden()
    context.close()
    with Session(migrated) as session:
        session.execute(delete(User).where(User.username == "browser.wg2"))
        session.commit()
