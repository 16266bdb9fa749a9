"""noise's Celery tasks: fpn's answers to the notices noise asks for, and its own events (a case that qualified,
an e-mail to send), each handled once, loaded through their contracts."""
import smtplib
from datetime import datetime, timedelta, timezone

from flask import current_app

from shared import notice_requests
from shared.consumers import TryAgainLater, consumer
from shared.contracts.tasks import TaskNames
from shared.errors import Problem
from shared.sessions import database
from services.noise import cases, evidence_alerts, flagging, imports, reporters, restrictions
from services.noise.models import Import, NoticeRequest


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
    """The nightly sweep: count again the cases of reporters whose restriction reached its review date, check
    every monitored case again, and close those quiet for more than 28 days."""
    return nightly(session, datetime.now(timezone.utc))


def nightly(session, now: datetime) -> str:
    needed = current_app.config["SETTINGS"].noise_qualifying_occasions
    lapsed = restrictions.lapse(session=session, now=now, needed=needed)
    done = cases.sweep(session=session, now=now, needed=needed)
    return f"{lapsed} restrictions lapsed, {done['checked']} monitored cases checked, {done['closed']} closed"


@consumer(TaskNames.NOISE_TELL_REPORTERS)
def tell_reporters(*, session, event_id: str, data: dict) -> str:
    """Write the reporters' messages of a step in their case (each once), and have the e-mails sent."""
    written = reporters.tell(session, case_reference=data["case_reference"], kind=data["kind"],
                             reporter_ids=data.get("reporter_ids"),
                             reach=reporters.Reach.from_settings(current_app.config["SETTINGS"]),
                             now=datetime.now(timezone.utc))
    return f"{written} written"


@consumer(TaskNames.NOISE_CHECK_EVIDENCE)
def check_unreviewed_evidence(*, session, event_id: str, data: dict) -> str:
    """Alert the case's officer, then the team leader, to recordings nobody has assessed in time."""
    return unreviewed_evidence(session, datetime.now(timezone.utc))


def unreviewed_evidence(session, now: datetime) -> str:
    settings = current_app.config["SETTINGS"]
    counts = evidence_alerts.check(session=session, now=now, review_days=settings.noise_evidence_review_days,
                                   escalation_days=settings.noise_evidence_escalation_days,
                                   team_email=settings.noise_team_email, leader_email=settings.noise_team_leader_email)
    return f"{counts['officer']} recordings alerted to officers, {counts['team_leader']} to the team leader"


@consumer(TaskNames.NOISE_RUN_IMPORT)
def run_import(*, session, event_id: str, data: dict) -> str:
    """Import an uploaded Noise App export, a batch of rows per transaction (a row already filed is never filed
    twice, so an import cut short and run again carries on safely)."""
    record = session.get(Import, data["import_id"])
    if record is None or record.status == "finished":
        return "nothing to do"
    path = imports.upload_path(record.id)
    if not path.exists():
        record.status, record.failure = "failed", "The uploaded file is no longer there: upload it again."
        return "failed"
    settings = current_app.config["SETTINGS"]
    try:
        counts = imports.run(transaction=database().transaction, import_id=record.id, path=path,
                             mapping=record.mapping, now=lambda: datetime.now(timezone.utc),
                             needed=settings.noise_qualifying_occasions,
                             gap=timedelta(hours=settings.noise_occasion_gap_hours))
    except Problem as refused:  # the file as a whole cannot be read as an export (its columns)
        with database().transaction() as other:
            failed = other.get(Import, data["import_id"])
            failed.status, failed.failure = "failed", refused.detail
        path.unlink(missing_ok=True)
        return "failed"
    return f"{counts['added']} added, {counts['already_there']} already there, {counts['rejected']} rejected"
