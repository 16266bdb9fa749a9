"""fpn's periodic jobs: they only enqueue work for the fpn worker."""
from shared.contracts.tasks import TaskNames
from shared.relay import relay_job


def jobs(app) -> list[dict]:
    """The relay, and the nightly move of unpaid notices to legal."""
    celery = app.extensions["celery"]
    return [
        relay_job(app),
        {"func": lambda: celery.send_task(TaskNames.REFER_OVERDUE_NOTICES), "trigger": "cron", "hour": 0,
         "minute": 30, "id": TaskNames.REFER_OVERDUE_NOTICES,
         "name": "refer unpaid notices past their payment period to legal"},
    ]
