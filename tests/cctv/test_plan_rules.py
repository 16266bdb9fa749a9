"""The rotation plan's rules, checked on hand-made plans: each rule refuses the plan that breaks it, and a plan that
keeps them all passes. These checks are what every optimiser and greedy plan is held to (test_optimiser.py)."""
import pytest

from services.cctv.planning.plan_rules import (Camera, Move, Plan, Rules, Scenario, Site, check, covered,
                                               need_covered, reasons, value)

RULES = Rules(months=12, included_moves=2, extra_moves=1, extra_move_penalty=15.0, min_stay=6)


def flat(need: float, months: int = 12) -> tuple[float, ...]:
    return (need,) * months


SCENARIO = Scenario(
    cameras=(Camera("CAM-1", site="LOW", months_stayed=8),  # free to move
             Camera("CAM-2", site="MID", months_stayed=2),  # 4 months of its stay left
             Camera("CAM-3", anpr=True, site="ROAD", months_stayed=10),
             Camera("CAM-4"),  # in store
             Camera("CAM-5", site="PARK", months_stayed=1, stay_overridden=True)),
    sites=(Site("LOW", flat(2)), Site("MID", flat(5)), Site("ROAD", flat(3), needs_anpr=True),
           Site("PARK", flat(1)), Site("HIGH", flat(20)), Site("HIGH2", flat(18)), Site("RACE", flat(30), needs_anpr=True),
           Site("NODPIA", flat(50), deployable=False)),
    rules=RULES)


def test_a_plan_that_keeps_every_rule_passes():
    plan = Plan((Move(0, "CAM-1", "HIGH"), Move(0, "CAM-4", "HIGH2"), Move(0, "CAM-3", "RACE", chargeable=True),
                 Move(4, "CAM-2", "PARK"), Move(1, "CAM-5", "LOW", early=True)))
    assert check(plan, SCENARIO) == []


def test_more_moves_in_a_month_than_included_and_extra_together_are_refused():
    plan = Plan((Move(0, "CAM-1", "HIGH"), Move(0, "CAM-4", "HIGH2"), Move(0, "CAM-3", "RACE", chargeable=True),
                 Move(0, "CAM-5", "LOW", chargeable=True, early=True)))
    assert any("4 moves, more than the 2 included and 1 extra" in p for p in check(plan, SCENARIO))


def test_a_move_beyond_the_included_ones_must_be_marked_chargeable_and_only_then():
    unmarked = Plan((Move(0, "CAM-1", "HIGH"), Move(0, "CAM-4", "HIGH2"), Move(0, "CAM-3", "RACE")))
    assert any("0 moves marked chargeable" in p for p in check(unmarked, SCENARIO))
    overmarked = Plan((Move(0, "CAM-1", "HIGH", chargeable=True),))
    assert any("1 moves marked chargeable" in p for p in check(overmarked, SCENARIO))


def test_a_camera_cannot_leave_within_its_minimum_stay_unless_the_group_overrode_it():
    assert any("CAM-2 would leave MID within its minimum stay" in p
               for p in check(Plan((Move(3, "CAM-2", "HIGH"),)), SCENARIO))
    assert check(Plan((Move(4, "CAM-2", "HIGH"),)), SCENARIO) == []  # 2 + 4 = 6 months stayed
    assert check(Plan((Move(0, "CAM-5", "HIGH", early=True),)), SCENARIO) == []  # overridden


def test_a_camera_moved_in_the_plan_stays_its_minimum_before_moving_again():
    plan = Plan((Move(0, "CAM-1", "HIGH"), Move(5, "CAM-1", "HIGH2")))
    assert any("CAM-1 would leave HIGH after 5 months" in p for p in check(plan, SCENARIO))
    assert check(Plan((Move(0, "CAM-1", "HIGH"), Move(6, "CAM-1", "HIGH2"))), SCENARIO) == []


