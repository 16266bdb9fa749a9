"""fpn's Celery tasks: thin and idempotent, each calling a use case."""
from datetime import datetime, timezone

from flask import current_app

from shared.consumers import consumer
from shared.contracts.tasks import TaskNames
from services.fpn import notices, quality, requested_notices


@consumer(TaskNames.REFER_OVERDUE_NOTICES)
def refer_overdue_notices(*, session, event_id: str, data: dict) -> int:
    """Refer every unpaid notice past its payment period on the run's day to legal (safe to run twice: referred
    ones are skipped)."""
    return len(notices.refer_overdue(session=session, today=data["as_of"], now=datetime.now(timezone.utc)))


@consumer(TaskNames.ISSUE_NOTICE, on_malformed=requested_notices.refuse_malformed)
def issue_notice(*, session, event_id: str, data: dict) -> str:
    """Another service asks for a notice; handled once per event id, however often it is delivered."""
    settings = current_app.config["SETTINGS"]
    return requested_notices.handle(session=session, event_id=event_id, request=data,
                                    now=datetime.now(timezone.utc), max_age_days=settings.notice_max_age_days,
                                    demonstration=settings.demonstration)


@consumer(TaskNames.DRAW_REVIEW_SAMPLE)
def draw_review_sample(*, session, event_id: str, data: dict) -> int:
    """Draw the previous month's sample of officers' notices for review (once: a second run changes nothing)."""
    drawn = quality.draw_sample(session=session, month=quality.previous_month(data["as_of"]),
                                share=current_app.config["SETTINGS"].fpn_review_share, actor="system",
                                now=datetime.now(timezone.utc))
    return len(drawn)
