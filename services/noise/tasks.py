"""noise's Celery tasks: fpn's answers to the notices noise asks for, and its own events (a case that qualified,
an e-mail to send), each handled once, loaded through their contracts."""
import smtplib
from datetime import datetime, timezone

from flask import current_app

from shared import notice_requests
from shared.consumers import TryAgainLater, consumer
from shared.contracts.tasks import TaskNames
from services.noise import cases, flagging
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


@consumer(TaskNames.NOISE_CASE_QUALIFIED)
def case_qualified(*, session, event_id: str, data: dict) -> str:
    """A case passed the threshold: put it in the team's queue and record the e-mail to the team."""
    settings = current_app.config["SETTINGS"]
    flagging.flag(session=session, case_reference=data["case_reference"], decision_id=data["decision_id"],
                  team_email=settings.noise_team_email)
    return "flagged"


@consumer(TaskNames.NOISE_SEND_EMAIL)
def send_email(*, session, event_id: str, data: dict) -> str:
    """Send a recorded e-mail once. A mail server that cannot be reached, or says to try later (4xx), is tried
    again later; one that refuses the message for good (5xx) leaves it as a dead letter for a person."""
    settings = current_app.config["SETTINGS"]
    try:
        sent = flagging.send(session=session, email_id=data["email_id"], sender=settings.mail_from,
                             smtp_url=settings.smtp_url)
    except smtplib.SMTPResponseException as refused:
        if refused.smtp_code >= 500:
            raise
        raise TryAgainLater(f"mail server said {refused.smtp_code}") from refused
    except smtplib.SMTPRecipientsRefused:
        raise  # every address refused: for a person to correct
    except OSError as away:  # not reached, or the connection dropped (smtplib's errors are OSErrors too)
        raise TryAgainLater("mail server unreachable") from away
    return "sent" if sent else "already sent"


@consumer(TaskNames.NOISE_SWEEP_CASES)
def sweep_cases(*, session, event_id: str, data: dict) -> str:
    """The nightly sweep: check every monitored case again and close those quiet for more than 28 days."""
    done = cases.sweep(session=session, now=datetime.now(timezone.utc),
                       needed=current_app.config["SETTINGS"].noise_qualifying_occasions)
    return f"{done['checked']} checked, {done['closed']} closed"
