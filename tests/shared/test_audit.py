"""The audit chain catches every kind of tampering a person with only the database could try: an edited row, a
chain re-sealed after an edit, the newest rows deleted, and rows edited or slipped in before the sealer links
them into the chain."""
import hashlib
import hmac
import json
from datetime import date, datetime, timedelta, timezone

import logging

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from shared import audit
from services.fpn.models import AuditEntry


@pytest.fixture
def chain(db, tmp_path):
    """Five new audit rows, a checkpoint of the chain's head written outside the database, and the append-only
    trigger switched off (inside this test's transaction) as a database administrator could."""
    for n in range(5):
        audit.record(db, AuditEntry, actor="supervisor.okafor", action="cancel", entity="notice",
                     entity_id=f"FPN00000000{n}", data={"from": "issued", "to": "cancelled"})
    checkpoints = tmp_path / "fpn.jsonl"
    audit.checkpoint(db, AuditEntry, checkpoints)
    db.execute(text("ALTER TABLE fpn.audit_log DISABLE TRIGGER audit_log_append_only"))
    rows = db.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(5)).all()[::-1]
    return rows, checkpoints


def _verify(db, checkpoints):
    db.expire_all()
    return audit.verify_chain(db, AuditEntry, audit.read_checkpoints(checkpoints))


def test_an_untouched_chain_verifies_against_its_checkpoints(db, chain):
    intact, count, message = _verify(db, chain[1])
    assert intact and count >= 5 and "1 checkpoints matched" in message


def test_an_edited_row_is_caught(db, chain):
    rows, checkpoints = chain
    db.execute(text("UPDATE fpn.audit_log SET data = CAST(:d AS json) WHERE id = :id"),
               {"d": json.dumps({"from": "issued", "to": "paid"}), "id": rows[2].id})
    intact, _count, message = _verify(db, checkpoints)
    assert not intact and f"audit row {rows[2].id}" in message


def test_a_chain_re_sealed_after_an_edit_is_caught(db, chain):
    rows, checkpoints = chain
    # Without the key, the best a forger can do is seal with a plain hash, or with a key of their own.
    prev = rows[0].prev_hash
    for row in rows:
        body = json.dumps([prev, row.at.isoformat(), row.actor, row.action, row.entity, row.entity_id,
                           {"from": "issued", "to": "paid"}], sort_keys=True, default=str).encode()
        seal = hashlib.sha256(body).hexdigest()
        db.execute(text("UPDATE fpn.audit_log SET data = CAST(:d AS json), prev_hash = :p, hash = :h, mac = NULL, "
                        "sealed_with = 'sha256' WHERE id = :id"),
                   {"d": json.dumps({"from": "issued", "to": "paid"}), "p": prev, "h": seal, "id": row.id})
        prev = seal
    intact, _count, message = _verify(db, checkpoints)
    # Caught where a keyed row is followed by a plain one, or, if the whole chain was re-sealed, by the checkpoint.
    assert not intact and ("re-sealed" in message or "rebuilt" in message)


def test_the_newest_rows_deleted_are_caught_by_the_checkpoint(db, chain):
    rows, checkpoints = chain
    newest = rows[4].id
    db.execute(text("DELETE FROM fpn.audit_log WHERE id >= :id"), {"id": rows[3].id})
    db.expire_all()
    assert audit.verify_chain(db, AuditEntry)[0]  # the chain that is left is consistent in itself...
    intact, _count, message = _verify(db, checkpoints)
    assert not intact and f"audit row {newest}" in message and "missing" in message  # ...but not complete


def test_a_forged_checkpoint_is_caught(db, chain):
    _rows, checkpoints = chain
    entry = json.loads(checkpoints.read_text().splitlines()[-1])
    checkpoints.write_text(json.dumps({**entry, "id": entry["id"] - 1}) + "\n")
    intact, _count, message = _verify(db, checkpoints)
    assert not intact and "not written by this system" in message


def test_checkpoints_of_other_chains_are_passed_over_and_the_rest_still_checked(db, chain):
    _rows, checkpoints = chain
    entry = json.loads(checkpoints.read_text().splitlines()[-1])
    other = {**entry, "table": "cctv.audit_log"}
    forged = {**entry, "id": entry["id"] - 1}  # this chain's, and not written by this system
    checkpoints.write_text(json.dumps(other) + "\n" + json.dumps(forged) + "\n")
    intact, _count, message = _verify(db, checkpoints)
    assert not intact and "not written by this system" in message


