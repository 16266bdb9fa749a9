"""An append-only, sealed audit log: who changed what, and when.

A row is written in the transaction of the change it records, with a MAC over its content made with a key that is
not in the database (SBO_AUDIT_KEY, or one derived from SBO_SECRET_KEY), so nobody with only the database can alter
it or slip in a row of their own. Shortly after (every 2 seconds, by the scheduler's `audit_seal` job) the sealer
links the new rows into the chain, in order: each row's seal is an HMAC over its content and the seal of the row
before it, so a row cannot be removed from the middle, and the chain cannot be rebuilt, without the key. The
chain's head is also written at intervals to a checkpoint file outside the database, and to the log, so that
deleting the newest rows is caught as well.

Linking later rather than in the request keeps a global lock off the request path: writers never wait for each
other. A row waits for its seal for a few seconds; in that time it is protected by its MAC, but deleting it would
not be noticed. `verify_chain` checks both the chain and the rows still waiting.
"""
import hashlib
import hmac
import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

from sqlalchemy import JSON, BigInteger, DateTime, String, select, text
from sqlalchemy.orm import Mapped, Session, mapped_column

from shared.outbox import utcnow

log = logging.getLogger(__name__)
GENESIS = "0" * 64
HMAC = "hmac-sha256"
LEGACY = "sha256"  # rows written before seals were keyed; accepted only before the first keyed row
_seal_key: dict = {}
BATCH = 1000  # rows read or sealed per round trip: a matter of speed only


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
    mac: Mapped[str | None] = mapped_column(String(64))  # over the content, when written (None on older rows)
    seq: Mapped[int | None] = mapped_column(BigInteger, unique=True)  # place in the chain, once sealed
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # the seal, linking it to the row before
    sealed_with: Mapped[str] = mapped_column(String(12), default=HMAC, server_default=LEGACY)


