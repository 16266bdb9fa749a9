"""Events between services: nothing lost while Redis is down, nothing done twice when redelivered."""
import uuid
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import outbox
from services.cctv.models import DeadLetter, DemandSignal
from services.fpn import register
from services.fpn.models import IssueRefusal, Notice, OutboxMessage
from services.noise.models import OutboxMessage as NoiseOutbox
from tests.fpn.conftest import prohibition_id
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def _extend_pspo(engine):
    with Session(engine) as session:
        order = register.get_order(session=session, code="BRENT-PSPO-2023")
        register.add_variation(session=session, order=order, kind="extension", decided_on=date(2026, 1, 20),
                               new_end=date(2029, 1, 31), description="Extended (integration test)", actor="test")
        session.commit()


def _body(engine):
    with Session(engine) as session:
        pid = prohibition_id(session, "boroughwide", "alcohol-consumption")
    return {"order_code": "BRENT-PSPO-2023", "prohibition_id": pid,
            "occurred_at": (datetime.now(timezone.utc) - timedelta(minutes=30)).isoformat(),
            "location": {"ward": "Harlesden and Kensal Green", "street_address": "High Street, Harlesden NW10"},
            "observed": "Drinking from an open bottle of wine.",
            "offender": {"name": "Alex Example", "date_of_birth": "1988-02-03", "address": "2 Example Road, London"},
            "outcome": "fpn", "identification_shown": True}


def _relay(app, outbox_model=OutboxMessage):
    with app.extensions["sbo_db"].transaction() as session:
        return outbox.relay(session, outbox_model, app.extensions["celery"])


def test_a_notice_issued_while_redis_is_down_reaches_cctv_once_redis_is_back(
        apps, private_redis, start_worker, committed):
    from tests.conftest import bearer

    _extend_pspo(committed)
    start_worker("cctv")
    private_redis.stop()
    response = apps["fpn"].test_client().post(
        "/api/v1/notices", json=_body(committed),
        headers={**bearer("officer.patel", "enforcement_officer"), "Idempotency-Key": str(uuid.uuid4())})
    assert response.status_code == 201, response.json  # officers are never held up by the broker
    number = response.json["number"].replace(" ", "")

    assert _relay(apps["fpn"]) == 0  # Redis is down: the event stays in the outbox
    with Session(committed) as session:
        waiting = session.scalars(select(OutboxMessage).where(OutboxMessage.task == "cctv.notice_issued")).one()
        assert waiting.published_at is None and waiting.attempts == 1

    private_redis.start()
    assert _relay(apps["fpn"]) >= 1

    def signal():
        with Session(committed) as session:
            return session.scalar(select(DemandSignal).where(DemandSignal.reference == number))

    received = wait_for(signal, 60, "cctv to record the notice as a demand signal")
    assert received.ward == "Harlesden and Kensal Green" and received.kind == "Borough Wide PSPO - Alcohol consumption"


def test_a_redelivered_event_is_acted_on_once(apps, start_worker, committed):
    worker = start_worker("cctv")
    celery = apps["fpn"].extensions["celery"]
    event_id = str(uuid.uuid4())
    payload = {"notice_number": "FPN123456789", "ward": "Kilburn", "latitude": None, "longitude": None,
               "street_address": "Kilburn High Road", "occurred_at": datetime.now(timezone.utc).isoformat(),
               "notice_type": "Borough Wide PSPO - Littering (item)", "outcome": "fpn"}
    for _ in range(3):
        celery.send_task("cctv.notice_issued", kwargs={"event_id": event_id, "payload": payload})
    celery.send_task("cctv.notice_state_changed", kwargs={
        "event_id": str(uuid.uuid4()), "payload": {"notice_number": "FPN123456789", "from": "issued",
                                                   "to": "cancelled"}})

    def followed():
        with Session(committed) as session:
            signal = session.scalar(select(DemandSignal).where(DemandSignal.reference == "FPN123456789"))
            return signal if signal is not None and signal.status == "cancelled" else None

    wait_for(followed, 60, "cctv to follow the cancellation")
    with Session(committed) as session:
        assert session.scalar(select(func.count()).select_from(DemandSignal)) == 1
    log = worker.log.read_text()
    assert log.count("succeeded") == 4 and "ERROR" not in log, log[-3000:]


