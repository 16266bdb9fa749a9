"""The qualifying threshold on its own: occasions, the 28-day window and its boundaries, 3 or 4 occasions,
significant incidents, and when monitoring ends."""
from datetime import datetime, timedelta, timezone

import pytest

from services.noise import threshold_rules as rules
from services.noise.threshold_rules import Occasion

UTC = timezone.utc


def at(day: int, hour: int = 22, minute: int = 0, month: int = 3) -> datetime:
    """A time in 2026 (March is GMT until the 29th; hours given in UTC)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def nights(*days: int, nuisance: bool = True, month: int = 3) -> list[Occasion]:
    """A two-hour occasion on the night of each day."""
    return [Occasion(at(d, month=month), at(d, month=month) + timedelta(hours=2), nuisance) for d in days]


# --- occasions ----------------------------------------------------------------------------------------------------

def test_neighbours_reporting_one_party_make_one_occasion():
    party = [(at(7, 22), at(7, 23, 30), True), (at(7, 22, 15), at(8, 1), False), (at(7, 23), at(8, 0, 30), False)]
    occasion, = rules.group_occasions(party)
    assert (occasion.started_at, occasion.ended_at, occasion.nuisance) == (at(7, 22), at(8, 1), True)


def test_a_long_report_gathers_the_short_ones_inside_it_whatever_order_they_came_in():
    long, short, later = (at(7, 10), at(7, 20), False), (at(7, 11), at(7, 11, 10), False), (at(7, 15), at(7, 15, 5), True)
    occasion, = rules.group_occasions([later, short, long])
    assert (occasion.started_at, occasion.ended_at, occasion.nuisance) == (at(7, 10), at(7, 20), True)


def test_an_occasion_becomes_nuisance_level_when_a_later_report_in_it_is_assessed_one():
    occasion, = rules.group_occasions([(at(7, 22), at(7, 23), False), (at(7, 22, 30), at(7, 23, 30), True)])
    assert occasion.nuisance


def test_reports_within_the_gap_join_and_just_beyond_it_do_not():
    end = at(7, 23)
    within = [(at(7, 22), end, True), (end + timedelta(hours=3), end + timedelta(hours=4), True)]
    beyond = [(at(7, 22), end, True), (end + timedelta(hours=3, seconds=1), end + timedelta(hours=4), True)]
    assert len(rules.group_occasions(within)) == 1
    assert len(rules.group_occasions(beyond)) == 2
    assert len(rules.group_occasions(beyond, gap=timedelta(hours=4))) == 1  # the gap is configurable


def test_a_report_before_an_occasion_joins_it_within_the_gap_too():
    occasion = Occasion(at(7, 22), at(7, 23), False)
    assert rules.same_occasion(at(7, 18), at(7, 19), occasion)  # ends 3 h before it starts
    assert not rules.same_occasion(at(7, 18), at(7, 18, 59), occasion)


def test_a_report_that_bridges_two_occasions_makes_them_one():
    first, second = Occasion(at(7, 18), at(7, 19), False), Occasion(at(8, 2), at(8, 3), True)
    merged = rules.merge([first, second], at(7, 21), at(8, 0), False)
    assert (merged.started_at, merged.ended_at, merged.nuisance) == (at(7, 18), at(8, 3), True)
    assert not rules.merge([first], at(7, 19), at(7, 20), False).nuisance


def test_occasions_come_back_in_order_of_start_whatever_order_the_reports_came_in():
    reports = [(at(20), at(20, 23), True), (at(3), at(3, 23), False), (at(11), at(11, 23), True)]
    assert [o.started_at for o in rules.group_occasions(reports)] == [at(3), at(11), at(20)]
    assert [o.nuisance for o in rules.group_occasions(reports)] == [False, True, True]


# --- the threshold --------------------------------------------------------------------------------------------------

def test_a_case_qualifies_at_the_third_occasion_not_before():
    assert not rules.decide(nights(1, 8)).qualifies
    decision = rules.decide(nights(1, 8, 15))
    assert (decision.qualifies, decision.reason) == (True, "threshold")
    assert [o.started_at for o in decision.occasions] == [at(1), at(8), at(15)]
    assert "14 days" in decision.explanation


def test_occasions_28_days_apart_count_and_29_days_apart_do_not():
    assert rules.decide(nights(1, 15, 29)).qualifies  # 1 to 29 March: 28 days
    decision = rules.decide(nights(1, 15, 30))  # 1 to 30 March: 29 days
    assert (decision.qualifies, decision.reason) == (False, "below-threshold")
    assert len(decision.occasions) == 2 and "2 of the 3" in decision.explanation


def test_days_are_counted_on_brents_calendar_across_the_change_to_summer_time():
    first = Occasion(at(1, 23, 30), at(2, 0, 30), True)  # 23:30 GMT on 1 March: 1 March in London
    last = Occasion(datetime(2026, 3, 29, 23, 30, tzinfo=UTC), datetime(2026, 3, 30, 1, tzinfo=UTC), True)
    # 23:30 UTC on 29 March is 00:30 BST on 30 March: 29 days after 1 March, so the three do not count together
    assert not rules.decide([first, *nights(15), last]).qualifies
    assert rules.days_apart(first, last) == 29


def test_only_nuisance_level_occasions_count():
    occasions = nights(1, 8) + nights(10, nuisance=False) + nights(30)
    assert not rules.decide(occasions).qualifies
    assert rules.decide(occasions + nights(20)).qualifies


def test_the_team_can_ask_for_four_occasions():
    assert not rules.decide(nights(1, 8, 15), needed=4).qualifies
    decision = rules.decide(nights(1, 8, 15, 22), needed=4)
    assert decision.qualifies and len(decision.occasions) == 4
    with pytest.raises(ValueError, match="3 or 4, not 2"):
        rules.decide(nights(1, 8), needed=2)
    with pytest.raises(ValueError, match="3 or 4, not 5"):
        rules.decide(nights(1, 8), needed=5)


def test_three_occasions_within_any_28_days_qualify_even_after_older_ones():
    decision = rules.decide(nights(1, 2, 3, month=1) + nights(1, 8, 15, month=2) + nights(20, month=3))
    assert decision.qualifies  # January's three already
    assert [o.started_at.month for o in decision.occasions] == [1, 1, 1]
    spread = nights(1, 20, month=1) + nights(5, month=2) + nights(1, 10, month=3) + nights(20)
    decision = rules.decide(spread)
    assert decision.qualifies and [o.started_at for o in decision.occasions] == [at(1), at(10), at(20)]


def test_below_the_threshold_the_decision_names_the_occasions_closest_to_qualifying():
    decision = rules.decide(nights(1, month=1) + nights(3, 20, month=3))
    assert [o.started_at for o in decision.occasions] == [at(3), at(20)]
    assert rules.decide([]).occasions == () and "0 of the 3" in rules.decide([]).explanation
    assert len(rules.decide(nights(1, 29)).occasions) == 2  # 28 days apart: both count towards it


def test_of_equally_close_runs_the_latest_is_named():
    decision = rules.decide(nights(1, 3, month=1) + nights(1, 3, month=3))
    assert [o.started_at for o in decision.occasions] == [at(1), at(3)]


def test_a_significant_incident_qualifies_the_case_at_once():
    decision = rules.decide(nights(1), significant=True)
    assert (decision.qualifies, decision.reason) == (True, "significant")
    assert "marked an incident significant" in decision.explanation
    assert decision.occasions == tuple(nights(1))


# --- monitoring -----------------------------------------------------------------------------------------------------

def test_monitoring_ends_only_once_more_than_28_days_have_passed_since_the_last_occasion():
    last = at(1)
    assert not rules.monitoring_ends(last, at(29, 12))  # day 28: a new occasion could still count with it
    assert rules.monitoring_ends(last, at(30, 0, 1))
