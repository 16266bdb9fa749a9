"""cctv's Celery tasks: consume fpn's events, each exactly once by event id."""
from celery import shared_task

from shared.outbox import claim_event
from shared.web import database
from services.cctv import signals
from services.cctv.models import InboxEvent


@shared_task(name="cctv.notice_issued")
def notice_issued(event_id: str, payload: dict) -> None:
    """An FPN or warning was issued: record it as demand for cameras in that ward."""
    with database().transaction() as session:
        if claim_event(session, InboxEvent, event_id, "cctv.notice_issued"):
            signals.record_notice(session=session, payload=payload)


@shared_task(name="cctv.notice_state_changed")
def notice_state_changed(event_id: str, payload: dict) -> None:
    """A notice moved on: keep the demand signal's status in step."""
    with database().transaction() as session:
        if claim_event(session, InboxEvent, event_id, "cctv.notice_state_changed"):
            signals.update_notice_state(session=session, payload=payload)
