"""noise's Celery tasks: fpn's answers to the notices noise asks for, each once, loaded through their contracts.

Until noise has its casework, an answer is recorded against the request it belongs to (shared.notice_requests).
"""
from shared import notice_requests
from shared.consumers import consumer
from shared.contracts.tasks import TaskNames
from services.noise.models import NoticeRequest


@consumer(TaskNames.NOISE_NOTICE_ISSUED_FOR_REQUEST)
def notice_issued_for_request(*, session, event_id: str, data: dict) -> None:
    """fpn issued the notice noise asked for: keep its number and terms against the request."""
    notice_requests.record_issued(session, NoticeRequest, data)


@consumer(TaskNames.NOISE_NOTICE_REFUSED)
def notice_refused(*, session, event_id: str, data: dict) -> None:
    """fpn refused the notice noise asked for: keep the reason against the request."""
    notice_requests.record_refused(session, NoticeRequest, data)


@consumer(TaskNames.NOISE_NOTICE_STATE_CHANGED)
def notice_state_changed(*, session, event_id: str, data: dict) -> None:
    """A notice noise asked for moved on (paid, cancelled, referred to legal): follow it."""
    notice_requests.record_state_changed(session, NoticeRequest, data)
