"""The audit chain catches every kind of tampering a person with only the database could try: an edited row, a
chain re-sealed after an edit, and the newest rows deleted."""
import hashlib
import json

import pytest
from sqlalchemy import select, text

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
        db.execute(text("UPDATE fpn.audit_log SET data = CAST(:d AS json), prev_hash = :p, hash = :h, "
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
