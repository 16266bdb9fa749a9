"""Casework use cases: each action of services.noise.lifecycle applied to a case, audited, and kept on the case's
record of actions. A breach asks fpn for a fixed penalty notice through the event contracts; a landlord is told
by e-mail."""
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared import audit, notice_requests
from shared.brent import day, london_date
from shared.errors import NotFound, Problem
from shared.outbox import emit
from shared.contracts.tasks import TaskNames
from services.noise import lifecycle, reporter_rules, reporters
from services.noise.flagging import MAIL_DOMAIN
from services.noise.models import (AbatementNotice, AuditEntry, Breach, Case, CaseAction, Email, NoticeRequest,
                                   NuisanceOfficer, OutboxMessage)

NOISE_ORDER = "BRENT-NOISE-FPN-2023"  # in fpn's register (services/fpn/reference/brent_orders.json)


def _locked_case(session: Session, reference: str) -> Case:
    case = session.scalar(select(Case).where(Case.reference == reference).with_for_update())
    if case is None:
        raise NotFound(f"There is no case {reference}.")
    return case


def act(*, session: Session, reference: str, action: str, details: dict, actor: str, roles, now: datetime) -> Case:
    """Take a casework action on a case: checked against the lifecycle table, then its effect, then recorded."""
    case = _locked_case(session, reference)
    before = case.status
    after = lifecycle.next_state(before, action, roles)
    kept = EFFECTS[action](session, case, details, actor=actor, now=now) or {}
    case.status = after
    case.actions.append(CaseAction(action=action, at=now, by=actor, from_state=before, to_state=after,
                                   details=kept))
    audit.record(session, AuditEntry, actor=actor, action=action, entity="case", entity_id=case.reference,
                 data={"from": before, "to": after, **{k: v for k, v in kept.items() if k in AUDITED}})
    session.flush()
    return case


AUDITED = ("officer", "witnessed", "version", "breach", "notice_reference", "outcome")  # never names or addresses


def _assign(session, case, details, *, actor, now):
    lifecycle.check_officer(details["officer"], set(session.scalars(select(NuisanceOfficer.username))))
    case.assigned_to = details["officer"]
    return {"officer": details["officer"]}


def _visit(session, case, details, *, actor, now):
    lifecycle.check_visit_time(details["visited_at"], now)
    return {"visited_at": details["visited_at"].isoformat(), "witnessed": details["witnessed"],
            "notes": details.get("notes", "")}


def _landlord(session, case, details, *, actor, now):
    case.landlord_name, case.landlord_email = details["name"], details["email"]
    purpose = f"landlord:{case.reference}:{details['email']}"
    if session.scalar(select(Email).where(Email.purpose == purpose)) is None:
        email = Email(purpose=purpose, message_id=f"<{purpose.replace(':', '.').replace('@', '.at.')}@{MAIL_DOMAIN}>",
                      to=details["email"], subject=f"Noise from one of your homes: Brent case {case.reference}",
                      body=f"Dear {details['name']},\n\nBrent's Nuisance Control Team is investigating noise from "
                      f"{case.address}, which we understand is one of your homes. Under the service expectation we "
                      "share with registered housing providers, we would like to handle it with you through "
                      f"tenancy management. Please reply quoting case {case.reference}, with the name of the "
                      "officer who manages the tenancy.\n\nNuisance Control Team, Brent Council")
        session.add(email)
        session.flush()
        emit(session, OutboxMessage, TaskNames.NOISE_SEND_EMAIL, {"email_id": email.id})
    return {"landlord": details["name"]}


def _check_privacy(session, case, fields: dict) -> None:
    """Refuse what goes to the source (or to fpn) if it names a reporter."""
    errors = reporter_rules.privacy_problems(fields, reporters.people_of(session, case))
    if errors:
        raise Problem("A reporter is named", "Nothing was saved. What is served on the person responsible, or sent "
                      "to another service, must not identify who reported the noise.", kind="reporter-named",
                      errors=errors)


