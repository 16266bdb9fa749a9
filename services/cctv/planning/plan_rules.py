"""The rules every camera rotation plan obeys, and what a plan is worth: plain values, no solver, no session.

A plan covers a horizon of whole months (month 0 is the plan's first month). It is a list of moves: in month m a
camera is installed at a new site, and stays there until a later move. Between moves it covers its site, and a
site's need counts once in a month however many cameras are there.

- **Allowance.** The contract includes `included_moves` moves a month (2). Up to `extra_moves` more may be made
  in a month, each chargeable. Moves already ordered for a month (`ordered`) use its allowance first; a plan made by the optimiser makes one only when it gains more than
  `extra_move_penalty` need (the need the group judges worth an extra move's cost).
- **Minimum stay.** A camera stays at least `min_stay` months (6) at a site before it moves on: counted from when
  it was deployed there, or from its move in the plan. The group may override this for a camera already deployed,
  with a reason; the move is then marked early.
- **Where a camera may go.** Only to a site with an approved, deployable request (a completed DPIA and a signage
  plan), not already holding a camera that month, and, where the problem is nuisance vehicles, only an ANPR camera.
  A camera is never taken down to the store: leaving a site always means covering another.
"""
from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Camera:
    """A deployable camera that is working: where it is now (None: in store) and how long it has been there."""

    id: str
    anpr: bool = False
    site: str | None = None
    months_stayed: int = 0  # whole months at `site` by the start of month 0
    stay_overridden: bool = False  # the group allowed it to leave its current site before its minimum stay


@dataclass(frozen=True)
class Site:
    """A place that could have a camera: its need in each month of the horizon."""

    id: str
    need: tuple[float, ...]
    needs_anpr: bool = False  # the problem there is nuisance vehicles
    deployable: bool = True  # an approved request with a completed DPIA and a signage plan


@dataclass(frozen=True)
class Rules:
    """The contract's and the group's limits for a plan."""

    months: int = 12
    included_moves: int = 2
    extra_moves: int = 0  # chargeable moves allowed a month beyond the included ones
    extra_move_penalty: float = 0.0  # the need an extra move must gain to be worth its cost
    min_stay: int = 6
    ordered: tuple[int, ...] = ()  # moves already ordered for each month of the horizon

    def free(self, month: int) -> tuple[int, int]:
        """The included and the chargeable moves left in a month, once those already ordered are counted."""
        ordered = self.ordered[month] if 0 <= month < len(self.ordered) else 0
        return (max(0, self.included_moves - ordered),
                max(0, self.extra_moves - max(0, ordered - self.included_moves)))


@dataclass(frozen=True)
class Scenario:
    """Everything a plan is made from."""

    cameras: tuple[Camera, ...]
    sites: tuple[Site, ...]
    rules: Rules = field(default_factory=Rules)

    def site(self, site_id: str) -> Site | None:
        return self._sites.get(site_id)

    @property
    def _sites(self) -> dict[str, Site]:
        return {s.id: s for s in self.sites}


@dataclass(frozen=True)
class Move:
    """One camera installed at a new site in month `month`."""

    month: int
    camera: str
    to_site: str
    chargeable: bool = False
    early: bool = False  # before its minimum stay, by the group's override


@dataclass(frozen=True)
class Plan:
    """The moves, in month order, and how the plan was made."""

    moves: tuple[Move, ...]
    method: str = ""


def release_month(camera: Camera, rules: Rules) -> int:
    """The first month of the horizon in which a camera may leave its current site."""
    if camera.site is None or camera.stay_overridden:
        return 0
    return max(0, rules.min_stay - camera.months_stayed)


def where(plan: Plan, scenario: Scenario) -> dict[str, list[str | None]]:
    """Each camera's site in each month of the horizon under the plan."""
    months = scenario.rules.months
    places = {c.id: [c.site] * months for c in scenario.cameras}
    for move in sorted(plan.moves, key=lambda m: m.month):
        if move.camera in places and move.month >= 0:
            for month in range(move.month, months):
                places[move.camera][month] = move.to_site
    return places


def covered(plan: Plan, scenario: Scenario) -> list[set[str]]:
    """The sites with a camera in each month."""
    places = where(plan, scenario)
    return [{p[m] for p in places.values() if p[m] is not None} for m in range(scenario.rules.months)]


def need_covered(plan: Plan, scenario: Scenario) -> float:
    """The need the plan covers over the horizon: each covered site's need, each month, counted once."""
    sites = scenario._sites
    return sum(sites[s].need[m] for m, month in enumerate(covered(plan, scenario)) for s in month if s in sites)


def value(plan: Plan, scenario: Scenario) -> float:
    """What the optimiser maximises: the need covered, less the penalty for each chargeable move."""
    chargeable = sum(1 for m in plan.moves if m.chargeable)
    return need_covered(plan, scenario) - chargeable * scenario.rules.extra_move_penalty


