"""noise's periodic jobs."""
from shared.jobs import audit_checkpoint_job
from shared.relay import relay_job


def jobs(app) -> list[dict]:
    """The outbox relay, and the audit chain's checkpoints."""
    return [relay_job(app), audit_checkpoint_job(app)]
