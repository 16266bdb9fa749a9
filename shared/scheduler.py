"""The one scheduler process: APScheduler jobs that only enqueue work. A second copy stands by until the first stops.

deploy/scheduler.py runs it for every service (`python -m deploy.scheduler`). It holds a PostgreSQL advisory lock
(a file lock on the embedded SQLite) for as long as it runs, so a scheduler started by mistake waits instead of
running every job twice.
"""
import fcntl
import logging
import threading
from contextlib import contextmanager
from datetime import datetime, timezone

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from shared.relay import wake_on_commit
from shared.settings import VAR_DIR

log = logging.getLogger(__name__)
LOCK_KEY = 7_246_001  # the advisory lock id every scheduler of this project competes for


def _lock_connection(engine, stop: threading.Event, poll_seconds: float):
    """A connection holding the scheduler lock, once it is free; None if asked to stop first. Survives the database
    going away: it waits, and tries again."""
    while not stop.is_set():
        try:
            conn = engine.connect()
        except SQLAlchemyError:
            log.warning("database unreachable: scheduler standing by")
            stop.wait(poll_seconds)
            continue
        try:
            while not stop.is_set():
                if conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar():
                    conn.commit()
                    return conn
                conn.rollback()
                log.info("another scheduler is running: standing by")
                stop.wait(poll_seconds)
        except SQLAlchemyError:
            log.warning("lost the database connection while standing by: reconnecting")
            conn.invalidate()
        conn.close()
    return None


def _holds(conn) -> bool:
    """True while `conn` is alive and still holds the lock (a restarted database, or a terminated connection,
    takes the lock away)."""
    if conn.invalidated:
        return False
    try:
        held = conn.execute(text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = :k "
                                 "AND pid = pg_backend_pid() AND granted"), {"k": LOCK_KEY}).scalar() == 1
        conn.commit()
        return held
    except SQLAlchemyError:
        conn.invalidate()
        return False


@contextmanager
def leadership(engine, poll_seconds: float = 5.0, stop: threading.Event | None = None):
    """Block until this process holds the scheduler lock, then yield a function telling whether it still does
    (None if `stop` was set while waiting). The lock is let go when the block ends."""
    stop = stop or threading.Event()
    if engine.dialect.name == "postgresql":
        conn = _lock_connection(engine, stop, poll_seconds)
        if conn is None:
            yield None
            return
        one_at_a_time = threading.Lock()  # jobs' threads and the main loop both ask; a connection serves one

        def still_held() -> bool:
            with one_at_a_time:
                return _holds(conn)

        try:
            yield still_held
        finally:
            # The connection goes back to the pool, still open, so the session lock must be let go explicitly
            # (unless the connection is gone, and the lock with it).
            with one_at_a_time:
                if not conn.invalidated:
                    try:
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                        conn.commit()
                    except SQLAlchemyError:
                        conn.invalidate()
                conn.close()
    else:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        with open(VAR_DIR / "scheduler.lock", "w") as handle:
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    log.info("another scheduler is running: standing by")
                    if stop.wait(poll_seconds):
                        yield None
                        return
            yield lambda: True


def _only_while_leading(func, still_leading, lost: threading.Event):
    """Run `func` only after checking that this process still holds the lock; otherwise stop running jobs."""
    def run(*args, **kwargs):
        if lost.is_set() or not still_leading():
            lost.set()
            return None
        return func(*args, **kwargs)
    return run


def build_scheduler(apps, still_leading=None, lost: threading.Event | None = None) -> BackgroundScheduler:
    """A scheduler holding every service's jobs (each service's jobs.py lists them; its app carries the list).

    With `still_leading`, each job first checks that the lock is still held; if not, it sets `lost` and does nothing.
    """
    lost = lost or threading.Event()
    scheduler = BackgroundScheduler(timezone="Europe/London",
                                    job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300})
    for app in apps:
        for job in app.extensions["sbo_jobs"](app):
            job = {k: v for k, v in job.items() if k not in ("run_now", "catch_up")} | (
                {"next_run_time": datetime.now(timezone.utc)} if job.get("catch_up") else {})
            if still_leading is not None:
                job["func"] = _only_while_leading(job["func"], still_leading, lost)
            scheduler.add_job(**job)
    return scheduler


def run(apps, stop: threading.Event, poll_seconds: float = 5.0) -> None:
    """Lead (run every app's jobs) while this process holds the lock, stand by while another does, until `stop`."""
    # APScheduler logs every run of every job (the relays run every 2 s); jobs log what they actually did.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    engine = apps[0].extensions["sbo_db"].engine
    while not stop.is_set():
        with leadership(engine, poll_seconds, stop) as still_leading:
            if still_leading is None:
                break
            log.info("scheduler lock held: running jobs")
            lost = threading.Event()
            scheduler = build_scheduler(apps, still_leading, lost)
            scheduler.start()
            stepped_down = threading.Event()  # set when this process stops leading
            waker = wake_on_commit(apps, stepped_down)  # relays events the moment they are committed
            while not (stop.is_set() or lost.is_set()):
                stop.wait(min(poll_seconds, 1.0))
                if not still_leading():
                    lost.set()
            stepped_down.set()
            scheduler.shutdown(wait=True)
            if waker is not None:
                waker.join(5)
            if lost.is_set():
                log.warning("scheduler lock lost (database restarted or connection cut): standing by")
