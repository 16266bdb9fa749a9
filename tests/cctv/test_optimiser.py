"""The rotation plan's optimiser (CP-SAT) against the rules and against the greedy baseline, on generated
scenarios; and against every possible plan, on scenarios small enough to try them all."""
import itertools

import pytest

from services.cctv.planning import greedy, optimiser
from services.cctv.planning.plan_rules import Camera, Move, Plan, Rules, Scenario, Site, check, value
from tests.cctv.scenarios import generated

SEEDS = range(12)


@pytest.fixture(scope="module")
def solved():
    """Each generated scenario with the optimiser's solution (solved once for the module's tests)."""
    out = []
    for seed in SEEDS:
        scenario = generated(seed, cameras=8, sites=30)
        out.append((seed, scenario, optimiser.solve(scenario, time_limit=5)))
    return out


def test_every_plan_obeys_every_rule(solved):
    for seed, scenario, solution in solved:
        assert check(solution.plan, scenario) == [], f"seed {seed}"
        assert check(greedy.plan(scenario), scenario) == [], f"seed {seed} (greedy)"


def test_the_optimiser_covers_at_least_the_greedy_need_everywhere_and_more_somewhere(solved):
    better = 0
    for seed, scenario, solution in solved:
        greedy_value = value(greedy.plan(scenario), scenario)
        assert solution.value == pytest.approx(value(solution.plan, scenario))
        assert solution.value >= greedy_value - 1e-6, f"seed {seed}"
        better += solution.value > greedy_value + 1e-6
    assert better >= 3, f"the optimiser beat the greedy plan on only {better} of {len(SEEDS)} scenarios"


def test_the_bound_is_never_below_the_plan_and_the_gap_is_zero_when_optimal(solved):
    for seed, _scenario, solution in solved:
        assert solution.bound >= solution.value - 1e-6, f"seed {seed}"
        if solution.status == "optimal":
            assert solution.gap == pytest.approx(0, abs=1e-3), f"seed {seed}"


def test_the_greedy_plan_spends_the_anpr_camera_where_a_plain_one_would_do_and_the_optimiser_does_not():
    scenario = Scenario((Camera("ANPR-1", anpr=True), Camera("PLAIN-1")),
                        (Site("RACING", (10.0,) * 12, needs_anpr=True), Site("DEALING", (11.0,) * 12)),
                        Rules(included_moves=1))
    assert {m.to_site for m in greedy.plan(scenario).moves if m.camera == "ANPR-1"} == {"DEALING"}
    best = optimiser.solve(scenario, time_limit=5)
    assert {(m.camera, m.to_site) for m in best.plan.moves} == {("ANPR-1", "RACING"), ("PLAIN-1", "DEALING")}
    assert best.value > best.greedy_value


def test_progress_reports_each_better_plan_as_it_is_found():
    seen = []
    solution = optimiser.solve(generated(3, cameras=10, sites=40), time_limit=5, on_progress=seen.append)
    assert seen, "no progress was reported"
    values = [p["value"] for p in seen]
    assert values == sorted(values)
    assert values[-1] == pytest.approx(solution.value, abs=0.01) or solution.status == "greedy"
    assert all(p["bound"] >= p["value"] - 1e-6 for p in seen)


def _every_plan(scenario: Scenario):
    """Every plan for a tiny scenario: each camera, each month, stays or goes to a site."""
    rules, cameras = scenario.rules, [c.id for c in scenario.cameras]
    choices = [None, *(s.id for s in scenario.sites)]
    for picks in itertools.product(choices, repeat=len(cameras) * rules.months):
        moves = tuple(Move(n // len(cameras), cameras[n % len(cameras)], site)
                      for n, site in enumerate(picks) if site is not None)
        yield optimiser.mark(Plan(moves), scenario)


@pytest.mark.parametrize("seed", range(3))
def test_on_a_scenario_small_enough_to_try_every_plan_the_optimiser_finds_the_best(seed):
    base = generated(100 + seed, cameras=2, sites=3, months=3, vary_rules=False)
    scenario = Scenario(base.cameras, base.sites, Rules(months=3, included_moves=1, extra_moves=1,
                                                        extra_move_penalty=3.0, min_stay=2))
    best = max(value(p, scenario) for p in _every_plan(scenario) if not check(p, scenario))
    solution = optimiser.solve(scenario, time_limit=5)
    assert solution.status == "optimal"
    assert solution.value == pytest.approx(best)


def test_both_plans_leave_out_the_moves_already_ordered():
    base = generated(7, cameras=8, sites=30, vary_rules=False)
    ordered = Scenario(base.cameras, base.sites, Rules(ordered=(2, 1)))
    for plan in (greedy.plan(ordered), optimiser.solve(ordered, time_limit=5).plan):
        assert check(plan, ordered) == []
        assert sum(1 for m in plan.moves if m.month == 0) == 0
        assert sum(1 for m in plan.moves if m.month == 1) <= 1
