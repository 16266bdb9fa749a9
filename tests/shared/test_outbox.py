"""The outbox relay and the inbox, against a real Redis: events leave oldest first and are marked sent; a broker
that cannot be reached leaves them waiting, counted and explained; a redelivered event is claimed once."""
import json
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import redis
from celery import Celery
from sqlalchemy import select

from shared import outbox
from shared.contracts.tasks import TaskNames
from services.fpn.models import InboxEvent, OutboxMessage

QUEUE = "cctv"  # where fpn's notice_issued events go


def _event(db, minutes_ago: int) -> OutboxMessage:
    message = OutboxMessage(id=str(uuid.uuid4()), task=TaskNames.CCTV_NOTICE_STATE_CHANGED,
                            payload={"notice_number": "FPN123456789", "from": "issued", "to": "paid"},
                            created_at=datetime.now(timezone.utc) - timedelta(minutes=minutes_ago))
    db.add(message)
    db.flush()
    return message


@pytest.fixture
def broker(settings):
    """The test Redis, with the cctv queue emptied before and after."""
    connection = redis.Redis.from_url(settings.broker_url)
    connection.delete(QUEUE)
    yield connection
    connection.delete(QUEUE)


@pytest.fixture
def waiting(db):
    """No other event is waiting: each test's events are the only ones the relay sees."""
    db.query(OutboxMessage).filter(OutboxMessage.published_at.is_(None)).update(
        {"published_at": datetime.now(timezone.utc)})
    return db


def test_the_relay_sends_the_oldest_event_first_and_marks_each_sent(waiting, fpn_app, broker):
    db = waiting
    newest, oldest, middle = _event(db, 1), _event(db, 30), _event(db, 10)
    assert outbox.relay(db, OutboxMessage, fpn_app.extensions["celery"]) == 3
    sent = [json.loads(raw)["headers"]["id"] for raw in reversed(broker.lrange(QUEUE, 0, -1))]  # LPUSH: newest left
    assert sent == [oldest.id, middle.id, newest.id]
    assert all(m.published_at is not None and m.attempts == 0 for m in (oldest, middle, newest))
    assert outbox.pending_count(db, OutboxMessage) == 0
    assert outbox.relay(db, OutboxMessage, fpn_app.extensions["celery"]) == 0  # nothing is sent twice


def test_a_relayed_event_carries_its_payload_its_request_id_and_keeps_the_payload_out_of_logs(
        waiting, fpn_app, broker):
    import base64

    message = _event(waiting, 1)
    message.request_id = "a" * 32
    outbox.relay(waiting, OutboxMessage, fpn_app.extensions["celery"])
    sent = json.loads(broker.lrange(QUEUE, 0, -1)[0])
    args, kwargs, _embed = json.loads(base64.b64decode(sent["body"]))
    assert (args, kwargs) == ([], {"event_id": message.id, "payload": message.payload})
    headers = sent["headers"]
    assert (headers["task"], headers["id"], headers["request_id"]) == (message.task, message.id, "a" * 32)
    assert headers["kwargsrepr"] == repr({"event_id": message.id, "payload": "(not logged)"})  # what workers log


def test_an_event_keeps_the_request_id_of_the_request_that_caused_it(db):
    from shared import request_id

    request_id.begin("b" * 32)
    try:
        event_id = outbox.emit(db, OutboxMessage, TaskNames.CCTV_NOTICE_STATE_CHANGED,
                               {"notice_number": "FPN123456789", "from_state": "issued", "to_state": "paid"})
    finally:
        request_id.CURRENT.set(None)
    assert db.get(OutboxMessage, event_id).request_id == "b" * 32


def test_the_relay_sends_at_most_a_batch_and_leaves_the_rest_for_next_time(waiting, fpn_app, broker):
    db = waiting
    events = [_event(db, n) for n in (3, 2, 1)]
    assert outbox.relay(db, OutboxMessage, fpn_app.extensions["celery"], batch=2) == 2
    assert [e.published_at is not None for e in events] == [True, True, False]


def test_an_unreachable_broker_leaves_the_event_waiting_with_its_attempts_and_the_error(waiting, caplog):
    import logging

    db = waiting
    first, second = _event(db, 5), _event(db, 4)
    unreachable = Celery("unreachable", broker="redis://127.0.0.1:1/0")
    with caplog.at_level(logging.WARNING, logger="shared.outbox"):
        assert outbox.relay(db, OutboxMessage, unreachable) == 0
    logged = next(r for r in caplog.records if r.getMessage() == "outbox relay paused: broker unreachable")
    assert logged.event_id == first.id
    assert outbox.relay(db, OutboxMessage, unreachable) == 0
    assert first.published_at is None and first.attempts == 2
    assert first.last_error and "Error" in first.last_error.split(":")[0]
    assert outbox.utcnow().tzinfo == timezone.utc
    assert second.attempts == 0  # the relay stops at the first failure: the order is kept
    assert outbox.pending_count(db, OutboxMessage) == 2


