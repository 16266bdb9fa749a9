"""Reporters: found again by their e-mail address or phone number, given a private link to follow their cases
without an account, and told of each step by e-mail or letter (services.noise.reporter_messages says what).

A step is announced through the outbox (`noise.tell_reporters`, references only); the worker writes each
reporter's message once (its purpose is unique), with the closing letter as a PDF, and sends the e-mail through the
same one-at-a-time path as the team's e-mails. Letters wait for an officer to print and post them.

A private link is `<reporter id>-<HMAC of the id and the link's version under the service's secret key>`: nothing
to store, nothing to guess, and raising the reporter's `link_version` ends every link given before.
"""
import base64
import hashlib
import hmac
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import outbox
from shared.brent import london_date
from shared.contracts.tasks import TaskNames
from shared.db import insert_unless_taken
from shared.errors import NotFound
from services.noise import letters, reporter_messages, reporter_rules
from services.noise.flagging import MAIL_DOMAIN
from services.noise.models import (AbatementNotice, Case, Email, Incident, OutboxMessage, Reporter, ReporterMessage,
                                   ReporterRestriction, ThresholdDecision)

INVALID_LINK = ("This link is not valid. Use the link in the latest e-mail or letter we sent you, or contact the "
                "Nuisance Control Team quoting your case reference.")


@dataclass(frozen=True)
class Reach:
    """What writing to reporters needs from the settings."""

    secret: str
    public_url: str
    needed: int

    @classmethod
    def from_settings(cls, settings) -> "Reach":
        return cls(settings.secret_key, settings.noise_public_url, settings.noise_qualifying_occasions)


def reporter_for(session: Session, details: dict | None) -> Reporter | None:
    """The reporter these details are from: found again by e-mail or phone (the newest details kept), or new; None
    when they give no way to find or write to them."""
    details = {k: (v or "").strip() or None for k, v in (details or {}).items() if k in ("name", "email", "phone",
                                                                                          "address")}
    key = reporter_rules.contact_key(details)
    if key is None and reporter_rules.how_to_reach(None, details.get("address")) is None:
        return None
    for _attempt in range(3):
        reporter = session.scalar(select(Reporter).where(Reporter.contact_key == key)) if key else None
        if reporter is not None:
            for field, value in details.items():
                if value:
                    setattr(reporter, field, value)
            return reporter
        reporter = session.scalars(insert_unless_taken(session, Reporter).values(contact_key=key, **details)
                                   .returning(Reporter)).first()
        if reporter is not None:
            return reporter
        # the same person's other report recorded them a moment ago: find them again
    raise RuntimeError("could not find or record a reporter in 3 tries")


def follow_token(secret: str, reporter: Reporter) -> str:
    mac = hmac.new(secret.encode(), f"follow:{reporter.id}:{reporter.link_version}".encode(), hashlib.sha256)
    return f"{reporter.id}-{base64.urlsafe_b64encode(mac.digest()[:24]).decode()}"


def follow_link(reach: Reach, reporter: Reporter) -> str:
    return f"{reach.public_url}/follow/{follow_token(reach.secret, reporter)}"


def reporter_by_token(session: Session, secret: str, token: str) -> Reporter:
    """The reporter a private link belongs to; 404 for any link that is not one we gave (or no longer valid)."""
    number = token.partition("-")[0]
    reporter = session.get(Reporter, int(number)) if number.isdigit() and len(number) <= 9 else None
    if reporter is None or not hmac.compare_digest(follow_token(secret, reporter), token):
        raise NotFound(INVALID_LINK)
    return reporter


def own_cases(session: Session, reporter: Reporter) -> list[Case]:
    """The cases a reporter reported on (where their reports are now, after any merge), oldest first."""
    return list(session.scalars(select(Case).where(Case.id.in_(
        select(Incident.case_id).where(Incident.reporter_id == reporter.id))).order_by(Case.id)))


def restricted_ids(session: Session, reporter_ids, today: date) -> set[int]:
    """Which of these reporters are restricted today (their reports do not count)."""
    ids = {i for i in reporter_ids if i is not None}
    if not ids:
        return set()
    rows = session.scalars(select(ReporterRestriction).where(ReporterRestriction.reporter_id.in_(ids),
                                                             ReporterRestriction.lifted_at.is_(None)))
    return {r.reporter_id for r in rows if reporter_rules.in_force(_plain(r), today)}


def _plain(restriction: ReporterRestriction) -> reporter_rules.Restriction:
    return reporter_rules.Restriction(restriction.review_on, restriction.lifted_at is not None)


