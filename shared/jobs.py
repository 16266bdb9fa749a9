"""Scheduled jobs: what the one scheduler runs, and what `sbo run-job` runs by hand.

A job that does real work sends its task through the service's outbox, naming the London day it runs for, so a run
made while Redis is down waits in the outbox instead of being lost; the task does the work in the worker. Such a job
also runs when the scheduler starts, so a night missed while the scheduler was down is caught up (the work must be
safe to repeat). `run_now` does the same work in the calling process, for `sbo run-job NAME --as-of DATE`.
"""
import time
from datetime import date, datetime, timezone

from shared import audit, outbox
from shared.brent import london_date


SEAL_SECONDS = 1.5  # how long one run of the sealer may go on sealing batches (it runs every 2 seconds)


def outbox_job(app, task: str, *, name: str, run_now, **trigger) -> dict:
    """A job that enqueues `task` for today (London) through the outbox; `run_now(as_of)` does the work here."""

    def enqueue(as_of: date | None = None) -> None:
        as_of = as_of or london_date(datetime.now(timezone.utc))
        with app.extensions["sbo_db"].transaction() as session:
            outbox.emit(session, app.extensions["sbo_tables"].outbox, task, {"as_of": as_of})

    return {"func": enqueue, "id": task, "name": name, "catch_up": True, "run_now": run_now, **trigger}


def find(app, job_id: str) -> dict:
    """The app's job with this id, or KeyError naming the ones there are."""
    jobs = {job["id"]: job for job in app.extensions["sbo_jobs"](app)}
    if job_id not in jobs:
        raise KeyError(f"no job {job_id!r}; this service's jobs: {', '.join(jobs)}")
    return jobs[job_id]


def checkpoint_path(app):
    """Where this service's audit chain heads are written (outside the database)."""
    return app.config["SETTINGS"].audit_checkpoints / f"{app.config['SERVICE']}.jsonl"


def audit_jobs(app) -> list[dict]:
    """Every 2 seconds, chain the new audit rows into the sealed log (batch after batch, so the rows a large import
    wrote are sealed within a minute, not a batch every 2 seconds); every 10 minutes, write the head of the chain
    outside the database (and to the log)."""
    service, audit_model = app.config["SERVICE"], app.extensions["sbo_tables"].audit

    def seal(as_of: date | None = None):
        sealed, began = 0, time.monotonic()
        while True:  # a batch a transaction, until none is left or the run's time is up (after a large import)
            with app.extensions["sbo_db"].transaction() as session:
                batch = audit.seal_pending(session, audit_model, audit.BATCH)
            sealed += batch
            if batch < audit.BATCH or time.monotonic() - began >= SEAL_SECONDS:
                break
        return f"{sealed} audit row{'' if sealed == 1 else 's'} sealed"

    def record_head(as_of: date | None = None):
        with app.extensions["sbo_db"].transaction() as session:
            entry = audit.checkpoint(session, audit_model, checkpoint_path(app))
        return f"checkpoint at audit row {entry['id']}" if entry else "the audit log is empty"

    return [{"func": seal, "trigger": "interval", "seconds": 2, "id": f"{service}.audit_seal",
             "name": f"seal the new rows of the {service} audit log"},
            {"func": record_head, "trigger": "interval", "minutes": 10, "id": f"{service}.audit_checkpoint",
             "name": f"record the head of the {service} audit chain"}]
