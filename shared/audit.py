"""An append-only, sealed audit log: who changed what, and when.

Each row is sealed with an HMAC over its content and the seal of the row before it, with a key that is not in the
database (SBO_AUDIT_KEY, or one derived from SBO_SECRET_KEY), so a row cannot be altered, and the chain cannot be
re-sealed after an edit, by anyone who only has the database. The chain's head is also written at intervals to a
checkpoint file outside the database, and to the log, so that deleting the newest rows is caught as well.
"""
import hashlib
import hmac
import json
import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import JSON, DateTime, String, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.outbox import utcnow

log = logging.getLogger(__name__)
GENESIS = "0" * 64
HMAC = "hmac-sha256"
LEGACY = "sha256"  # rows written before seals were keyed; accepted only before the first keyed row
_seal_key: dict = {}


def set_seal_key(key: bytes) -> None:
    """The key every seal in this process is made and checked with (each app sets it from its settings)."""
    _seal_key["key"] = key


def seal_key_from(secret_key: str, audit_key: str | None = None) -> bytes:
    """SBO_AUDIT_KEY if set, else a key derived from the signing secret (both live outside the database)."""
    if audit_key:
        return audit_key.encode()
    return hmac.new(secret_key.encode(), b"safer-brent-operations audit seal", hashlib.sha256).digest()


def _key() -> bytes:
    if "key" not in _seal_key:
        from shared.settings import load_settings  # a script with no app: the configured secret

        settings = load_settings()
        set_seal_key(seal_key_from(settings.secret_key, settings.audit_key))
    return _seal_key["key"]


class AuditMixin:
    """Columns of a service's `audit_log` table. Rows hold ids and states, never personal data."""

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(80))
    entity: Mapped[str] = mapped_column(String(80))
    entity_id: Mapped[str] = mapped_column(String(80), index=True)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    sealed_with: Mapped[str] = mapped_column(String(12), default=HMAC, server_default=LEGACY)


def _digest(prev_hash: str, at: datetime, actor: str, action: str, entity: str, entity_id: str, data: dict,
            sealed_with: str = HMAC) -> str:
    """The seal of one row, over its content and the previous row's seal."""
    body = json.dumps([prev_hash, at.isoformat(), actor, action, entity, entity_id, data], sort_keys=True,
                      default=str).encode()
    if sealed_with == LEGACY:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(_key(), body, hashlib.sha256).hexdigest()


def record(session: Session, model, *, actor: str, action: str, entity: str, entity_id, data: dict | None = None):
    """Append one audit row in the caller's transaction, chained to the latest row."""
    if session.get_bind().dialect.name == "postgresql":
        # One writer at a time per chain, or two concurrent rows would seal the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": model.__table__.fullname})
    prev = session.scalar(select(model.hash).order_by(model.id.desc()).limit(1)) or GENESIS
    at = utcnow().replace(microsecond=0)
    data = json.loads(json.dumps(data or {}, default=str))
    row = model(at=at, actor=actor, action=action, entity=entity, entity_id=str(entity_id), data=data,
                prev_hash=prev, hash=_digest(prev, at, actor, action, entity, str(entity_id), data), sealed_with=HMAC)
    session.add(row)
    session.flush()
    return row


def _checkpoint_mac(entry: dict) -> str:
    return hmac.new(_key(), json.dumps([entry["table"], entry["id"], entry["hash"], entry["at"]]).encode(),
                    hashlib.sha256).hexdigest()


def checkpoint(session: Session, model, path: Path) -> dict | None:
    """Append the chain's head (its newest row's id and seal) to `path`, and log it; None if the log is empty."""
    head = session.execute(select(model.id, model.hash).order_by(model.id.desc()).limit(1)).first()
    if head is None:
        return None
    entry = {"table": model.__table__.fullname, "id": head.id, "hash": head.hash, "at": utcnow().isoformat()}
    entry["mac"] = _checkpoint_mac(entry)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as out:
        out.write(json.dumps(entry) + "\n")
    log.info("audit checkpoint", extra={"table": entry["table"], "row": head.id, "seal": head.hash})
    return entry


def read_checkpoints(path: Path) -> list[dict]:
    """The checkpoints recorded in `path` (none if it does not exist yet)."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def verify_chain(session: Session, model, checkpoints: list[dict] | None = None) -> tuple[bool, int, str]:
    """Re-seal every row in order and compare with the checkpoints; return (intact, rows checked, a sentence saying
    what was found)."""
    prev, count, seals, keyed = GENESIS, 0, {}, False
    for row in session.scalars(select(model).order_by(model.id)).yield_per(1000):
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=utcnow().tzinfo)
        keyed = keyed or row.sealed_with == HMAC
        expected = _digest(prev, at, row.actor, row.action, row.entity, row.entity_id, row.data, row.sealed_with)
        if row.prev_hash != prev or row.hash != expected or (keyed and row.sealed_with != HMAC):
            return False, count, f"audit row {row.id} ({row.action} on {row.entity} {row.entity_id}) was altered, " \
                                 f"re-sealed, or a row before it was removed"
        prev, seals[row.id] = row.hash, row.hash
        count += 1
    for entry in checkpoints or []:
        if entry.get("table") != model.__table__.fullname:
            continue
        if entry.get("mac") != _checkpoint_mac(entry):
            return False, count, f"the checkpoint of row {entry.get('id')} was not written by this system"
        if seals.get(entry["id"]) != entry["hash"]:
            return False, count, f"audit row {entry['id']}, recorded at checkpoint {entry['at']}, is missing or " \
                                 "different: rows were removed or the chain was rebuilt"
    return True, count, f"{count} audit rows verified, chain intact" + (
        f", {len(checkpoints)} checkpoints matched" if checkpoints else
        "; no checkpoints yet, so deleted newest rows cannot be detected (the scheduler writes one every 10 minutes)")


def append_only_ddl(schema: str) -> str:
    """PostgreSQL DDL that makes `schema`.audit_log refuse UPDATE and DELETE (used by each service's migration)."""
    return f"""
CREATE OR REPLACE FUNCTION {schema}.audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {schema}.audit_log
FOR EACH ROW EXECUTE FUNCTION {schema}.audit_log_append_only();
"""
