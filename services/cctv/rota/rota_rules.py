"""The rules every control-room rota obeys, checked independently of the solver that makes it: plain values, no
solver, no session. The solver (solver.py) builds its model from the same Problem; these functions are what the
tests, the swap and leave checks and the page's explanations rely on.

Hard rules (a rota that breaks one is refused):
- **May work it.** A person works only the shifts they may work, one shift at most starting on a day, and never
  while on leave or otherwise away (a shift that touches a day away counts).
- **Daily rest** (Working Time Regulations 1998, reg. 10): at least `daily_rest_hours` (11) between the end of one
  shift and the start of the next, in real elapsed time. So Late then Early, Night then Early, and a Friday or
  Saturday Late (ending 01:45) then a Sunday Early are refused.
- **Weekly rest** (reg. 11): an uninterrupted rest of 24 hours in each 7-day block from the rota's first Monday,
  or of 48 hours in each 14-day block (an odd last week then needs its 24 hours).
- **Working week** (reg. 4): at most `max_average_weekly_hours` (48) a week on average over the rota's period;
  and no more than the person's contracted hours a week (plus `overtime_hours_per_week`) on average.
- **Night work** (reg. 6): night time is 23:00-06:00, and a shift with 3 hours of it is night work; a night
  worker's hours average at most 8 in each 24. At most `max_consecutive_nights` nights in a row.
- **Runs**: at most `max_consecutive_shifts` shifts on consecutive days.

CCTV monitoring may fall under the regulation 21 exemption (security and surveillance). When the manager turns it
on for daily or weekly rest, a shorter rest is allowed only with equivalent compensatory rest, which the rota
records: a daily rest short by X is made up by the next rest being at least 11 hours plus X; a 7-day (or 14-day)
block without its weekly rest is made up by the next block holding a rest twice as long.

Soft aims, weighed by `Weights` the manager sees: demand covered (each shift's officers, and a senior or the
manager on duty for `senior_hours_per_day` hours each day), requests for and against shifts and days, nights,
weekends and unpopular shifts shared evenly, forward rotation (Early, Cover, Late, Night), and, when re-solving a
published rota, as few changes as possible.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import cached_property
from typing import Iterable, NamedTuple

from shared.brent import LONDON
from services.cctv.rota.shift_rules import DEFAULT_SHIFTS, Occurrence, ShiftDefinition, minutes, moment, occurrence, rank

ROLES = ("officer", "senior", "manager")
SENIOR_ROLES = ("senior", "manager")
WEEKLY_REST = {"24_in_7": (7, 24), "48_in_14": (14, 48)}  # block length in days, rest in hours

RULE_NAMES = {
    "may_work": "Shifts they may work",
    "away": "Leave and other absence",
    "one_a_day": "One shift a day",
    "daily_rest": "11 hours' rest between shifts (Working Time Regulations, reg. 10)",
    "compensatory_rest": "Compensatory rest for a shortened rest (reg. 21 and 24)",
    "weekly_rest": "Weekly rest (reg. 11)",
    "average_hours": "48-hour average week (reg. 4)",
    "contracted_hours": "Contracted hours",
    "night_average": "Night workers' 8 hours in 24 on average (reg. 6)",
    "consecutive_nights": "Nights in a row",
    "consecutive_shifts": "Shifts in a row",
}


class Duty(NamedTuple):
    """A person on a shift on a day (the day it starts)."""

    person: str
    day: date
    shift: str


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    role: str  # officer | senior | manager
    contracted_hours: float
    shifts: frozenset[str]

    @property
    def staffs_shifts(self) -> bool:
        """Officers and the senior fill the shifts demand asks for; the manager is extra to them (senior cover)."""
        return self.role != "manager"


@dataclass(frozen=True)
class Preference:
    """A request for (wants) or against a shift or a whole day: on one date, or on a weekday every week."""

    person: str
    wants: bool
    day: date | None = None
    weekday: int | None = None  # Monday is 0
    shift: str | None = None  # None: the whole day, any shift

    def covers(self, day: date) -> bool:
        return self.day == day if self.day is not None else self.weekday == day.weekday()


@dataclass(frozen=True)
class Rules:
    daily_rest_hours: float = 11
    weekly_rest: str = "24_in_7"
    max_average_weekly_hours: float = 48
    overtime_hours_per_week: float = 0
    max_consecutive_shifts: int = 6
    max_consecutive_nights: int = 4
    senior_hours_per_day: float = 8
    exempt_daily_rest: bool = False  # regulation 21: a shorter rest with compensatory rest
    exempt_weekly_rest: bool = False


@dataclass(frozen=True)
class Weights:
    """What each soft aim is worth: the solver keeps the total of the penalties as low as it can."""

    uncovered_shift: int = 1000  # each officer missing from a shift
    senior_hour_short: int = 100  # each hour of a day without a senior or the manager on duty
    preference: int = 20  # each request not met
    fairness: int = 30  # each shift of difference between who works the most and the fewest nights, weekends...
    backward_rotation: int = 5  # each change to an earlier shift on the next day (Night then Late, say)
    change: int = 50  # each published shift changed when re-solving
    hours_short: int = 1  # each hour the manager's shifts fall short of their contract


@dataclass(frozen=True)
class Problem:
    """Everything a rota is made and checked from."""

    first_day: date  # a Monday
    weeks: int
    people: tuple[Person, ...]
    demand: tuple[tuple[date, str, int], ...]  # officers needed on each shift on each day (missing: none)
    shifts: tuple[ShiftDefinition, ...] = DEFAULT_SHIFTS
    away: tuple[tuple[str, date], ...] = ()  # (person, day) they cannot work
    preferences: tuple[Preference, ...] = ()
    rules: Rules = field(default_factory=Rules)
    weights: Weights = field(default_factory=Weights)
    fixed: tuple[Duty, ...] = ()  # kept as they are: shifts already worked, and those just before the period
    published: tuple[Duty, ...] = ()  # the published rota being re-solved: changed as little as possible
    open_from: date | None = None  # re-solving: days before this are kept as they are (in `fixed`)

    @cached_property
    def days(self) -> tuple[date, ...]:
        return tuple(self.first_day + timedelta(days=i) for i in range(7 * self.weeks))

    @cached_property
    def last_day(self) -> date:
        return self.days[-1]

    @cached_property
    def person(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def shift(self) -> dict[str, ShiftDefinition]:
        return {s.code: s for s in self.shifts}

    @cached_property
    def needed(self) -> dict[tuple[date, str], int]:
        return {(d, s): n for d, s, n in self.demand if n > 0}

    @cached_property
    def days_away(self) -> dict[str, frozenset[date]]:
        out = defaultdict(set)
        for who, day in self.away:
            out[who].add(day)
        return {who: frozenset(days) for who, days in out.items()}

    @cached_property
    def _occurrences(self) -> dict:
        return {}

    def occurrence(self, day: date, shift: str) -> Occurrence:
        """A shift on a day in real time (each worked out once a problem)."""
        found = self._occurrences.get((day, shift))  # pragma: no mutate (a cache: speed only)
        if found is None:
            found = self._occurrences[(day, shift)] = occurrence(self.shift[shift], day)
        return found

    @cached_property
    def open_days(self) -> tuple[date, ...]:
        """The days the solver may change."""
        return tuple(d for d in self.days if self.open_from is None or d >= self.open_from)

    def in_period(self, day: date) -> bool:
        return self.first_day <= day <= self.last_day

    def cap_minutes(self, person: Person) -> int:
        """The most a person may work over the period, in minutes: the 48-hour average and their contract, less a
        seventh of a week's for each day they are away (leave counts towards the contract: a week away, a week's)."""
        weekly = min(self.rules.max_average_weekly_hours, person.contracted_hours + self.rules.overtime_hours_per_week)
        away = sum(1 for day in self.days_away.get(person.id, ()) if self.in_period(day))
        return int(round(weekly * 60 * (7 * self.weeks - away) / 7))

    def blocks(self) -> list[tuple[date, int, int]]:
        """The weekly-rest blocks: first day, length in days, and the rest each needs in hours."""
        length, hours = WEEKLY_REST[self.rules.weekly_rest]
        out, start = [], self.first_day
        while start <= self.last_day:
            days = min(length, (self.last_day - start).days + 1)
            out.append((start, days, hours if days == length else 24))
            start += timedelta(days=days)
        return out


@dataclass(frozen=True)
class Breach:
    rule: str
    person: str
    day: date
    shift: str | None
    message: str


@dataclass(frozen=True)
class Compensation:
    """Rest shortened under the regulation 21 exemption, and the longer rest that makes up for it."""

    rule: str  # daily_rest | weekly_rest
    person: str
    day: date
    short_by_minutes: int
    made_up_by: str


def hours(minutes: int) -> str:
    """'8 h 15 min', '11 h', '45 min'."""
    h, m = divmod(int(minutes), 60)
    return " ".join(part for part in (f"{h} h" if h else "", f"{m} min" if m else "") if part) or "0 min"


def when(moment: datetime) -> str:
    return f"{moment.astimezone(LONDON):%a %-d %b %H:%M}"


def label(problem: Problem, day: date, shift: str) -> str:
    """'the Late on Fri 6 Mar'."""
    return f"the {problem.shift[shift].name} on {day:%a %-d %b}"


def duties_by_person(duties: Iterable[Duty]) -> dict[str, list[Duty]]:
    out = defaultdict(list)
    for duty in duties:
        out[duty.person].append(duty)
    return out


def check(duties: Iterable[Duty], problem: Problem) -> tuple[list[Breach], list[Compensation]]:
    """Every hard rule a rota (with the problem's fixed shifts) breaks, and the compensatory rest it gives."""
    duties = set(duties)
    everyone = duties | set(problem.fixed)
    breaches, compensations = [], []
    for who, own in duties_by_person(everyone).items():
        if who not in problem.person and not duties.intersection(own):
            continue  # someone who has left: their shifts before the period are history, not this rota's
        found, made_up = check_person(who, own, problem)
        breaches += found
        compensations += made_up
    return (sorted(breaches, key=lambda b: (b.day, b.person, b.rule)),
            sorted(compensations, key=lambda c: (c.day, c.person)))


def check_person(who: str, own: list[Duty], problem: Problem) -> tuple[list[Breach], list[Compensation]]:
    """The hard rules for one person's shifts."""
    person = problem.person.get(who)
    if person is None:
        return [Breach("may_work", who, d.day, d.shift, f"{who} is not on the rota's staff.") for d in own], []
    own = sorted(set(own), key=lambda d: (problem.occurrence(d.day, d.shift).start, d.shift))
    found = _allowed(person, own, problem) + _runs(person, own, problem) + _hours(person, own, problem)
    rest, daily_made_up = _daily_rest(person, own, problem)
    weekly, weekly_made_up = _weekly_rest(person, own, problem)
    return found + rest + weekly, daily_made_up + weekly_made_up


def _allowed(person: Person, own: list[Duty], problem: Problem) -> list[Breach]:
    out, seen = [], {}
    away = problem.days_away.get(person.id, frozenset())
    for duty in own:
        what = label(problem, duty.day, duty.shift)
        if duty.shift not in person.shifts:
            out.append(Breach("may_work", person.id, duty.day, duty.shift,
                              f"{person.name} may not work {problem.shift[duty.shift].name} shifts."))
        occ = problem.occurrence(duty.day, duty.shift)
        touched = {occ.start.astimezone(LONDON).date(), (occ.end - timedelta(minutes=1)).astimezone(LONDON).date()}
        if touched & away:
            out.append(Breach("away", person.id, duty.day, duty.shift,
                              f"{person.name} is away on {min(touched & away):%a %-d %b}, so cannot work {what}."))
        if duty.day in seen:
            out.append(Breach("one_a_day", person.id, duty.day, duty.shift,
                              f"{person.name} would work both the {problem.shift[seen[duty.day]].name} and the "
                              f"{problem.shift[duty.shift].name} on {duty.day:%a %-d %b}."))
        seen.setdefault(duty.day, duty.shift)
    return out


def _daily_rest(person: Person, own: list[Duty], problem: Problem) -> tuple[list[Breach], list[Compensation]]:
    needed = int(problem.rules.daily_rest_hours * 60)
    out, made_up = [], []
    occurrences = [problem.occurrence(d.day, d.shift) for d in own]
    for i in range(1, len(occurrences)):
        before, after = occurrences[i - 1], occurrences[i]
        rest = minutes(after.start - before.end)
        if rest >= needed:
            continue
        between = (f"{label(problem, before.day, before.shift)} (ends {when(before.end)}) and "
                   f"{label(problem, after.day, after.shift)} (starts {when(after.start)})")
        if rest <= 0 or not problem.rules.exempt_daily_rest:  # no shortened rest can be none at all
            out.append(Breach("daily_rest", person.id, after.day, after.shift,
                              f"{person.name} would have {'no rest' if rest <= 0 else 'only ' + hours(rest)} "
                              f"between {between}: at least {hours(needed)} are needed."))
            continue
        owed = 2 * needed - rest  # the next rest must make up what this one lacked
        nxt = occurrences[i + 1] if i + 1 < len(occurrences) else None
        next_rest = None if nxt is None else minutes(nxt.start - after.end)
        if next_rest is not None and next_rest < owed:
            out.append(Breach("compensatory_rest", person.id, nxt.day, nxt.shift,
                              f"{person.name}'s rest was shortened to {hours(rest)} between {between}, so the next "
                              f"rest must be at least {hours(owed)}; {label(problem, nxt.day, nxt.shift)} leaves only "
                              f"{hours(next_rest)}."))
        else:
            made_up.append(Compensation("daily_rest", person.id, after.day, needed - rest,
                                        f"a rest of at least {hours(owed)} after {label(problem, after.day, after.shift)}"
                                        f" (from {when(after.end)})"))
    return out, made_up


def _longest_rest(person: Person, own: list[Duty], problem: Problem, start: datetime, end: datetime
                  ) -> tuple[int, datetime]:
    """The longest stretch without work between two moments, in minutes, and when it begins."""
    free_from, best, best_at = start, 0, start
    for duty in own:
        occ = problem.occurrence(duty.day, duty.shift)
        if occ.end <= start or occ.start >= end:
            continue
        gap = minutes(occ.start - free_from)
        if gap > best:
            best, best_at = gap, free_from
        free_from = max(free_from, occ.end)
    gap = minutes(end - free_from)
    return (gap, free_from) if gap > best else (best, best_at)


def _weekly_rest(person: Person, own: list[Duty], problem: Problem) -> tuple[list[Breach], list[Compensation]]:
    out, made_up = [], []
    blocks = problem.blocks()
    owed_from = None  # the block before lacked its rest (exemption): this one must hold twice as much
    for i, (first, length, rest_hours) in enumerate(blocks):
        start = _midnight(first)
        end = _midnight(first + timedelta(days=length))
        longest, at = _longest_rest(person, own, problem, start, end)
        needed = rest_hours * 60 * (2 if owed_from else 1)
        span = f"{first:%-d %b} to {first + timedelta(days=length - 1):%-d %b}"
        if longest >= needed:
            if owed_from:
                made_up.append(Compensation("weekly_rest", person.id, owed_from, rest_hours * 60,
                                            f"a rest of {hours(longest)} from {when(at)}, in {span}"))
            owed_from = None
            continue
        if owed_from is None and problem.rules.exempt_weekly_rest and i + 1 < len(blocks):
            owed_from = first
            continue
        what = (f"a rest of {hours(needed)} (to make up the week before)" if owed_from
                else f"an uninterrupted rest of {rest_hours} hours")
        out.append(Breach("weekly_rest", person.id, first, None,
                          f"{person.name} would not have {what} in {span}: the longest is {hours(longest)}."))
        owed_from = None
    return out, made_up


def _midnight(day: date) -> datetime:
    return moment(day, time(0))


def _already_over(person: Person, own: list[Duty], problem: Problem, contract: int, worked: int) -> bool:
    """True when a re-solve finds a person's kept shifts already over their contract (an absence recorded after
    they worked lowered it) and gives them nothing more: the days it may change cannot mend that, so it is not the
    re-solved rota's breach. Any shift added on those days still is."""
    if problem.open_from is None:
        return False
    kept = set(problem.fixed)
    kept_minutes = sum(problem.occurrence(d.day, d.shift).minutes for d in own
                       if d in kept and problem.in_period(d.day))
    return kept_minutes == worked and kept_minutes >= contract


def _hours(person: Person, own: list[Duty], problem: Problem) -> list[Breach]:
    inside = [problem.occurrence(d.day, d.shift) for d in own if problem.in_period(d.day)]
    worked = sum(o.minutes for o in inside)
    out = []
    average = int(problem.rules.max_average_weekly_hours * 60 * problem.weeks)
    contract = problem.cap_minutes(person)
    if worked > average:
        out.append(Breach("average_hours", person.id, problem.first_day, None,
                          f"{person.name} would work {hours(worked)} in {problem.weeks} weeks: more than "
                          f"{problem.rules.max_average_weekly_hours:g} hours a week on average."))
    elif worked > contract and not _already_over(person, own, problem, contract, worked):
        out.append(Breach("contracted_hours", person.id, problem.first_day, None,
                          f"{person.name} would work {hours(worked)} in {problem.weeks} weeks: more than their "
                          f"{hours(contract)} ({person.contracted_hours:g} hours a week"
                          f"{' with overtime' if problem.rules.overtime_hours_per_week else ''}"
                          f"{', less the days away' if problem.days_away.get(person.id) else ''})."))
    if any(o.is_night for o in inside) and worked > 8 * 60 * len(problem.days):
        out.append(Breach("night_average", person.id, problem.first_day, None,
                          f"{person.name} works nights, so may average at most 8 hours in 24: "
                          f"{hours(worked)} in {len(problem.days)} days is more."))
    return out


def _runs(person: Person, own: list[Duty], problem: Problem) -> list[Breach]:
    days = {d.day: d.shift for d in own}
    nights = {day: shift for day, shift in days.items() if problem.occurrence(day, shift).is_night}
    return (_too_long(person, days, problem, "consecutive_shifts", "shifts", problem.rules.max_consecutive_shifts)
            + _too_long(person, nights, problem, "consecutive_nights", "nights", problem.rules.max_consecutive_nights))


def _too_long(person: Person, days: dict[date, str], problem: Problem, rule: str, kind: str, limit: int
              ) -> list[Breach]:
    """A breach where a run of shifts on consecutive days first goes beyond its limit."""
    out, run = [], 0
    for day in sorted(days):
        run = run + 1 if day - timedelta(days=1) in days else 1
        if run == limit + 1:
            out.append(Breach(rule, person.id, day, days[day],
                              f"{person.name} would work {run} {kind} in a row up to "
                              f"{label(problem, day, days[day])}: at most {limit} are allowed."))
    return out


@dataclass(frozen=True)
class Shortfall:
    """A shift, or a day's senior cover, not staffed as demand asks, and why."""

    day: date
    shift: str | None  # None: the day's senior cover
    needed: int  # officers, or senior minutes
    staffed: int
    reasons: tuple[str, ...] = ()


def shortfalls(duties: Iterable[Duty], problem: Problem) -> list[Shortfall]:
    """Each shift with fewer officers than demand asks, and each day with too little senior cover."""
    duties = set(duties) | {d for d in problem.fixed if problem.in_period(d.day)}
    staffed = defaultdict(int)
    senior = defaultdict(int)
    for duty in duties:
        person = problem.person.get(duty.person)
        staffed[(duty.day, duty.shift)] += bool(person and person.staffs_shifts)
        if person and person.role in SENIOR_ROLES:
            occ = problem.occurrence(duty.day, duty.shift)
            for day in (duty.day, duty.day + timedelta(days=1)):
                senior[day] += occ.minutes_on(day)
    out = [Shortfall(day, shift, n, staffed[(day, shift)]) for (day, shift), n in sorted(problem.needed.items())
           if staffed[(day, shift)] < n]
    needed = int(problem.rules.senior_hours_per_day * 60)
    out += [Shortfall(day, None, needed, senior[day]) for day in problem.days if senior[day] < needed]
    return sorted(out, key=lambda s: (s.day, s.shift is None, rank(s.shift or "")))


def why_not(person: Person, day: date, shift: str, duties: Iterable[Duty], problem: Problem) -> list[str]:
    """Why a person cannot take a shift on top of the rota: the rules adding it would break (empty: they could)."""
    own = [d for d in set(duties) | set(problem.fixed) if d.person == person.id]
    before, _ = check_person(person.id, own, problem)
    after, _ = check_person(person.id, own + [Duty(person.id, day, shift)], problem)
    known = {(b.rule, b.day, b.shift) for b in before}
    return [b.message for b in after if (b.rule, b.day, b.shift) not in known]


def explain(shortfall: Shortfall, duties: Iterable[Duty], problem: Problem) -> Shortfall:
    """A shortfall with its reasons: for each person who might have worked it, the rule that stops them."""
    duties = set(duties)
    if shortfall.shift is None:
        seniors = [p for p in problem.people if p.role in SENIOR_ROLES]
        reasons = [f"A senior or the manager is on duty for {hours(shortfall.staffed)} of the "
                   f"{hours(shortfall.needed)} needed."]
        for person in seniors:
            working = sorted(d.shift for d in duties if d.person == person.id and d.day == shortfall.day)
            if working:
                reasons.append(f"{person.name} already works {label(problem, shortfall.day, working[0])}.")
                continue
            free = [s.code for s in problem.shifts if s.code in person.shifts
                    and not why_not(person, shortfall.day, s.code, duties, problem)]
            reasons.append(f"{person.name} could also work {' or '.join(label(problem, shortfall.day, c) for c in free)}."
                           if free else
                           _first_reason(person, shortfall.day, problem, duties))
        return Shortfall(shortfall.day, None, shortfall.needed, shortfall.staffed, tuple(reasons))
    reasons = [f"{shortfall.staffed} of {shortfall.needed} officers on {label(problem, shortfall.day, shortfall.shift)}."]
    on_it = {d.person for d in duties if d.day == shortfall.day and d.shift == shortfall.shift}
    for person in problem.people:
        if person.id in on_it or not person.staffs_shifts:
            continue
        problems = why_not(person, shortfall.day, shortfall.shift, duties, problem)
        reasons.append(problems[0] if problems else f"{person.name} could work it without breaking a rule.")
    return Shortfall(shortfall.day, shortfall.shift, shortfall.needed, shortfall.staffed, tuple(reasons))


def _first_reason(person: Person, day: date, problem: Problem, duties: set) -> str:
    for shift in problem.shifts:
        if shift.code in person.shifts:
            problems = why_not(person, day, shift.code, duties, problem)
            if problems:
                return problems[0]
    return f"{person.name} may not work any of the day's shifts."


def capacity_note(problem: Problem) -> str:
    """Demand against what the staff's hours allow, in words: why some shifts cannot all be covered."""
    slots = sum(problem.needed.values())
    demand_minutes = sum(problem.occurrence(d, s).minutes * n for (d, s), n in problem.needed.items())
    supply = sum(problem.cap_minutes(p) for p in problem.people if p.staffs_shifts)
    return (f"Demand is {slots} officer-shifts ({hours(demand_minutes)}); the officers' contracted hours allow at "
            f"most {hours(supply)}, before leave, rest and the shifts each may work.")


@dataclass(frozen=True)
class Figures:
    """One person's share of the rota."""

    person: str
    name: str
    shifts: int
    minutes: int
    contracted_minutes: int
    nights: int
    weekends: int
    unpopular: int
    shortest_rest_minutes: int | None
    longest_run: int
    backward_rotations: int
    requests_met: int
    requests_not_met: int


def figures(duties: Iterable[Duty], problem: Problem) -> list[Figures]:
    """Each person's hours, nights, weekends, unpopular shifts, rest, runs and requests over the period."""
    mine = duties_by_person(set(duties) | {d for d in problem.fixed if problem.in_period(d.day)})
    out = []
    for person in problem.people:
        own = sorted(mine.get(person.id, []), key=lambda d: d.day)
        occs = [problem.occurrence(d.day, d.shift) for d in own]
        rests = [minutes(b.start - a.end) for a, b in zip(occs, occs[1:])]
        run = longest = 0
        for i, duty in enumerate(own):
            run = run + 1 if i and own[i - 1].day == duty.day - timedelta(days=1) else 1
            longest = max(longest, run)
        met = unmet = 0
        worked = {d.day: d.shift for d in own}
        for pref in problem.preferences:
            if pref.person != person.id:
                continue
            for day in problem.days:
                if pref.covers(day):
                    hit = day in worked and (pref.shift is None or worked[day] == pref.shift)
                    met, unmet = (met + 1, unmet) if hit == pref.wants else (met, unmet + 1)
        out.append(Figures(person.id, person.name, len(own), sum(o.minutes for o in occs),
                           problem.cap_minutes(person) if person.contracted_hours else 0,
                           sum(o.is_night for o in occs), sum(o.is_weekend for o in occs),
                           sum(problem.shift[d.shift].unpopular for d in own), min(rests) if rests else None, longest,
                           backward_rotations(own), met, unmet))
    return out


def backward_rotations(own: list[Duty]) -> int:
    """Changes to an earlier shift on the next day (Night then Late, say): forward rotation is preferred."""
    days = {d.day: d.shift for d in own}
    return sum(1 for day, shift in days.items()
               if day + timedelta(days=1) in days and rank(days[day + timedelta(days=1)]) < rank(shift))


def spread(values: list[int]) -> int:
    """Between who has the most and who has the fewest: how unevenly something is shared."""
    return max(values) - min(values) if values else 0
