"""Rota use cases: ask for a rota for a period (solved on cctv's worker), solve it while recording progress, keep
its shifts with the uncovered ones explained and each person's figures, publish it, re-solve it from a date, and
check swaps, cover and absences against every rule before accepting them."""
from dataclasses import asdict
from datetime import date, datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit, mail, outbox
from shared.brent import LONDON, day as written_day
from shared.contracts.tasks import TaskNames
from shared.errors import Conflict, Problem as Refusal
from services.cctv.models import AuditEntry, OutboxMessage
from services.cctv.rota import rota_rules, solver, staffing
from services.cctv.rota.models import Rota, RotaChange, RotaDuty, StaffMember
from services.cctv.rota.rota_rules import Duty, Problem
from services.cctv import solving

MAX_WEEKS = 12
LOOK_BACK_DAYS = 7  # published shifts this far before a period count for its rests and runs


def live_duties(session: Session, first: date, last: date, *, besides: int | None = None) -> list[Duty]:
    """Shifts of published rotas between two days (inclusive), leaving out rota `besides`."""
    query = (select(RotaDuty).join(Rota, Rota.id == RotaDuty.rota_id)
             .where(Rota.status == "published", RotaDuty.day >= first, RotaDuty.day <= last))
    if besides is not None:
        query = query.where(Rota.id != besides)
    return [Duty(str(d.staff_id), d.day, d.shift) for d in session.scalars(query)]


def problem_for(session: Session, first_day: date, weeks: int, *, base: Rota | None = None,
                open_from: date | None = None, duties: list[Duty] | None = None) -> Problem:
    """The problem a rota for a period is made and checked from, as the manager's data stands now. Re-solving
    `base` from `open_from`, its earlier shifts are kept and its later ones changed as little as possible."""
    shifts = staffing.shift_definitions(session)
    days = tuple(first_day + timedelta(days=i) for i in range(7 * weeks))
    rules, weights = staffing.rules_and_weights(session)
    before = live_duties(session, first_day - timedelta(days=LOOK_BACK_DAYS), first_day - timedelta(days=1))
    own = duties if duties is not None else ([Duty(str(d.staff_id), d.day, d.shift) for d in base.duties]
                                             if base is not None else [])
    kept = [d for d in own if open_from is not None and d.day < open_from]
    return Problem(first_day, weeks, staffing.people(session), staffing.demand(session, days, shifts), shifts,
                   staffing.days_away(session, first_day, days[-1]), staffing.preferences(session), rules, weights,
                   fixed=tuple(before + kept), published=tuple(d for d in own if d not in kept) if base else (),
                   open_from=open_from)


def ask(session: Session, *, first_day: date, weeks: int, time_limit: float, actor: str,
        base: Rota | None = None, open_from: date | None = None) -> Rota:
    """Ask for a rota from a Monday (solved on cctv's worker); re-solving `base` from `open_from` keeps the days
    before it."""
    if base is None:
        _not_over_published(session, first_day, weeks, besides=None)
    problem = problem_for(session, first_day, weeks, base=base, open_from=open_from)
    rota = Rota(first_day=first_day, weeks=weeks, based_on=base.id if base else None, open_from=open_from,
                problem=summary(problem), time_limit_seconds=time_limit, requested_by=actor)
    session.add(rota)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="rota_requested", entity="rota", entity_id=rota.id,
                 data={"first_day": first_day, "weeks": weeks, "based_on": rota.based_on, "open_from": open_from})
    outbox.emit(session, OutboxMessage, TaskNames.CCTV_SOLVE_ROTA, {"rota_id": rota.id})
    return rota


def _not_over_published(session: Session, first_day: date, weeks: int, besides: int | None) -> None:
    """Refuse a rota whose days another published rota (other than the one it re-solves) already covers."""
    last = first_day + timedelta(days=7 * weeks - 1)
    # Where each one ends is worked out here, not in SQL: SQLite (`make run`'s) cannot add days to a date.
    near = session.scalars(select(Rota).where(Rota.status == "published", Rota.id != besides, Rota.first_day <= last,
                                              Rota.first_day > first_day - timedelta(weeks=MAX_WEEKS)))
    clash = next((r for r in near if r.first_day + timedelta(days=7 * r.weeks) > first_day), None)
    if clash is not None:
        ends = clash.first_day + timedelta(days=7 * clash.weeks - 1)
        raise Conflict("Another rota covers these days",
                       f"Rota {clash.id} is published from {written_day(clash.first_day)} to {written_day(ends)}. "
                       "Re-solve it from a day instead, or start the new rota after it.",
                       errors=[{"field": "first_day", "message": f"Rota {clash.id} already covers "
                                                                 f"{written_day(clash.first_day)} to {written_day(ends)}"}])


