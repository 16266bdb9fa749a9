"""The rotation plan's optimiser: OR-Tools CP-SAT, maximising the need covered over the horizon within the rules
of plan_rules. Pure: a Scenario in, a Solution out; no session, no Celery (the task that runs it is in plans.py).

The model has, for each camera that could move and each site it could be at, one yes/no per month ("camera c is
at site s in month m"), and one per arrival. Only the cameras and sites that could matter are modelled: all of
them in a borough-sized scenario; in a big one, the cameras at the sites of least need (or in store) and the sites
of most need, enough of each for every move the allowance permits, twice over. The greedy plan is given to the
solver as its first solution, so the plan returned is never worse than the greedy one.
"""
import time
from dataclasses import dataclass
from typing import Callable

from ortools.sat.python import cp_model

from services.cctv.planning import greedy
from services.cctv.planning.plan_rules import Move, Plan, Scenario, reasons, release_month, value, where

SCALE = 1000  # need is kept to three decimal places in the model, which takes whole numbers
MOVE_COST = 1  # a thousandth of a need point a move: of two plans covering the same need, the one with fewer moves
Progress = Callable[[dict], None]


@dataclass(frozen=True)
class Solution:
    """A plan with what it is worth, what the greedy plan is worth, and how far from the best possible it may be."""

    plan: Plan
    value: float
    greedy_value: float
    bound: float  # no plan within the rules can be worth more than this
    status: str  # "optimal", "feasible" (the time ran out) or "greedy" (the solver found nothing better)
    seconds: float
    cameras_modelled: int
    sites_modelled: int

    @property
    def gap(self) -> float:
        """How much better than this plan the best possible plan could be, as a share of the bound."""
        return 0.0 if self.bound <= 0 else max(0.0, (self.bound - self.value) / self.bound)


def solve(scenario: Scenario, *, time_limit: float = 10.0, workers: int = 8,
          on_progress: Progress | None = None) -> Solution:
    """The best plan CP-SAT finds within `time_limit` seconds (never worse than the greedy plan)."""
    began = time.monotonic()
    baseline = greedy.plan(scenario)
    baseline_value = value(baseline, scenario)
    model = _Model(scenario, baseline)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit
    solver.parameters.num_workers = workers
    watcher = _Watcher(model, on_progress, began)
    status = solver.solve(model.model, watcher)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = model.plan(solver)
        found_value = value(found, scenario)
        bound = solver.best_objective_bound / SCALE + model.fixed_need + model.most_moves * MOVE_COST / SCALE
    else:
        found, found_value, bound = baseline, baseline_value, float("inf")
    if found_value < baseline_value:
        found, found_value = baseline, baseline_value
        kind = "greedy"
    else:
        kind = "optimal" if status == cp_model.OPTIMAL else "feasible"
    return Solution(Plan(found.moves, method=f"CP-SAT ({kind})" if kind != "greedy" else "greedy"), found_value,
                    baseline_value, max(bound, found_value), kind, time.monotonic() - began,
                    len(model.cameras), len(model.targets))


class _Watcher(cp_model.CpSolverSolutionCallback):
    """Tells `on_progress` of each better plan as the solver finds it."""

    def __init__(self, model: "_Model", on_progress: Progress | None, began: float):
        super().__init__()
        self.model, self.on_progress, self.began, self.solutions = model, on_progress, began, 0

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.on_progress:
            moves = sum(self.value(arrive) for arrive in self.model.arrive.values())
            self.on_progress({"seconds": time.monotonic() - self.began, "solutions": self.solutions,
                              "value": (self.objective_value + moves * MOVE_COST) / SCALE + self.model.fixed_need,
                              "bound": self.best_objective_bound / SCALE + self.model.fixed_need
                              + self.model.most_moves * MOVE_COST / SCALE})


