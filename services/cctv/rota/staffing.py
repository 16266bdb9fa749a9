"""What the rota is made from, as the manager keeps it: staff and their calendar links, absences, requests, the
shift definitions, demand, event days and the rules and weights. Each is turned into rota_rules' plain values by
`problem_parts`."""
import hashlib
import secrets
from dataclasses import asdict, fields
from datetime import date, datetime, timedelta

from sqlalchemy import and_, select
from sqlalchemy.orm import Session

from shared import audit
from shared.errors import Problem as Refusal
from shared.sessions import get_or_404
from services.cctv.models import AuditEntry
from services.cctv.rota import rota_rules
from services.cctv.rota.models import (Absence, DemandRow, EventDay, RotaSettings, ShiftDefinitionRow,
                                       ShiftPreference, StaffMember)
from services.cctv.rota.shift_rules import DEFAULT_SHIFTS, ShiftDefinition, ShiftTimes, occurrence, times_problems

DEFAULT_OFFICERS = 1  # on each shift each day, until the manager sets demand


def _refuse(title: str, field: str, message: str):
    raise Refusal(title, message, errors=[{"field": field, "message": message}])


# Staff ---------------------------------------------------------------------------------------------------------

def _distinct(session: Session, data: dict, member_id: int | None = None) -> None:
    """Every problem with who someone is, at once: a name already on the rota, a sign-in name already linked."""
    errors = []
    if data.get("name") and session.scalar(select(StaffMember.id).where(
            StaffMember.name == data["name"], StaffMember.active.is_(True), StaffMember.id != (member_id or 0))):
        errors.append({"field": "name", "message": f"{data['name']} is already on the rota: add something to tell "
                                                   "them apart, like a middle initial"})
    if data.get("username") and session.scalar(select(StaffMember.id).where(
            StaffMember.username == data["username"], StaffMember.id != (member_id or 0))):
        errors.append({"field": "username", "message": f"The sign-in name {data['username']} belongs to someone "
                                                       "else on the rota"})
    if errors:
        raise Refusal("Already on the rota", errors[0]["message"], errors=errors)


def add_staff(session: Session, data: dict, actor: str) -> StaffMember:
    _known_shifts(session, data.get("shifts", []))
    _distinct(session, data)
    member = StaffMember(**data)
    session.add(member)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="staff_added", entity="rota_staff", entity_id=member.id,
                 data={"role": member.role, "contracted_hours": member.contracted_hours})
    return member


def change_staff(session: Session, member: StaffMember, data: dict, actor: str) -> StaffMember:
    if "shifts" in data:
        _known_shifts(session, data["shifts"])
    _distinct(session, data, member.id)
    for key, value in data.items():
        setattr(member, key, value)
    audit.record(session, AuditEntry, actor=actor, action="staff_changed", entity="rota_staff", entity_id=member.id,
                 data={k: v for k, v in data.items() if k not in ("name", "email")})
    return member


def _known_shifts(session: Session, codes: list[str]) -> None:
    known = {s.code for s in shift_definitions(session)}
    unknown = [c for c in codes if c not in known]
    if unknown:
        _refuse("Unknown shift", "shifts", f"There is no {', '.join(unknown)} shift: choose from "
                                           f"{', '.join(sorted(known))}.")


def staff_member(session: Session, staff_id: int) -> StaffMember:
    return get_or_404(StaffMember, staff_id, "staff member")


def named_staff(session: Session, staff_id: int, field: str) -> StaffMember:
    """The staff member a request's field names (a 422 naming the field if there is none)."""
    member = session.get(StaffMember, staff_id)
    if member is None:
        _refuse("Unknown staff member", field, f"There is no staff member {staff_id}")
    return member


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_feed_link(session: Session, member: StaffMember, actor: str) -> str:
    """A new private calendar link for a person (the token in it is shown once; any older link stops working)."""
    token = secrets.token_urlsafe(32)
    member.feed_token_hash = token_hash(token)
    audit.record(session, AuditEntry, actor=actor, action="feed_link_issued", entity="rota_staff",
                 entity_id=member.id, data={})
    return token


def revoke_feed_link(session: Session, member: StaffMember, actor: str) -> None:
    member.feed_token_hash = None
    audit.record(session, AuditEntry, actor=actor, action="feed_link_revoked", entity="rota_staff",
                 entity_id=member.id, data={})


def staff_for_feed(session: Session, token: str) -> StaffMember | None:
    return session.scalar(select(StaffMember).where(StaffMember.feed_token_hash == token_hash(token),
                                                    StaffMember.active.is_(True)))


# Absences and requests -----------------------------------------------------------------------------------------

