"""Quality assurance use cases: draw a month's random sample of each officer's notices (once a month, by the
scheduler, or by a supervisor), record each review's outcome, and compare each officer's mix of notices with the
rest of the team's (quality_rules)."""
import random
import secrets
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import Conflict, NotFound, Problem
from shared.report_tables import day_start
from services.fpn import quality_rules
from services.fpn.models import AuditEntry, Notice, OfficerProfile, QualityReview, ReviewSample


def month_bounds(month: str) -> tuple[date, date]:
    """The first day of '2026-11' and the first day of the month after."""
    first = date.fromisoformat(f"{month}-01")
    return first, date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def previous_month(on: date) -> str:
    """The month before the one `on` falls in, as '2026-10'."""
    return (on.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")


def draw_sample(*, session: Session, month: str, share: float, actor: str, now: datetime,
                rng: random.Random | None = None) -> list[QualityReview]:
    """Draw the month's sample of each officer's notices (issued by officers on patrol, and in effect), once: a
    second draw for the same month returns the first one's reviews."""
    if session.get(ReviewSample, month) is not None:
        return reviews(session=session, month=month)
    first, after = month_bounds(month)
    if first > now.date().replace(day=1):
        raise Problem("Month not started", f"There are no notices to sample for {first:%B %Y} yet.",
                      kind="validation", errors=[{"field": "month", "message": "Choose this month or an earlier one"}])
    found = session.execute(select(Notice.issued_by, Notice.number).where(
        Notice.source == "officer", Notice.effective_at.is_not(None),
        Notice.issued_at >= day_start(first), Notice.issued_at < day_start(after)))
    by_officer = defaultdict(list)
    for officer, number in found:
        by_officer[officer].append(number)
    drawn = quality_rules.draw(by_officer, share, rng or random.Random(secrets.randbits(64)))
    ids = {n: i for n, i in session.execute(select(Notice.number, Notice.id).where(
        Notice.number.in_([n for numbers in drawn.values() for n in numbers])))}
    session.add(ReviewSample(month=month, share=share, drawn_at=now, drawn_by=actor))
    for officer, numbers in drawn.items():
        for number in numbers:
            session.add(QualityReview(notice_id=ids[number], month=month, officer=officer, drawn_at=now))
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="review_sample_drawn", entity="review_sample",
                 entity_id=month, data={"share": share, "notices": sum(len(n) for n in drawn.values())})
    return reviews(session=session, month=month)


def reviews(*, session: Session, month: str | None = None, waiting: bool = False) -> list[QualityReview]:
    """The sampled notices of a month (or every month), those still to review first, then by officer."""
    statement = select(QualityReview)
    if month:
        statement = statement.where(QualityReview.month == month)
    if waiting:
        statement = statement.where(QualityReview.outcome.is_(None))
    return list(session.scalars(statement.order_by(QualityReview.outcome.is_not(None), QualityReview.month,
                                                   QualityReview.officer, QualityReview.id)))


def record_review(*, session: Session, review_id: int, outcome: str, reason: str | None, actor: str,
                  now: datetime) -> QualityReview:
    """A supervisor's finding on a sampled notice: correct, or a problem with its reason. Officers do not review
    their own notices."""
    review = session.get(QualityReview, review_id)
    if review is None:
        raise NotFound(f"There is no review {review_id}.")
    if review.officer == actor:
        raise Problem("Your own notice", "Another supervisor must review a notice you issued.", kind="own-notice",
                      status=403)
    if review.outcome is not None:
        raise Conflict("Already reviewed", f"This notice was reviewed by {review.reviewed_by}.",
                       kind="already-reviewed")
    if outcome == "problem" and not (reason or "").strip():
        raise Problem("Reason needed", "Say what the problem is.", kind="validation",
                      errors=[{"field": "reason", "message": "Say what the problem with the notice is"}])
    review.outcome, review.reason, review.reviewed_by, review.reviewed_at = outcome, reason, actor, now
    audit.record(session, AuditEntry, actor=actor, action="notice_reviewed", entity="notice",
                 entity_id=review.notice.number, data={"outcome": outcome})
    return review


def officer_mix(*, session: Session, start: date, end: date) -> dict:
    """Each officer's notices issued in the period, by notice type and outcome, with cancellations, successful
    representations and the review findings, against the rest of the team; flagged where one type dominates."""
    notices = session.scalars(select(Notice).where(
        Notice.source == "officer", Notice.issued_at >= day_start(start),
        Notice.issued_at < day_start(end + timedelta(days=1)))).all()
    represented = set(session.scalars(select(AuditEntry.entity_id).where(
        AuditEntry.entity == "notice", AuditEntry.action == "receive_representation")))
    names = {p.username: p for p in session.scalars(select(OfficerProfile))}
    problems = Counter(session.scalars(select(QualityReview.officer).where(QualityReview.outcome == "problem")))
    types = defaultdict(Counter)
    officers = defaultdict(Counter)
    for n in notices:
        types[n.issued_by][n.notice_type] += 1
        row = officers[n.issued_by]
        row["notices"] += 1
        row["fpns"] += n.outcome == "fpn"
        row["warnings"] += n.outcome == "warning"
        row["cancelled"] += n.state == "cancelled"
        row["representations_upheld"] += n.number in represented and n.state in ("cancelled", "warning")
    team = Counter()
    for counts in types.values():
        team.update(counts)
    rows = []
    for officer in sorted(officers, key=lambda o: (names[o].full_name if o in names else o)):
        rest = team - types[officer]
        profile = names.get(officer)
        rows.append({"officer": officer, "name": profile.full_name if profile else officer,
                     "authorisation_number": profile.authorisation_number if profile else None,
                     **officers[officer], "review_problems": problems[officer], "by_type": dict(types[officer]),
                     "flags": [f.words() for f in quality_rules.flags(types[officer], rest)]})
    return {"from": start, "to": end, "team_by_type": dict(team), "officers": rows}