class _Model:
    """The CP-SAT model of a scenario. Cameras of one kind (ANPR or not) are interchangeable once they are free to
    move, so the model follows sites rather than cameras: whether each site holds a camera of each kind in each
    month, when one arrives or leaves, and how many come out of the store. Each month's arrivals of a kind are the
    cameras of that kind that left a site that month, or came from the store; a site once reached keeps its camera
    for the minimum stay. The moves, camera by camera, are read back from the solution (`plan`)."""

    KINDS = (True, False)  # ANPR, plain

    def __init__(self, scenario: Scenario, baseline: Plan):
        self.scenario, rules = scenario, scenario.rules
        months, model = rules.months, cp_model.CpModel()
        self.most_moves = months * (rules.included_moves + rules.extra_moves)
        self.model = model
        sites = {s.id: s for s in scenario.sites}
        self.cameras, self.targets, fixed = _modelled(scenario, baseline)
        held = {c.site for c in fixed if c.site is not None}
        self.fixed_need = sum(sites[s].need[m] for s in held if s in sites for m in range(months))
        start: dict[tuple[str, bool], int] = {}
        for camera in self.cameras:
            if camera.site is not None:
                start[camera.site, camera.anpr] = start.get((camera.site, camera.anpr), 0) + 1
        self.places = sorted({s for s, _ in start} | set(self.targets))
        self.occ, self.arrive, self.leave, self.covered, self.extra = {}, {}, {}, {}, {}
        objective, arrivals = [], {m: [] for m in range(months)}
        for place in self.places:
            for anpr in self.KINDS:
                allowed = (place, anpr) in start or (
                    place in self.targets and place in sites and (anpr or not sites[place].needs_anpr))
                if not allowed:
                    continue
                for m in range(months):
                    self.occ[place, anpr, m] = model.new_int_var(0, max(1, start.get((place, anpr), 0)),
                                                                 f"occ[{place},{anpr},{m}]")
                release = min((release_month(c, rules) for c in self.cameras
                               if c.site == place and c.anpr == anpr), default=0)
                for m in range(months):
                    now = self.occ[place, anpr, m]
                    if m < release:
                        model.add(now == start[place, anpr])
                    was = self.occ[place, anpr, m - 1] if m > 0 else start.get((place, anpr), 0)
                    arrive = self.arrive[place, anpr, m] = model.new_bool_var(f"arrive[{place},{anpr},{m}]")
                    leave = self.leave[place, anpr, m] = model.new_bool_var(f"leave[{place},{anpr},{m}]")
                    model.add(now - was == arrive - leave)
                    model.add(arrive + leave <= 1)
                    arrivals[m].append(arrive)
                    if not (place in sites and sites[place].deployable and (anpr or not sites[place].needs_anpr)):
                        model.add(arrive == 0)  # only to a site with an approved request, and ANPR where needed
                    for k in range(m + 1, min(m + rules.min_stay, months)):
                        model.add(self.occ[place, anpr, k] >= arrive)
        for place in self.places:
            for m in range(months):
                here = [self.occ[place, anpr, m] for anpr in self.KINDS if (place, anpr, m) in self.occ]
                if place in held:
                    model.add(sum(here) <= sum(start.get((place, anpr), 0) for anpr in self.KINDS))
                    continue  # covered anyway by a camera that stays
                covered = self.covered[place, m] = model.new_bool_var(f"covered[{place},{m}]")
                model.add(sum(here) >= covered)
                model.add(sum(here) <= max(1, sum(start.get((place, anpr), 0) for anpr in self.KINDS)))
                if place in sites:
                    objective.append(round(sites[place].need[m] * SCALE) * covered)
        self.from_store = {}
        for anpr in self.KINDS:
            stored = sum(1 for c in self.cameras if c.site is None and c.anpr == anpr)
            for m in range(months):
                came = self.from_store[anpr, m] = model.new_int_var(0, stored, f"store[{anpr},{m}]")
                model.add(sum(v for (p, a, mm), v in self.arrive.items() if a == anpr and mm == m)
                          == sum(v for (p, a, mm), v in self.leave.items() if a == anpr and mm == m) + came)
            model.add(sum(self.from_store[anpr, m] for m in range(months)) <= stored)
        penalty = round(rules.extra_move_penalty * SCALE)
        for m in range(months):
            included, extra_left = rules.free(m)
            extra = self.extra[m] = model.new_int_var(0, extra_left, f"extra[{m}]")
            model.add(sum(arrivals[m]) <= included + extra)
            objective.append(-penalty * extra)
            objective.extend(-MOVE_COST * arrive for arrive in arrivals[m])
        model.maximize(sum(objective))
        self._hint(baseline)

    def _hint(self, baseline: Plan) -> None:
        """Start the solver from the greedy plan (every variable given, so the solver takes it as it is)."""
        track = where(baseline, self.scenario)
        kind = {c.id: c.anpr for c in self.scenario.cameras}
        modelled = {c.id for c in self.cameras}
        count = {}
        for camera, places in track.items():
            if camera in modelled:
                for m, place in enumerate(places):
                    count[place, kind[camera], m] = count.get((place, kind[camera], m), 0) + 1
        start = {(c.site, c.anpr): 0 for c in self.cameras}
        for c in self.cameras:
            start[c.site, c.anpr] += 1
        for (place, anpr, m), var in self.occ.items():
            now = count.get((place, anpr, m), 0)
            was = count.get((place, anpr, m - 1), 0) if m > 0 else start.get((place, anpr), 0)
            self.model.add_hint(var, now)
            self.model.add_hint(self.arrive[place, anpr, m], now > was)
            self.model.add_hint(self.leave[place, anpr, m], now < was)
        for (place, m), var in self.covered.items():
            self.model.add_hint(var, any(count.get((place, anpr, m), 0) for anpr in self.KINDS))
        moves = {m: 0 for m in range(self.scenario.rules.months)}
        for move in baseline.moves:
            moves[move.month] += 1
        stored = {c.id for c in self.cameras if c.site is None}
        for (anpr, m), var in self.from_store.items():
            self.model.add_hint(var, sum(1 for mv in baseline.moves if mv.month == m and mv.camera in stored
                                         and kind[mv.camera] == anpr and not any(
                                             o.camera == mv.camera and o.month < m for o in baseline.moves)))
        for m, var in self.extra.items():
            self.model.add_hint(var, max(0, moves[m] - self.scenario.rules.free(m)[0]))

    def plan(self, solver: cp_model.CpSolver) -> Plan:
        """The moves in the solver's best solution, camera by camera: each month, the cameras of a kind that left
        a site go to the sites of that kind that gained one (the store's cameras make up the rest); the least
        useful of a month's moves are the ones marked chargeable."""
        rules = self.scenario.rules
        at = {c.id: c.site for c in self.cameras}
        stored = {anpr: [c.id for c in self.cameras if c.site is None and c.anpr == anpr] for anpr in self.KINDS}
        moves = []
        for m in range(rules.months):
            for anpr in self.KINDS:
                gone = [p for (p, a, mm), v in self.leave.items() if a == anpr and mm == m and solver.value(v)]
                came = [p for (p, a, mm), v in self.arrive.items() if a == anpr and mm == m and solver.value(v)]
                movers = [c for p in gone for c in sorted(at) if at[c] == p and self._kind(c) == anpr][:len(gone)]
                movers += stored[anpr][:len(came) - len(movers)]
                stored[anpr] = [c for c in stored[anpr] if c not in movers]
                for camera, place in zip(movers, came):
                    moves.append(Move(m, camera, place))
                    at[camera] = place
        return mark(Plan(tuple(moves)), self.scenario)

    def _kind(self, camera_id: str) -> bool:
        return next(c.anpr for c in self.cameras if c.id == camera_id)