def _waiting_row(db, **changes):
    """A new audit row, not yet sealed, with `changes` then made to it as a database administrator could."""
    row = audit.record(db, AuditEntry, actor="supervisor.okafor", action="cancel", entity="notice",
                       entity_id="FPN000000099", data={"from": "issued", "to": "cancelled"})
    db.flush()
    if changes:
        db.execute(text("ALTER TABLE fpn.audit_log DISABLE TRIGGER audit_log_append_only"))
        db.execute(text("UPDATE fpn.audit_log SET " + ", ".join(f"{k} = :{k}" for k in changes) + " WHERE id = :id"),
                   {**changes, "id": row.id})
        db.expire_all()
    return row


def test_the_sealer_links_new_rows_into_the_chain_once_and_in_order(db):
    first, second = _waiting_row(db), _waiting_row(db)
    assert first.hash is None and first.mac  # written with its MAC, sealed later, off the request path
    audit.seal_pending(db, AuditEntry)
    assert audit.seal_pending(db, AuditEntry) == 0
    assert second.seq == first.seq + 1 and second.prev_hash == first.hash
    assert audit.verify_chain(db, AuditEntry)[0]


def test_a_row_edited_while_it_waits_for_its_seal_is_caught_and_never_sealed(db, caplog):
    row = _waiting_row(db, actor="someone.else")
    with caplog.at_level(logging.ERROR, logger="shared.audit"):
        audit.seal_pending(db, AuditEntry)
    db.expire_all()
    assert db.get(AuditEntry, row.id).hash is None
    logged = next(r for r in caplog.records if "does not match its MAC" in r.getMessage())
    assert (logged.table, logged.row) == ("fpn.audit_log", row.id)
    intact, _count, message = audit.verify_chain(db, AuditEntry)
    assert not intact and f"audit row {row.id}" in message and "altered" in message


def test_a_row_slipped_in_without_the_key_is_never_sealed(db):
    db.add(AuditEntry(at=datetime.now(timezone.utc).replace(microsecond=0), actor="mallory", action="cancel",
                      entity="notice", entity_id="FPN000000098", data={}))
    db.flush()
    audit.seal_pending(db, AuditEntry)
    intact, _count, message = audit.verify_chain(db, AuditEntry)
    assert not intact and "written without the key" in message


def test_the_database_lets_the_sealer_fill_in_a_seal_once_and_nothing_else(db):
    row = _waiting_row(db)
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():  # sealing while changing the content
        db.execute(text("UPDATE fpn.audit_log SET seq = -1, hash = :h, actor = 'mallory' WHERE id = :id"),
                   {"h": "f" * 64, "id": row.id})
    audit.seal_pending(db, AuditEntry)
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():  # re-sealing a sealed row
        db.execute(text("UPDATE fpn.audit_log SET hash = :h WHERE id = :id"), {"h": "f" * 64, "id": row.id})