def add_absence(session: Session, member: StaffMember, data: dict, actor: str) -> Absence:
    """Record leave, sickness or other absence; refused if it overlaps absence already recorded (contradictory)."""
    clash = session.scalar(select(Absence).where(Absence.staff_id == member.id, Absence.first_day <= data["last_day"],
                                                 Absence.last_day >= data["first_day"]))
    if clash is not None:
        _refuse("Absence already recorded", "first_day",
                f"{member.name} already has {clash.kind.replace('_', ' ')} recorded from {clash.first_day:%-d %B %Y} "
                f"to {clash.last_day:%-d %B %Y}. Change that record rather than adding another.")
    absence = Absence(staff_id=member.id, recorded_by=actor, **data)
    session.add(absence)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="absence_recorded", entity="rota_staff",
                 entity_id=member.id, data={"kind": absence.kind, "first_day": absence.first_day,
                                            "last_day": absence.last_day})
    return absence


def add_preference(session: Session, member: StaffMember, data: dict, actor: str) -> ShiftPreference:
    if data.get("shift"):
        _known_shifts(session, [data["shift"]])
    preference = ShiftPreference(staff_id=member.id, **data)
    session.add(preference)
    session.flush()
    return preference


# Shifts, demand, events, rules ---------------------------------------------------------------------------------

def shift_definitions(session: Session) -> tuple[ShiftDefinition, ...]:
    """The shifts as the manager set them, or the domain's four."""
    rows = session.scalars(select(ShiftDefinitionRow).order_by(ShiftDefinitionRow.position)).all()
    if not rows:
        return DEFAULT_SHIFTS
    return tuple(ShiftDefinition(r.code, r.name, ShiftTimes(r.weekday_start, r.weekday_end, r.weekday_ends_next_day),
                                 ShiftTimes(r.weekend_start, r.weekend_end, r.weekend_ends_next_day), r.unpopular)
                 for r in rows)


def set_shift(session: Session, code: str, data: dict, actor: str) -> ShiftDefinition:
    """Change a shift's times (or add one): each day-kind's times are checked (a shift ending before it starts
    must be marked as ending the next day)."""
    errors = []
    for kind in ("sunday_to_thursday", "friday_saturday"):
        for message in times_problems(ShiftTimes(**data[kind])):
            errors.append({"field": f"{kind}.end", "message": message})
    if errors:
        raise Refusal("Shift times do not add up", errors[0]["message"], errors=errors)
    if not session.scalar(select(ShiftDefinitionRow.code).limit(1)):  # first change: keep the defaults as rows
        for position, shift in enumerate(DEFAULT_SHIFTS):
            session.add(_row(shift, position))
        session.flush()
    row = session.get(ShiftDefinitionRow, code)
    wanted = ShiftDefinition(code, data["name"], ShiftTimes(**data["sunday_to_thursday"]),
                             ShiftTimes(**data["friday_saturday"]), data.get("unpopular", False))
    if row is None:
        position = len(shift_definitions(session))
        session.add(_row(wanted, position))
    else:
        new = _row(wanted, row.position)
        for column in ShiftDefinitionRow.__table__.columns.keys():
            setattr(row, column, getattr(new, column))
    audit.record(session, AuditEntry, actor=actor, action="shift_changed", entity="rota_shift", entity_id=code,
                 data=data)
    return wanted


def _row(shift: ShiftDefinition, position: int) -> ShiftDefinitionRow:
    weekday, weekend = shift.sunday_to_thursday, shift.friday_saturday
    return ShiftDefinitionRow(code=shift.code, name=shift.name, position=position, weekday_start=weekday.start,
                              weekday_end=weekday.end, weekday_ends_next_day=weekday.ends_next_day,
                              weekend_start=weekend.start, weekend_end=weekend.end,
                              weekend_ends_next_day=weekend.ends_next_day, unpopular=shift.unpopular)


def demand_grid(session: Session) -> dict[tuple[int, str], int]:
    """Officers needed on each shift on each weekday (Monday is 0)."""
    set_rows = {(r.weekday, r.shift): r.officers for r in session.scalars(select(DemandRow))}
    return {(weekday, s.code): set_rows.get((weekday, s.code), DEFAULT_OFFICERS)
            for weekday in range(7) for s in shift_definitions(session)}


def demand_cells(session: Session) -> list[dict]:
    """The demand grid as the API shows it: one cell a weekday and shift."""
    return [{"weekday": w, "shift": s, "officers": n} for (w, s), n in demand_grid(session).items()]


def set_demand(session: Session, cells: list[dict], actor: str) -> None:
    _known_shifts(session, sorted({c["shift"] for c in cells}))
    rows = {(r.weekday, r.shift): r for r in session.scalars(select(DemandRow))}
    for cell in cells:
        row = rows.get((cell["weekday"], cell["shift"]))
        if row is None:
            session.add(DemandRow(**cell))
        else:
            row.officers = cell["officers"]
    audit.record(session, AuditEntry, actor=actor, action="demand_changed", entity="rota_demand", entity_id="grid",
                 data={"cells": cells})


