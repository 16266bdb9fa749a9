"""noise's periodic jobs: the outbox relay, the audit chain, at 01:00 the sweep of monitored cases, and every hour
the check for recordings nobody has assessed in time."""
from datetime import datetime, timezone

from shared.contracts.tasks import TaskNames
from shared.jobs import audit_jobs, outbox_job
from shared.relay import relay_job
from services.noise import tasks


def jobs(app) -> list[dict]:
    """The relay, the audit chain's sealing and checkpoints, and the nightly sweep: every monitored case checked
    again against the threshold (catching up anything missed), and those quiet for more than 28 days closed."""

    def sweep_now(as_of) -> str:
        with app.app_context(), app.extensions["sbo_db"].transaction() as session:
            return tasks.nightly(session, datetime.now(timezone.utc))

    def evidence_now(as_of) -> str:
        with app.app_context(), app.extensions["sbo_db"].transaction() as session:
            return tasks.unreviewed_evidence(session, datetime.now(timezone.utc))

    return [
        relay_job(app),
        *audit_jobs(app),
        outbox_job(app, TaskNames.NOISE_SWEEP_CASES, name="check monitored noise cases again and close quiet ones",
                   run_now=sweep_now, trigger="cron", hour=1, minute=0),
        outbox_job(app, TaskNames.NOISE_CHECK_EVIDENCE, name="alert officers to recordings not assessed in time",
                   run_now=evidence_now, trigger="cron", minute=15),
    ]
