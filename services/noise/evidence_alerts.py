"""Nothing unheard: a recording (any report with evidence) that nobody has assessed within
SBO_NOISE_EVIDENCE_REVIEW_DAYS raises an alert to the case's officer (or, on an unassigned case, to the officer who
covers its ward, else the team's address); still unassessed SBO_NOISE_EVIDENCE_ESCALATION_DAYS later, to the team
leader. Each recording is alerted once at each level; one e-mail per case and level lists them. Run every hour by
the scheduler, with the time it is given (tests set the clock forward)."""
from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import outbox
from shared.brent import LONDON
from shared.contracts.tasks import TaskNames
from services.noise.flagging import MAIL_DOMAIN
from services.noise.models import (Case, Email, EvidenceAlert, Incident, NuisanceOfficer, OutboxMessage,
                                   WardCover)

LEVELS = ("officer", "team_leader")


def check(*, session: Session, now: datetime, review_days: float, escalation_days: float, team_email: str,
          leader_email: str) -> dict:
    """Raise every alert now due; returns how many recordings were alerted at each level."""
    due = {"officer": now - timedelta(days=review_days),
           "team_leader": now - timedelta(days=review_days + escalation_days)}
    waiting = session.scalars(select(Incident).join(Case, Incident.case_id == Case.id).where(
        Case.status != "closed", Incident.assessment == "unassessed", func.json_array_length(Incident.evidence) > 0,
        Incident.received_at < due["officer"]).order_by(Incident.case_id, Incident.received_at)).all()
    alerted = {(a.incident_id, a.level) for a in session.scalars(select(EvidenceAlert).where(
        EvidenceAlert.incident_id.in_([i.id for i in waiting])))} if waiting else set()
    groups: dict[tuple[int, str], list[Incident]] = defaultdict(list)
    for incident in waiting:
        for level in LEVELS:
            if incident.received_at < due[level] and (incident.id, level) not in alerted:
                groups[(incident.case_id, level)].append(incident)
    counts = dict.fromkeys(LEVELS, 0)
    for (case_id, level), incidents in groups.items():
        case = session.get(Case, case_id)
        to = leader_email if level == "team_leader" else _officer_email(session, case) or team_email
        alerts = [EvidenceAlert(incident_id=i.id, case_id=case.id, level=level, sent_to=to, raised_at=now)
                  for i in incidents]
        session.add_all(alerts)
        session.flush()
        purpose = f"evidence-{level}:{case.reference}:a{alerts[0].id}"
        email = Email(purpose=purpose, message_id=f"<{purpose.replace(':', '.')}@{MAIL_DOMAIN}>", to=to,
                      subject=f"Recordings not reviewed: noise case {case.reference}"
                              + (" (escalated)" if level == "team_leader" else ""),
                      body=_body(case, incidents, level, review_days, escalation_days), created_at=now)
        session.add(email)
        session.flush()
        for alert in alerts:
            alert.email_id = email.id
        outbox.emit(session, OutboxMessage, TaskNames.NOISE_SEND_EMAIL, {"email_id": email.id})
        counts[level] += len(incidents)
    return counts


def _officer_email(session: Session, case: Case) -> str | None:
    """The case's officer's address; on an unassigned case, the address of the officer who covers its ward."""
    username = case.assigned_to
    if username is None:
        cover = session.get(WardCover, case.ward)
        username = cover.username if cover else None
    officer = session.get(NuisanceOfficer, username) if username else None
    return officer.email if officer else None


def _body(case: Case, incidents: list[Incident], level: str, review_days: float, escalation_days: float) -> str:
    days = review_days + (escalation_days if level == "team_leader" else 0)
    lines = [f"{len(incidents)} recording(s) on noise case {case.reference} ({case.ward}, {case.status.replace('_', ' ')}) "
             f"have waited more than {days:g} days without anyone assessing them:", ""]
    lines += [f"- report {i.id}, received {i.received_at.astimezone(LONDON):%-d %B %Y %H:%M}" for i in incidents]
    if level == "team_leader":
        lines += ["", f"The case's officer ({case.assigned_to or 'none: the case is unassigned'}) was alerted "
                      f"{escalation_days:g} days ago and they are still not assessed."]
    lines += ["", "Listen to them and record an assessment in the noise service: an unheard recording can hold back "
                  "a case that should be investigated. Reporters' details are shown there, never in e-mail."]
    return "\n".join(lines)
