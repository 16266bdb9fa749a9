"""noise's periodic jobs: the outbox relay, the audit chain, and at 01:00 the sweep of monitored cases."""
from datetime import datetime, timezone

from shared.contracts.tasks import TaskNames
from shared.jobs import audit_jobs, outbox_job
from shared.relay import relay_job
from services.noise import cases


def jobs(app) -> list[dict]:
    """The relay, the audit chain's sealing and checkpoints, and the nightly sweep: every monitored case checked
    again against the threshold (catching up anything missed), and those quiet for more than 28 days closed."""

    def sweep_now(as_of) -> str:
        settings = app.config["SETTINGS"]
        with app.extensions["sbo_db"].transaction() as session:
            done = cases.sweep(session=session, now=datetime.now(timezone.utc),
                               needed=settings.noise_qualifying_occasions)
        return f"{done['checked']} monitored cases checked, {done['closed']} closed as {cases.CLOSED_QUIET!r}"

    return [
        relay_job(app),
        *audit_jobs(app),
        outbox_job(app, TaskNames.NOISE_SWEEP_CASES, name="check monitored noise cases again and close quiet ones",
                   run_now=sweep_now, trigger="cron", hour=1, minute=0),
    ]
