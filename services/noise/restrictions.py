"""Restricting a reporter an officer judges malicious or vexatious (services.noise.reporter_rules has the rules):
recorded with its reason and review date, audited, and every open case the reporter reported on counted again at
once, and again when the restriction is lifted or reaches its review date."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import london_date
from shared.errors import NotFound, Problem
from services.noise import cases, reporter_rules, reporters
from services.noise.models import AuditEntry, Case, Incident, Reporter, ReporterRestriction


def _reporter(session: Session, reporter_id: int) -> Reporter:
    reporter = session.scalar(select(Reporter).where(Reporter.id == reporter_id).with_for_update())
    if reporter is None:
        raise NotFound(f"There is no reporter {reporter_id}.")
    return reporter


def _refused(title: str, errors: list[dict]) -> Problem:
    return Problem(title, "Nothing was changed. Correct the fields listed and try again.", kind="invalid-restriction",
                   errors=errors)


def restrict(*, session: Session, reporter_id: int, reason: str | None, review_on, actor: str, now: datetime,
             needed: int) -> ReporterRestriction:
    """Restrict a reporter until `review_on` (replacing any restriction in force), and count their cases again."""
    reporter = _reporter(session, reporter_id)
    errors = reporter_rules.restriction_problems(reason=reason, review_on=review_on, today=london_date(now))
    if errors:
        raise _refused("Check the restriction", errors)
    for earlier in reporter.restrictions:
        if earlier.lifted_at is None:
            earlier.lifted_at, earlier.lifted_by, earlier.lift_reason = now, actor, "replaced by a new restriction"
    restriction = ReporterRestriction(reason=reason.strip(), review_on=review_on, restricted_by=actor,
                                      restricted_at=now)
    reporter.restrictions.append(restriction)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="reporter_restricted", entity="reporter",
                 entity_id=str(reporter.id), data={"restriction": restriction.id, "reason": restriction.reason,
                                                   "review_on": review_on.isoformat()})
    _recount_cases(session, reporter, "restriction", now, needed)
    return restriction


def lift(*, session: Session, reporter_id: int, reason: str | None, actor: str, now: datetime,
         needed: int) -> ReporterRestriction:
    """End a reporter's restriction before its review date, and count their cases again."""
    reporter = _reporter(session, reporter_id)
    current = reporters.restriction_in_force(reporter, london_date(now))
    errors = reporter_rules.lift_problems(reason=reason, in_force_now=current is not None)
    if errors:
        raise _refused("Check the lifting of the restriction", errors)
    current.lifted_at, current.lifted_by, current.lift_reason = now, actor, reason.strip()
    audit.record(session, AuditEntry, actor=actor, action="reporter_restriction_lifted", entity="reporter",
                 entity_id=str(reporter.id), data={"restriction": current.id, "reason": current.lift_reason})
    _recount_cases(session, reporter, "restriction lifted", now, needed)
    return current


def lapse(*, session: Session, now: datetime, needed: int) -> int:
    """Count again the cases of every reporter whose restriction reached its review date unrenewed (the nightly
    sweep); each lapse is counted in once and audited."""
    today = london_date(now)
    due = session.scalars(select(ReporterRestriction).where(
        ReporterRestriction.lifted_at.is_(None), ReporterRestriction.recalculated_at.is_(None),
        ReporterRestriction.review_on <= today).with_for_update(skip_locked=True)).all()
    for restriction in due:
        restriction.recalculated_at = now
        audit.record(session, AuditEntry, actor="system", action="reporter_restriction_lapsed", entity="reporter",
                     entity_id=str(restriction.reporter_id), data={"restriction": restriction.id,
                                                                   "review_on": restriction.review_on.isoformat()})
        _recount_cases(session, session.get(Reporter, restriction.reporter_id), "restriction lapsed", now, needed)
    return len(due)


def _recount_cases(session: Session, reporter: Reporter, prompted_by: str, now: datetime, needed: int) -> None:
    session.flush()
    open_cases = session.scalars(select(Case).where(Case.status != "closed", Case.id.in_(
        select(Incident.case_id).where(Incident.reporter_id == reporter.id))).order_by(Case.id).with_for_update())
    for case in open_cases:
        cases.recount(session=session, case=case, prompted_by=prompted_by, now=now, needed=needed)