def test_an_early_move_is_marked_early_and_only_an_early_one():
    assert any("is early but is not marked so" in p for p in check(Plan((Move(0, "CAM-5", "HIGH"),)), SCENARIO))
    assert any("is not early but is marked so" in p
               for p in check(Plan((Move(0, "CAM-1", "HIGH", early=True),)), SCENARIO))


def test_only_an_anpr_camera_goes_where_the_problem_is_nuisance_vehicles():
    assert any("RACE needs an ANPR camera" in p for p in check(Plan((Move(0, "CAM-1", "RACE"),)), SCENARIO))
    assert check(Plan((Move(0, "CAM-3", "RACE"),)), SCENARIO) == []


def test_only_a_site_with_an_approved_deployable_request_gets_a_camera():
    assert any("NODPIA has no approved request" in p for p in check(Plan((Move(0, "CAM-1", "NODPIA"),)), SCENARIO))
    assert any("NOWHERE, which is not a candidate site" in p
               for p in check(Plan((Move(0, "CAM-1", "NOWHERE"),)), SCENARIO))


def test_a_camera_goes_only_to_a_site_without_one_and_not_to_where_it_is():
    assert any("MID already has camera CAM-2" in p for p in check(Plan((Move(0, "CAM-1", "MID"),)), SCENARIO))
    assert any("CAM-1 is already at LOW" in p for p in check(Plan((Move(0, "CAM-1", "LOW"),)), SCENARIO))
    two_at_once = Plan((Move(0, "CAM-1", "HIGH"), Move(0, "CAM-4", "HIGH")))
    assert any("HIGH already has camera" in p for p in check(two_at_once, SCENARIO))


def test_unknown_cameras_and_months_outside_the_plan_are_refused():
    assert any("no working deployable camera CAM-9" in p for p in check(Plan((Move(0, "CAM-9", "HIGH"),)), SCENARIO))
    assert any("month 12 is outside the plan's 12 months" in p
               for p in check(Plan((Move(12, "CAM-1", "HIGH"),)), SCENARIO))


def test_need_covered_counts_each_covered_site_once_a_month_from_the_month_of_the_move():
    assert need_covered(Plan(()), SCENARIO) == 12 * (2 + 5 + 3 + 1)
    plan = Plan((Move(3, "CAM-1", "HIGH"),))  # LOW uncovered from month 3, HIGH covered
    assert covered(plan, SCENARIO)[2] == {"LOW", "MID", "ROAD", "PARK"}
    assert covered(plan, SCENARIO)[3] == {"HIGH", "MID", "ROAD", "PARK"}
    assert need_covered(plan, SCENARIO) == 12 * (5 + 3 + 1) + 3 * 2 + 9 * 20


def test_a_chargeable_move_costs_its_penalty_in_the_plans_value():
    plan = Plan((Move(0, "CAM-1", "HIGH"), Move(0, "CAM-4", "HIGH2"), Move(0, "CAM-3", "RACE", chargeable=True)))
    assert value(plan, SCENARIO) == need_covered(plan, SCENARIO) - 15.0


def test_each_move_says_what_it_gains_and_what_it_gives_up():
    plan = Plan((Move(3, "CAM-1", "HIGH"), Move(0, "CAM-4", "HIGH2")))
    by_camera = {r.move.camera: r for r in reasons(plan, SCENARIO)}
    assert (by_camera["CAM-1"].from_site, by_camera["CAM-1"].months_there) == ("LOW", 9)
    assert (by_camera["CAM-1"].gains, by_camera["CAM-1"].gives_up) == (9 * 20, 9 * 2)
    assert (by_camera["CAM-4"].from_site, by_camera["CAM-4"].gives_up, by_camera["CAM-4"].net) == (None, 0, 12 * 18)


