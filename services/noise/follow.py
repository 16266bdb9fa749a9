"""What a reporter sees and does through their private link, with no account: their cases in plain English, what
we told them (and the closing letters), and logging that the noise happened again."""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import outbox
from shared.contracts.tasks import TaskNames
from shared.errors import NotFound, Problem
from services.noise import cases, intake_rules, open311, reporter_messages, reporter_rules, reporters
from services.noise.flagging import MAIL_DOMAIN
from services.noise.models import Case, Email, Incident, OutboxMessage, Reporter, ReporterMessage

HEADINGS = {"monitoring": "Logged: we are watching for further reports", "qualified": "Passed to an officer",
            "investigating": "An officer is investigating", "notice_served": "An abatement notice has been served",
            "prosecution": "Being prepared for prosecution", "closed": "Closed"}


def view(session: Session, reporter: Reporter) -> dict:
    """The reporter's cases, newest first: where each stands, their own reports on it, and what they were told."""
    told = session.scalars(select(ReporterMessage).where(ReporterMessage.reporter_id == reporter.id)
                           .order_by(ReporterMessage.id)).all()
    shown = []
    for case in reversed(reporters.own_cases(session, reporter)):
        state, note = open311.status(case.status, case.outcome)
        if case.status == "closed" and case.outcome in reporter_messages.OUTCOMES:
            note = reporter_messages.OUTCOMES[case.outcome]
        reports = session.scalars(select(Incident).where(Incident.case_id == case.id,
                                                         Incident.reporter_id == reporter.id)
                                  .order_by(Incident.started_at)).all()
        merged_from = {c.id for c in session.scalars(select(Case).where(Case.merged_into_id == case.id))}
        shown.append({
            "reference": case.reference, "status": case.status, "open311_status": state,
            "heading": HEADINGS.get(case.status, case.status), "explanation": note,
            "place": case.address if case.source_known else "Not yet known",
            "reports": [{"id": i.id, "started_at": i.started_at, "ended_at": i.ended_at if i.ended_given else None,
                         "category": intake_rules.CATEGORIES.get(i.category, i.category),
                         "pattern": reporter_rules.PATTERNS.get(i.pattern) if i.pattern else None}
                        for i in reports],
            "messages": [{"id": m.id, "sent_at": m.created_at, "subject": m.subject, "channel": m.channel,
                          "letter": m.pdf is not None, "kind": m.kind}
                         for m in told if m.case_id == case.id or m.case_id in merged_from]})
    return {"name": reporter.name, "cases": shown, "patterns": reporter_rules.PATTERNS}


def log_recurrence(*, session: Session, reporter: Reporter, body: dict, key: str, now: datetime, needed: int,
                   gap: timedelta) -> Incident:
    """Log that the noise happened again on one of the reporter's own cases (a closed case's source gets a new
    case); refused, with every problem at once, on someone else's case or with bad times."""
    own = {case.reference: case for case in reporters.own_cases(session, reporter)}
    reference = (body.get("case_reference") or "").strip().upper() or None
    errors = reporter_rules.recurrence_problems(case_reference=reference, own_cases=set(own),
                                                started_at=body.get("started_at"), ended_at=body.get("ended_at"),
                                                pattern=body.get("pattern"), now=now)
    if errors:
        raise Problem("Check your report", "Your report was not saved. Correct the answers listed and send it "
                      "again.", kind="invalid-recurrence", errors=errors)
    case = own[reference]
    latest = session.scalar(select(Incident).where(Incident.case_id == case.id, Incident.reporter_id == reporter.id)
                            .order_by(Incident.started_at.desc()).limit(1))
    report = {"source": {"address": case.address if case.source_known else None, "uprn": case.uprn,
                         "ward": case.ward, "latitude": case.latitude, "longitude": case.longitude},
              "category": latest.category, "channel": "web", "started_at": body["started_at"],
              "ended_at": body.get("ended_at"), "description": (body.get("description") or "").strip(),
              "reporter": {k: v for k, v in (("name", reporter.name), ("email", reporter.email),
                                             ("phone", reporter.phone), ("address", reporter.address)) if v},
              "pattern": body["pattern"]}
    incident, _created = cases.take_in(session=session, received_by=f"reporter:{reporter.id}", key=key, body=report,
                                       now=now, needed=needed, gap=gap, onto=case)
    return incident


def letter(session: Session, reporter: Reporter, message_id: int) -> ReporterMessage:
    """A letter the reporter was sent, as its PDF; 404 for anyone else's."""
    message = session.get(ReporterMessage, message_id)
    if message is None or message.reporter_id != reporter.id or message.pdf is None:
        raise NotFound(f"There is no letter {message_id} for you.")
    return message


LINK_AGAIN_EVERY = timedelta(minutes=15)  # at most one such e-mail a quarter of an hour, however often asked


def send_link_again(*, session: Session, email: str, reach: reporters.Reach, now: datetime) -> bool:
    """E-mail a reporter their private link again, when they ask for it by the e-mail address they reported with.
    Whether anyone reported with that address is never told to the asker (the page says the same either way); the
    reporter gets at most one such e-mail each quarter of an hour, so the form cannot flood their inbox. True when
    an e-mail was written now."""
    reporter = session.scalar(select(Reporter).where(Reporter.contact_key == reporter_rules.contact_key(
        {"email": email})))
    if reporter is None or not reporter.email:
        return False
    slot = int(now.timestamp() // LINK_AGAIN_EVERY.total_seconds())
    purpose = f"reporter:link-again:r{reporter.id}:{slot}"
    if session.scalar(select(Email.id).where(Email.purpose == purpose)) is not None:
        return False
    message = reporter_messages.link_again(reporter.name, reporters.follow_link(reach, reporter))
    email_row = Email(purpose=purpose, to=reporter.email, subject=message.subject, body=message.body, created_at=now,
                      message_id=f"<reporter.link-again.r{reporter.id}.{slot}@{MAIL_DOMAIN}>")
    session.add(email_row)
    session.flush()
    outbox.emit(session, OutboxMessage, TaskNames.NOISE_SEND_EMAIL, {"email_id": email_row.id})
    return True
