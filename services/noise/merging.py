"""Merging two cases about the same source (services.noise.reporter_rules says which merges are allowed): every
report moves, with its assessment and reporter, to the case it joins; the reports are grouped into occasions again
(reports of the two cases on the same night become one occasion); the threshold is checked over the merged case
and the decision recorded; the merged-away case is closed as "merged into ...", keeping its own history; and its
reporters are told where their reports now are."""
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import NotFound, Problem
from services.noise import cases, reporter_rules, reporters, threshold_rules
from services.noise.models import AuditEntry, Case, CaseAction, EvidenceAlert, Incident, Occasion, ThresholdDecision


def merge(*, session: Session, reference: str, into_reference: str | None, reason: str | None, actor: str,
          now: datetime, needed: int, gap: timedelta) -> tuple[Case, ThresholdDecision | None]:
    """Merge case `reference` into case `into_reference`; returns the merged case and its new decision."""
    into_reference = (into_reference or "").strip().upper() or None
    wanted = sorted({reference, into_reference} - {None})
    found = {c.reference: c for c in session.scalars(select(Case).where(Case.reference.in_(wanted))
                                                      .order_by(Case.id).with_for_update())}  # in one order
    case, into = found.get(reference), found.get(into_reference)
    if case is None:
        raise NotFound(f"There is no case {reference}.")
    errors = (reporter_rules.merge_problems(_facts(case), _facts(into) if into else None, into_reference)
              + reporter_rules.merge_reason_problems(reason))
    if errors:
        raise Problem("Check the merge", "The cases were not merged. Correct the fields listed and try again.",
                      kind="invalid-merge", errors=errors)
    moved = list(session.scalars(select(Incident).where(Incident.case_id == case.id)))
    told = sorted({i.reporter_id for i in moved if i.reporter_id is not None})
    for incident in moved:
        incident.case = into
    for alert in session.scalars(select(EvidenceAlert).where(EvidenceAlert.case_id == case.id)):
        alert.case_id = into.id  # an alert belongs with its recording
    if into.uprn is None and case.uprn is not None:
        case_uprn, case.uprn = case.uprn, None  # the open-case index allows one open case per UPRN
        session.flush()
        into.uprn = case_uprn
    _regroup(session, into, gap, old=list(case.occasions) + list(into.occasions))
    before = case.status
    case.status, case.closed_at, case.outcome, case.merged_into_id = "closed", now, f"merged into {into.reference}", \
        into.id
    details = {"reason": reason.strip(), "reports": len(moved)}
    case.actions.append(CaseAction(action="merged_into", at=now, by=actor, from_state=before, to_state="closed",
                                   details={"into": into.reference, **details}))
    into.actions.append(CaseAction(action="merged_from", at=now, by=actor, from_state=into.status,
                                   to_state=into.status, details={"case": case.reference, **details}))
    for audited, other in ((case, into.reference), (into, case.reference)):
        audit.record(session, AuditEntry, actor=actor, action="case_merged", entity="case",
                     entity_id=audited.reference, data={"merged": case.reference, "into": into.reference,
                                                        "other": other, "reports": len(moved)})
    decision = cases.recount(session=session, case=into, prompted_by="merge", now=now, needed=needed)
    if told:
        reporters.announce(session, case, "merged", told)
    return into, decision


def _facts(case: Case) -> reporter_rules.CaseFacts:
    return reporter_rules.CaseFacts(case.reference, case.status, bool(case.abatement_notices))


def _regroup(session: Session, case: Case, gap: timedelta, old: list[Occasion]) -> None:
    """Group all the case's reports into occasions afresh, replacing `old`."""
    session.flush()
    incidents = sorted(session.scalars(select(Incident).where(Incident.case_id == case.id)),
                       key=lambda i: (i.started_at, i.ended_at, i.id))
    groups: list[tuple[threshold_rules.Occasion, list[Incident]]] = []
    for incident in incidents:
        if groups and threshold_rules.same_occasion(incident.started_at, incident.ended_at, groups[-1][0], gap):
            span, members = groups[-1]
            groups[-1] = (threshold_rules.merge([span], incident.started_at, incident.ended_at, False),
                          [*members, incident])
        else:
            groups.append((threshold_rules.Occasion(incident.started_at, incident.ended_at, False), [incident]))
    for span, members in groups:
        occasion = Occasion(case_id=case.id, started_at=span.started_at, ended_at=span.ended_at, nuisance=False)
        session.add(occasion)
        for incident in members:
            incident.occasion = occasion
    session.flush()
    for occasion in old:
        session.delete(occasion)
    session.flush()
    session.expire(case, ["occasions"])
    case.last_occasion_started_at = max((span.started_at for span, _ in groups), default=None)
