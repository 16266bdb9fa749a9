"""cctv's periodic jobs."""
from shared.jobs import audit_jobs
from shared.relay import relay_job


def jobs(app) -> list[dict]:
    """The outbox relay, and the audit chain's sealing and checkpoints."""
    return [relay_job(app), *audit_jobs(app)]
