"""A notice asked for by noise, through real workers: fpn issues it, noise hears the answer and every later move;
an event no worker can act on is kept as a dead letter, not dropped."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import notice_requests, outbox
from services.fpn.models import OutboxMessage as FpnOutbox
from services.noise.models import DeadLetter, NoticeRequest, OutboxMessage as NoiseOutbox
from tests.conftest import bearer
from tests.integration.conftest import wait_for
from tests.integration.test_event_delivery import _extend_pspo

pytestmark = pytest.mark.integration


def _relay(app, model):
    with app.extensions["sbo_db"].transaction() as session:
        return outbox.relay(session, model, app.extensions["celery"])


def _request_row(engine, reference):
    with Session(engine) as session:
        return session.scalar(select(NoticeRequest).where(NoticeRequest.reference == reference))


def test_noise_hears_fpns_answer_and_follows_the_notice_to_its_cancellation(apps, start_worker, committed):
    _extend_pspo(committed)
    start_worker("fpn")
    noise_worker = start_worker("noise")
    notice = {"order_code": "BRENT-PSPO-2023", "scope_code": "boroughwide", "prohibition_code": "alcohol-consumption",
              "occurred_at": datetime.now(timezone.utc) - timedelta(hours=2),
              "location": {"ward": "Kilburn", "street_address": "Kilburn High Road NW6"},
              "observed": "Drinking in breach of the order, seen on the Noise App recording.",
              "offender": {"name": "Robin Example"}, "outcome": "fpn"}
    with apps["noise"].extensions["sbo_db"].transaction() as session:
        notice_requests.request_notice(session, model=NoticeRequest, outbox_model=NoiseOutbox, source="noise",
                                       reference="NOISE-2026-0107", requested_by="nco.smith", notice=notice)
    assert _relay(apps["noise"], NoiseOutbox) == 1

    def answered():
        _relay(apps["fpn"], FpnOutbox)
        row = _request_row(committed, "NOISE-2026-0107")
        return row if row.state == "issued" else None

    row = wait_for(answered, 60, "noise to hear that fpn issued the notice")
    assert row.notice_number.startswith("FPN ") and str(row.amount) == "100.00" and row.notice_state == "issued"

    cancelled = apps["fpn"].test_client().post(
        f"/api/v1/notices/{row.notice_number}/cancel", json={"reason": "Abatement notice was withdrawn"},
        headers={**bearer("supervisor.okafor", "enforcement_supervisor"), "X-Request-ID": "supervisor-cancel-77"})
    assert cancelled.status_code == 200, cancelled.json

    def followed():
        _relay(apps["fpn"], FpnOutbox)
        return _request_row(committed, "NOISE-2026-0107").notice_state == "cancelled"

    wait_for(followed, 60, "noise to follow the cancellation")
    log = noise_worker.log.read_text()
    assert "ERROR" not in log and "Robin Example" not in log, log[-3000:]
    # The supervisor's request id is on the noise worker's lines for the task that request caused.
    assert '"request_id": "supervisor-cancel-77"' in log


def test_a_task_the_worker_has_no_consumer_for_is_kept_as_a_dead_letter(apps, start_worker, committed):
    worker = start_worker("noise")
    event_id = str(uuid.uuid4())
    apps["noise"].extensions["celery"].send_task(
        "noise.case_reopened", task_id=event_id,
        kwargs={"event_id": event_id, "payload": {"reporter": "Jo Example, 4 Example Road"}})

    def kept():
        with Session(committed) as session:
            return session.scalar(select(DeadLetter).where(DeadLetter.event_id == event_id))

    letter = wait_for(kept, 60, "the noise worker to keep the unknown task")
    assert letter.task == "noise.case_reopened" and letter.reason == "no-consumer"
    assert letter.payload == {"reporter": "Jo Example, 4 Example Road"}
    assert "Jo Example" not in worker.log.read_text()  # the body is kept in the database, not in the log