def add_absence(session: Session, member: StaffMember, data: dict, actor: str):
    """Record an absence outside the published rota. Days the person works on it are changed on the rota instead
    (a change, which drops those shifts and lists them as uncovered), so the two never disagree."""
    working = [d.day for d in own_shifts(session, member, data["first_day"], data["last_day"])]
    if working:
        raise Conflict("Shifts already published", f"{member.name} works on the published rota on "
                       f"{', '.join(written_day(d) for d in working)}. Record the absence under Swaps and absence, "
                       "which takes them off those shifts and lists the shifts left short.",
                       errors=[{"field": "first_day", "message": f"{member.name} has published shifts on those days: "
                                                                 "record it under Swaps and absence"}])
    return staffing.add_absence(session, member, data, actor)


def resolve(session: Session, base: Rota, open_from: date, time_limit: float, actor: str) -> Rota:
    """Re-solve a published rota from a day: the days before are kept; later shifts change as little as they can."""
    if base.status != "published":
        raise Conflict("Not published", "Only a published rota is re-solved; change a draft by asking for a new one.")
    last = base.first_day + timedelta(days=7 * base.weeks - 1)
    if not base.first_day <= open_from <= last:
        raise Refusal("Outside the rota", f"Choose a day from {written_day(base.first_day)} to {written_day(last)}.",
                      errors=[{"field": "from_day", "message": f"Choose a day from {written_day(base.first_day)} to "
                                                               f"{written_day(last)}"}])
    return ask(session, first_day=base.first_day, weeks=base.weeks, time_limit=time_limit, actor=actor, base=base,
               open_from=open_from)


def summary(problem: Problem) -> dict:
    """What a rota was made from, as the page shows it: the shifts, rules, weights and each day's demand."""
    return {"shifts": [{"code": s.code, "name": s.name, "unpopular": s.unpopular,
                        "sunday_to_thursday": _times(s.sunday_to_thursday),
                        "friday_saturday": _times(s.friday_saturday)} for s in problem.shifts],
            "rules": asdict(problem.rules), "weights": asdict(problem.weights),
            "demand": [{"day": d.isoformat(), "shift": s, "officers": n} for d, s, n in problem.demand],
            "away": [{"staff_id": int(who), "day": day.isoformat()} for who, day in problem.away],
            "staff": [{"id": int(p.id), "name": p.name, "role": p.role, "contracted_hours": p.contracted_hours,
                       "shifts": sorted(p.shifts)} for p in problem.people]}


def _times(times) -> dict:
    return {"start": times.start.strftime("%H:%M"), "end": times.end.strftime("%H:%M"),
            "ends_next_day": times.ends_next_day}


def solve(*, transaction: Callable, rota_id: int) -> str:
    """Solve a rota, recording its progress, then keep its shifts, the uncovered ones with their reasons, each
    person's figures, the compensatory rest given and the independent check's findings."""
    with transaction() as session:
        started = solving.begin(session, Rota, rota_id)
        if started is None:
            return "nothing to do"
        rota = session.get(Rota, rota_id)
        base = session.get(Rota, rota.based_on) if rota.based_on else None
        problem = problem_for(session, rota.first_day, rota.weeks, base=base, open_from=rota.open_from)
        limit = rota.time_limit_seconds
    solution, found = solving.with_progress(transaction=transaction, model=Rota, record_id=rota_id, limit=limit,
                                            started=started, run=lambda on_progress: solver.solve(
                                                problem, time_limit=limit, on_progress=on_progress))
    duties = [d for d in problem.fixed if problem.in_period(d.day)] + list(solution.duties)
    with transaction() as session:
        rota = solving.still_mine(session, Rota, rota_id, started)
        if rota is None:
            return f"rota {rota_id} is no longer this run's (solved by a later run, or failed): left as it is"
        rota.status, rota.finished_at, rota.progress = "finished", datetime.now(timezone.utc), 1.0
        rota.solutions, rota.outcome = found, solution.status
        rota.penalty = None if solution.status == "none" else round(solution.penalty, 2)
        rota.bound, rota.parts = round(solution.bound, 2), solution.parts
        rota.duties = rota_duties(duties, problem)
        _findings(rota, problem, duties)
        audit.record(session, AuditEntry, actor="system", action="rota_solved", entity="rota", entity_id=rota_id,
                     data={"outcome": solution.status, "shifts": len(duties), "uncovered": len(rota.shortfalls)})
    return f"{solution.status}: {len(duties)} shifts, penalty {solution.penalty:.1f}"