def check(plan: Plan, scenario: Scenario) -> list[str]:
    """Every way the plan breaks the rules, as sentences; empty when it obeys them all."""
    rules, sites = scenario.rules, scenario._sites
    cameras = {c.id: c for c in scenario.cameras}
    problems: list[str] = []
    per_month = Counter(m.month for m in plan.moves)
    for month, count in sorted(per_month.items()):
        included, extra = rules.free(month)
        if count > included + extra:
            problems.append(f"Month {month}: {count} moves, more than the {included} included and {extra} extra "
                            "left.")
        charged = sum(1 for m in plan.moves if m.month == month and m.chargeable)
        if charged != max(0, count - included):
            problems.append(f"Month {month}: {charged} moves marked chargeable, but {count} moves against "
                            f"{included} included left make {max(0, count - included)}.")
    places = where(plan, scenario)
    arrived: dict[str, int] = {}  # camera: the month it reached its current site in the plan
    for move in sorted(plan.moves, key=lambda m: m.month):
        camera, site = cameras.get(move.camera), sites.get(move.to_site)
        if camera is None:
            problems.append(f"Month {move.month}: there is no working deployable camera {move.camera}.")
            continue
        if not 0 <= move.month < rules.months:
            problems.append(f"{move.camera}: month {move.month} is outside the plan's {rules.months} months.")
            continue
        before = places[move.camera][move.month - 1] if move.month > 0 else camera.site
        problems += _where_to(move, camera, site, before)
        if move.camera in arrived:
            stayed = move.month - arrived[move.camera]
            if stayed < rules.min_stay:
                problems.append(f"Month {move.month}: {move.camera} would leave {before} after {stayed} months, "
                                f"within the minimum stay of {rules.min_stay}.")
        elif (camera.site is not None and not camera.stay_overridden
              and camera.months_stayed + move.month < rules.min_stay):
            problems.append(f"Month {move.month}: {move.camera} would leave {before} within its minimum stay of "
                            f"{rules.min_stay} months, and the group has not overridden it.")
        if move.early != (move.camera not in arrived and camera.site is not None
                          and move.month < rules.min_stay - camera.months_stayed):
            problems.append(f"Month {move.month}: {move.camera}'s move is {'not ' if move.early else ''}early "
                            f"but is {'' if move.early else 'not '}marked so.")
        arrived[move.camera] = move.month
        others = [c for c, p in places.items() if c != move.camera and p[move.month] == move.to_site]
        if others:
            problems.append(f"Month {move.month}: {move.to_site} already has camera {others[0]}.")
    return problems


def _where_to(move: Move, camera: Camera, site: Site | None, before: str | None) -> list[str]:
    """The rules about a move's destination."""
    if site is None:
        return [f"Month {move.month}: {move.camera} would go to {move.to_site}, which is not a candidate site."]
    problems = []
    if move.to_site == before:
        problems.append(f"Month {move.month}: {move.camera} is already at {move.to_site}.")
    if not site.deployable:
        problems.append(f"Month {move.month}: {move.to_site} has no approved request with a DPIA and a signage plan.")
    if site.needs_anpr and not camera.anpr:
        problems.append(f"Month {move.month}: {move.to_site} needs an ANPR camera for nuisance vehicles, and "
                        f"{move.camera} has none.")
    return problems


@dataclass(frozen=True)
class MoveReason:
    """Why a move is in the plan: the need it gains at its new site, and what it gives up at the old one."""

    move: Move
    from_site: str | None
    months_there: int
    gains: float
    gives_up: float

    @property
    def net(self) -> float:
        return self.gains - self.gives_up


def reasons(plan: Plan, scenario: Scenario) -> list[MoveReason]:
    """For each move, the need covered at its new site while the camera is there, and the need left uncovered at
    the site it leaves (nothing if another camera still covers it)."""
    places, sites = where(plan, scenario), scenario._sites
    cameras = {c.id: c for c in scenario.cameras}
    out = []
    for move in sorted(plan.moves, key=lambda m: (m.month, m.camera)):
        track = places[move.camera]
        before = track[move.month - 1] if move.month > 0 else cameras[move.camera].site
        stay = [m for m in range(move.month, scenario.rules.months) if track[m] == move.to_site]
        months = []
        for m in stay:
            if m != stay[0] and m != months[-1] + 1:
                break
            months.append(m)
        others = {c: p for c, p in places.items() if c != move.camera}
        gains = sum(sites[move.to_site].need[m] for m in months
                    if not any(p[m] == move.to_site for p in others.values()))
        gives_up = 0.0 if before is None or before not in sites else sum(
            sites[before].need[m] for m in months if not any(p[m] == before for p in others.values()))
        out.append(MoveReason(move, before, len(months), gains, gives_up))
    return out
