"""The Working Group through the API: the agenda generated from the plan, the requests and the register; a
decision on each item and what it does; the allowance and the minimum stay at approval; a move shown in the
register only once installed; and the minutes as a PDF document."""
import io
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from pypdf import PdfReader

from shared.brent import today
from services.cctv.planning.models import RotationPlan
from tests.cctv.conftest import new_request

NEXT_MONTH = (today().replace(day=1) + relativedelta(months=1))


def _camera(cctv, group, asset_id, site=None, deployed_on=None):
    body = {"asset_id": asset_id, "kind": "deployable", "status": "deployed" if site else "in_store", "site": site,
            "deployed_on": deployed_on}
    made = cctv.post("/api/v1/cameras", headers=group, json=body)
    assert made.status_code == 201, made.get_json()


def _move(camera, from_site, to_site, to_name="Somewhere"):
    return {"month": NEXT_MONTH.isoformat(), "camera": camera, "from_site": from_site, "from_name": from_site and
            "Old site", "to_site": to_site, "to_name": to_name, "chargeable": False, "early": False,
            "months_there": 12, "gains": 120.0, "gives_up": 10.0, "net": 110.0}


@pytest.fixture
def plan_with(db):
    """A finished plan proposing `moves` for next month (solving itself is tested in test_optimiser and the
    integration tests)."""

    def make(moves) -> RotationPlan:
        plan = RotationPlan(first_month=NEXT_MONTH, months=12, rules={}, time_limit_seconds=1,
                            requested_by="wg.okafor", status="finished", moves=moves, progress=1.0)
        db.add(plan)
        db.flush()
        return plan

    return make


def _meeting(cctv, group, held_on=None):
    made = cctv.post("/api/v1/meetings", headers=group, json={
        "held_on": (held_on or today()).isoformat(), "attendees": ["Cllr A. Example (chair)", "PC B. Officer"]})
    assert made.status_code == 201, made.get_json()
    return made.get_json()


def _decide(cctv, group, meeting, item, **body):
    return cctv.post(f"/api/v1/meetings/{meeting['id']}/items/{item['id']}/decision", headers=group, json=body)


def test_the_agenda_holds_the_plans_moves_new_requests_reviews_and_evaluations_in_that_order(
        cctv, group, approved_request, plan_with):
    target = approved_request()["site"]["reference"]
    old = approved_request()["site"]["reference"]
    _camera(cctv, group, "DC-001", old, (today() - relativedelta(months=6)).isoformat())  # review due
    _camera(cctv, group, "DC-002")
    waiting = cctv.post("/api/v1/requests", json=new_request(), headers=group).get_json()["reference"]
    plan_with([_move("DC-002", None, target, "Harlesden High Street"),
               {**_move("DC-001", old, target), "month": (NEXT_MONTH + relativedelta(months=1)).isoformat()}])
    meeting = _meeting(cctv, group)
    kinds = [(i["kind"], i["title"]) for i in meeting["items"]]
    assert [k for k, _ in kinds] == ["proposed_move", "new_request", "stay_review"]
    assert kinds[0][1].startswith("Move DC-002 out of the store to Harlesden High Street in ")
    assert meeting["items"][1]["request"] == waiting
    assert "Review DC-001" in kinds[2][1]
    assert meeting["items"][0]["if_approved"] == "The move is ordered from the contractor."


def test_an_approved_move_is_a_work_order_and_shows_in_the_register_only_once_installed(
        cctv, group, approved_request, plan_with):
    target = approved_request()["site"]["reference"]
    _camera(cctv, group, "DC-003")
    plan_with([_move("DC-003", None, target)])
    meeting = _meeting(cctv, group)
    approved = _decide(cctv, group, meeting, meeting["items"][0], decision="approve")
    assert approved.status_code == 200, approved.get_json()
    assert approved.get_json()["items"][0]["decision"] == "approve"
    order = cctv.get("/api/v1/work-orders?status=ordered", headers=group).get_json()[0]
    assert (order["camera"], order["to_site"]["reference"], order["chargeable"]) == ("DC-003", target, False)
    camera = cctv.get("/api/v1/cameras/DC-003", headers=group).get_json()
    assert (camera["status"], camera["site"]) == ("awaiting_install", None)

    installed = cctv.post(f"/api/v1/work-orders/{order['reference']}/installed", headers=group,
                          json={"installed_on": today().isoformat()})
    assert installed.status_code == 200, installed.get_json()
    camera = cctv.get("/api/v1/cameras/DC-003", headers=group).get_json()
    assert (camera["status"], camera["site"]["reference"]) == ("deployed", target)
    assert camera["deployments"][-1]["installed_on"] == today().isoformat()
    again = cctv.post(f"/api/v1/work-orders/{order['reference']}/installed", headers=group,
                      json={"installed_on": today().isoformat()})
    assert again.status_code == 409


