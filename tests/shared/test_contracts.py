"""Event contracts: every task one service sends has a consumer in the receiving worker, payloads are checked on
the way out, and a payload that breaks its contract becomes a dead letter an admin can see."""
import json
import logging
import os
import subprocess
import sys
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from shared import outbox
from shared.contracts.base import ContractViolation
from shared.contracts.tasks import CONTRACTS, TaskNames
from shared.service_list import SERVICES
from shared.settings import PROJECT_ROOT
from services.cctv.models import DeadLetter, DemandSignal, OutboxMessage as CctvOutbox
from services.noise.models import NoticeRequest
from tests.conftest import bearer

LIST_REGISTERED = ("import json, importlib, sys; worker = importlib.import_module(sys.argv[1]); "
                   "print(json.dumps(sorted(t for t in worker.celery.tasks if not t.startswith('celery.'))))")


def registered_in_worker(service, settings) -> set[str]:
    """The task names a service's worker registers, read from a fresh process as `celery -A ... worker` loads it."""
    env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": settings.broker_url,
           "SBO_SECRET_KEY": settings.secret_key}
    out = subprocess.run([sys.executable, "-c", LIST_REGISTERED, f"{service.package}.worker"], cwd=PROJECT_ROOT,
                         env=env, capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


def test_every_task_any_service_sends_has_a_consumer_in_the_receiving_services_worker(settings):
    registered = {s.name: registered_in_worker(s, settings) for s in SERVICES}
    missing = [task for task in CONTRACTS
               if task not in registered.get(task.split(".", 1)[0], set())]
    assert not missing, f"sent but consumed by no worker: {missing}"


def test_a_payload_that_breaks_its_contract_is_refused_before_it_is_sent(db):
    with pytest.raises(ContractViolation, match="ward"):
        outbox.emit(db, CctvOutbox, TaskNames.CCTV_NOTICE_ISSUED,
                    {"notice_number": "FPN123456789", "occurred_at": datetime.now(timezone.utc),
                     "notice_type": "Borough Wide PSPO - Littering (item)", "outcome": "fpn"})
    with pytest.raises(KeyError, match="no contract"):
        outbox.emit(db, CctvOutbox, "cctv.something_new", {})


def test_a_sent_payload_carries_its_version(db):
    event_id = outbox.emit(db, CctvOutbox, TaskNames.NOISE_NOTICE_REFUSED,
                           {"reference": "NOISE-1", "title": "Offence too old", "detail": "More than 183 days."})
    assert db.get(CctvOutbox, event_id).payload["version"] == 1


def _notice_issued(**changes):
    payload = {"notice_number": "FPN555555555", "ward": "Kilburn", "latitude": None, "longitude": None,
               "street_address": "Kilburn High Road", "occurred_at": "2026-11-20T22:15:00+00:00",
               "notice_type": "Borough Wide PSPO - Littering (item)", "outcome": "fpn"}
    return {**payload, **changes}


def test_an_event_sent_before_versions_existed_is_still_understood(cctv_app, db):
    from services.cctv.tasks import notice_issued

    with cctv_app.app_context():
        notice_issued.run(str(uuid.uuid4()), _notice_issued())
    signal = db.scalar(select(DemandSignal).where(DemandSignal.reference == "FPN555555555"))
    assert signal.ward == "Kilburn" and signal.occurred_at.hour == 22


def test_a_malformed_event_becomes_a_dead_letter_that_an_admin_can_list(cctv_app, db):
    from services.cctv.tasks import notice_issued

    event_id = str(uuid.uuid4())
    with cctv_app.app_context():
        outcome = notice_issued.run(event_id, _notice_issued(ward=None, occurred_at="last Tuesday", version=1))
        assert notice_issued.run(event_id, _notice_issued(ward=None)) == "duplicate"  # redelivered: kept once
    assert outcome == "dead letter"
    assert db.scalar(select(DemandSignal).where(DemandSignal.reference == "FPN555555555")) is None

    client = cctv_app.test_client()
    listed = client.get("/api/v1/dead-letters", headers=bearer("admin.jones", "admin"))
    assert listed.status_code == 200
    [letter] = [d for d in listed.json if d["event_id"] == event_id]
    assert letter["task"] == "cctv.notice_issued" and letter["reason"] == "malformed"
    assert {e["field"] for e in letter["errors"]} == {"ward", "occurred_at"}
    assert "payload" not in letter  # it may hold personal data; the sender's outbox has it under the event id
    assert client.get("/api/v1/dead-letters", headers=bearer("cctv.member", "cctv_working_group")).status_code == 403


def test_a_version_the_consumer_does_not_understand_is_a_dead_letter_saying_to_upgrade(cctv_app, db):
    from services.cctv.tasks import notice_issued

    event_id = str(uuid.uuid4())
    with cctv_app.app_context():
        assert notice_issued.run(event_id, _notice_issued(version=2)) == "dead letter"
    letter = db.scalar(select(DeadLetter).where(DeadLetter.event_id == event_id))
    assert letter.errors == [{"field": "version", "message": "Version 2 is not understood here; this consumer "
                              "accepts 1. Upgrade the consumer first."}]


def test_fpns_answers_are_kept_against_the_noise_request_they_belong_to(noise_app, db):
    from services.noise.tasks import notice_issued_for_request, notice_state_changed

    with noise_app.app_context():
        notice_issued_for_request.run(str(uuid.uuid4()), {
            "version": 1, "reference": "NOISE-2026-0042", "notice_number": "FPN 4821 3907 5", "state": "issued",
            "amount": "100.00", "pay_by": "2026-12-11"})
        notice_state_changed.run(str(uuid.uuid4()), {"version": 1, "notice_number": "FPN482139075",
                                                     "reference": "NOISE-2026-0042", "from": "issued", "to": "paid"})
    request = db.scalar(select(NoticeRequest).where(NoticeRequest.reference == "NOISE-2026-0042"))
    assert (request.state, request.notice_number, str(request.amount), request.notice_state) == (
        "issued", "FPN 4821 3907 5", "100.00", "paid")


def test_a_nul_byte_is_refused_on_the_way_out_and_kept_as_a_dead_letter_on_the_way_in(cctv_app, db):
    from services.cctv.tasks import notice_issued

    with pytest.raises(ContractViolation, match="street_address"):
        outbox.emit(db, CctvOutbox, TaskNames.CCTV_NOTICE_ISSUED, _notice_issued(street_address="Kilburn\x00 Road"))
    event_id = str(uuid.uuid4())
    with cctv_app.app_context():
        assert notice_issued.run(event_id, _notice_issued(street_address="Kilburn\x00 Road")) == "dead letter"
    letter = db.scalar(select(DeadLetter).where(DeadLetter.event_id == event_id))
    assert letter.reason == "malformed" and letter.errors[0]["field"] == "street_address"


def test_an_event_the_database_refuses_is_kept_as_a_dead_letter_and_its_values_are_not_logged(cctv_app, db, caplog):
    from services.cctv.tasks import notice_issued

    caplog.set_level(logging.INFO)
    event_id = str(uuid.uuid4())
    too_long = _notice_issued(notice_number="FPN" + "9" * 60, street_address="Flat 2, 9 Example Mews")
    with cctv_app.app_context():
        assert notice_issued.run(event_id, too_long) == "dead letter"  # not lost, and the worker goes on
    letter = db.scalar(select(DeadLetter).where(DeadLetter.event_id == event_id))
    assert letter.reason == "failed" and letter.errors[0]["message"].startswith("DataError while handling it")
    assert letter.payload["street_address"] == "Flat 2, 9 Example Mews"  # kept for a person, in the database
    logged = " ".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    assert "DataError" in logged and "Example Mews" not in logged
