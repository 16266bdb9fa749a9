"""Case use cases: take an incident in, file it under its source's case and occasion, and check the case against
the threshold at once, at a cost that depends on that case's last few weeks only (never on how many incidents are
stored); re-check when an officer assesses an incident; close quiet cases in the nightly sweep.

A case that qualifies is recorded with the decision that made it, and announced through the outbox
(`noise.case_qualified`): the worker then puts it in the team's queue and e-mails the team (services.noise.flagging).
The case's row is locked while an incident is filed under it, so reports arriving together are counted one after
the other, and a case qualifies once.
"""
import uuid
from datetime import date, datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from shared import audit, outbox
from shared.brent import london_date
from shared.db import insert_unless_taken
from shared.contracts.tasks import TaskNames
from shared.errors import Conflict, NotFound
from shared.idempotency import request_hash
from shared.sessions import find_or_404
from services.noise import intake_rules, reporters, threshold_rules
from services.noise.models import AuditEntry, Case, Incident, Occasion, OutboxMessage, QueueEntry, ThresholdDecision

CLOSED_QUIET = "logged, no further action"
SLACK = timedelta(days=2)  # around the 28-day window: Brent's calendar days against UTC times, with room to spare


def take_in(*, session: Session, received_by: str, key: str, body: dict, now: datetime, needed: int,
            gap: timedelta, onto: Case | None = None, acknowledge: bool = True,
            fingerprint: str | None = None) -> tuple[Incident, bool]:
    """File a validated report; a retry with the same Idempotency-Key returns the first (created=False). A report
    `onto` an open case (a reporter's recurrence) is filed under it; otherwise under its source's open case. The
    reporter is told it was received unless `acknowledge` is False (an imported past report: the app it came from
    told them). `fingerprint` tells a retry from a different report under the same key (default: the body's)."""
    fingerprint = fingerprint or request_hash(body)
    earlier = _earlier(session, received_by, key, fingerprint)
    if earlier is not None:
        return earlier, False
    source = body["source"]
    intake_rules.check_incident(category=body["category"], ward=source["ward"], started_at=body["started_at"],
                                ended_at=body.get("ended_at"), now=now, assessment=body.get("assessment", "unassessed"),
                                significant=body.get("significant", False),
                                significance_reason=body.get("significance_reason"))
    opened = False  # a case opened by this report has no occasions yet: nothing to look up
    if onto is not None and onto.status != "closed":
        case = session.scalars(select(Case).where(Case.id == onto.id).with_for_update()).one()
    else:
        case, opened = _open_case(session, source, now)
    reporter = reporters.reporter_for(session, body.get("reporter"))
    first_from_reporter = reporter is not None and session.scalar(select(Incident.id).where(
        Incident.case_id == case.id, Incident.reporter_id == reporter.id).limit(1)) is None
    ended_at = body.get("ended_at") or body["started_at"]
    counts = reporter is None or not reporters.restricted_ids(session, [reporter.id], london_date(now))
    nuisance = body.get("assessment") == "nuisance" and counts
    occasion = _occasion_for(session, case, body["started_at"], ended_at, nuisance, gap, opened=opened)
    session.flush()  # the occasion's id, for the incident's row
    incident = session.scalars(insert_unless_taken(session, Incident).returning(Incident), [dict(
        case_id=case.id, occasion_id=occasion.id, channel=body["channel"], category=body["category"],
        started_at=body["started_at"], ended_at=ended_at, ended_given=body.get("ended_at") is not None,
        description=body.get("description", ""), reporter=body.get("reporter") or {},
        reporter_id=reporter.id if reporter else None, pattern=body.get("pattern"), evidence=body.get("evidence") or [],
        assessment=body.get("assessment", "unassessed"), significant=body.get("significant", False),
        significance_reason=body.get("significance_reason"), external_reference=body.get("external_reference"),
        received_by=received_by, received_at=now, idempotency_key=key, request_hash=fingerprint,
    )]).first()
    if incident is None:  # the same report, sent again at the same moment: the first one stands
        return _earlier(session, received_by, key, fingerprint), False
    set_committed_value(incident, "case", case)  # as stored: nothing to load again
    incident.occasion = occasion  # the same, and now among the occasion's incidents if they were loaded
    audit.record(session, AuditEntry, actor=received_by, action="incident_received", entity="case",
                 entity_id=case.reference, data={"incident": incident.id, "channel": incident.channel,
                                                 "category": incident.category})
    if first_from_reporter and acknowledge:
        reporters.announce(session, case, "received", [reporter.id])
    check_threshold(session=session, case=case, incident=incident, now=now, needed=needed, prompted_by="report",
                    opened=opened)
    return incident, True


