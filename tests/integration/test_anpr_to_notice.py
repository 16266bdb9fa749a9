"""Nuisance-vehicle ANPR through real workers: a read becomes a breach, cctv's worker looks up the keeper through
the DVLA adapter against the fake server (which is down at first: the look-up is tried again, and finishes once it
is back), the keeper's letter follows, and a named driver becomes a notice request that fpn's worker answers; its
answer (here a refusal: the Nuisance Vehicles PSPO is no longer in force) is shown on the breach."""
import time
from datetime import datetime, timedelta, timezone

import pytest

from services.cctv.models import OutboxMessage as CctvOutbox
from services.fpn.models import OutboxMessage as FpnOutbox
from tests.cctv.conftest import fake_dvla  # noqa: F401  (the fixture)
from tests.conftest import bearer
from tests.integration.conftest import wait_for
from tests.integration.test_notice_requests import _relay

pytestmark = pytest.mark.integration
NOW = datetime.now(timezone.utc).replace(microsecond=0)


def test_a_read_leads_to_a_keeper_letter_and_a_named_driver_to_fpns_answer(apps, start_worker, committed, fake_dvla):
    url, state = fake_dvla
    state["down"] = True
    start_worker("cctv", SBO_DVLA_URL=url, SBO_DVLA_API_KEY="fake-dvla-key", SBO_DATABASE_RETRY_SECONDS="2")
    start_worker("fpn")
    cctv = apps["cctv"].test_client()
    group, manager = bearer("wg.okafor", "cctv_working_group"), bearer("cr.manager", "control_room_manager")
    site = cctv.post("/api/v1/sites", headers=group, json={"name": "North Circular by Stonebridge Park",
                                                           "ward": "Stonebridge", "latitude": 51.5440,
                                                           "longitude": -0.2750}).json["reference"]
    cctv.post("/api/v1/cameras", headers=group, json={"asset_id": "ANPR-IT", "kind": "deployable_anpr",
                                                      "status": "deployed", "site": site, "deployed_on": "2026-06-01"})
    assert cctv.post("/api/v1/anpr/zones", headers=manager, json={
        "name": "North Circular by Stonebridge Park", "site": site, "order_code": "BRENT-NV-PSPO-2023",
        "prohibition_code": "racing", "active_from": "2026-01-01"}).status_code == 201
    gateway = bearer("anpr-gateway", "anpr_intake")
    for minutes in (50, 40, 30):
        read = cctv.post("/api/v1/anpr/reads", headers=gateway, json={
            "registration_mark": "LB19 XYZ", "read_at": (NOW - timedelta(minutes=minutes)).isoformat(),
            "camera": "ANPR-IT", "clip": f"clip-{minutes}", "confidence": 0.98})
        assert read.status_code == 201, read.json
    reference = read.json["breach"]
    assert _relay(apps["cctv"], CctvOutbox) == 1  # one breach, one look-up

    def breach():
        return cctv.get(f"/api/v1/breaches/{reference}", headers=manager).json

    time.sleep(3)  # the service is down: the worker keeps trying, and nothing is lost
    assert breach()["status"] == "keeper_lookup"
    state["down"] = False
    letter_due = wait_for(lambda: (b := breach())["status"] == "letter_due" and b, 60, "the keeper to be found")
    assert (letter_due["keeper_name"], letter_due["letter_kind"]) == ("Demo Keeper LB19XYZ", "name_the_driver")
    assert len(state["asked"]) == 1 and state["asked"][0]["requested_by"] == "anpr-gateway"
    assert cctv.get(f"/api/v1/breaches/{reference}/letter.pdf", headers=manager).status_code == 200

    cctv.post(f"/api/v1/breaches/{reference}/letter-sent", headers=manager, json={"sent_on": NOW.date().isoformat()})
    named = cctv.post(f"/api/v1/breaches/{reference}/driver", headers=manager, json={"keeper_drove": True})
    assert named.json["status"] == "notice_requested", named.json
    assert _relay(apps["cctv"], CctvOutbox) == 1  # the notice request, to fpn's worker
    wait_for(lambda: _relay(apps["fpn"], FpnOutbox) >= 1, 60, "fpn to answer")
    answered = wait_for(lambda: (b := breach())["notice"] and b["notice"]["state"] != "requested" and b, 60,
                        "fpn's answer to show on the breach")
    assert (answered["notice"]["state"], answered["notice"]["refusal_title"]) == ("refused", "Order not in force")
    assert answered["notice"]["refusal_detail"].startswith("Nuisance Vehicles PSPO (boroughwide) was in force from "
                                                           "1 April 2023 to 31 March 2025")