def test_an_event_is_claimed_once_however_often_it_is_delivered(db):
    event_id = str(uuid.uuid4())
    assert outbox.claim_event(db, InboxEvent, event_id, TaskNames.CCTV_NOTICE_ISSUED) is True
    assert outbox.claim_event(db, InboxEvent, event_id, TaskNames.CCTV_NOTICE_ISSUED) is False
    assert db.get(InboxEvent, event_id).task == TaskNames.CCTV_NOTICE_ISSUED
    assert outbox.claim_event(db, InboxEvent, str(uuid.uuid4()), TaskNames.CCTV_NOTICE_ISSUED) is True


def test_emit_checks_the_payload_against_its_contract_before_anything_is_sent(db):
    from shared.contracts.base import ContractViolation

    event_id = outbox.emit(db, OutboxMessage, TaskNames.CCTV_NOTICE_STATE_CHANGED,
                           {"notice_number": "FPN123456789", "from_state": "issued", "to_state": "paid"})
    stored = db.get(OutboxMessage, event_id)
    assert stored.payload["from"] == "issued" and stored.payload["to"] == "paid" and "version" in stored.payload
    with pytest.raises(ContractViolation):
        outbox.emit(db, OutboxMessage, TaskNames.CCTV_NOTICE_STATE_CHANGED, {"notice_number": "FPN123456789"})


def test_a_long_broker_error_is_kept_to_the_columns_500_characters(waiting):
    """A broker (here a local server speaking Redis's protocol) that answers every command with a long error."""
    import socket
    import threading

    listener = socket.create_server(("127.0.0.1", 0))

    def answer():
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            with connection:
                while connection.recv(65536):
                    connection.sendall(b"-ERR " + b"the broker is refusing this command " * 40 + b"\r\n")

    threading.Thread(target=answer, daemon=True).start()
    message = _event(waiting, 1)
    try:
        refusing = Celery("refusing", broker=f"redis://127.0.0.1:{listener.getsockname()[1]}/0")
        assert outbox.relay(waiting, OutboxMessage, refusing) == 0
    finally:
        listener.close()
    waiting.flush()  # the column holds it
    waiting.expire_all()
    assert message.published_at is None and message.attempts == 1
    assert len(message.last_error) == 500 and "the broker is refusing this command" in message.last_error


def test_two_relays_at_once_never_take_the_same_event_and_neither_waits_for_the_other(committed):
    """The relay runs in every service process's scheduler; a second pass skips what the first has in hand."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    with Session(committed) as writer:  # the oldest waiting events, really committed
        ids = [_event(writer, 60 * 24 * 365 * 20 + n).id for n in (2, 1)]
        writer.commit()
    unreachable = Celery("unreachable", broker="redis://127.0.0.1:1/0")
    first, second = Session(committed), Session(committed)
    try:
        outbox.relay(first, OutboxMessage, unreachable)  # holds its events until its transaction ends
        second.execute(text("SET LOCAL lock_timeout = '2s'"))  # without skipping, it would wait, then fail
        outbox.relay(second, OutboxMessage, unreachable)
        taken = {m.id: m.attempts for m in second.scalars(
            select(OutboxMessage).where(OutboxMessage.id.in_(ids)).execution_options(populate_existing=True))}
        assert taken == {ids[0]: 0, ids[1]: 0}  # the second relay tried neither: the first has them
    finally:
        first.rollback()
        second.rollback()
        first.close()
        second.close()


def _queued(broker, event_id: str, within: float = 15.0) -> bool:
    """Whether the event reaches the broker's queue within `within` seconds (a wait for an outcome, not a timing)."""
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if any(json.loads(raw)["headers"]["id"] == event_id for raw in broker.lrange(QUEUE, 0, -1)):
            return True
        time.sleep(0.05)
    return False


def test_an_event_is_relayed_as_soon_as_it_is_committed_and_after_the_database_connection_is_lost(
        committed, fpn_app, broker):
    """No relay pass runs on an interval here: only the commit's NOTIFY can wake the relay. It listens again after
    its connection is cut (as when PostgreSQL restarts), and an event rolled back is never sent."""
    import threading
    import time

    from sqlalchemy import text
    from sqlalchemy.orm import Session

    from shared.relay import wake_on_commit

    def commit_event(keep: bool = True) -> str:
        with Session(committed) as writer:
            event_id = _event(writer, 0).id
            writer.commit() if keep else writer.rollback()
        return event_id

    def listening() -> bool:
        with committed.connect() as conn:
            return conn.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE application_name = "
                                    "'sbo outbox wake' AND query LIKE 'LISTEN%'")) == 1

    done = threading.Event()
    waker = wake_on_commit([fpn_app], done, retry_seconds=0.2)
    try:
        assert _queued(broker, commit_event())  # by its first pass over what was waiting, or by the wake-up
        rolled_back = commit_event(keep=False)
        woken = commit_event()  # its first pass is over: only the commit's NOTIFY can send this one
        assert _queued(broker, woken)
        assert not _queued(broker, rolled_back, within=0.5)

        with committed.connect() as conn:  # cut the listening connection
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE application_name = 'sbo outbox wake'"))
            conn.commit()
        deadline = time.monotonic() + 15
        while not listening() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert listening()
        assert _queued(broker, commit_event())
    finally:
        done.set()
        waker.join(5)
    assert not waker.is_alive()  # it stops when the scheduler stops leading