def _earlier(session: Session, received_by: str, key: str, fingerprint: str) -> Incident | None:
    """The incident an earlier request with this key created, or a 409 if that request was a different one."""
    incidents = Incident.__table__  # a plain Core read: every report asks, and almost never finds one
    existing = session.execute(select(incidents.c.id, incidents.c.request_hash).where(
        incidents.c.received_by == received_by, incidents.c.idempotency_key == key)).first()
    if existing is None:
        return None
    if existing.request_hash != fingerprint:
        raise Conflict("Idempotency-Key reused", "This Idempotency-Key was already used for a different report. Use "
                       "a new key for a new report.", kind="idempotency-key-reused")
    return session.get(Incident, existing.id)


def _open_case(session: Session, source: dict, now: datetime) -> tuple[Case, bool]:
    """The open case about this source, locked for this transaction, or a new one if there is none (True). A report
    that does not say where the noise comes from is never lost: it opens a case of its own, until an officer merges
    it into the right one."""
    if not (source.get("address") or "").strip() and not (source.get("uprn") or "").strip():
        return _new_case(session, dict(uprn=None, address=f"Source not yet known (reported in {source['ward']})",
                                       address_key=f"UNKNOWN:{uuid.uuid4()}", source_known=False, ward=source["ward"],
                                       latitude=source.get("latitude"), longitude=source.get("longitude"),
                                       opened_at=now)), True
    uprn = (source.get("uprn") or "").strip() or None
    address_key = intake_rules.normalised_address(source.get("address") or f"UPRN {uprn}")
    same_source = Case.address_key == address_key if uprn is None else or_(Case.uprn == uprn,
                                                                            Case.address_key == address_key)
    for _attempt in range(3):
        found = session.scalars(select(Case).where(Case.status != "closed", same_source)
                                .order_by(Case.id).with_for_update()).all()
        if found:
            case = next((c for c in found if uprn is not None and c.uprn == uprn), found[0])
            if uprn is not None and case.uprn is None:
                case.uprn = uprn  # now known
            return case, False
        case = _new_case(session, dict(uprn=uprn, address=(source.get("address") or f"UPRN {uprn}").strip(),
                                       address_key=address_key, ward=source["ward"], latitude=source.get("latitude"),
                                       longitude=source.get("longitude"), opened_at=now))
        if case is not None:
            return case, True
        # another report opened it a moment ago: lock that one instead
    raise RuntimeError("could not open or find the case for a source in 3 tries")


def _new_case(session: Session, values: dict) -> Case | None:
    """Open a case (its reference made from its id); None if another report opened one for the source meanwhile."""
    case = session.scalars(insert_unless_taken(session, Case).returning(Case), [values]).first()
    if case is None:
        return None
    case.reference = f"NC-{case.id:06d}"
    audit.record(session, AuditEntry, actor="system", action="case_opened", entity="case",
                 entity_id=case.reference, data={"ward": case.ward, "source_known": case.source_known})
    return case


def _occasion_for(session: Session, case: Case, started_at: datetime, ended_at: datetime, nuisance: bool,
                  gap: timedelta, opened: bool = False) -> Occasion:
    """The case's occasion this report belongs to: one it overlaps or falls close to (several it bridges become
    one), or a new one. Only the case's occasions near this time are read (an indexed range); none for a case just
    `opened`."""
    near = [] if opened else session.scalars(select(Occasion).where(
        Occasion.case_id == case.id, Occasion.ended_at >= started_at - gap, Occasion.started_at <= ended_at + gap)
        .order_by(Occasion.started_at)).all()
    joined = [o for o in near if threshold_rules.same_occasion(started_at, ended_at, _plain(o), gap)]
    latest_joined = any(o.started_at == case.last_occasion_started_at for o in joined)  # it may begin earlier now
    merged = threshold_rules.merge([_plain(o) for o in joined], started_at, ended_at, nuisance)
    if not joined:
        occasion = Occasion(case_id=case.id, started_at=merged.started_at, ended_at=merged.ended_at,
                            nuisance=merged.nuisance)
        session.add(occasion)
    else:
        occasion, *others = joined
        occasion.started_at, occasion.ended_at, occasion.nuisance = merged.started_at, merged.ended_at, merged.nuisance
        for other in others:  # bridged: their incidents join the first
            for incident in list(other.incidents):
                incident.occasion = occasion
            session.flush()
            session.delete(other)
    if latest_joined or case.last_occasion_started_at is None or occasion.started_at > case.last_occasion_started_at:
        case.last_occasion_started_at = occasion.started_at
    return occasion


