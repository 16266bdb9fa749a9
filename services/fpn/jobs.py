"""fpn's periodic jobs: they only enqueue work for the fpn worker."""
from shared.relay import relay_job
from services.fpn.models import OutboxMessage


def jobs(app) -> list[dict]:
    """The relay, and the nightly move of unpaid notices to legal."""
    celery = app.extensions["celery"]
    return [
        relay_job(app, OutboxMessage),
        {"func": lambda: celery.send_task("fpn.refer_overdue_notices"), "trigger": "cron", "hour": 0, "minute": 30,
         "id": "fpn.refer_overdue_notices", "name": "refer unpaid notices past their payment period to legal"},
    ]