@pytest.mark.parametrize("months_stayed, first_free_month", [(0, 6), (5, 1), (6, 0), (30, 0)])
def test_the_minimum_stay_counts_the_months_already_stayed(months_stayed, first_free_month):
    scenario = Scenario((Camera("C", site="A", months_stayed=months_stayed),), (Site("A", flat(1)), Site("B", flat(9))),
                        RULES)
    if first_free_month > 0:
        assert check(Plan((Move(first_free_month - 1, "C", "B"),)), scenario) != []
    assert check(Plan((Move(first_free_month, "C", "B"),)), scenario) == []


def test_every_broken_move_is_reported_not_only_the_first():
    plan = Plan((Move(0, "CAM-9", "HIGH"), Move(12, "CAM-1", "HIGH"), Move(13, "CAM-4", "HIGH"),
                 Move(0, "CAM-8", "HIGH")))
    problems = check(plan, SCENARIO)
    assert sum("no working deployable camera" in p for p in problems) == 2
    assert sum("outside the plan's 12 months" in p for p in problems) == 2


def test_the_minimum_stay_after_a_planned_move_counts_from_that_move():
    assert any("CAM-1 would leave HIGH after 4 months" in p
               for p in check(Plan((Move(1, "CAM-1", "HIGH"), Move(5, "CAM-1", "HIGH2"))), SCENARIO))
    short = Scenario(SCENARIO.cameras, SCENARIO.sites, Rules(min_stay=1))
    assert any("CAM-1 is already at HIGH" in p
               for p in check(Plan((Move(0, "CAM-1", "HIGH"), Move(1, "CAM-1", "HIGH"))), short))


def test_reasons_follow_a_camera_through_several_moves():
    short = Scenario(SCENARIO.cameras, SCENARIO.sites, Rules(min_stay=1))
    plan = Plan((Move(0, "CAM-4", "HIGH"), Move(1, "CAM-4", "HIGH2"), Move(3, "CAM-4", "MID"),
                 Move(4, "CAM-4", "HIGH2")))
    found = [(r.move.month, r.from_site, r.months_there) for r in reasons(plan, short)]
    assert found == [(0, None, 1), (1, "HIGH", 2), (3, "HIGH2", 1), (4, "MID", 8)]
    # HIGH is left for two months, HIGH2 for one; MID keeps CAM-2, so leaving it gives up nothing
    assert [r.gives_up for r in reasons(plan, short)] == [0.0, 2 * 20.0, 18.0, 0.0]


def test_a_camera_at_a_site_that_is_not_a_candidate_gives_up_nothing_by_leaving_it():
    scenario = Scenario((Camera("C", site="GONE", months_stayed=12),), (Site("B", flat(9)),), RULES)
    assert [(r.from_site, r.gives_up, r.gains) for r in reasons(Plan((Move(0, "C", "B"),)), scenario)] == [
        ("GONE", 0.0, 108.0)]
    assert need_covered(Plan(()), scenario) == 0


def test_moves_already_ordered_use_the_months_allowance_first():
    rules = Rules(months=12, included_moves=2, extra_moves=1, extra_move_penalty=15.0, min_stay=6, ordered=(2, 3))
    assert (rules.free(0), rules.free(1), rules.free(2)) == ((0, 1), (0, 0), (2, 1))
    scenario = Scenario(SCENARIO.cameras, SCENARIO.sites, rules)
    assert check(Plan((Move(0, "CAM-1", "HIGH", chargeable=True),)), scenario) == []
    assert any("1 moves, more than the 0 included and 0 extra left" in p
               for p in check(Plan((Move(1, "CAM-1", "HIGH", chargeable=True),)), scenario))
    assert any("0 moves marked chargeable" in p for p in check(Plan((Move(0, "CAM-1", "HIGH"),)), scenario))


def test_a_month_outside_what_was_ordered_has_the_whole_allowance():
    rules = Rules(included_moves=2, extra_moves=1, ordered=(2,))
    assert (rules.free(-1), rules.free(0), rules.free(5)) == ((2, 1), (0, 1), (2, 1))