def _content(row) -> list:
    """What a row's MAC and seal are made over. The time is given in UTC however the database returns it (SQLite
    returns naive UTC; PostgreSQL, the session's time zone), so a row reads the same from any connection."""
    at = (row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    return [at.isoformat(), row.actor, row.action, row.entity, row.entity_id, row.data]


def _digest(prev_hash: str, content: list, sealed_with: str = HMAC) -> str:
    """The seal of one row, over its content and the previous row's seal."""
    body = json.dumps([prev_hash, *content], sort_keys=True).encode()  # content is JSON already (_content)
    if sealed_with == LEGACY:
        return hashlib.sha256(body).hexdigest()
    return hmac.new(_key(), body, hashlib.sha256).hexdigest()


_SORTED = json.JSONEncoder(sort_keys=True)  # json.dumps(..., sort_keys=True), without making an encoder each time


def _mac(content: list) -> str:
    """The MAC of one row's content, made when it is written."""
    return hmac.new(_key(), _SORTED.encode(["row", *content]).encode(), hashlib.sha256).hexdigest()


def record(session: Session, model, *, actor: str, action: str, entity: str, entity_id, data: dict | None = None):
    """Add one audit row, with the MAC of its content, to the caller's transaction; the sealer chains it later."""
    row = model(at=utcnow().replace(microsecond=0), actor=actor, action=action, entity=entity,
                entity_id=str(entity_id), data=json.loads(json.dumps(data or {}, default=str)))
    row.mac = _mac(_content(row))
    session.add(row)
    return row


def record_many(session: Session, model, entries: list[dict]) -> None:
    """Add many audit rows at once (each a dict of actor, action, entity, entity_id and data), each with its MAC,
    as `record` adds one: for a bulk change on PostgreSQL, such as an import (copied in, not an INSERT a row)."""
    copy_rows(session, model, made_rows(entries))


COPIED_COLUMNS = ("at", "actor", "action", "entity", "entity_id", "data", "mac", "sealed_with")


def made_rows(entries: list[dict]) -> list[tuple]:
    """The rows `record_many` copies in for the entries (COPIED_COLUMNS), each with its MAC: made apart from the
    copying, so that a bulk change can make them while the database is busy with something else."""
    at = utcnow().replace(microsecond=0)
    when = _content(SimpleNamespace(at=at, actor=None, action=None, entity=None, entity_id=None, data=None))[0]
    made = []
    for entry in entries:
        data = json.dumps(entry.get("data") or {}, default=str)  # (as it reads back: JSON's own types)
        content = [when, entry["actor"], entry["action"], entry["entity"], str(entry["entity_id"]), json.loads(data)]
        made.append((at, *content[1:5], data, _mac(content), HMAC))
    return made


def copy_rows(session: Session, model, rows: list[tuple]) -> None:
    """Copy rows `made_rows` made into the model's table, in the session's transaction (PostgreSQL)."""
    if not rows:
        return
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor, cursor.copy(f"COPY {model.__table__.fullname} ({', '.join(COPIED_COLUMNS)}) "
                                             "FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _head(session: Session, model):
    """The newest sealed row's place, id and seal (None while nothing is sealed)."""
    newest_first = select(model.seq, model.id, model.hash).where(model.seq.is_not(None)).order_by(model.seq.desc())
    return session.execute(newest_first.limit(1)).first()  # pragma: no mutate (limit: speed only)


def seal_pending(session: Session, model, batch: int = BATCH) -> int:
    """Chain the rows still waiting for a seal, oldest first, after the chain's head; return how many.

    A waiting row whose content no longer matches its MAC was altered, or written by someone without the key: it
    is left unsealed (so `verify_chain` reports it), an error is logged, and sealing stops there.
    """
    if session.get_bind().dialect.name == "postgresql":  # one sealer at a time per chain
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": model.__table__.fullname})
    head = _head(session, model)
    seq, prev = (head.seq, head.hash) if head else (0, GENESIS)
    sealed = 0
    for row in session.scalars(select(model).where(model.hash.is_(None)).order_by(model.id).limit(batch)):
        content = _content(row)
        if row.mac is None or not hmac.compare_digest(row.mac, _mac(content)):
            log.error("audit row does not match its MAC: left unsealed", extra={"table": model.__table__.fullname,
                                                                             "row": row.id})
            break
        seq += 1
        row.seq, row.prev_hash, row.hash = seq, prev, _digest(prev, content)
        prev, sealed = row.hash, sealed + 1
    session.flush()
    return sealed


def _checkpoint_mac(entry: dict) -> str:
    return hmac.new(_key(), json.dumps([entry["table"], entry["id"], entry["hash"], entry["at"]]).encode(),
                    hashlib.sha256).hexdigest()


def checkpoint(session: Session, model, path: Path) -> dict | None:
    """Seal the waiting rows, then append the chain's head (its newest row's id and seal) to `path`, and log it;
    None if nothing is sealed yet."""
    seal_pending(session, model)
    head = _head(session, model)
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
    """Re-seal every sealed row in chain order, check the MAC of every row waiting for its seal, and compare with
    the checkpoints; return (intact, rows checked, a sentence saying what was found)."""
    prev, count, seals, keyed, waiting = GENESIS, 0, {}, False, 0
    rows = select(model).order_by(model.seq)  # the chain's order; rows waiting for their seal in any order
    for row in session.scalars(rows).yield_per(BATCH):  # pragma: no mutate (yield_per: memory only)
        content = _content(row)
        where = f"audit row {row.id} ({row.action} on {row.entity} {row.entity_id})"
        if row.mac is not None and not hmac.compare_digest(row.mac, _mac(content)):
            return False, count, f"{where} was altered, or written without the key"
        if row.hash is None:
            if row.mac is None:
                return False, count, f"{where} was written without the key"
            waiting += 1
            continue
        keyed = keyed or row.sealed_with == HMAC
        expected = _digest(prev, content, row.sealed_with)
        if row.prev_hash != prev or row.hash != expected or (keyed and row.sealed_with != HMAC):
            return False, count, f"{where} was altered, re-sealed, or a row before it was removed"
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
    found = f"{count} audit rows verified, chain intact" + (f"; {waiting} newer rows awaiting their seal, their "
                                                             "content intact" if waiting else "")
    return True, count + waiting, found + (
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


def sealable_append_only_ddl(schema: str) -> str:
    """PostgreSQL DDL that lets the sealer fill in a row's seal, once, and still refuses every other UPDATE and
    every DELETE on `schema`.audit_log (used by each service's migration to deferred sealing)."""
    return f"""
CREATE OR REPLACE FUNCTION {schema}.audit_log_append_only() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.seq IS NOT NULL
     AND NEW.id = OLD.id AND NEW.at = OLD.at AND NEW.actor = OLD.actor AND NEW.action = OLD.action
     AND NEW.entity = OLD.entity AND NEW.entity_id = OLD.entity_id AND NEW.data::text = OLD.data::text
     AND NEW.mac IS NOT DISTINCT FROM OLD.mac AND NEW.sealed_with = OLD.sealed_with THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'the audit log is append-only';
END $$ LANGUAGE plpgsql;
"""
