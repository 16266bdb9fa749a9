"""An append-only, hash-chained audit log: who changed what, and when. Each row seals the one before it."""
import hashlib
import json
from datetime import datetime

from sqlalchemy import JSON, DateTime, String, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.outbox import utcnow

GENESIS = "0" * 64


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


def _digest(prev_hash: str, at: datetime, actor: str, action: str, entity: str, entity_id: str, data: dict) -> str:
    """The SHA-256 seal of one row, over its content and the previous row's seal."""
    body = json.dumps([prev_hash, at.isoformat(), actor, action, entity, entity_id, data], sort_keys=True,
                      default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def record(session: Session, model, *, actor: str, action: str, entity: str, entity_id, data: dict | None = None):
    """Append one audit row in the caller's transaction, chained to the latest row."""
    if session.get_bind().dialect.name == "postgresql":
        # One writer at a time per chain, or two concurrent rows would seal the same predecessor.
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": model.__table__.fullname})
    prev = session.scalar(select(model.hash).order_by(model.id.desc()).limit(1)) or GENESIS
    at = utcnow().replace(microsecond=0)
    data = json.loads(json.dumps(data or {}, default=str))
    row = model(at=at, actor=actor, action=action, entity=entity, entity_id=str(entity_id), data=data,
                prev_hash=prev, hash=_digest(prev, at, actor, action, entity, str(entity_id), data))
    session.add(row)
    session.flush()
    return row


def verify_chain(session: Session, model) -> tuple[bool, int, str]:
    """Re-seal every row in order; return (intact, rows checked, a sentence saying where it broke if it did)."""
    prev = GENESIS
    count = 0
    for row in session.scalars(select(model).order_by(model.id)).yield_per(1000):
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=utcnow().tzinfo)
        expected = _digest(prev, at, row.actor, row.action, row.entity, row.entity_id, row.data)
        if row.prev_hash != prev or row.hash != expected:
            return False, count, f"audit row {row.id} ({row.action} on {row.entity} {row.entity_id}) was altered " \
                                 f"or a row before it was removed"
        prev = row.hash
        count += 1
    return True, count, f"{count} audit rows verified, chain intact"


def append_only_ddl(schema: str) -> str:
    """PostgreSQL DDL that makes `schema`.audit_log refuse UPDATE and DELETE (used by each service's migration)."""
    return f"""
CREATE OR REPLACE FUNCTION {schema}.audit_log_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$ LANGUAGE plpgsql;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON {schema}.audit_log
FOR EACH ROW EXECUTE FUNCTION {schema}.audit_log_append_only();
"""