def rota_duties(duties, problem: Problem) -> list[RotaDuty]:
    """The rows a rota keeps: each shift with the real times it was made with."""
    return [RotaDuty(staff_id=int(d.person), day=d.day, shift=d.shift, starts_at=problem.occurrence(d.day, d.shift).start,
                     ends_at=problem.occurrence(d.day, d.shift).end) for d in duties]


def _findings(rota: Rota, problem: Problem, duties: list[Duty]) -> None:
    """What the page shows beside the grid, from the independent rules (never from the solver)."""
    breaches, compensations = rota_rules.check(duties, problem)
    rota.breaches = [_plain(b) for b in breaches]
    rota.compensations = [_plain(c) for c in compensations]
    rota.shortfalls = [_plain(rota_rules.explain(s, duties, problem), shift_name=problem.shift[s.shift].name
                              if s.shift else None) for s in rota_rules.shortfalls(duties, problem)]
    rota.capacity = rota_rules.capacity_note(problem)
    rota.figures = [_plain(f) for f in rota_rules.figures(duties, problem)]


def _plain(value, **more) -> dict:
    out = {k: (v.isoformat() if isinstance(v, date) else list(v) if isinstance(v, tuple) else v)
           for k, v in asdict(value).items()}
    return {**out, **more}


def fail(*, transaction: Callable, rota_id: int, why: str) -> None:
    with transaction() as session:
        solving.give_up(session, Rota, rota_id, why)


def publish(session: Session, rota: Rota, actor: str) -> Rota:
    """Publish a solved rota (replacing the one it re-solves): staff see it, their feeds carry it, and
    rota_published is sent."""
    if rota.status != "finished":
        raise Conflict("Not ready to publish", f"This rota is {rota.status}: only a solved rota is published.")
    if rota.breaches:
        raise Conflict("Breaks the rules", "This rota breaks a rule (see its breaches), so it cannot be published.")
    last = rota.first_day + timedelta(days=7 * rota.weeks - 1)
    _not_over_published(session, rota.first_day, rota.weeks, besides=rota.based_on)
    if rota.based_on:
        session.get(Rota, rota.based_on).status = "replaced"
    rota.status, rota.published_at, rota.published_by = "published", datetime.now(timezone.utc), actor
    audit.record(session, AuditEntry, actor=actor, action="rota_published", entity="rota", entity_id=rota.id,
                 data={"first_day": rota.first_day, "weeks": rota.weeks, "replaces": rota.based_on})
    outbox.emit(session, OutboxMessage, TaskNames.CCTV_ROTA_PUBLISHED,
                {"rota_id": rota.id, "first_day": rota.first_day.isoformat(), "last_day": last.isoformat()})
    return rota


# Changes to a published rota -----------------------------------------------------------------------------------

def change(session: Session, rota: Rota, asked: dict, actor: str) -> RotaChange:
    """Check a change against every rule and, if none is broken, make it. `asked` is one of:
    - swap: staff_id's shift on `day` and with_staff_id's shift on `with_day` change hands;
    - cover: staff_id's shift on `day` goes to with_staff_id;
    - absence: staff_id is away from `day` to `last_day` (leave, sickness...): their shifts then are dropped and
      listed as uncovered.
    A refused change is kept too, with the rules it would break."""
    if rota.status != "published":
        raise Conflict("Not published", "Changes are made to the published rota.")
    before = [Duty(str(d.staff_id), d.day, d.shift) for d in rota.duties]
    who = staffing.named_staff(session, asked["staff_id"], "staff_id")
    kind = asked["kind"]
    if kind == "absence":
        staffing.add_absence(session, who, {"first_day": asked["day"], "last_day": asked.get("last_day") or asked["day"],
                                            "kind": asked.get("absence_kind") or "annual_leave",
                                            "note": asked.get("note")}, actor)
        after = [d for d in before if not (d.person == str(who.id) and asked["day"] <= d.day <=
                                           (asked.get("last_day") or asked["day"]))]
        affected = {str(who.id)}
    else:
        other = staffing.named_staff(session, asked["with_staff_id"], "with_staff_id")
        after, affected = _moved(before, kind, who, other, asked)
    problem = problem_for(session, rota.first_day, rota.weeks, duties=after)
    new = _new_breaches(before, after, affected, problem)
    gone = {(s.day, s.shift) for s in rota_rules.shortfalls(before, problem)}
    uncovered = [_plain(s, shift_name=problem.shift[s.shift].name if s.shift else None)
                 for s in rota_rules.shortfalls(after, problem) if (s.day, s.shift) not in gone]
    record = RotaChange(rota_id=rota.id, kind=kind, asked=_jsonable(asked), accepted=not new,
                        breaches=[_plain(b, rule_name=rota_rules.RULE_NAMES[b.rule]) for b in new],
                        uncovered=uncovered, decided_by=actor)
    session.add(record)
    if not new:
        rota.problem = {**rota.problem, "away": summary(problem)["away"]}  # the grid shows the absence
        rota.duties.clear()
        session.flush()  # the old shifts go before the new ones come (one shift a person a day)
        rota.duties = rota_duties(sorted(after), problem)
        _findings(rota, problem, after)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="rota_change_" + ("accepted" if not new else "refused"),
                 entity="rota", entity_id=rota.id, data={"change": record.id, "kind": kind,
                                                        "rules": [b.rule for b in new]})
    return record