def test_a_third_move_in_a_month_needs_approving_as_a_chargeable_extra(cctv, group, approved_request, plan_with):
    sites = [approved_request()["site"]["reference"] for _ in range(3)]
    for n in range(3):
        _camera(cctv, group, f"DC-01{n}")
    plan_with([_move(f"DC-01{n}", None, sites[n]) for n in range(3)])
    meeting = _meeting(cctv, group)
    for item in meeting["items"][:2]:
        assert _decide(cctv, group, meeting, item, decision="approve").status_code == 200
    third = _decide(cctv, group, meeting, meeting["items"][2], decision="approve")
    assert third.status_code == 422
    assert third.get_json()["errors"][0]["field"] == "chargeable"
    assert "This would be move 3 in" in third.get_json()["detail"] and "£1,500" in third.get_json()["detail"]
    assert len(cctv.get("/api/v1/work-orders", headers=group).get_json()) == 2
    charged = _decide(cctv, group, meeting, meeting["items"][2], decision="approve", chargeable=True)
    assert charged.status_code == 200
    assert charged.get_json()["items"][2]["chargeable"] is True


def test_a_move_of_a_camera_not_in_the_register_is_refused_and_orders_nothing(cctv, group, approved_request,
                                                                              plan_with):
    target = approved_request()["site"]["reference"]
    plan_with([_move("DC-404", None, target)])  # the camera was taken off the register after the plan was made
    meeting = _meeting(cctv, group)
    refused = _decide(cctv, group, meeting, meeting["items"][0], decision="approve")
    assert refused.status_code == 422
    assert refused.get_json()["errors"] == [{"field": "camera", "message": "There is no camera DC-404 in the register"}]
    assert cctv.get("/api/v1/work-orders", headers=group).get_json() == []
    assert cctv.get(f"/api/v1/meetings/{meeting['id']}", headers=group).get_json()["items"][0]["decision"] is None
    unknown_site = cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "DC-405", "kind": "deployable",
                                                                     "status": "deployed", "site": "CS-9999",
                                                                     "deployed_on": "2026-01-01"})
    assert unknown_site.status_code == 422 and unknown_site.get_json()["errors"][0]["field"] == "site"


def test_a_move_within_the_minimum_stay_needs_the_groups_reason(cctv, group, approved_request, plan_with):
    here, there = approved_request()["site"]["reference"], approved_request()["site"]["reference"]
    _camera(cctv, group, "DC-020", here, (today() - relativedelta(months=2)).isoformat())
    plan_with([_move("DC-020", here, there)])
    meeting = _meeting(cctv, group)
    refused = _decide(cctv, group, meeting, meeting["items"][0], decision="approve")
    assert refused.status_code == 422
    assert refused.get_json()["type"].endswith("/minimum-stay")
    assert refused.get_json()["errors"] == [{"field": "override", "message": (
        "Enter the Working Group's reason for moving the camera before its minimum stay is over")}]
    allowed = _decide(cctv, group, meeting, meeting["items"][0], decision="approve",
                      override="The dealing has moved to the new site (police briefing, this meeting).")
    assert allowed.status_code == 200
    order = cctv.get("/api/v1/work-orders", headers=group).get_json()[0]
    assert order["early_reason"].startswith("The dealing has moved")


def test_rejecting_needs_a_reason_a_request_is_approved_only_with_its_safeguards_and_closed_minutes_are_final(
        cctv, group):
    cctv.post("/api/v1/requests", json=new_request(), headers=group)
    meeting = _meeting(cctv, group)
    item = meeting["items"][0]
    assert _decide(cctv, group, meeting, item, decision="reject").get_json()["errors"][0]["field"] == "reason"
    no_dpia = _decide(cctv, group, meeting, item, decision="approve")
    assert no_dpia.status_code == 422
    assert [e["field"] for e in no_dpia.get_json()["errors"]] == ["dpia_completed_on", "signage_plan"]
    assert _decide(cctv, group, meeting, item, decision="defer").status_code == 200
    rejected = _decide(cctv, group, meeting, item, decision="reject", reason="Outside the borough's priorities.")
    assert rejected.get_json()["items"][0]["decision"] == "reject"
    request = cctv.get(f"/api/v1/requests/{item['request']}", headers=group).get_json()
    assert (request["status"], request["refusal_reason"]) == ("refused", "Outside the borough's priorities.")

    closed = cctv.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=group,
                       json={"minutes": "The group considered one request and refused it."})
    assert closed.get_json()["status"] == "closed"
    assert _decide(cctv, group, meeting, item, decision="defer").status_code == 409


def test_the_minutes_download_as_a_pdf_with_each_decision(cctv, group, approved_request, plan_with):
    target = approved_request()["site"]["reference"]
    _camera(cctv, group, "DC-030")
    plan_with([_move("DC-030", None, target, "Church Road / Ealing Road")])
    meeting = _meeting(cctv, group)
    _decide(cctv, group, meeting, meeting["items"][0], decision="approve")
    cctv.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=group,
              json={"minutes": "Agreed the move to Church Road. Next meeting in a month."})
    pdf = cctv.get(f"/api/v1/meetings/{meeting['id']}/minutes.pdf", headers=group)
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.data)).pages)
    for words in ("CCTV Working Group", "Cllr A. Example (chair)", "Church Road / Ealing Road", "Approved",
                  "WO-", "Agreed the move to Church Road"):
        assert words in text, words