def test_an_audit_row_keeps_who_did_what_to_which_record_and_its_details(db):
    row = audit.record(db, AuditEntry, actor="supervisor.okafor", action="cancel", entity="notice",
                       entity_id=482139075, data={"from": "issued", "to": "cancelled", "on": date(2026, 7, 1)})
    db.flush()
    db.expire_all()
    stored = db.get(AuditEntry, row.id)
    assert (stored.actor, stored.action, stored.entity, stored.entity_id) == ("supervisor.okafor", "cancel",
                                                                             "notice", "482139075")
    assert stored.data == {"from": "issued", "to": "cancelled", "on": "2026-07-01"}
    assert stored.sealed_with == audit.HMAC
    assert stored.at.microsecond == 0 and abs(stored.at - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_the_database_refuses_to_delete_an_audit_row(db):
    row = _waiting_row(db)
    audit.seal_pending(db, AuditEntry)
    for state in ("sealed", "waiting"):
        with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
            db.execute(text("DELETE FROM fpn.audit_log WHERE id = :id"), {"id": row.id})
        row = _waiting_row(db)


def test_an_edit_to_any_one_field_of_a_sealed_row_is_caught(db, chain):
    rows, checkpoints = chain
    for column, value in (("actor", "someone.else"), ("action", "approve"), ("entity", "order"),
                          ("entity_id", "FPN000000009"), ("at", datetime(2020, 1, 1, tzinfo=timezone.utc))):
        with db.begin_nested() as edit:
            db.execute(text(f"UPDATE fpn.audit_log SET {column} = :v WHERE id = :id"), {"v": value, "id": rows[1].id})
            intact, _count, message = _verify(db, checkpoints)
            assert not intact and f"audit row {rows[1].id}" in message, column
            edit.rollback()


def test_seals_are_keyed_and_do_not_depend_on_the_order_of_the_details():
    content = ["2026-07-01T10:00:00+00:00", "supervisor.okafor", "cancel", "notice", "FPN1", {"to": "x", "from": "y"}]
    reordered = [*content[:5], {"from": "y", "to": "x"}]
    assert audit._digest(audit.GENESIS, content) == audit._digest(audit.GENESIS, reordered)
    assert audit._mac(content) == audit._mac(reordered) != audit._digest(audit.GENESIS, content)
    plain = hashlib.sha256(json.dumps([audit.GENESIS, *content], sort_keys=True).encode()).hexdigest()
    assert audit._digest(audit.GENESIS, content, audit.LEGACY) == plain  # rows from before seals were keyed
    assert audit._digest(audit.GENESIS, content) != plain


def test_the_sealer_carries_on_from_the_head_of_the_chain_and_says_how_many_it_sealed(db):
    audit.seal_pending(db, AuditEntry)
    first = _waiting_row(db)
    assert audit.seal_pending(db, AuditEntry) == 1
    second, third = _waiting_row(db), _waiting_row(db)
    assert audit.seal_pending(db, AuditEntry) == 2
    assert (second.seq, second.prev_hash) == (first.seq + 1, first.hash)
    assert (third.seq, third.prev_hash) == (second.seq + 1, second.hash)
    fourth = _waiting_row(db)  # after a pass that sealed several, the head is the last of them
    assert audit.seal_pending(db, AuditEntry) == 1
    assert (fourth.seq, fourth.prev_hash) == (third.seq + 1, third.hash)


def test_verify_counts_the_rows_checked_and_those_waiting_for_their_seal(db):
    audit.seal_pending(db, AuditEntry)
    sealed = db.scalar(select(func.count()).select_from(AuditEntry))
    _waiting_row(db), _waiting_row(db)
    intact, count, message = audit.verify_chain(db, AuditEntry)
    assert intact and count == sealed + 2
    assert f"{sealed} audit rows verified, chain intact; 2 newer rows awaiting their seal" in message
    audit.seal_pending(db, AuditEntry)
    intact, count, message = audit.verify_chain(db, AuditEntry)
    assert intact and count == sealed + 2 and "awaiting" not in message and "no checkpoints yet" in message


def test_the_seal_key_comes_from_settings_when_no_app_set_it():
    from types import SimpleNamespace

    from shared.settings import load_settings

    settings = load_settings()
    saved = dict(audit._seal_key)
    audit._seal_key.clear()
    try:
        assert audit._key() == audit.seal_key_from(settings.secret_key, settings.audit_key)
        audit.set_seal_key(b"another key")
        assert audit._key() == b"another key"
    finally:
        audit._seal_key.clear()
        audit._seal_key.update(saved)
    assert audit.seal_key_from("secret", "audit key") == b"audit key"
    assert audit.seal_key_from("secret") == hmac.new(b"secret", b"safer-brent-operations audit seal",
                                                     hashlib.sha256).digest()
    naive = SimpleNamespace(at=datetime(2026, 7, 1, 10, 0), actor="a", action="b", entity="c", entity_id="d", data={})
    assert audit._content(naive)[0] == "2026-07-01T10:00:00+00:00"  # SQLite gives back naive UTC times


def test_a_checkpoint_is_written_where_asked_and_logged(db, tmp_path, caplog):
    _waiting_row(db)
    where = tmp_path / "not" / "made" / "yet.jsonl"
    with caplog.at_level(logging.INFO, logger="shared.audit"):
        entry = audit.checkpoint(db, AuditEntry, where)
    assert audit.read_checkpoints(where) == [entry]
    logged = next(r for r in caplog.records if r.getMessage() == "audit checkpoint")
    assert (logged.table, logged.row, logged.seal) == ("fpn.audit_log", entry["id"], entry["hash"])


def test_the_format_of_a_seal_never_changes_so_old_rows_still_verify():
    """Fixed expectations: a release that changed how seals are made would report every existing row as altered."""
    content = ["2026-07-01T10:00:00+00:00", "supervisor.okafor", "cancel", "notice", "FPN1", {"b": 1, "a": 2}]
    saved = dict(audit._seal_key)
    audit.set_seal_key(b"fixed key for this test")
    try:
        mac = hmac.new(b"fixed key for this test", json.dumps(["row", *content], sort_keys=True).encode(),
                       hashlib.sha256).hexdigest()
        seal = hmac.new(b"fixed key for this test", json.dumps([audit.GENESIS, *content], sort_keys=True).encode(),
                        hashlib.sha256).hexdigest()
        assert (audit._mac(content), audit._digest(audit.GENESIS, content)) == (mac, seal)
    finally:
        audit._seal_key.clear()
        audit._seal_key.update(saved)


def test_an_audit_key_set_apart_from_the_signing_secret_is_the_one_used(monkeypatch):
    monkeypatch.setenv("SBO_AUDIT_KEY", "a key kept apart")
    saved = dict(audit._seal_key)
    audit._seal_key.clear()
    try:
        assert audit._key() == b"a key kept apart"
    finally:
        audit._seal_key.clear()
        audit._seal_key.update(saved)


def test_a_row_reads_the_same_whatever_time_zone_the_database_gives_its_time_in():
    from types import SimpleNamespace
    from zoneinfo import ZoneInfo

    def row(at):
        return SimpleNamespace(at=at, actor="a", action="b", entity="c", entity_id="d", data={})

    utc = datetime(2026, 7, 1, 9, 0, tzinfo=timezone.utc)
    london = utc.astimezone(ZoneInfo("Europe/London"))  # 10:00+01:00, as a London-set connection returns it
    assert audit._content(row(london)) == audit._content(row(utc))
    assert audit._content(row(london))[0] == "2026-07-01T09:00:00+00:00"


def test_a_naive_time_from_sqlite_is_read_as_utc_on_a_server_set_to_london_time(monkeypatch):
    import time
    from types import SimpleNamespace

    monkeypatch.setenv("TZ", "Europe/London")
    time.tzset()
    try:
        naive = SimpleNamespace(at=datetime(2026, 7, 1, 9, 0), actor="a", action="b", entity="c", entity_id="d",
                                data={})
        assert audit._content(naive)[0] == "2026-07-01T09:00:00+00:00"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_rows_are_sealed_in_the_order_they_were_written_not_the_order_they_are_stored_in(db):
    audit.seal_pending(db, AuditEntry)
    later, earlier = _waiting_row(db), _waiting_row(db)  # stored in this order...
    earlier_id = earlier.id - 10_000_000  # ...but `earlier` took the lower id: its transaction began first
    db.execute(text("ALTER TABLE fpn.audit_log DISABLE TRIGGER audit_log_append_only"))
    db.execute(text("UPDATE fpn.audit_log SET id = :new WHERE id = :id"), {"new": earlier_id, "id": earlier.id})
    db.execute(text("ALTER TABLE fpn.audit_log ENABLE TRIGGER audit_log_append_only"))
    db.expunge_all()
    assert audit.seal_pending(db, AuditEntry) == 2
    later, earlier = db.get(AuditEntry, later.id), db.get(AuditEntry, earlier_id)
    assert later.seq == earlier.seq + 1 and later.prev_hash == earlier.hash


def test_the_sealer_seals_the_good_rows_before_an_altered_one_and_counts_only_those(db):
    audit.seal_pending(db, AuditEntry)
    good = _waiting_row(db)
    altered = _waiting_row(db, actor="someone.else")
    after = _waiting_row(db)
    assert audit.seal_pending(db, AuditEntry) == 1
    db.expire_all()
    assert good.hash is not None and altered.hash is None and after.hash is None


def test_verify_says_exactly_what_it_found_in_an_intact_chain(db):
    audit.seal_pending(db, AuditEntry)
    sealed = db.scalar(select(func.count()).select_from(AuditEntry))
    _intact, _count, message = audit.verify_chain(db, AuditEntry)
    assert message == (f"{sealed} audit rows verified, chain intact; no checkpoints yet, so deleted newest rows "
                       "cannot be detected (the scheduler writes one every 10 minutes)")


def test_two_sealers_at_once_take_turns_and_never_seal_a_row_twice(committed):
    """The scheduler may run a second sealer (another process) while one is still working."""
    import threading

    from sqlalchemy.orm import Session

    with Session(committed) as writer:
        audit.record(writer, AuditEntry, actor="supervisor.okafor", action="cancel", entity="notice",
                     entity_id="FPN000000097", data={})
        writer.commit()
    first, second = Session(committed), Session(committed)
    outcome = {}

    def run_second():
        try:
            outcome["sealed"] = audit.seal_pending(second, AuditEntry)
            second.commit()
        except Exception as exc:  # noqa: BLE001 - the test reports it
            outcome["error"] = exc
            second.rollback()

    try:
        assert audit.seal_pending(first, AuditEntry) >= 1
        thread = threading.Thread(target=run_second)
        thread.start()
        with committed.connect() as watcher:  # wait until the second sealer is waiting for the first
            for _ in range(200):
                waiting = watcher.execute(text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
                                               "'Lock' AND datname = current_database()")).scalar()
                if waiting:
                    break
                threading.Event().wait(0.05)
        first.commit()
        thread.join(30)
    finally:
        first.close()
        second.close()
    assert outcome == {"sealed": 0}
    with Session(committed) as check:
        assert audit.verify_chain(check, AuditEntry)[0]


