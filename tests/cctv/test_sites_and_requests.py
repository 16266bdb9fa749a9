"""Sites and deployment requests through the API: a request becomes deployable only with a completed DPIA and a
signage plan, refusals keep their reasons, and bad input is a 422 that stores nothing."""
from tests.cctv.conftest import new_request


def test_a_request_is_deployable_only_once_approved_with_its_dpia_and_signage_plan(cctv, group):
    made = cctv.post("/api/v1/requests", json=new_request(), headers=group)
    assert made.status_code == 201
    request = made.get_json()
    assert (request["status"], request["deployable"]) == ("submitted", False)
    assert request["site"]["reference"].startswith("CS-")

    refused = cctv.post(f"/api/v1/requests/{request['reference']}/decision", json={"decision": "approve"},
                        headers=group)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.get_json()["errors"]] == ["dpia_completed_on", "signage_plan"]
    assert cctv.get(f"/api/v1/requests/{request['reference']}", headers=group).get_json()["status"] == "submitted"

    cctv.post(f"/api/v1/requests/{request['reference']}/safeguards", headers=group,
              json={"dpia_reference": "DPIA-2026-031", "dpia_completed_on": "2026-10-20"})
    still = cctv.post(f"/api/v1/requests/{request['reference']}/decision", json={"decision": "approve"}, headers=group)
    assert [e["field"] for e in still.get_json()["errors"]] == ["signage_plan"]

    cctv.post(f"/api/v1/requests/{request['reference']}/safeguards", headers=group,
              json={"signage_plan": "Two A3 signs at the junction naming Brent Council."})
    approved = cctv.post(f"/api/v1/requests/{request['reference']}/decision", json={"decision": "approve"},
                         headers=group)
    assert approved.status_code == 200
    assert (approved.get_json()["status"], approved.get_json()["deployable"]) == ("approved", True)
    assert approved.get_json()["decided_by"] == "wg.okafor"


def test_a_refusal_keeps_its_reason_and_needs_one(cctv, group):
    reference = cctv.post("/api/v1/requests", json=new_request(), headers=group).get_json()["reference"]
    no_reason = cctv.post(f"/api/v1/requests/{reference}/decision", json={"decision": "refuse"}, headers=group)
    assert no_reason.status_code == 422
    assert no_reason.get_json()["errors"] == [{"field": "reason", "message": "Enter the reason the request is "
                                                                             "refused"}]
    refused = cctv.post(f"/api/v1/requests/{reference}/decision", headers=group,
                        json={"decision": "refuse", "reason": "A fixed camera already covers the junction."})
    assert (refused.get_json()["status"], refused.get_json()["refusal_reason"]) == (
        "refused", "A fixed camera already covers the junction.")
    again = cctv.post(f"/api/v1/requests/{reference}/decision", json={"decision": "approve"}, headers=group)
    assert again.status_code == 409


def test_a_request_with_everything_wrong_gets_every_problem_at_once_and_stores_nothing(cctv, group):
    before = len(cctv.get("/api/v1/requests", headers=group).get_json())
    bad = cctv.post("/api/v1/requests", headers=group, json={
        "new_site": {"name": "X", "ward": "Camden", "latitude": 51.7}, "requester_kind": "neighbour",
        "problem": "noise", "received_on": "2099-01-01"})
    assert bad.status_code == 422
    fields = [e["field"] for e in bad.get_json()["errors"]]
    for field in ("new_site.name", "new_site.ward", "new_site.latitude", "requester_kind", "requester", "problem",
                  "problem_detail", "aim", "received_on"):
        assert field in fields, field
    assert len(cctv.get("/api/v1/requests", headers=group).get_json()) == before


def test_a_request_at_a_site_already_recorded_is_filed_under_it(cctv, group, approved_request):
    first = approved_request()
    second = cctv.post("/api/v1/requests", headers=group, json=new_request(
        new_site=None, site=first["site"]["reference"], requester_kind="police", requester="Met Police Brent"))
    assert second.status_code == 201, second.get_json()
    site = cctv.get(f"/api/v1/sites/{first['site']['reference']}", headers=group).get_json()
    assert [r["requester"] for r in site["requests"]] == ["Harlesden BJAG", "Met Police Brent"]
    unknown = cctv.post("/api/v1/requests", headers=group, json=new_request(new_site=None, site="CS-9999"))
    assert unknown.status_code == 422
    assert unknown.get_json()["errors"] == [{"field": "site", "message": "There is no site CS-9999"}]


def test_the_control_room_sees_requests_but_only_the_group_decides_them(cctv, group, control_room):
    reference = cctv.post("/api/v1/requests", json=new_request(), headers=group).get_json()["reference"]
    assert cctv.get(f"/api/v1/requests/{reference}", headers=control_room).status_code == 200
    assert cctv.post(f"/api/v1/requests/{reference}/decision", json={"decision": "refuse", "reason": "x"},
                     headers=control_room).status_code == 403
    assert cctv.post("/api/v1/requests", json=new_request(), headers=control_room).status_code == 403
    assert cctv.get("/api/v1/requests").status_code == 401
