"""The CCTV Working Group's page in real headless Chromium: sign in, propose a plan and watch its progress, open a
meeting with its generated agenda, decide its items (every error shown, tied to its field), record the move
installed, agree the minutes; the map, the register and the need; a screenshot of each state to look at, and no
axe-core accessibility violations, at desktop width and on a 390-pixel phone."""
import re
import threading
import time
from dataclasses import replace
from datetime import timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.accounts.service import create_or_update_user
from shared.brent import today
from services.cctv.planning import plans
from services.cctv.planning.models import RotationPlan
from tests.browser.conftest import SCROLL_HINT, WAIT_MS, check, serving, type_date
from tests.cctv.conftest import new_request
from tests.conftest import bearer

pytestmark = pytest.mark.browser
MEMBER, PASSWORD = "browser.wg", "brent-demo-browser"
SOLVE_SECONDS = 3


@pytest.fixture(scope="module")
def cctv_server(settings, migrated):
    """The cctv app on a real HTTP server, a committed Working Group member, two approved sites (one asking for
    ANPR), an undecided request, and two cameras in the store."""
    from services.cctv.app import create_app

    with Session(migrated) as session:
        create_or_update_user(session=session, username=MEMBER, password=PASSWORD, roles=["cctv_working_group"],
                              display_name="Dee Okafor")
        session.commit()
    app = create_app(replace(settings, cctv_plan_seconds=SOLVE_SECONDS), {"TESTING": True})
    client, headers = app.test_client(), bearer("browser.seed", "cctv_working_group")
    for changes in ({}, {"problem": "nuisance_vehicles", "new_site": {
            "name": "Neasden Lane / North Circular Road", "ward": "Dollis Hill", "latitude": 51.5535,
            "longitude": -0.2495}}):
        reference = client.post("/api/v1/requests", json=new_request(**changes), headers=headers).json["reference"]
        client.post(f"/api/v1/requests/{reference}/safeguards", headers=headers, json={
            "dpia_reference": "DPIA-1", "dpia_completed_on": "2026-10-20", "signage_plan": "Two A3 signs at the junction."})
        assert client.post(f"/api/v1/requests/{reference}/decision", json={"decision": "approve"},
                           headers=headers).status_code == 200
    client.post("/api/v1/requests", headers=headers, json=new_request(new_site={
        "name": "Kingsbury Road / Church Lane", "ward": "Kingsbury", "latitude": 51.5845, "longitude": -0.2790},
        requester="Kingsbury BJAG", problem="fly_tipping"))
    rows = [f"{today():%Y-%m},{lon},{lat},On or near the junction,{kind}" for lat, lon in ((51.5366, -0.2478),
                                                                                         (51.5535, -0.2495))
            for kind in ("Anti-social behaviour", "Drugs", "Anti-social behaviour")]
    assert client.post("/api/v1/police-records", headers={**headers, "Content-Type": "text/csv"}, data=(
        "Month,Longitude,Latitude,Location,Crime type\n" + "\n".join(rows) + "\n").encode()).status_code == 200
    for asset, kind in (("BR-001", "deployable"), ("BR-002", "deployable_anpr")):
        assert client.post("/api/v1/cameras", headers=headers, json={"asset_id": asset, "kind": kind,
                                                                     "status": "in_store"}).status_code == 201
    with serving(app, migrated, MEMBER, "cctv") as url:
        yield url, app


def _page(browser, base_url, width, height):
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height}, locale="en-GB",
                                  timezone_id="Europe/London")
    context.set_default_timeout(WAIT_MS)
    context.route("https://tile.openstreetmap.org/**", lambda route: route.abort())  # no map tiles offline
    return context, context.new_page()


@pytest.fixture
def desk(browser, cctv_server):
    context, page = _page(browser, cctv_server[0], 1280, 900)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def sign_in(page):
    page.goto("/")
    page.get_by_label("Username").fill(MEMBER)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()


