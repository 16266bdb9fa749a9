"""The noise casework table, row by row: every action from every state, for every role."""
import pytest

from shared.auth import ROLES
from shared.errors import Problem
from services.noise import lifecycle

STATES = (*lifecycle.OPEN_STATES, "closed")
# Where each action may start, and where it leads from each (the same state when it leads nowhere new).
EXPECTED = {
    "assign": {"monitoring": "investigating", "qualified": "investigating", "investigating": "investigating",
               "notice_served": "notice_served"},
    "record_visit": {s: s for s in ("qualified", "investigating", "notice_served", "prosecution")},
    "record_landlord": {s: s for s in lifecycle.OPEN_STATES},
    "serve_abatement_notice": {"investigating": "notice_served", "notice_served": "notice_served"},
    "record_breach": {"notice_served": "notice_served", "prosecution": "prosecution"},
    "mark_for_prosecution": {"notice_served": "prosecution"},
    "close": {s: "closed" for s in lifecycle.OPEN_STATES},
}


def test_the_table_has_exactly_the_expected_actions():
    assert set(lifecycle.ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("state", STATES)
def test_each_action_from_each_state(action, state):
    if state in EXPECTED[action]:
        assert lifecycle.next_state(state, action, ["nuisance_officer"]) == EXPECTED[action][state]
    else:
        with pytest.raises(Problem) as refused:
            lifecycle.next_state(state, action, ["nuisance_officer"])
        assert (refused.value.status, refused.value.kind, refused.value.extra["state"]) == (409, "wrong-state", state)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "nuisance_officer"])
def test_only_nuisance_officers_do_casework(role):
    for action in EXPECTED:
        with pytest.raises(Problem) as refused:
            lifecycle.next_state("notice_served", action, [role])
        assert (refused.value.status, refused.value.kind, refused.value.title) == (403, "forbidden", "Not allowed")
        assert refused.value.detail == f"Only a nuisance officer may {action.replace('_', ' ')}."


def test_a_refusal_says_what_can_be_done_instead():
    with pytest.raises(Problem) as refused:
        lifecycle.next_state("monitoring", "mark_for_prosecution", ["nuisance_officer"])
    assert refused.value.title == "Cannot mark for prosecution now"
    assert refused.value.detail == ("The case is monitoring. You can assign, record landlord, close.")
    with pytest.raises(Problem) as closed:
        lifecycle.next_state("closed", "close", ["nuisance_officer"])
    assert closed.value.detail.endswith("do nothing more with it: it is closed.")


def test_a_case_closes_only_with_one_of_the_teams_outcomes():
    for outcome in lifecycle.CLOSING_OUTCOMES:
        lifecycle.check_outcome(outcome)
    with pytest.raises(Problem) as refused:
        lifecycle.check_outcome("sorted")
    assert (refused.value.status, refused.value.kind, refused.value.title) == (422, "bad-outcome", "Unknown outcome")
    assert refused.value.detail == "Close with one of: " + "; ".join(lifecycle.CLOSING_OUTCOMES) + "."
    assert refused.value.extra["errors"] == [{"field": "outcome", "message": "Choose one of the outcomes"}]


def test_a_visit_is_refused_only_beyond_a_phones_clock_running_ahead():
    from datetime import datetime, timedelta, timezone

    now = datetime(2026, 11, 28, 23, 0, tzinfo=timezone.utc)
    lifecycle.check_visit_time(now, now)
    lifecycle.check_visit_time(now + timedelta(minutes=5), now)  # the skew allowed, exactly
    with pytest.raises(Problem) as refused:
        lifecycle.check_visit_time(now + timedelta(minutes=5, seconds=1), now)
    assert refused.value.extra["errors"] == [{"field": "visited_at", "message": "The time of the visit must be in the "
                                                                                 "past"}]


def test_a_case_is_given_only_to_an_officer_in_the_team():
    lifecycle.check_officer("nuisance.okafor", {"nuisance.adeyemi", "nuisance.okafor"})
    for nobody in ("nuisance.nobody", "Nuisance.Okafor", ""):
        with pytest.raises(Problem) as refused:
            lifecycle.check_officer(nobody, {"nuisance.adeyemi", "nuisance.okafor"})
        assert (refused.value.status, refused.value.kind) == (422, "not-in-team")
        assert refused.value.extra["errors"] == [{"field": "officer",
                                                  "message": "Choose an officer in the nuisance team"}]