def test_the_fpn_worker_answers_a_request_from_another_service(apps, start_worker, committed):
    _extend_pspo(committed)
    worker = start_worker("fpn")
    body = {k: v for k, v in _body(committed).items() if k not in ("prohibition_id", "identification_shown")}
    good = {"source": "noise", "reference": "NOISE-2026-0042", "requested_by": "nco.smith",
            "notice": {**body, "scope_code": "boroughwide", "prohibition_code": "alcohol-consumption"}}
    bad = {**good, "reference": "NOISE-2026-0043", "notice": {**good["notice"], "prohibition_code": "shouting"}}
    noise = apps["noise"]
    with noise.extensions["sbo_db"].transaction() as session:  # as the noise service sends them: by its outbox
        good_id = outbox.emit(session, NoiseOutbox, "fpn.issue_notice", good)
        outbox.emit(session, NoiseOutbox, "fpn.issue_notice", bad)
    assert _relay(noise, NoiseOutbox) == 2
    with noise.extensions["sbo_db"].transaction() as session:  # the relay died before recording the send
        session.get(NoiseOutbox, good_id).published_at = None
    assert _relay(noise, NoiseOutbox) == 1

    def answered():
        with Session(committed) as session:
            refusal = session.scalar(select(IssueRefusal).where(IssueRefusal.reference == "NOISE-2026-0043"))
            issued = session.scalar(select(func.count()).select_from(Notice).where(Notice.source == "noise"))
            return (refusal, issued) if refusal and issued else None

    refusal, issued = wait_for(answered, 60, "the fpn worker to answer both requests")
    assert issued == 1
    assert refusal.title == "Unknown prohibition" and "shouting" in refusal.detail
    log = worker.log.read_text()
    assert f"fpn.issue_notice[{good_id}] received" in log
    # Neither the offender's details nor the officer's free-text account of the offence reach the log.
    assert "Alex Example" not in log and "High Street" not in log and "bottle of wine" not in log


def test_a_task_whose_worker_is_killed_outright_is_done_by_the_next_worker(apps, start_worker, committed):
    import os
    import signal
    import time

    from sqlalchemy import text

    worker = start_worker("cctv")
    event_id = str(uuid.uuid4())
    # Hold the inbox row the task must write, so that the worker is caught in the middle of the task.
    blocker = committed.connect()
    holding = blocker.begin()
    try:
        blocker.execute(text("INSERT INTO cctv.inbox (event_id, task, processed_at) VALUES (:id, 'held', now())"),
                        {"id": event_id})
        apps["fpn"].extensions["celery"].send_task("cctv.notice_issued", task_id=event_id, kwargs={
            "event_id": event_id, "payload": {
                "notice_number": "FPN987654321", "ward": "Stonebridge", "street_address": "North Circular Road",
                "occurred_at": datetime.now(timezone.utc).isoformat(),
                "notice_type": "Nuisance Vehicles PSPO - Racing", "outcome": "fpn"}})
        wait_for(lambda: f"cctv.notice_issued[{event_id}] received" in worker.log.read_text(), 30,
                 "the task to start")
        time.sleep(1)
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)
    finally:
        holding.rollback()
        blocker.close()
    killed_at = time.monotonic()

    start_worker("cctv")  # the replacement a supervisor (docker, systemd) would start

    def signal_recorded():
        with Session(committed) as session:
            return session.scalar(select(DemandSignal).where(DemandSignal.reference == "FPN987654321"))

    assert wait_for(signal_recorded, 120, "the replacement worker to do the task").ward == "Stonebridge"
    print(f"redelivered and done {time.monotonic() - killed_at:.0f} s after the worker was killed")


def test_an_event_that_arrives_while_the_database_is_away_is_acted_on_once_it_is_back(
        apps, start_worker, database_link, settings, committed):
    worker = start_worker("cctv", database_url=database_link.url(settings.database_url),
                          SBO_DATABASE_RETRY_SECONDS="1")
    database_link.cut()  # the worker's database goes away: its open connections die, new ones are refused
    payload = {"notice_number": "FPN223456789", "ward": "Kilburn", "latitude": None, "longitude": None,
               "street_address": "Kilburn High Road", "occurred_at": datetime.now(timezone.utc).isoformat(),
               "notice_type": "Borough Wide PSPO - Littering (item)", "outcome": "fpn"}
    apps["fpn"].extensions["celery"].send_task("cctv.notice_issued",
                                              kwargs={"event_id": str(uuid.uuid4()), "payload": payload})
    wait_for(lambda: worker.log.read_text().count("retry: Retry in") >= 12, 60,
             "the worker to try the event more than the 10 times allowed for other database errors")

    def signal():
        with Session(committed) as session:
            return session.scalar(select(DemandSignal).where(DemandSignal.reference == "FPN223456789"))

    assert signal() is None
    database_link.restore()
    assert wait_for(signal, 60, "cctv to record the notice once its database is back").ward == "Kilburn"
    with Session(committed) as session:
        assert session.scalar(select(func.count()).select_from(DeadLetter)) == 0  # never given up on
        assert session.scalar(select(func.count()).select_from(DemandSignal)) == 1
