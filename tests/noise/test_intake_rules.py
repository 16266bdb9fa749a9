"""What a report must say to be taken in (every problem at once, in field order), and how addresses compare."""
from datetime import datetime, timedelta, timezone

import pytest

from shared.errors import Problem
from services.noise import intake_rules as rules

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=timezone.utc)


def problems(**changes) -> list[dict]:
    report = {"category": "music", "ward": "Kilburn", "started_at": NOW - timedelta(hours=3),
              "ended_at": NOW - timedelta(hours=1), "now": NOW, **changes}
    return rules.incident_problems(**report)


def fields(**changes) -> list[str]:
    return [error["field"] for error in problems(**changes)]


def test_a_complete_report_has_no_problems():
    assert problems() == []
    assert problems(ended_at=None) == []  # still going on
    assert problems(category="artificial_light", ward="Wembley Park") == []


def test_every_problem_is_found_at_once_in_the_order_of_the_fields():
    assert fields(ward="Narnia", category="karaoke", started_at=NOW + timedelta(hours=1),
                  ended_at=NOW, significant=True) == ["source.ward", "category", "started_at", "ended_at",
                                                      "assessment", "significance_reason"]
    every_kind = problems(ward=None, category=None, started_at=None, ended_at=NOW + timedelta(hours=1),
                          significant=True) + problems(started_at=NOW + timedelta(hours=1), ended_at=None)
    assert [e["field"] for e in every_kind] == ["source.ward", "category", "started_at", "ended_at", "assessment",
                                                "significance_reason", "started_at"]
    assert all(set(error) == {"field", "message"} and not error["message"].endswith(".")  # GOV.UK's style
               for error in every_kind)


def test_what_was_not_given_is_asked_for():
    assert fields(category=None, ward=None, started_at=None, ended_at=None) == ["source.ward", "category",
                                                                               "started_at"]
    assert fields(started_at=None, ended_at=NOW - timedelta(hours=1)) == ["started_at"]


def test_an_unknown_category_lists_the_categories():
    error, = problems(category="karaoke")
    assert error["field"] == "category" and "music" in error["message"]
    assert error["message"].endswith("artificial_light, dust, smell, smoke, other")


def test_the_phone_clock_may_run_five_minutes_ahead_but_no_more():
    assert fields(started_at=NOW + timedelta(minutes=5), ended_at=None) == []
    assert fields(started_at=NOW + timedelta(minutes=5, seconds=1), ended_at=None) == ["started_at"]
    assert fields(started_at=NOW, ended_at=NOW + timedelta(minutes=5)) == []
    assert fields(started_at=NOW, ended_at=NOW + timedelta(minutes=5, seconds=1)) == ["ended_at"]


def test_an_end_before_the_start_is_refused_and_an_end_at_the_start_is_not():
    start = NOW - timedelta(hours=2)
    assert fields(started_at=start, ended_at=start - timedelta(seconds=1)) == ["ended_at"]
    assert fields(started_at=start, ended_at=start) == []
    error, = problems(started_at=start, ended_at=start - timedelta(minutes=1))
    assert "before the start" in error["message"]


def test_only_an_incident_assessed_a_nuisance_can_be_significant_and_it_needs_a_reason():
    assert fields(assessment="nuisance", significant=True, significance_reason="Threats of violence") == []
    assert problems(assessment="unassessed", significant=True, significance_reason="x") == [
        {"field": "assessment", "message": "Only an incident assessed as a nuisance can be marked significant"}]
    assert fields(assessment="nuisance", significant=True, significance_reason="  ") == ["significance_reason"]
    assert fields(assessment="not_nuisance", significant=False) == []


def test_check_incident_refuses_with_a_422_carrying_every_field_error():
    with pytest.raises(Problem) as refused:
        rules.check_incident(category="karaoke", ward="Narnia", started_at=NOW, ended_at=None, now=NOW)
    problem = refused.value
    assert (problem.kind, problem.status, problem.title) == ("invalid-incident", 422, "Check the report")
    assert problem.detail == "The report was not taken in. Correct the fields listed and send it again."
    assert [e["field"] for e in problem.extra["errors"]] == ["source.ward", "category"]
    assert all(set(e) == {"field", "message"} for e in problem.extra["errors"])
    rules.check_incident(category="music", ward="Kilburn", started_at=NOW, ended_at=None, now=NOW)  # no refusal


@pytest.mark.parametrize("written", ["12 High Road, London NW10 2AB", "12 high rd london nw102ab",
                                     "12, HIGH  ROAD,  LONDON, NW10  2AB", "12 High Road London NW10 2AB."])
def test_one_address_written_several_ways_is_one_address(written):
    assert rules.normalised_address(written) == "12 HIGH RD LONDON NW10 2AB"


def test_different_flats_and_streets_stay_different():
    assert rules.normalised_address("Flat 1, 12 High Road") != rules.normalised_address("Flat 2, 12 High Road")
    assert rules.normalised_address("Apartment 1, 12 High St") == rules.normalised_address("Flat 1 12 High Street")
    assert rules.normalised_address("12 High Road") != rules.normalised_address("12 High Street")
