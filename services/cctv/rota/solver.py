"""The rota's solver: OR-Tools CP-SAT, keeping every hard rule of rota_rules and weighing the soft aims by the
problem's Weights. Pure: a Problem in, a Solution out; no session, no Celery (the task that runs it is in rotas.py).

The model has one yes/no for each person, day and shift they could work ("Ann works the Late on Friday"). Hard
rules are constraints: one shift a day; no two shifts closer than the daily rest (with the regulation 21
exemption: a shorter rest only when the rest after it makes up the difference); in each weekly-rest block, at
least one stretch of the required length free of work (each candidate stretch starts at the block's start or at
the end of one of the person's possible shifts, which is exact); hours within the 48-hour average and the
contract; no run of shifts or nights longer than allowed. Shifts are never staffed beyond demand, so covering
demand is "as many shifts worked as possible". Fixed shifts (worked already, or just before the period) are
constants. Every rota returned is also checked by rota_rules.check, independently, in the tests.

The objective, in points (each penalty's weight as the manager sees it): each officer missing from a shift,
each hour a day lacks its senior cover, each request not met, the spread of nights, weekends and unpopular shifts
within each role, each backward rotation, and, re-solving, each published shift changed.
"""
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from ortools.sat.python import cp_model

from shared.brent import london_date
from services.cctv.rota import greedy
from services.cctv.rota.rota_rules import SENIOR_ROLES, Duty, Problem, _midnight
from services.cctv.rota.shift_rules import rank

MINUTES = 60  # the senior cover is counted in minutes; every other penalty is scaled up to match
Progress = Callable[[dict], None]


@dataclass(frozen=True)
class Solution:
    duties: tuple[Duty, ...]
    status: str  # optimal | feasible (the time ran out) | none (nothing found in time: an empty rota)
    penalty: float  # points, as weighed
    bound: float  # no rota within the rules can score lower than this
    seconds: float
    parts: dict  # the penalty by aim

    @property
    def gap(self) -> float:
        """How much lower the best possible penalty might be, as a share of this rota's."""
        return 0.0 if self.penalty <= 0 else max(0.0, (self.penalty - self.bound) / self.penalty)


