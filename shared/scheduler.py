"""The one scheduler process: APScheduler jobs that only enqueue work. A second copy stands by until the first stops.

deploy/scheduler.py runs it for every service (`python -m deploy.scheduler`). It holds a PostgreSQL advisory lock
(a file lock on the embedded SQLite) for as long as it runs, so a scheduler started by mistake waits instead of
running every job twice.
"""
import fcntl
import logging
import signal
import time
from contextlib import contextmanager
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import text

from shared.settings import VAR_DIR

log = logging.getLogger(__name__)
LOCK_KEY = 7_246_001  # the advisory lock id every scheduler of this project competes for


@contextmanager
def leadership(engine, poll_seconds: float = 5.0):
    """Block until this process holds the scheduler lock; hold it until the block ends."""
    if engine.dialect.name == "postgresql":
        conn = engine.connect()
        held = False
        try:
            while not (held := conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": LOCK_KEY}).scalar()):
                log.info("another scheduler is running: standing by")
                conn.rollback()
                time.sleep(poll_seconds)
            conn.commit()
            yield
        finally:
            # The connection goes back to the pool, still open, so the session lock must be let go explicitly.
            if held:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                conn.commit()
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
                    time.sleep(poll_seconds)
            yield


def build_scheduler(apps) -> BlockingScheduler:
    """A scheduler holding every service's jobs (each service's jobs.py lists them; its app carries the list)."""
    scheduler = BlockingScheduler(timezone="Europe/London",
                                  job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300})
    for app in apps:
        for job in app.extensions["sbo_jobs"](app):
            job = {k: v for k, v in job.items() if k not in ("run_now", "catch_up")} | (
                {"next_run_time": datetime.now(timezone.utc)} if job.get("catch_up") else {})
            scheduler.add_job(**job)
    return scheduler


def run(apps) -> None:
    """Run every app's jobs once this process holds the lock, until SIGTERM or Ctrl-C."""
    # APScheduler logs every run of every job (the relays run every 2 s); jobs log what they actually did.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    scheduler = build_scheduler(apps)

    def stop(*_):
        if scheduler.running:
            scheduler.shutdown(wait=False)
        else:  # still standing by for the lock
            raise SystemExit(0)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)
    with leadership(apps[0].extensions["sbo_db"].engine):
        log.info("scheduler lock held: running jobs")
        scheduler.start()