def test_one_run_of_the_sealer_seals_every_batch_waiting_not_just_one(committed, fpn_app, monkeypatch):
    """After an import has written thousands of audit rows, the 2-second job goes on batch after batch (each in a
    transaction of its own) instead of sealing one batch a run."""
    from sqlalchemy.orm import Session

    from shared import jobs

    with Session(committed) as writer:
        audit.record_many(writer, AuditEntry, [{"actor": "noise-app-import", "action": "case_opened", "entity": "case",
                                                "entity_id": f"NC-{n:06d}", "data": {"incidents": 4}}
                                               for n in range(2 * audit.BATCH + 5)])
        writer.commit()
    monkeypatch.setattr(jobs, "SEAL_SECONDS", 600)  # (a run's time limit is not what is tested: a slow machine)
    sealed = jobs.find(fpn_app, "fpn.audit_seal")["func"]()  # three batches, in one run
    assert sealed == f"{2 * audit.BATCH + 5} audit rows sealed"
    with Session(committed) as check:
        assert check.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.hash.is_(None))) == 0
        assert audit.verify_chain(check, AuditEntry)[0]


# A chain of a table of its own, in SQLite, where rows can be written exactly as they would be stored.
def _sqlite_log():
    from sqlalchemy import create_engine
    from sqlalchemy.orm import DeclarativeBase, Session

    class Base(DeclarativeBase):
        pass

    class Log(audit.AuditMixin, Base):
        __tablename__ = "audit_log"

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    return Session(engine), Log