def solve(problem: Problem, *, time_limit: float = 10.0, workers: int = 8,
          on_progress: Progress | None = None) -> Solution:
    """The best rota CP-SAT finds within `time_limit` seconds."""
    began = time.monotonic()
    model = _Model(problem)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    status = solver.solve(model.model, _Watcher(on_progress, began))
    seconds = time.monotonic() - began
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Solution((), "none", float("nan"), 0.0, seconds, {})
    duties = tuple(sorted(duty for duty, var in model.x.items() if solver.boolean_value(var)))
    parts = {name: round(sum((term if isinstance(term, int) else solver.value(term)) * weight
                             for term, weight in terms) / MINUTES, 2) for name, terms in model.parts.items()}
    return Solution(duties, "optimal" if status == cp_model.OPTIMAL else "feasible",
                    solver.objective_value / MINUTES, solver.best_objective_bound / MINUTES, seconds, parts)


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Tells `on_progress` of each better rota as the solver finds it."""

    def __init__(self, on_progress: Progress | None, began: float):
        super().__init__()
        self.on_progress, self.began, self.solutions = on_progress, began, 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.on_progress:
            self.on_progress({"seconds": round(time.monotonic() - self.began, 2), "solutions": self.solutions,
                              "penalty": round(self.objective_value / MINUTES, 2),
                              "bound": round(self.best_objective_bound / MINUTES, 2)})


class _Model:
    def __init__(self, problem: Problem):
        self.problem, self.model = problem, cp_model.CpModel()
        self.x: dict[Duty, cp_model.IntVar] = {}
        self.parts: dict[str, list] = defaultdict(list)
        self._variables()
        mine = defaultdict(list)  # each person's possible shifts in time order: (occurrence, var or True if fixed)
        for duty in set(problem.fixed):
            if duty.shift in problem.shift:
                mine[duty.person].append((problem.occurrence(duty.day, duty.shift), True))
        for duty, var in self.x.items():
            mine[duty.person].append((problem.occurrence(duty.day, duty.shift), var))
        for person in problem.people:
            own = sorted(mine[person.id], key=lambda item: (item[0].start, item[0].shift))
            self._one_a_day(own)
            self._daily_rest(own)
            self._weekly_rest(own)
            self._hours(person, own)
            self._runs(own)
        self._demand()
        self._senior_cover()
        self._preferences()
        self._fairness()
        self._backward_rotation()
        self._changes()
        self.model.minimize(sum(term * weight for terms in self.parts.values() for term, weight in terms))
        first = set(problem.published) or set(greedy.rota(problem))  # re-solving: the published rota
        for duty, var in self.x.items():
            self.model.add_hint(var, duty in first)

    def _variables(self) -> None:
        problem = self.problem
        fixed_days = {(d.person, d.day) for d in problem.fixed}
        for person in problem.people:
            away = problem.days_away.get(person.id, frozenset())
            for day in problem.open_days:
                if (person.id, day) in fixed_days:
                    continue
                for shift in problem.shifts:
                    if shift.code not in person.shifts or (
                            person.staffs_shifts and problem.needed.get((day, shift.code), 0) == 0):
                        continue  # officers work only where demand asks; the manager works their contract
                    occ = problem.occurrence(day, shift.code)
                    touched = {london_date(occ.start), london_date(occ.end - timedelta(minutes=1))}
                    if touched & away:
                        continue
                    self.x[Duty(person.id, day, shift.code)] = self.model.new_bool_var(
                        f"x[{person.id},{day},{shift.code}]")

    def _at_most(self, items: list, most: int) -> None:
        """At most `most` of these are worked (fixed ones count as worked)."""
        fixed = sum(1 for _, v in items if v is True)
        free = [v for _, v in items if v is not True]
        if free:
            self.model.add(sum(free) <= max(0, most - fixed))

    def _one_a_day(self, own: list) -> None:
        by_day = defaultdict(list)
        for occ, var in own:
            by_day[occ.day].append((occ, var))
        for items in by_day.values():
            if len(items) > 1:
                self._at_most(items, 1)

    def _daily_rest(self, own: list) -> None:
        rules = self.problem.rules
        needed = timedelta(hours=rules.daily_rest_hours)
        for i, (first, a) in enumerate(own):
            for j in range(i + 1, len(own)):
                second, b = own[j]
                if second.start >= first.end + needed:
                    break
                if first.day == second.day or (a is True and b is True):
                    continue  # one a day already; fixed pairs are as they were
                rest = second.start - first.end
                if rest < timedelta(0) or not rules.exempt_daily_rest:
                    self._at_most([(first, a), (second, b)], 1)
                    continue
                owed = 2 * needed - rest  # the rest after `second` must make up what this one lacked
                for third, c in own[j + 1:]:
                    if third.start >= second.end + owed:
                        break
                    if third.start >= second.end:
                        self._at_most([(first, a), (second, b), (third, c)], 2)

    def _free_stretches(self, own: list, start, end, length: timedelta) -> list:
        """One yes/no for each stretch of `length` within [start, end) that could be free of work, true only if no
        shift overlapping it is worked. Each stretch starts at `start` or where one of the shifts ends."""
        out = []
        for begins in sorted({start} | {occ.end for occ, _ in own if start < occ.end <= end - length}):
            ends = begins + length
            overlapping = [v for occ, v in own if occ.start < ends and occ.end > begins]
            if any(v is True for v in overlapping):
                continue
            free = self.model.new_bool_var("")
            for var in overlapping:
                self.model.add_implication(free, var.Not())
            out.append(free)
        return out

    def _weekly_rest(self, own: list) -> None:
        problem = self.problem
        if not any(v is not True for _, v in own):
            return
        blocks = problem.blocks()
        has, has_double = [], []
        for first, length, rest_hours in blocks:
            start, end = _midnight(first), _midnight(first + timedelta(days=length))
            has.append(self._free_stretches(own, start, end, timedelta(hours=rest_hours)))
            has_double.append(self._free_stretches(own, start, end, timedelta(hours=2 * rest_hours))
                              if problem.rules.exempt_weekly_rest else [])
        for k, stretches in enumerate(has):
            if not stretches:
                continue  # fixed shifts already fill the block: nothing the solver can change
            later = has_double[k + 1] if problem.rules.exempt_weekly_rest and k + 1 < len(blocks) else []
            self.model.add_bool_or(stretches + later)  # its own rest, or (exempt) twice that in the next block

    def _hours(self, person, own: list) -> None:
        inside = [(occ, v) for occ, v in own if self.problem.in_period(occ.day)]
        fixed = sum(occ.minutes for occ, v in inside if v is True)
        free = [(occ.minutes, v) for occ, v in inside if v is not True]
        if free:
            room = max(0, self.problem.cap_minutes(person) - fixed)
            self.model.add(sum(m * v for m, v in free) <= room)
            self.model.add(sum(v for _, v in free) <= room // min(m for m, _ in free))  # the same, for the bound
            if not person.staffs_shifts and self.problem.weights.hours_short:  # the manager works their contract
                short = self.model.new_int_var(0, room, f"short[{person.id}]")
                self.model.add(short >= room - sum(m * v for m, v in free))
                self.parts["manager's hours"].append((short, self.problem.weights.hours_short))

    def _runs(self, own: list) -> None:
        rules = self.problem.rules
        self._run_limit(own, rules.max_consecutive_shifts)
        self._run_limit([(occ, v) for occ, v in own if occ.is_night], rules.max_consecutive_nights)

    def _run_limit(self, own: list, limit: int) -> None:
        by_day = defaultdict(list)
        for occ, var in own:
            by_day[occ.day].append((occ, var))
        if not by_day:
            return
        first, last = min(by_day), max(by_day)
        day = first
        while day + timedelta(days=limit) <= last:
            window = [item for k in range(limit + 1) for item in by_day.get(day + timedelta(days=k), [])]
            if any(v is not True for _, v in window):
                self._at_most(window, limit)
            day += timedelta(days=1)

    def _demand(self) -> None:
        problem = self.problem
        staffed = defaultdict(list)
        fixed = defaultdict(int)
        counts = {p.id for p in problem.people if p.staffs_shifts}
        for duty, var in self.x.items():
            if duty.person in counts:
                staffed[(duty.day, duty.shift)].append(var)
        for duty in problem.fixed:
            fixed[(duty.day, duty.shift)] += duty.person in counts
        for slot, needed in problem.needed.items():
            if not problem.in_period(slot[0]):
                continue
            open_places = max(0, needed - fixed[slot])
            weight = problem.weights.uncovered_shift * MINUTES
            short = self.model.new_int_var(0, open_places, f"short[{slot[0]},{slot[1]}]")
            self.model.add(short + sum(staffed[slot]) == open_places)  # never more officers than it needs
            self.parts["uncovered shifts"].append((short, weight))

    def _senior_cover(self) -> None:
        problem = self.problem
        needed = int(problem.rules.senior_hours_per_day * MINUTES)
        if needed <= 0:
            return
        seniors = {p.id for p in problem.people if p.role in SENIOR_ROLES}
        cover, fixed = defaultdict(list), defaultdict(int)
        for duty, var in self.x.items():
            if duty.person in seniors:
                occ = problem.occurrence(duty.day, duty.shift)
                for day in (duty.day, duty.day + timedelta(days=1)):
                    if occ.minutes_on(day):
                        cover[day].append((occ.minutes_on(day), var))
        for duty in problem.fixed:
            if duty.person in seniors and duty.shift in problem.shift:
                occ = problem.occurrence(duty.day, duty.shift)
                for day in (duty.day, duty.day + timedelta(days=1)):
                    fixed[day] += occ.minutes_on(day)
        for day in problem.open_days:
            short = self.model.new_int_var(0, needed, f"senior_short[{day}]")
            self.model.add(short >= needed - fixed[day] - sum(m * v for m, v in cover[day]))
            self.parts["senior cover"].append((short, problem.weights.senior_hour_short))

    def _preferences(self) -> None:
        problem = self.problem
        weight = problem.weights.preference * MINUTES
        index = defaultdict(list)
        for duty, var in self.x.items():
            index[(duty.person, duty.day)].append((duty.shift, var))
        for pref in problem.preferences:
            for day in problem.open_days:
                if not pref.covers(day):
                    continue
                lits = [v for s, v in index[(pref.person, day)] if pref.shift is None or s == pref.shift]
                if pref.wants:  # a penalty unless it is worked
                    met = self.model.new_bool_var("")
                    self.model.add(met <= sum(lits))
                    self.parts["requests"].append((met.Not(), weight))
                else:
                    self.parts["requests"] += [(v, weight) for v in lits]

    def _fairness(self) -> None:
        problem = self.problem
        categories = {"nights": lambda o: o.is_night, "weekends": lambda o: o.is_weekend,
                      "unpopular shifts": lambda o: problem.shift[o.shift].unpopular}
        by_person = defaultdict(list)
        for duty, var in self.x.items():
            by_person[duty.person].append((problem.occurrence(duty.day, duty.shift), var))
        fixed = defaultdict(list)
        for duty in problem.fixed:
            if problem.in_period(duty.day) and duty.shift in problem.shift:
                fixed[duty.person].append(problem.occurrence(duty.day, duty.shift))
        for name, counts in categories.items():
            for role in ("officer", "senior", "manager"):
                group = [p for p in problem.people if p.role == role
                         and any(counts(o) for o, _ in by_person[p.id])]
                if len(group) < 2:
                    continue
                top = self.model.new_int_var(0, 7 * problem.weeks, f"most {name} {role}")
                bottom = self.model.new_int_var(0, 7 * problem.weeks, f"fewest {name} {role}")
                for person in group:
                    total = sum(v for o, v in by_person[person.id] if counts(o)) + sum(
                        1 for o in fixed[person.id] if counts(o))
                    self.model.add(top >= total)
                    self.model.add(bottom <= total)
                spread = self.model.new_int_var(0, 7 * problem.weeks, f"spread {name} {role}")
                self.model.add(spread == top - bottom)
                self.parts["fairness"].append((spread, problem.weights.fairness * MINUTES))

    def _backward_rotation(self) -> None:
        problem = self.problem
        weight = problem.weights.backward_rotation * MINUTES
        if weight <= 0:
            return
        index = {(d.person, d.day, d.shift): v for d, v in self.x.items()}
        needed = timedelta(hours=problem.rules.daily_rest_hours)
        for (person, day, shift), var in index.items():
            for later in problem.shifts:
                nxt = index.get((person, day + timedelta(days=1), later.code))
                if nxt is None or rank(later.code) >= rank(shift):
                    continue
                if problem.occurrence(day + timedelta(days=1), later.code).start - \
                        problem.occurrence(day, shift).end < needed and not problem.rules.exempt_daily_rest:
                    continue  # not allowed anyway
                both = self.model.new_bool_var("")
                self.model.add(both >= var + nxt - 1)
                self.parts["backward rotation"].append((both, weight))

    def _changes(self) -> None:
        problem = self.problem
        if not problem.published:
            return
        weight = problem.weights.change * MINUTES
        published = {d for d in problem.published if d.day in set(problem.open_days)}
        for duty in published:
            var = self.x.get(duty)
            self.parts["changes"].append((1, weight) if var is None else (var.Not(), weight))
        for duty, var in self.x.items():
            if duty not in published:
                self.parts["changes"].append((var, weight))