def _plain(occasion: Occasion) -> threshold_rules.Occasion:
    return threshold_rules.Occasion(occasion.started_at, occasion.ended_at, occasion.nuisance, occasion.id)


def check_threshold(*, session: Session, case: Case, incident: Incident | None, now: datetime, needed: int,
                    prompted_by: str, whole_case: bool = False, opened: bool = False) -> ThresholdDecision | None:
    """Check a monitored case against the threshold around the incident just filed (or, with no incident, around
    its latest occasion), record the decision and what prompted it, and announce the case if it now qualifies. None
    if the case is not being monitored (already qualified, or closed). With `whole_case` (after a merge or a
    restriction) all its occasions are counted, and the decision is recorded for any open case. `opened`: the
    incident has just opened the case, so its one occasion holds only the incident (nothing to read)."""
    if case.status == "closed" or (case.status != "monitoring" and not whole_case):
        return None
    if opened:
        nearby = [incident.occasion] if incident.occasion.nuisance else []
    else:
        counted = select(Occasion).where(Occasion.case_id == case.id, Occasion.nuisance.is_(True))
        if not whole_case:
            around = incident.occasion.started_at if incident is not None else case.last_occasion_started_at
            if around is None:
                return None
            reach = timedelta(days=threshold_rules.WINDOW_DAYS) + SLACK
            counted = counted.where(Occasion.started_at >= around - reach, Occasion.started_at <= around + reach)
        if whole_case:  # every occasion's reports are looked at: read them together
            counted = counted.options(selectinload(Occasion.incidents))
        nearby = session.scalars(counted).all()
    marked = [incident] if incident is not None else [i for o in nearby for i in o.incidents] if whole_case else []
    significant = any(i.significant and i.assessment == "nuisance" and i.occasion.nuisance for i in marked)
    result = threshold_rules.decide([_plain(o) for o in nearby], needed=needed, significant=significant)
    decision = ThresholdDecision(case_id=case.id, incident_id=incident.id if incident is not None else None,
                                 decided_at=now, qualifies=result.qualifies, reason=result.reason, needed=needed,
                                 occasions=_described(session, result.occasions,
                                                      {incident.occasion.id: [incident.id]} if opened else None),
                                 explanation=result.explanation, prompted_by=prompted_by)
    session.add(decision)
    if result.qualifies and case.status == "monitoring":
        case.status, case.qualified_at, case.qualified_because = "qualified", now, result.reason
        session.flush()
        audit.record(session, AuditEntry, actor="system", action="case_qualified", entity="case",
                     entity_id=case.reference, data={"decision": decision.id, "reason": result.reason,
                                                     "prompted_by": prompted_by})
        outbox.emit(session, OutboxMessage, TaskNames.NOISE_CASE_QUALIFIED,
                    {"case_reference": case.reference, "decision_id": decision.id})
        outbox.emit(session, OutboxMessage, TaskNames.CCTV_NOISE_CASE_QUALIFIED, demand_signal(case, incident, now))
        reporters.announce(session, case, "qualified")
    return decision


def refresh_nuisance(session: Session, occasions: list[Occasion], today: date) -> None:
    """Whether each occasion counts towards the threshold: an officer assessed one of its reports a nuisance, and
    that report's reporter is not restricted today."""
    incidents = [i for o in occasions for i in o.incidents]
    restricted = reporters.restricted_ids(session, [i.reporter_id for i in incidents], today)
    for occasion in occasions:
        occasion.nuisance = any(i.assessment == "nuisance" and i.reporter_id not in restricted
                                for i in occasion.incidents)


def recount(*, session: Session, case: Case, prompted_by: str, now: datetime, needed: int) -> ThresholdDecision | None:
    """Count a case's occasions again (after a merge, or a reporter's restriction made or ended) and check the
    whole case against the threshold, recording the decision."""
    refresh_nuisance(session, list(case.occasions), london_date(now))
    return check_threshold(session=session, case=case, incident=None, now=now, needed=needed,
                           prompted_by=prompted_by, whole_case=True)


def demand_signal(case: Case, incident: Incident | None, now: datetime) -> dict:
    """What cctv is told of a qualified case, as demand for cameras: where to about 100 metres, never the address."""
    def rounded(value):
        return None if value is None else round(value, 3)

    return {"case_reference": case.reference, "ward": case.ward, "latitude": rounded(case.latitude),
            "longitude": rounded(case.longitude), "category": incident.category if incident else "noise",
            "qualified_at": now}