def _sealed_rows(Log, sealed_with: list[str], ids: list[int] | None = None):
    """Rows sealed by hand in chain order (seq 1, 2, ...), with the given ids and ways of sealing."""
    rows, prev = [], audit.GENESIS
    for seq, (how, row_id) in enumerate(zip(sealed_with, ids or range(1, len(sealed_with) + 1)), start=1):
        row = Log(id=row_id, at=datetime(2023, 1, seq, tzinfo=timezone.utc), actor="officer.ade", action="issue",
                  entity="notice", entity_id=f"FPN{seq}", data={}, sealed_with=how)
        content = audit._content(row)
        row.mac = audit._mac(content) if how == audit.HMAC else None  # rows from before MACs have none
        row.seq, row.prev_hash, row.hash = seq, prev, audit._digest(prev, content, how)
        rows.append(row)
        prev = row.hash
    return rows


def test_the_first_sealed_row_starts_the_chain():
    session, Log = _sqlite_log()
    session.add(audit.record(session, Log, actor="officer.ade", action="issue", entity="notice", entity_id="FPN1"))
    session.flush()
    assert audit.seal_pending(session, Log) == 1
    row = session.scalars(select(Log)).one()
    assert (row.seq, row.prev_hash, row.sealed_with) == (1, audit.GENESIS, audit.HMAC)
    assert audit.verify_chain(session, Log)[:2] == (True, 1)