def solve_when_asked(app, go: threading.Event):
    """Do the worker's part once `go` is set: solve the plan the page asked for, in the background (the Celery
    path is tested in tests/integration/test_cctv_planning.py)."""
    def run():
        go.wait(30)
        with Session(app.extensions["sbo_db"].engine) as session:
            for _ in range(100):
                plan_id = session.scalar(select(RotationPlan.id).where(RotationPlan.status == "queued"))
                if plan_id:
                    break
                time.sleep(0.1)
                session.expire_all()
        plans.solve(transaction=app.extensions["sbo_db"].transaction, plan_id=plan_id, settings=app.config["SETTINGS"],
                    today=today())

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_the_group_proposes_a_plan_decides_its_agenda_and_agrees_the_minutes(desk, cctv_server, screenshots):
    page, app = desk, cctv_server[1]
    sign_in(page)
    expect(page.locator("#meeting-summary")).to_contain_text("No meeting has been recorded yet.")
    check(page, screenshots, "wg-no-meeting")

    page.get_by_role("link", name="Plan").click()
    go = threading.Event()
    solver = solve_when_asked(app, go)
    page.get_by_role("button", name="Propose a new plan").click()
    expect(page.locator("#plan-progress-text")).to_contain_text("Waiting for the optimiser to start")
    expect(page.get_by_role("button", name="Propose a new plan")).to_be_disabled()
    check(page, screenshots, "wg-plan-queued")
    go.set()
    expect(page.locator("caption", has_text="Proposed moves")).to_be_visible(timeout=(SOLVE_SECONDS + 10) * 1000)
    solver.join(30)
    anpr = page.get_by_role("table", name="Proposed moves").locator("tr", has_text="BR-002")
    expect(anpr).to_contain_text("Neasden Lane / North Circular Road")  # the ANPR camera where vehicles race
    expect(page.locator("svg.app-chart")).to_have_attribute("aria-label", re.compile("optimiser"))
    check(page, screenshots, "wg-plan")

    page.get_by_role("link", name="Agenda").click()
    page.get_by_role("button", name="Open the meeting").click()  # no date: told what to give, at the field
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    expect(page.locator("#held-on-day-error")).to_be_visible()
    type_date(page, "Date of the meeting", today())
    page.get_by_label("Who is attending").fill("Cllr A. Example (chair)\nPC B. Officer, Brent police")
    page.get_by_role("button", name="Open the meeting").click()
    expect(page.locator("#done-banner")).to_contain_text("items on its agenda")
    items = page.locator(".app-item")
    expect(items.first).to_contain_text("Proposed move")
    request_item = page.locator(".app-item", has_text="Kingsbury BJAG")
    expect(request_item).to_contain_text("New request")
    check(page, screenshots, "wg-agenda")

    first = items.first
    first.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what the group decided")
    first.get_by_role("radio", name="Approve the move").check()
    first.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#done-banner")).to_contain_text("approved")
    expect(page.locator(".app-item").first).to_contain_text("Approved")

    request_item = page.locator(".app-item", has_text="Kingsbury BJAG")
    request_item.get_by_role("radio", name="Refuse the request").check()
    request_item.get_by_role("button", name="Record the decision").click()  # a rejection needs its reason
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the reason the group rejected it")
    expect(request_item).to_contain_text("Not recorded: needed before approval")  # its DPIA, shown with it
    expect(request_item.locator(".govuk-error-message")).to_contain_text("Enter the reason the group rejected it")
    check(page, screenshots, "wg-agenda-error")
    page.set_viewport_size({"width": 390, "height": 844})  # the safeguards' own refusal, on a phone
    type_date(request_item, "Date the DPIA was completed", today() + timedelta(days=3))
    request_item.get_by_role("button", name="Record them").click()
    expect(page.locator(".govuk-error-summary li")).to_have_text(["The DPIA's completion date must be today or "
                                                                  "in the past"])
    check(page, screenshots, "wg-safeguards-error-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    request_item.get_by_role("textbox", name=re.compile("^Reason for item")).fill("A fixed camera already covers the lay-by.")
    request_item.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".app-item", has_text="Kingsbury BJAG")).to_contain_text("Rejected")

    page.get_by_role("link", name="Cameras").click()
    orders = page.locator("#orders-body")
    expect(orders).to_contain_text("Ordered")
    camera = orders.locator("tbody tr").first.locator("td").first.inner_text()
    type_date(orders, re.compile("^Installed on"), today())
    orders.get_by_role("button", name="installed").first.click()
    expect(page.locator("#done-banner")).to_contain_text(f"{camera} is now at")
    expect(page.locator("#register-body tr", has_text=camera)).to_contain_text("Deployed")
    check(page, screenshots, "wg-cameras")

    page.get_by_role("link", name="Agenda").click()
    expect(page.get_by_role("heading", name="Agree the minutes")).to_be_visible()
    page.get_by_label("Minutes", exact=True).fill("The group approved the proposed moves and refused one request.")
    expect(page.locator(".govuk-warning-text")).to_contain_text("Item 2 has no decision.")
    page.get_by_role("button", name="Agree the minutes").click()  # not until the group says so
    expect(page.locator(".govuk-error-summary")).to_contain_text("Decide or defer item 2, or tick the box")
    page.get_by_label("Record them in the minutes as not decided").check()
    page.get_by_role("button", name="Agree the minutes").click()
    expect(page.locator("#done-banner")).to_contain_text("The minutes are agreed")
    expect(page.locator("#meeting-summary")).to_contain_text("Minutes agreed")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the minutes (PDF)").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_the_map_need_and_a_phone_sized_screen(browser, cctv_server, screenshots):
    context, page = _page(browser, cctv_server[0], 1280, 900)
    sign_in(page)
    page.get_by_role("link", name="Map").click()
    expect(page.locator("#map.leaflet-container")).to_be_visible()
    expect(page.locator('#map path.leaflet-interactive[fill="none"]')).to_have_count(2)  # the two approved sites
    check(page, screenshots, "wg-map")
    page.get_by_role("link", name="Need").click()
    expect(page.get_by_role("table", name="Weights")).to_contain_text("Noise cases that qualified")
    expect(page.locator("#need-body")).to_contain_text("Neasden Lane / North Circular Road")
    check(page, screenshots, "wg-need")
    context.close()

    context, phone = _page(browser, cctv_server[0], 390, 844)
    sign_in(phone)
    check(phone, screenshots, "wg-agenda-390")
    phone.get_by_role("button", name="Open the meeting").click()  # no date: the error at 390 px
    expect(phone.locator(".govuk-error-summary")).to_contain_text("Enter the date of the meeting")
    check(phone, screenshots, "wg-agenda-errors-390")
    phone.goto("/#plan")
    expect(phone.get_by_role("heading", name="Proposed plan")).to_be_visible()
    check(phone, screenshots, "wg-plan-390")
    phone.goto("/#need")
    sites = phone.get_by_role("region", name="Need at each site")  # wider than the phone: it says so
    expect(sites).to_have_accessible_description(SCROLL_HINT)
    check(phone, screenshots, "wg-need-390")
    context.close()
