"""fpn's Celery tasks: thin and idempotent, each calling a use case."""
from datetime import datetime, timezone

from celery import shared_task
from flask import current_app

from shared.outbox import claim_event
from shared.web import database
from services.fpn import notices, requested_notices
from services.fpn.models import InboxEvent
from services.fpn.issuing_rules import london_date


@shared_task(name="fpn.refer_overdue_notices")
def refer_overdue_notices() -> int:
    """Refer every unpaid notice past its payment period to legal (safe to run twice: referred ones are skipped)."""
    now = datetime.now(timezone.utc)
    with database().transaction() as session:
        return len(notices.refer_overdue(session=session, today=london_date(now), now=now))


@shared_task(name="fpn.issue_notice")
def issue_notice(event_id: str, payload: dict) -> str:
    """Another service asks for a notice; handled once per event id, however often it is delivered."""
    with database().transaction() as session:
        if not claim_event(session, InboxEvent, event_id, "fpn.issue_notice"):
            return "duplicate"
        return requested_notices.handle(session=session, event_id=event_id, payload=payload,
                                        now=datetime.now(timezone.utc),
                                        max_age_days=current_app.config["SETTINGS"].notice_max_age_days)