def restriction_in_force(reporter: Reporter, today: date) -> ReporterRestriction | None:
    return next((r for r in reversed(reporter.restrictions) if reporter_rules.in_force(_plain(r), today)), None)


def announce(session: Session, case: Case, kind: str, reporter_ids: list[int] | None = None) -> None:
    """Have the worker tell the case's reporters (or only those named) of a step in it."""
    outbox.emit(session, OutboxMessage, TaskNames.NOISE_TELL_REPORTERS,
                {"case_reference": case.reference, "kind": kind, "reporter_ids": reporter_ids})


def case_reporters(session: Session, case: Case) -> list[Reporter]:
    return list(session.scalars(select(Reporter).where(Reporter.id.in_(
        select(Incident.reporter_id).where(Incident.case_id == case.id))).order_by(Reporter.id)))


def tell(session: Session, *, case_reference: str, kind: str, reporter_ids: list[int] | None, reach: Reach,
         now: datetime) -> int:
    """Write the message of `kind` to each of the case's reporters (or those named) not yet told it: an e-mail
    (sent by its own task) or a letter to post. Returns how many were written now."""
    case = session.scalar(select(Case).where(Case.reference == case_reference))
    reporters = case_reporters(session, case) if reporter_ids is None else list(
        session.scalars(select(Reporter).where(Reporter.id.in_(reporter_ids)).order_by(Reporter.id)))
    written = 0
    for reporter in reporters:
        purpose = f"{kind}:{case.reference}:r{reporter.id}"
        channel = reporter_rules.how_to_reach(reporter.email, reporter.address)
        if channel is None or session.scalar(select(ReporterMessage.id).where(ReporterMessage.purpose == purpose)):
            continue
        message = reporter_messages.compose(kind, _facts(session, case, reporter, reach))
        pdf = None
        if channel == "letter" or kind in reporter_messages.WITH_LETTER:
            pdf = letters.letter_pdf(message, reference=case.reference, to_name=reporter.name,
                                     to_address=reporter.address, dated=london_date(now))
        record = ReporterMessage(purpose=purpose, reporter_id=reporter.id, case_id=case.id, kind=kind,
                                 channel=channel, subject=message.subject, body=message.body, pdf=pdf,
                                 created_at=now)
        if channel == "email":
            record.email = Email(purpose=f"reporter:{purpose}", to=reporter.email, subject=message.subject,
                                 message_id=f"<reporter.{purpose.replace(':', '.')}@{MAIL_DOMAIN}>",
                                 body=message.body, created_at=now, attachment=pdf,
                                 attachment_name=f"{case.reference}-{kind}.pdf" if pdf else None)
        session.add(record)
        session.flush()
        if record.email is not None:
            outbox.emit(session, OutboxMessage, TaskNames.NOISE_SEND_EMAIL, {"email_id": record.email.id})
        written += 1
    return written


def _facts(session: Session, case: Case, reporter: Reporter, reach: Reach) -> reporter_messages.Facts:
    decision = session.scalar(select(ThresholdDecision).where(ThresholdDecision.case_id == case.id,
                                                              ThresholdDecision.qualifies.is_(True))
                              .order_by(ThresholdDecision.id.desc()).limit(1))
    notice = session.scalar(select(AbatementNotice).where(AbatementNotice.case_id == case.id)
                            .order_by(AbatementNotice.version.desc()).limit(1))
    merged_into = session.get(Case, case.merged_into_id) if case.merged_into_id else None
    return reporter_messages.Facts(
        reference=case.reference, reporter_name=reporter.name, link=follow_link(reach, reporter), needed=reach.needed,
        explanation=decision.explanation if decision else None, significant=case.qualified_because == "significant",
        outcome=case.outcome, compliance_date=notice.compliance_date if notice else None,
        merged_into=merged_into.reference if merged_into else None)


def people_of(session: Session, case: Case) -> list[reporter_rules.Person]:
    """Everyone who reported on the case, as they wrote their details (each report's own, and each reporter's
    newest), for checking that nothing going to the source names them."""
    written = session.scalars(select(Incident.reporter).where(Incident.case_id == case.id)).all()
    people = {reporter_rules.Person(d.get("name"), d.get("email"), d.get("phone"), d.get("address"))
              for d in written if d}
    people |= {reporter_rules.Person(r.name, r.email, r.phone, r.address) for r in case_reporters(session, case)}
    return sorted(people, key=repr)