def mark(plan: Plan, scenario: Scenario) -> Plan:
    """The same moves, marked: beyond a month's included moves, the least useful are chargeable; a camera's first
    move away from a site it has not stayed at for the minimum stay is early (the group overrode it)."""
    rules = scenario.rules
    cameras = {c.id: c for c in scenario.cameras}
    worth = {(r.move.month, r.move.camera): r.net for r in reasons(plan, scenario)}
    moved, marked = set(), []
    for m in range(rules.months):
        month = sorted((mv for mv in plan.moves if mv.month == m), key=lambda mv: (-worth[m, mv.camera], mv.camera))
        for rank, mv in enumerate(month):
            camera = cameras[mv.camera]
            early = (mv.camera not in moved and camera.site is not None
                     and m < rules.min_stay - camera.months_stayed)
            marked.append(Move(m, mv.camera, mv.to_site, chargeable=rank >= rules.free(m)[0], early=early))
        moved |= {mv.camera for mv in month}
    return Plan(tuple(marked), plan.method)


def _modelled(scenario: Scenario, baseline: Plan):
    """The cameras and target sites worth modelling, and the cameras left where they are."""
    rules = scenario.rules
    enough = 2 * rules.months * (rules.included_moves + rules.extra_moves) + 20
    sites = {s.id: s for s in scenario.sites}
    in_greedy = {m.camera for m in baseline.moves}

    def home_need(camera):
        return -1.0 if camera.site is None else sum(sites[camera.site].need) if camera.site in sites else 0.0

    movable = [c for c in scenario.cameras if release_month(c, rules) < rules.months]
    ranked = sorted(movable, key=lambda c: (home_need(c), c.id))
    chosen = {c.id for c in ranked[:enough]} | {c.id for c in [c for c in ranked if c.anpr][:enough]} | in_greedy
    cameras = [c for c in scenario.cameras if c.id in chosen]
    fixed = [c for c in scenario.cameras if c.id not in chosen]
    held = {c.site for c in fixed}
    open_sites = sorted((s for s in scenario.sites if s.deployable and s.id not in held),
                        key=lambda s: (-sum(s.need), s.id))
    targets = ({s.id for s in open_sites[:enough]} | {s.id for s in [s for s in open_sites if s.needs_anpr][:enough]}
               | {m.to_site for m in baseline.moves})
    return cameras, sorted(targets), fixed