def test_a_deployment_shows_its_evidence_before_during_and_after(cctv, group, approved_request):
    site = approved_request()  # at 51.5366, -0.2478
    installed = today().replace(day=1) - relativedelta(months=2)
    _camera(cctv, group, "DC-040", site["site"]["reference"], installed.isoformat())
    before, during = installed - relativedelta(months=3), installed + relativedelta(months=1)
    rows = [f"{m:%Y-%m},-0.2477,51.5367,On or near High Street,Anti-social behaviour" for m in (before, before)]
    rows += [f"{during:%Y-%m},-0.2477,51.5367,On or near High Street,Drugs",
             f"{during:%Y-%m},-0.2100,51.5600,Far away,Drugs"]
    imported = cctv.post("/api/v1/police-records", headers={**group, "Content-Type": "text/csv"},
                         data=("Month,Longitude,Latitude,Location,Crime type\n" + "\n".join(rows) + "\n").encode())
    assert imported.get_json()["rows_added"] == 4, imported.get_json()
    deployment = cctv.get("/api/v1/cameras/DC-040", headers=group).get_json()["deployments"][0]
    evidence = cctv.get(f"/api/v1/deployments/{deployment['id']}/evidence", headers=group).get_json()
    months = {m["month"]: m for m in evidence["months"]}
    assert evidence["months"][0]["month"] == (installed - relativedelta(months=6)).isoformat()
    assert months[before.isoformat()]["period"] == "before" and months[before.isoformat()]["police_asb"] == 2
    assert months[during.isoformat()]["period"] == "during" and months[during.isoformat()]["police_crime"] == 1
    assert evidence["months"][-1]["month"] == today().replace(day=1).isoformat()


def test_only_the_group_decides_and_the_control_room_can_read(cctv, group, control_room):
    meeting = _meeting(cctv, group, date(2026, 1, 5))
    assert cctv.get(f"/api/v1/meetings/{meeting['id']}", headers=control_room).status_code == 200
    assert cctv.post("/api/v1/meetings", headers=control_room, json={"held_on": "2026-02-02"}).status_code == 403
    assert cctv.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=control_room,
                     json={"minutes": "Nothing to record here."}).status_code == 403
    assert cctv.post("/api/v1/meetings", headers=group, json={"held_on": "2026-01-05"}).status_code == 409


def test_one_meeting_is_open_at_a_time_and_its_minutes_need_every_item_decided_or_confirmed(cctv, group):
    cctv.post("/api/v1/requests", json=new_request(), headers=group)
    cctv.post("/api/v1/requests", json=new_request(requester="Kilburn BJAG"), headers=group)
    meeting = _meeting(cctv, group)
    second = cctv.post("/api/v1/meetings", headers=group, json={"held_on": "2026-12-20"})
    assert second.status_code == 409 and second.get_json()["type"].endswith("/meeting-still-open")
    _decide(cctv, group, meeting, meeting["items"][0], decision="defer")
    unconfirmed = cctv.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=group,
                            json={"minutes": "One request deferred, one not reached."})
    assert unconfirmed.status_code == 422
    assert unconfirmed.get_json()["errors"] == [{"field": "undecided_confirmed", "message": (
        "Decide or defer item 2, or tick the box to record it as not decided")}]
    blank = cctv.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=group, json={"minutes": "   "})
    assert blank.get_json()["errors"] == [{"field": "minutes", "message": "Enter the minutes"}]
    agreed = cctv.post(f"/api/v1/meetings/{meeting['id']}/minutes", headers=group, json={
        "minutes": "One request deferred, one not reached.", "undecided_confirmed": True})
    assert agreed.get_json()["status"] == "closed"
    assert cctv.post("/api/v1/meetings", headers=group, json={"held_on": "2026-12-20"}).status_code == 201


def test_a_camera_cannot_both_move_and_stay_and_is_not_installed_before_it_was_ordered(
        cctv, group, approved_request, plan_with):
    here, there = approved_request()["site"]["reference"], approved_request()["site"]["reference"]
    _camera(cctv, group, "DC-050", here, (today() - relativedelta(months=7)).isoformat())
    plan_with([_move("DC-050", here, there)])
    meeting = _meeting(cctv, group)
    move, review = meeting["items"][0], next(i for i in meeting["items"] if i["kind"] == "stay_review")
    assert _decide(cctv, group, meeting, move, decision="approve").status_code == 200
    stays = _decide(cctv, group, meeting, review, decision="approve")
    assert stays.status_code == 409 and "is ordered to move" in stays.get_json()["detail"]
    order = cctv.get("/api/v1/work-orders", headers=group).get_json()[0]
    early = cctv.post(f"/api/v1/work-orders/{order['reference']}/installed", headers=group,
                      json={"installed_on": (today() - timedelta(days=1)).isoformat()})
    assert early.status_code == 422
    assert early.get_json()["errors"][0]["field"] == "installed_on"
    assert cctv.get("/api/v1/cameras/DC-050", headers=group).get_json()["site"]["reference"] == here