def rules_and_weights(session: Session) -> tuple[rota_rules.Rules, rota_rules.Weights]:
    row = session.get(RotaSettings, 1)
    if row is None:
        return rota_rules.Rules(), rota_rules.Weights()
    return rota_rules.Rules(**_known(rota_rules.Rules, row.rules)), \
        rota_rules.Weights(**_known(rota_rules.Weights, row.weights))


def _known(kind, values: dict) -> dict:
    names = {f.name for f in fields(kind)}
    return {k: v for k, v in values.items() if k in names}


def set_rules(session: Session, rules: dict, weights: dict, actor: str) -> tuple[rota_rules.Rules, rota_rules.Weights]:
    current_rules, current_weights = rules_and_weights(session)
    new_rules = rota_rules.Rules(**{**asdict(current_rules), **rules})
    new_weights = rota_rules.Weights(**{**asdict(current_weights), **weights})
    row = session.get(RotaSettings, 1)
    if row is None:
        session.add(RotaSettings(id=1, rules=asdict(new_rules), weights=asdict(new_weights), updated_by=actor))
    else:
        row.rules, row.weights, row.updated_by = asdict(new_rules), asdict(new_weights), actor
    audit.record(session, AuditEntry, actor=actor, action="rota_rules_changed", entity="rota_settings", entity_id=1,
                 data={"rules": rules, "weights": weights})
    return new_rules, new_weights


def add_events(session: Session, events: list[dict], actor: str, source: str) -> tuple[int, int]:
    """Add event days (an import's UIDs already known are updated, not added twice): (added, updated)."""
    added = updated = 0
    for event in events:
        row = session.scalar(select(EventDay).where(EventDay.uid == event["uid"]))
        if row is None:
            session.add(EventDay(source=source, **event))
            added += 1
        else:
            for key, value in event.items():
                setattr(row, key, value)
            updated += 1
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="events_added", entity="rota_events", entity_id=source,
                 data={"added": added, "updated": updated})
    return added, updated


def add_event(session: Session, event: dict, actor: str) -> EventDay:
    """An event day the manager adds by hand (its UID made from its start and name, so adding it twice keeps one)."""
    uid = f"manager-{event['starts_at'].isoformat()}-{event['name']}"[:300]
    add_events(session, [{**event, "uid": uid}], actor, "manager")
    return session.scalar(select(EventDay).where(EventDay.uid == uid))


def events_between(session: Session, start: datetime, end: datetime) -> list[EventDay]:
    return session.scalars(select(EventDay).where(and_(EventDay.starts_at < end, EventDay.ends_at > start))
                           .order_by(EventDay.starts_at)).all()


# Into rota_rules' values ---------------------------------------------------------------------------------------

def people(session: Session) -> tuple[rota_rules.Person, ...]:
    return tuple(rota_rules.Person(str(m.id), m.name, m.role, m.contracted_hours, frozenset(m.shifts))
                 for m in session.scalars(select(StaffMember).where(StaffMember.active.is_(True))
                                          .order_by(StaffMember.id)))


def days_away(session: Session, first: date, last: date) -> tuple[tuple[str, date], ...]:
    out = []
    for absence in session.scalars(select(Absence).where(Absence.first_day <= last, Absence.last_day >= first)):
        day = max(absence.first_day, first)
        while day <= min(absence.last_day, last):
            out.append((str(absence.staff_id), day))
            day += timedelta(days=1)
    return tuple(out)


def preferences(session: Session) -> tuple[rota_rules.Preference, ...]:
    return tuple(rota_rules.Preference(str(p.staff_id), p.wants, p.day, p.weekday, p.shift)
                 for p in session.scalars(select(ShiftPreference).order_by(ShiftPreference.id)))


def demand(session: Session, days: tuple[date, ...], shifts: tuple[ShiftDefinition, ...]
           ) -> tuple[tuple[date, str, int], ...]:
    """Officers needed on each shift of each day: the weekly grid, plus each event's extra officers on the shifts
    it overlaps."""
    grid = demand_grid(session)
    out = {}
    for day in days:
        for shift in shifts:
            out[(day, shift.code)] = grid.get((day.weekday(), shift.code), DEFAULT_OFFICERS)
    if days:
        first, last = occurrence(shifts[0], days[0]).start - timedelta(days=1), \
            occurrence(shifts[0], days[-1]).start + timedelta(days=2)
        for event in events_between(session, first, last):
            for day in days:
                for shift in shifts:
                    occ = occurrence(shift, day)
                    if occ.start < event.ends_at and occ.end > event.starts_at:
                        out[(day, shift.code)] += event.extra_officers
    return tuple((d, s, n) for (d, s), n in out.items())
