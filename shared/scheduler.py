"""The one scheduler process: APScheduler jobs that only enqueue work. A second copy stands by until the first stops.

Run it with `python -m shared.scheduler`. It holds a PostgreSQL advisory lock (a file lock on the embedded SQLite)
for as long as it runs, so a scheduler started by mistake waits instead of running every job twice.
"""
import fcntl
import logging
import signal
import time
from contextlib import contextmanager

from apscheduler.schedulers.blocking import BlockingScheduler
from sqlalchemy import text

from shared.logs import configure_logging
from shared.settings import VAR_DIR, load_settings

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
    """A scheduler holding every service's jobs (each service's jobs.py lists them)."""
    import importlib

    scheduler = BlockingScheduler(timezone="Europe/London",
                                  job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 300})
    for app in apps:
        jobs = importlib.import_module(f"services.{app.config['SERVICE']}.jobs")
        for job in jobs.jobs(app):
            scheduler.add_job(**job)
    return scheduler


def main() -> None:
    """Start the scheduler for all three services once this process holds the lock."""
    settings = load_settings()
    configure_logging("scheduler", settings.log_level)
    # APScheduler logs every run of every job (the relays run every 2 s); jobs log what they actually did.
    logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
    from services.cctv.app import create_app as cctv_app
    from services.fpn.app import create_app as fpn_app
    from services.noise.app import create_app as noise_app

    apps = [fpn_app(settings), cctv_app(settings), noise_app(settings)]
    scheduler = build_scheduler(apps)
    signal.signal(signal.SIGTERM, lambda *_: scheduler.shutdown(wait=False))
    with leadership(apps[0].extensions["sbo_db"].engine):
        log.info("scheduler lock held: running jobs")
        scheduler.start()


if __name__ == "__main__":
    main()