def _moved(before: list[Duty], kind: str, who: StaffMember, other: StaffMember, asked: dict
           ) -> tuple[list[Duty], set[str]]:
    mine = {(d.person, d.day): d for d in before}
    give = mine.get((str(who.id), asked["day"]))
    if give is None:
        raise Refusal("No shift that day", f"{who.name} has no shift on {written_day(asked['day'])}.",
                      errors=[{"field": "day", "message": f"{who.name} has no shift on {written_day(asked['day'])}"}])
    after = [d for d in before if d != give] + [Duty(str(other.id), give.day, give.shift)]
    if kind == "swap":
        with_day = asked.get("with_day") or asked["day"]
        take = mine.get((str(other.id), with_day))
        if take is None:
            raise Refusal("No shift that day", f"{other.name} has no shift on {written_day(with_day)} to swap.",
                          errors=[{"field": "with_day",
                                   "message": f"{other.name} has no shift on {written_day(with_day)}"}])
        after = [d for d in after if d != take] + [Duty(str(who.id), take.day, take.shift)]
    return after, {str(who.id), str(other.id)}


def _new_breaches(before: list[Duty], after: list[Duty], affected: set[str], problem: Problem) -> list:
    """The breaches of the affected people's shifts after a change that were not there before it."""
    def found(duties):
        mine = rota_rules.duties_by_person([d for d in duties if d.person in affected] +
                                           [d for d in problem.fixed if d.person in affected])
        return [b for who in affected for b in rota_rules.check_person(who, mine.get(who, []), problem)[0]]
    known = {(b.rule, b.person, b.day, b.shift) for b in found(before)}
    return [b for b in found(after) if (b.rule, b.person, b.day, b.shift) not in known]


def _jsonable(asked: dict) -> dict:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in asked.items()}


def own_shifts(session: Session, member: StaffMember, first: date, last: date) -> list[RotaDuty]:
    """A person's shifts in published rotas between two days."""
    return session.scalars(select(RotaDuty).join(Rota, Rota.id == RotaDuty.rota_id)
                           .where(Rota.status == "published", RotaDuty.staff_id == member.id,
                                  RotaDuty.day >= first, RotaDuty.day <= last).order_by(RotaDuty.day)).all()


def tell_staff(*, session: Session, rota_id: int, sender: str, smtp_url: str | None) -> int:
    """E-mail each person on a published rota their shifts (those with an address); how many were told."""
    rota = session.get(Rota, rota_id)
    if rota is None or rota.status != "published":
        return 0
    shifts = {s.code: s for s in staffing.shift_definitions(session)}
    last = rota.first_day + timedelta(days=7 * rota.weeks - 1)
    told = 0
    for member in session.scalars(select(StaffMember).where(StaffMember.email.is_not(None),
                                                            StaffMember.active.is_(True))):
        own = [d for d in rota.duties if d.staff_id == member.id]
        lines = []
        for duty in own:
            ends = duty.ends_at.astimezone(LONDON)
            lines.append(f"- {duty.day:%a %-d %b}: {shifts[duty.shift].name}, {duty.starts_at.astimezone(LONDON):%H:%M} "
                         f"to {ends:%H:%M}{' (next day)' if ends.date() > duty.day else ''}")
        body = (f"Dear {member.name},\n\nThe control room's rota from {written_day(rota.first_day)} to "
                f"{written_day(last)} is published. Your shifts:\n\n" + ("\n".join(lines) or "- none") +
                "\n\nYour calendar link, if you have one, now shows them. If a shift cannot work for you, ask the "
                "control-room manager: swaps are checked against the rest and hours rules before they are made.\n")
        mail.send(mail.message(sender=sender, to=member.email, subject=f"Your shifts from {written_day(rota.first_day)}",
                               body=body, message_id=f"<rota-{rota.id}-staff-{member.id}@safer-brent.example>"),
                  smtp_url)
        told += 1
    return told
