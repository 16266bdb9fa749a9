"""CCTV need and plans through real workers: an FPN issued by fpn and a case that qualifies in noise each raise
the need score of the site where they happened, and a plan asked for is solved on cctv's worker, with its
progress recorded as it goes."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.cctv.models import OutboxMessage as CctvOutbox
from services.noise.models import OutboxMessage as NoiseOutbox
from tests.cctv.conftest import new_request
from tests.conftest import bearer
from tests.integration.conftest import wait_for
from tests.integration.test_event_delivery import _body, _extend_pspo, _relay
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.integration
SITE = {"name": "Harlesden High Street / Manor Park Road", "ward": "Harlesden and Kensal Green",
        "latitude": 51.5366, "longitude": -0.2478}
NEARBY = {"latitude": 51.5370, "longitude": -0.2480}  # about 45 metres north


def _group():
    return bearer("wg.okafor", "cctv_working_group")


def _site_need(cctv, reference: str) -> dict:
    answer = cctv.test_client().get("/api/v1/need", headers=_group()).json
    found = next(s for s in answer["sites"] if s["site"]["reference"] == reference)
    return {p["kind"]: p["records"] for p in found["parts"]} | {"total": found["need"]}


def test_an_fpn_and_a_qualifying_noise_case_each_raise_their_sites_need(apps, start_worker, committed):
    start_worker("cctv")
    cctv = apps["cctv"].test_client()
    made = cctv.post("/api/v1/requests", json=new_request(new_site=SITE), headers=_group())
    assert made.status_code == 201, made.json
    site = made.json["site"]["reference"]
    assert _site_need(apps["cctv"], site)["total"] == 0

    _extend_pspo(committed)
    body = _body(committed)
    body["location"].update(NEARBY)
    issued = apps["fpn"].test_client().post("/api/v1/notices", json=body, headers={
        **bearer("officer.patel", "enforcement_officer"), "Idempotency-Key": str(uuid.uuid4())})
    assert issued.status_code == 201, issued.json
    assert _relay(apps["fpn"]) >= 1
    after_fpn = wait_for(lambda: (n := _site_need(apps["cctv"], site))["fpn"] == 1 and n, 60,
                         "the notice to count at the site")
    assert after_fpn["total"] > 0

    noise = apps["noise"].test_client()
    for days in (12, 6, 2):
        filed = noise.post("/api/v1/incidents", headers={**bearer("nuisance.adeyemi", "nuisance_officer"),
                                                         "Idempotency-Key": str(uuid.uuid4())},
                           json=report(started=days_ago(days), address="1 Manor Park Road, London NW10 4JJ",
                                       source={"address": "1 Manor Park Road, London NW10 4JJ",
                                               "ward": "Harlesden and Kensal Green", **NEARBY}))
        assert filed.status_code == 201, filed.json
    assert _relay(apps["noise"], NoiseOutbox) >= 1
    after_noise = wait_for(lambda: (n := _site_need(apps["cctv"], site))["noise"] == 1 and n, 60,
                           "the qualifying case to count at the site")
    assert after_noise["total"] > after_fpn["total"]


def test_a_plan_is_solved_on_the_cctv_worker_with_its_progress_and_moves(apps, start_worker, committed):
    start_worker("cctv", SBO_CCTV_PLAN_SECONDS="3")
    cctv = apps["cctv"].test_client()
    made = cctv.post("/api/v1/requests", json=new_request(new_site=SITE), headers=_group()).json
    reference = made["reference"]
    cctv.post(f"/api/v1/requests/{reference}/safeguards", headers=_group(), json={
        "dpia_reference": "DPIA-2026-031", "dpia_completed_on": "2026-10-20",
        "signage_plan": "Two A3 signs at the junction naming Brent Council."})
    assert cctv.post(f"/api/v1/requests/{reference}/decision", json={"decision": "approve"},
                     headers=_group()).status_code == 200
    month = datetime.now(timezone.utc).date().replace(day=1)
    assert cctv.post("/api/v1/police-records", headers={**_group(), "Content-Type": "text/csv"}, data=(
        f"Month,Longitude,Latitude,Crime type\n{month:%Y-%m},-0.2478,51.5366,Drugs\n").encode()).status_code == 200
    assert cctv.post("/api/v1/cameras", headers=_group(), json={"asset_id": "DC-001", "kind": "deployable",
                                                                "status": "in_store"}).status_code == 201
    asked = cctv.post("/api/v1/plans", headers=_group())
    assert asked.status_code == 202, asked.json
    location = asked.headers["Location"]
    assert cctv.post("/api/v1/plans", headers=_group()).json["id"] == asked.json["id"]  # one plan at a time
    assert _relay(apps["cctv"], CctvOutbox) >= 1

    plan = wait_for(lambda: (p := cctv.get(location, headers=_group()).json)["status"] == "finished" and p, 90,
                    "the plan to be solved")
    assert plan["progress"] == 1.0 and plan["outcome"] in ("optimal", "feasible", "greedy")
    assert plan["moves"][0]["camera"] == "DC-001" and plan["moves"][0]["to_site"] == made["site"]["reference"]
    assert plan["moves"][0]["month"] > month.isoformat()
    assert plan["rules"]["included_moves"] == 2 and plan["rules"]["min_stay"] == 6
    assert [s["reference"] for s in plan["sites"]] == [made["site"]["reference"]]
    assert timedelta(0) <= datetime.fromisoformat(plan["finished_at"]) - datetime.fromisoformat(plan["started_at"])