def _serve(session, case, details, *, actor, now):
    _check_privacy(session, case, {k: details[k] for k in ("served_on_name", "served_on_address", "requirements")})
    corrects = details.get("corrects")
    if corrects is not None and not any(n.id == corrects for n in case.abatement_notices):
        raise Problem("No such notice on this case", f"Case {case.reference} has no abatement notice {corrects} to "
                      "correct.", kind="unknown-abatement-notice", errors=[{"field": "corrects",
                                                                           "message": "Give a notice of this case"}])
    served_at = details.get("served_at") or now
    if details["compliance_date"] < london_date(served_at):
        raise Problem("Comply-by date before the notice", "The date to comply by must be on or after the day the "
                      "notice is served.", kind="bad-compliance-date", errors=[{
                          "field": "compliance_date", "message": "Enter a date on or after the day it is served"}])
    version = (session.scalar(select(func.max(AbatementNotice.version)).where(
        AbatementNotice.case_id == case.id)) or 0) + 1
    notice = AbatementNotice(version=version, corrects_id=corrects,
                             served_on_name=details["served_on_name"], served_on_address=details["served_on_address"],
                             responsible=details["responsible"], requirements=details["requirements"],
                             compliance_date=details["compliance_date"], served_at=served_at,
                             served_by=actor)
    case.abatement_notices.append(notice)
    session.flush()
    reporters.announce(session, case, "notice_served")  # once per case: a corrected version is not news
    return {"version": version, "abatement_notice": notice.id}


def _breach(session, case, details, *, actor, now):
    _check_privacy(session, case, {"details": details["details"],
                                   **{f"evidence.{n}.reference": e.get("reference", "")
                                      for n, e in enumerate(details.get("evidence") or [])}})
    notice = next((n for n in case.abatement_notices if n.id == details["abatement_notice_id"]), None)
    if notice is None:
        raise Problem("No such notice on this case", f"Case {case.reference} has no abatement notice "
                      f"{details['abatement_notice_id']}.", kind="unknown-abatement-notice",
                      errors=[{"field": "abatement_notice_id", "message": "Give a notice served on this case"}])
    if details["occurred_at"] < notice.served_at:
        raise Problem("Breach before the notice", "A breach can only happen after the notice was served.",
                      kind="breach-before-notice", errors=[{"field": "occurred_at",
                                                            "message": "Give a time after the notice was served"}])
    if london_date(details["occurred_at"]) <= notice.compliance_date:
        raise Problem("Not yet a breach", f"The notice had to be complied with by {day(notice.compliance_date)}: "
                      "only noise after that day breaches it.", kind="breach-before-compliance", errors=[{
                          "field": "occurred_at", "message": f"Enter a time after {day(notice.compliance_date)}"}])
    number = len(case.breaches) + 1
    reference = f"{case.reference}-B{number}"
    breach = Breach(abatement_notice_id=notice.id, occurred_at=details["occurred_at"],
                    details=details["details"], recorded_by=actor, recorded_at=now, notice_reference=reference)
    case.breaches.append(breach)
    offender = {"name": notice.served_on_name, "address": notice.served_on_address}
    notice_requests.request_notice(session, model=NoticeRequest, outbox_model=OutboxMessage, source="noise",
                                   reference=reference, requested_by=actor, notice={
        "order_code": NOISE_ORDER, "scope_code": "boroughwide",
        "prohibition_code": f"abatement-notice-breach-{notice.responsible}",
        "occurred_at": details["occurred_at"],
        "location": {"ward": case.ward, "street_address": case.address, "latitude": case.latitude,
                     "longitude": case.longitude},
        "observed": f"Contravened abatement notice version {notice.version} served on "
                    f"{notice.served_at:%d %B %Y}: {details['details']}"[:2000],
        "offender": offender, "evidence": details.get("evidence") or [], "outcome": "fpn"})
    return {"breach": number, "notice_reference": reference}


def _prosecute(session, case, details, *, actor, now):
    case.prosecution_reason = details["reason"]
    return {"reason": details["reason"]}


def _close(session, case, details, *, actor, now):
    lifecycle.check_outcome(details["outcome"])
    case.closed_at, case.outcome = now, details["outcome"]
    reporters.announce(session, case, "closed")
    return {"outcome": details["outcome"]}


EFFECTS = {"assign": _assign, "record_visit": _visit, "record_landlord": _landlord,
           "serve_abatement_notice": _serve, "record_breach": _breach, "mark_for_prosecution": _prosecute,
           "close": _close}