def _described(session: Session, occasions: tuple[threshold_rules.Occasion, ...],
               known: dict[int, list[int]] | None = None) -> list[dict]:
    """The occasions as a decision keeps them: their times and the incidents in each then (read in one query, unless
    the caller already knows them: `known`)."""
    if known is not None:
        ids = {o.id: known[o.id] for o in occasions}
    else:
        ids = {o.id: [] for o in occasions}
        rows = session.execute(select(Incident.occasion_id, Incident.id).where(
            Incident.occasion_id.in_(list(ids))).order_by(Incident.id)) if ids else []
        for occasion_id, incident_id in rows:
            ids[occasion_id].append(incident_id)
    return [{"started_at": o.started_at.isoformat(), "ended_at": o.ended_at.isoformat(), "incidents": ids[o.id]}
            for o in occasions]


def assess(*, session: Session, incident_id: int, assessment: str, significant: bool, reason: str | None,
           assessed_by: str, now: datetime, needed: int) -> Incident:
    """Record an officer's assessment of an incident (after listening to its recording, say), update its occasion,
    and check the case again."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise NotFound(f"There is no incident {incident_id}.")
    case = session.scalars(select(Case).where(Case.id == incident.case_id).with_for_update()).one()
    intake_rules.check_incident(category=incident.category, ward=case.ward, started_at=incident.started_at,
                                ended_at=incident.ended_at, now=now, assessment=assessment, significant=significant,
                                significance_reason=reason)
    before = incident.assessment
    incident.assessment, incident.significant, incident.significance_reason = assessment, significant, reason
    refresh_nuisance(session, [incident.occasion], london_date(now))
    audit.record(session, AuditEntry, actor=assessed_by, action="incident_assessed", entity="case",
                 entity_id=case.reference, data={"incident": incident.id, "from": before, "to": assessment,
                                                 "significant": significant})
    check_threshold(session=session, case=case, incident=incident, now=now, needed=needed, prompted_by="assessment")
    return incident


def sweep(*, session: Session, now: datetime, needed: int) -> dict:
    """The nightly catch-up: check every monitored case again, and close those quiet for more than 28 days."""
    checked = closed = 0
    for case in session.scalars(select(Case).where(Case.status == "monitoring").order_by(Case.id)
                                .with_for_update(skip_locked=True)):
        if case.last_occasion_started_at and threshold_rules.monitoring_ends(case.last_occasion_started_at, now):
            case.status, case.closed_at, case.outcome = "closed", now, CLOSED_QUIET
            audit.record(session, AuditEntry, actor="system", action="case_closed", entity="case",
                         entity_id=case.reference, data={"outcome": CLOSED_QUIET})
            reporters.announce(session, case, "closed")
            closed += 1
        else:
            check_threshold(session=session, case=case, incident=None, now=now, needed=needed, prompted_by="sweep")
            checked += 1
    return {"checked": checked, "closed": closed}


def get_case(session: Session, reference: str) -> Case:
    return find_or_404(session, Case.reference, reference, f"There is no case {reference}.")


def oldest_unreviewed_evidence(session: Session, case_ids: list[int]) -> dict[int, datetime]:
    """For each case, when its oldest report with evidence (a recording) still unassessed came in."""
    if not case_ids:
        return {}
    rows = session.execute(select(Incident.case_id, func.min(Incident.received_at))
                           .where(Incident.case_id.in_(case_ids), Incident.assessment == "unassessed",
                                  func.json_array_length(Incident.evidence) > 0)
                           .group_by(Incident.case_id)).all()
    return dict(rows)


def queue(session: Session, *, sort: str, due: datetime) -> list[dict]:
    """The team's queue: every flagged case still open, newest first, or with sort="oldest_unreviewed_evidence" the
    case whose recording has waited longest first (cases with none waiting last, newest first among them); each
    with when its oldest unreviewed recording came in, and whether that was before `due`."""
    entries = session.scalars(select(QueueEntry).join(Case).where(Case.status != "closed")
                              .order_by(QueueEntry.flagged_at.desc(), QueueEntry.id.desc())).all()
    unreviewed = oldest_unreviewed_evidence(session, [entry.case_id for entry in entries])
    if sort == "oldest_unreviewed_evidence":  # a stable sort: among equals, newest first still
        entries = sorted(entries, key=lambda e: (e.case_id not in unreviewed, unreviewed.get(e.case_id, due)))
    return [{"flagged_at": entry.flagged_at, "assigned_to": entry.case.assigned_to, "case": entry.case,
             "decision": entry.decision, "oldest_unreviewed_evidence_at": unreviewed.get(entry.case_id),
             "evidence_overdue": entry.case_id in unreviewed and unreviewed[entry.case_id] < due}
            for entry in entries]
