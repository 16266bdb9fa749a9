"""The outbox relay: hand a service's waiting events to the broker, on a short interval and, on PostgreSQL, as soon
as a transaction that wrote events commits."""
import logging
import threading

import psycopg

from shared import outbox
from shared.logs import failure_fields

log = logging.getLogger(__name__)
GATHER_SECONDS = 0.05  # after a commit wakes the relay, how long it waits for others to relay with it


def relay_waiting(app) -> int:
    """Hand all of the service's waiting events to the broker, a batch at a time; how many went. The broker being
    down just means next time."""
    database, celery = app.extensions["sbo_db"], app.extensions["celery"]
    outbox_model = app.extensions["sbo_tables"].outbox
    total = 0
    while True:
        with database.transaction() as session:
            sent = outbox.relay(session, outbox_model, celery)
        total += sent
        if sent < outbox.RELAY_BATCH:
            break
    if total:
        log.info("outbox relayed", extra={"service": app.config["SERVICE"], "events": total})
    return total


def relay_job(app):
    """The scheduler job that relays the service's waiting events every SBO_RELAY_INTERVAL_SECONDS (half a second
    by default). On PostgreSQL the wake-up below usually relays an event first; this pass is the safety net for one
    it missed (its connection was down). A pass finding nothing is one indexed read."""

    def run(as_of=None):
        relay_waiting(app)

    return {"func": run, "trigger": "interval", "seconds": app.config["SETTINGS"].relay_interval_seconds,
            "id": f"{app.config['SERVICE']}.relay_outbox",
            "name": f"relay the {app.config['SERVICE']} outbox"}


def wake_on_commit(apps, done: threading.Event, retry_seconds: float = 5.0) -> threading.Thread | None:
    """On PostgreSQL, start a thread that relays a service's events as soon as the transaction that wrote them
    commits (each outbox table's trigger NOTIFYs WAKE_CHANNEL with its schema; see outbox.wake_relay_ddl), until
    `done` is set. None on the embedded SQLite, where the interval job alone relays."""
    apps = [app for app in apps if "sbo_tables" in app.extensions]  # the services with an outbox
    if not apps or apps[0].extensions["sbo_db"].engine.dialect.name != "postgresql":
        return None
    engine = apps[0].extensions["sbo_db"].engine
    by_schema = {app.extensions["sbo_tables"].outbox.__table__.schema: app for app in apps}
    conninfo = engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
    thread = threading.Thread(target=_listen, args=(conninfo, by_schema, done, retry_seconds),
                              name="outbox-wake", daemon=True)
    thread.start()
    return thread


def _listen(conninfo: str, by_schema: dict, done: threading.Event, retry_seconds: float) -> None:
    while not done.is_set():
        try:
            with psycopg.connect(conninfo, autocommit=True, application_name="sbo outbox wake") as conn:
                conn.execute(f"LISTEN {outbox.WAKE_CHANNEL}")
                woken = set(by_schema)  # anything committed before we listened
                while not done.is_set():
                    for schema in sorted(woken):
                        if schema in by_schema:
                            relay_waiting(by_schema[schema])
                    # wait for the next commit (a second at most, to notice `done`); then, a moment later, take
                    # every one that came meanwhile, so that a busy minute is relayed in batches, not a pass a commit
                    woken = {n.payload for n in conn.notifies(timeout=1.0, stop_after=1)}
                    if woken:
                        done.wait(GATHER_SECONDS)
                        woken |= {n.payload for n in conn.notifies(timeout=0.0)}
        except psycopg.Error as exc:  # the database restarted or went away: the interval job relays meanwhile
            log.warning("outbox wake-up lost its database connection: retrying", extra=failure_fields(exc))
            done.wait(retry_seconds)
        except Exception as exc:  # a relay pass failed (a bug, or the database restarting): keep listening
            # its type and where, never its message, which may carry an event's values
            log.error("outbox wake-up relay pass failed", extra=failure_fields(exc))
            done.wait(retry_seconds)
