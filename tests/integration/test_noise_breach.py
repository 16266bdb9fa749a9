"""A breached abatement notice becomes a fixed penalty notice through real workers: noise asks fpn, fpn issues it
under the London Local Authorities Act 2004 from its register, and the case shows the notice's number and amount;
a breach fpn cannot act on comes back as a refusal with its reason."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from services.fpn.models import OutboxMessage as FpnOutbox
from services.noise.models import OutboxMessage as NoiseOutbox
from tests.conftest import bearer
from tests.integration.conftest import wait_for
from tests.integration.test_notice_requests import _relay
from tests.noise.conftest import days_ago, report

pytestmark = pytest.mark.integration
NOW = datetime.now(timezone.utc)


def _nco() -> dict:
    return bearer("nuisance.adeyemi", "nuisance_officer")


def _served_case(noise, address: str, served_at: datetime, responsible: str) -> tuple[str, int]:
    """A qualified case with a notice served at `served_at`, to be complied with three days later."""
    client = noise.test_client()
    for days in (12, 6, 2):
        answer = client.post("/api/v1/incidents", json=report(started=days_ago(days), address=address),
                             headers={**_nco(), "Idempotency-Key": str(uuid.uuid4())})
    reference = answer.json["case_reference"]
    client.put("/api/v1/nuisance-officers/nuisance.adeyemi", headers=_nco(), json={  # cases can be given to them
        "name": "Ade Adeyemi", "email": "ade.adeyemi@brent.test", "wards": []})
    assigned = client.post(f"/api/v1/cases/{reference}/assign", json={"officer": "nuisance.adeyemi"}, headers=_nco())
    assert assigned.status_code == 200, assigned.json
    served = client.post(f"/api/v1/cases/{reference}/serve-abatement-notice", headers=_nco(), json={
        "served_on_name": "Pat Source", "served_on_address": address, "responsible": responsible,
        "requirements": "Stop amplified music audible in neighbouring homes between 23:00 and 07:00.",
        "compliance_date": (served_at + timedelta(days=3)).date().isoformat(), "served_at": served_at.isoformat()})
    assert served.status_code == 200, served.json
    return reference, served.json["abatement_notices"][0]["id"]


def _breach(noise, reference, notice_id, occurred_at):
    answer = noise.test_client().post(f"/api/v1/cases/{reference}/record-breach", headers=_nco(), json={
        "abatement_notice_id": notice_id, "occurred_at": occurred_at.isoformat(),
        "details": "Music again at 01:10, recorded on the Noise App and witnessed from flat 3."})
    assert answer.status_code == 200, answer.json
    return answer.json["breaches"][-1]["notice_reference"]


def _answer(noise, reference):
    case = noise.test_client().get(f"/api/v1/cases/{reference}", headers=_nco()).json
    return case["breaches"][-1]["notice"]


def test_a_breach_becomes_an_fpn_from_fpn_and_a_refusal_comes_back_as_one(apps, start_worker, committed):
    start_worker("fpn")
    start_worker("noise")
    noise = apps["noise"]
    resident, notice_id = _served_case(noise, "14 Harlesden Road, London NW10 2BY", NOW - timedelta(days=10),
                                       "resident")
    _breach(noise, resident, notice_id, NOW - timedelta(hours=5))
    # A breach long ago: fpn refuses a notice for an offence more than 183 days old.
    old, old_notice = _served_case(noise, "2 Acton Lane, London NW10 8UX", NOW - timedelta(days=300), "business")
    _breach(noise, old, old_notice, NOW - timedelta(days=200))

    def answered():
        _relay(noise, NoiseOutbox)
        _relay(apps["fpn"], FpnOutbox)
        answers = _answer(noise, resident), _answer(noise, old)
        return answers if all(a["state"] != "requested" for a in answers) else None

    issued, refused = wait_for(answered, 90, "fpn's answers to both breaches")
    assert issued["state"] == "issued" and issued["notice_number"].startswith("FPN ")
    assert (issued["amount"], issued["notice_state"]) == ("100.00", "issued")
    assert refused["state"] == "refused" and refused["refusal_title"] and "183" in refused["refusal_detail"]
