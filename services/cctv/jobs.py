"""cctv's periodic jobs."""
from shared.relay import relay_job
from services.cctv.models import OutboxMessage


def jobs(app) -> list[dict]:
    """The outbox relay."""
    return [relay_job(app, OutboxMessage)]
