"""Handing a qualified case to the Nuisance Control Team: it goes in the team's queue, to the officer who covers
its ward (if one does: otherwise it waits in the team's queue for a team leader to assign), and that officer, or the
team's address, is e-mailed, once per qualification.

Putting it in the queue and recording the e-mail happen in one transaction with the event's inbox claim, so a
redelivered event does neither twice. The e-mail is then sent by its own task, which locks the e-mail's row while it
talks to the server and marks it sent as soon as the server has taken it: a second delivery of that task waits,
then finds it sent. Only a worker that dies in the instant between the server taking the message and the mark
being committed can cause a second copy, and that copy has the same Message-ID, so mail clients show it once.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit, mail, outbox
from shared.brent import LONDON
from shared.contracts.tasks import TaskNames
from shared.outbox import utcnow
from services.noise import intake_rules
from services.noise.models import (AuditEntry, Case, CaseAction, Email, Incident, NuisanceOfficer, OutboxMessage,
                                   QueueEntry, ThresholdDecision, WardCover)

MAIL_DOMAIN = "safer-brent.example"


def flag(*, session: Session, case_reference: str, decision_id: int, team_email: str) -> QueueEntry:
    """Put a qualified case in the team's queue and record the e-mail announcing it (sent by `send`)."""
    case = session.scalar(select(Case).where(Case.reference == case_reference))
    decision = session.get(ThresholdDecision, decision_id)
    entry = session.scalar(select(QueueEntry).where(QueueEntry.decision_id == decision_id))
    if entry is not None:
        return entry
    entry = QueueEntry(case_id=case.id, decision_id=decision.id, flagged_at=utcnow())
    session.add(entry)
    officer = _assign_by_ward(session, case, entry) if case.assigned_to is None else None
    purpose = f"case-qualified:{case.reference}:{decision.id}"
    given = (f"It is given to {officer.name}, who covers {case.ward}." if officer else
             f"No officer covers {case.ward}: it waits in the team's queue for a team leader to assign.")
    email = Email(purpose=purpose, message_id=f"<{purpose.replace(':', '.')}@{MAIL_DOMAIN}>",
                  to=officer.email if officer else team_email,
                  subject=f"Noise case {case.reference} qualifies for investigation ({case.ward})",
                  body=_announcement(session, case, decision, given))
    session.add(email)
    session.flush()
    audit.record(session, AuditEntry, actor="system", action="case_flagged", entity="case", entity_id=case.reference,
                 data={"decision": decision.id, "email": email.id})
    outbox.emit(session, OutboxMessage, TaskNames.NOISE_SEND_EMAIL, {"email_id": email.id})
    return entry


def _assign_by_ward(session: Session, case: Case, entry: QueueEntry) -> NuisanceOfficer | None:
    """Give a newly qualified case to the officer who covers its ward, if one does."""
    cover = session.get(WardCover, case.ward)
    if cover is None:
        return None
    officer = session.get(NuisanceOfficer, cover.username)
    before = case.status
    case.assigned_to = entry.assigned_to = officer.username
    if case.status in ("monitoring", "qualified"):
        case.status = "investigating"
    case.actions.append(CaseAction(action="assign", at=utcnow(), by="system", from_state=before,
                                   to_state=case.status, details={"officer": officer.username,
                                                                  "because": f"covers {case.ward}"}))
    audit.record(session, AuditEntry, actor="system", action="assign", entity="case", entity_id=case.reference,
                 data={"officer": officer.username, "from": before, "to": case.status})
    return officer


def _announcement(session: Session, case: Case, decision: ThresholdDecision, given: str) -> str:
    """The e-mail's text: which case, where, why it qualified, and the occasions (no reporter's details)."""
    categories = sorted({intake_rules.CATEGORIES.get(c, c) for c in session.scalars(
        select(Incident.category).where(Incident.case_id == case.id))})
    lines = [f"Case {case.reference} now qualifies for investigation and is in the team's queue. {given}", "",
             f"Source: {case.address} ({case.ward})" + (f", UPRN {case.uprn}" if case.uprn else ""),
             f"Reported as: {', '.join(categories)}", f"Why: {decision.explanation}", "", "Occasions counted:"]
    for occasion in decision.occasions:
        started = _local(occasion["started_at"])
        ended = _local(occasion["ended_at"])
        lines.append(f"- {started} to {ended}: {len(occasion['incidents'])} report(s)")
    lines += ["", "Open the case in the noise service to assign an officer. Reporters' details are shown there, "
              "never in e-mail."]
    return "\n".join(lines)


def _local(moment: str) -> str:
    from datetime import datetime

    return f"{datetime.fromisoformat(moment).astimezone(LONDON):%-d %B %Y %H:%M}"


def send(*, session: Session, email_id: int, sender: str, smtp_url: str | None) -> bool:
    """Send a recorded e-mail unless it was sent already; True if it was sent now. Holds the e-mail's row while
    talking to the server, so two deliveries of the same task never both send it."""
    email = session.scalar(select(Email).where(Email.id == email_id).with_for_update())
    if email.sent_at is not None:
        return False
    email.attempts += 1
    attachments = [(email.attachment_name, email.attachment)] if email.attachment else []
    mail.send(mail.message(sender=sender, to=email.to, subject=email.subject, body=email.body,
                           message_id=email.message_id, attachments=attachments), smtp_url)
    email.sent_at = utcnow()
    return True
