"""Scheduled jobs: what the one scheduler runs, and what `sbo run-job` runs by hand.

A job that does real work sends its task through the service's outbox, naming the London day it runs for, so a run
made while Redis is down waits in the outbox instead of being lost; the task does the work in the worker. Such a job
also runs when the scheduler starts, so a night missed while the scheduler was down is caught up (the work must be
safe to repeat). `run_now` does the same work in the calling process, for `sbo run-job NAME --as-of DATE`.
"""
from datetime import date, datetime, timezone

from shared import outbox
from shared.brent import london_date


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