def test_verify_follows_the_chain_even_where_a_row_with_a_lower_id_was_sealed_later():
    session, Log = _sqlite_log()
    # Row 2's transaction committed first, so it was sealed first: ids and the chain's order differ.
    session.add_all(_sealed_rows(Log, [audit.HMAC, audit.HMAC, audit.HMAC], ids=[2, 1, 3]))
    session.flush()
    assert audit.verify_chain(session, Log)[:2] == (True, 3)


def test_rows_sealed_before_seals_were_keyed_still_verify_but_never_after_a_keyed_row():
    session, Log = _sqlite_log()
    session.add_all(_sealed_rows(Log, [audit.LEGACY, audit.LEGACY, audit.HMAC, audit.HMAC]))
    session.flush()
    assert audit.verify_chain(session, Log)[:2] == (True, 4)

    session, Log = _sqlite_log()
    session.add_all(_sealed_rows(Log, [audit.LEGACY, audit.HMAC, audit.LEGACY]))  # a forger's plain hash
    session.flush()
    intact, count, message = audit.verify_chain(session, Log)
    assert (intact, count) == (False, 2) and "audit row 3" in message and "re-sealed" in message

    session, Log = _sqlite_log()
    rows = _sealed_rows(Log, [audit.LEGACY, audit.LEGACY])
    rows[1].actor = "someone.else"  # an old row, with no MAC, edited after it was sealed
    session.add_all(rows)
    session.flush()
    intact, count, message = audit.verify_chain(session, Log)
    assert (intact, count) == (False, 1) and "audit row 2" in message


def test_rows_written_many_at_once_read_and_verify_as_rows_written_one_by_one(db):
    """A bulk change (an import) writes its audit rows together: each says what it was given, carries the MAC of
    its content, and is sealed into the chain like any other; an edit to one of them is caught."""
    before = db.scalar(select(func.max(AuditEntry.id))) or 0
    audit.record_many(db, AuditEntry, [
        {"actor": "noise-app-import", "action": "incidents_imported", "entity": "case", "entity_id": 42,
         "data": {"import": 7, "incidents": 3, "on": date(2026, 11, 27)}},
        {"actor": "system", "action": "case_opened", "entity": "case", "entity_id": "NC-000043"}])
    rows = db.scalars(select(AuditEntry).where(AuditEntry.id > before).order_by(AuditEntry.id)).all()
    assert [(r.actor, r.action, r.entity, r.entity_id, r.data) for r in rows] == [
        ("noise-app-import", "incidents_imported", "case", "42", {"import": 7, "incidents": 3, "on": "2026-11-27"}),
        ("system", "case_opened", "case", "NC-000043", {})]
    assert all(r.at == rows[0].at and r.at.microsecond == 0 and abs(r.at - datetime.now(timezone.utc)) <
               timedelta(minutes=1) for r in rows)  # written now, to the second, as `record` writes them
    assert all(r.sealed_with == audit.HMAC and r.hash is None for r in rows)  # waiting for the sealer
    assert audit.verify_chain(db, AuditEntry)[0]  # each row's MAC matches its content while it waits
    assert audit.seal_pending(db, AuditEntry) >= 2
    db.expire_all()
    assert audit.verify_chain(db, AuditEntry)[0]
    db.execute(text("ALTER TABLE fpn.audit_log DISABLE TRIGGER audit_log_append_only"))
    db.execute(text("UPDATE fpn.audit_log SET entity_id = 'NC-000044' WHERE id = :id"), {"id": rows[1].id})
    db.expire_all()
    intact, _count, message = audit.verify_chain(db, AuditEntry)
    assert not intact and f"audit row {rows[1].id}" in message
