"""The control room's inbox through the API: requests logged with their due dates and overwrite warnings, holds
only on footage that still exists, disclosures on the record, every problem in one 422 that stores nothing, and
the monthly counts by requester as a table and as CSV."""
from datetime import datetime, timedelta, timezone

import pytest

from shared.brent import today


@pytest.fixture
def room(control_room):
    return control_room


def _request(**changes):
    recorded = datetime.now(timezone.utc) - timedelta(days=29)  # overwritten in 2 days
    body = {"received_on": today().isoformat(), "category": "police", "kind": "footage",
            "requester": "DC 1234, Wembley CID", "contact": "wembley.cid@met.police.example",
            "their_reference": "CAD 4521/27NOV", "asked": "Footage of a robbery outside the station.",
            "footage_from": recorded.isoformat(), "footage_to": (recorded + timedelta(minutes=30)).isoformat()}
    body.update(changes)
    return body


def test_a_request_shows_its_due_date_and_when_its_footage_will_be_overwritten(cctv, room):
    logged = cctv.post("/api/v1/inbox", json=_request(), headers=room)
    assert logged.status_code == 201, logged.get_json()
    request = logged.get_json()
    assert request["reference"].startswith("IR-") and request["status"] == "open"
    assert request["due_on"] == (today() + timedelta(days=14)).isoformat()
    assert request["overwrite_warning"] == "soon"
    held = cctv.post(f"/api/v1/inbox/{request['reference']}/hold", headers=room,
                     json={"reason": "Evidence in a robbery investigation (CAD 4521)."})
    assert held.status_code == 200
    assert (held.get_json()["legal_hold"], held.get_json()["overwrite_warning"]) == (True, None)


def test_a_subject_access_request_is_due_in_a_calendar_month(cctv, room):
    sar = cctv.post("/api/v1/inbox", headers=room, json=_request(
        category="public", kind="subject_access", requester="A. Resident", received_on="2026-01-31",
        footage_from=None, footage_to=None, due_on="2026-12-31"))
    assert sar.get_json()["due_on"] == "2026-02-28"


def test_a_hold_on_footage_already_overwritten_is_refused_and_changes_nothing(cctv, room):
    old = datetime.now(timezone.utc) - timedelta(days=40)
    reference = cctv.post("/api/v1/inbox", headers=room, json=_request(
        footage_from=old.isoformat(), footage_to=(old + timedelta(hours=1)).isoformat())).get_json()["reference"]
    refused = cctv.post(f"/api/v1/inbox/{reference}/hold", headers=room, json={"reason": "Too late, sadly."})
    assert refused.status_code == 422
    assert refused.get_json()["type"].endswith("/footage-overwritten")
    request = cctv.get(f"/api/v1/inbox/{reference}", headers=room).get_json()
    assert (request["legal_hold"], request["overwrite_warning"]) == (False, "overwritten")


def test_a_request_with_everything_wrong_gets_every_problem_at_once_and_stores_nothing(cctv, room):
    before = cctv.get("/api/v1/inbox", headers=room).get_json()
    bad = cctv.post("/api/v1/inbox", headers=room, json={"kind": "gossip", "received_on": "2099-01-01"})
    assert bad.status_code == 422
    assert [e["field"] for e in bad.get_json()["errors"]] == ["received_on", "category", "kind", "requester", "asked"]
    assert bad.get_json()["errors"][1]["message"].startswith("Select who is asking")
    unknown = cctv.post("/api/v1/inbox", headers=room, json=_request(cameras=["NOPE-1"], footage_to=None,
                                                                     requester="", received_on="2099-01-01"))
    assert unknown.status_code == 422  # the fields' shapes, the times and the cameras: all told at once
    assert sorted(e["field"] for e in unknown.get_json()["errors"]) == ["cameras.0", "footage_to", "received_on",
                                                                       "requester"]
    assert cctv.get("/api/v1/inbox", headers=room).get_json() == before


def test_a_disclosure_is_recorded_and_a_closed_request_takes_no_more(cctv, room):
    reference = cctv.post("/api/v1/inbox", json=_request(), headers=room).get_json()["reference"]
    disclosed = cctv.post(f"/api/v1/inbox/{reference}/disclosures", headers=room, json={
        "disclosed_on": today().isoformat(), "disclosed_to": "DC 1234, Wembley CID",
        "what": "Camera DC-014, 30 minutes, unredacted, for the investigation", "method": "secure download link"})
    assert disclosed.status_code == 200
    assert disclosed.get_json()["status"] == "disclosed"
    assert disclosed.get_json()["disclosures"][0]["recorded_by"] == "cr.patel"
    closed = cctv.post(f"/api/v1/inbox/{reference}/close", headers=room, json={"status": "closed",
                                                                              "outcome": "Footage disclosed."})
    assert closed.get_json()["status"] == "closed"
    assert cctv.post(f"/api/v1/inbox/{reference}/close", headers=room,
                     json={"status": "refused", "outcome": "x" * 5}).status_code == 409


def test_the_monthly_counts_by_requester_come_as_a_table_and_as_csv(cctv, room):
    for category in ("police", "police", "insurer_solicitor"):
        cctv.post("/api/v1/inbox", headers=room, json=_request(category=category))
    table = cctv.get("/api/v1/inbox-report", headers=room).get_json()
    this_month = next(r for r in table["rows"] if r[0] == today().strftime("%Y-%m"))
    assert table["columns"] == ["Month", "Police", "Council service", "Member of the public", "Insurer or solicitor",
                                "Total"]
    assert this_month[1] >= 2 and this_month[4] >= 1 and this_month[5] == sum(this_month[1:5])
    csv = cctv.get("/api/v1/inbox-report", headers={**room, "Accept": "text/csv"})
    assert csv.mimetype == "text/csv" and csv.get_data(as_text=True).startswith("Month,Police,Council service")


def test_requesters_details_are_for_the_control_room_only(cctv, room, group):
    reference = cctv.post("/api/v1/inbox", json=_request(), headers=room).get_json()["reference"]
    assert cctv.get(f"/api/v1/inbox/{reference}", headers=group).status_code == 403
    assert cctv.get("/api/v1/inbox", headers=group).status_code == 403
