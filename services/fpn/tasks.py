"""fpn's Celery tasks: thin and idempotent, each calling a use case."""
from datetime import datetime, timezone

from celery import shared_task

from shared.web import database
from services.fpn import notices
from services.fpn.issuing_rules import LONDON


@shared_task(name="fpn.refer_overdue_notices")
def refer_overdue_notices() -> int:
    """Refer every unpaid notice past its payment period to legal (safe to run twice: referred ones are skipped)."""
    now = datetime.now(timezone.utc)
    with database().transaction() as session:
        return len(notices.refer_overdue(session=session, today=now.astimezone(LONDON).date(), now=now))
