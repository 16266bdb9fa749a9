"""Quality assurance: a monthly random sample of each officer's notices for a supervisor's review, and each
officer's mix of notices against the rest of the team's, flagged where one type dominates."""
import random
from datetime import datetime

import pytest
from sqlalchemy import select

from services.fpn import quality_rules
from services.fpn.models import Notice
from tests.conftest import bearer
from tests.fpn.conftest import prohibition_id


@pytest.mark.parametrize("count, share, size", [(0, 0.1, 0), (1, 0.1, 1), (10, 0.1, 1), (11, 0.1, 2), (40, 0.25, 10),
                                                (3, 1.0, 3)])
def test_each_officer_who_issued_is_sampled_at_least_once(count, share, size):
    assert quality_rules.sample_size(count, share) == size


def test_the_sample_is_random_and_only_each_officers_own_notices():
    notices = {"a": [f"A{i}" for i in range(30)], "b": ["B1"], "c": []}
    first = quality_rules.draw(notices, 0.1, random.Random(1))
    assert {k: len(v) for k, v in first.items()} == {"a": 3, "b": 1}
    assert set(first["a"]) <= set(notices["a"])
    assert any(quality_rules.draw(notices, 0.1, random.Random(seed))["a"] != first["a"] for seed in range(2, 6))


@pytest.mark.parametrize("officer, flagged", [
    ({"Cigarette ends": 18, "Dog fouling": 2}, ["Cigarette ends"]),   # 90 % against the team's 20 %
    ({"Cigarette ends": 9}, []),                                     # too few notices to say
    ({"Cigarette ends": 7, "Dog fouling": 5}, []),                   # 58 %: not mostly
    ({"Dog fouling": 9, "Littering": 3}, []),                        # 75 %, but the team's is 50 %
    ({"Alcohol": 12}, ["Alcohol"]),                                  # a type the team never gives
])
def test_an_officer_whose_notices_are_mostly_one_type_far_beyond_the_team_is_flagged(officer, flagged):
    team = {"Cigarette ends": 20, "Dog fouling": 50, "Alcohol": 0, "Littering": 30}
    found = quality_rules.flags(officer, team)
    assert [f.notice_type for f in found] == flagged
    assert all("of their notices, against" in f.words() for f in found)


def _issue_in(db, issue, body, month: str, count: int, headers=None, code="alcohol-consumption") -> list[str]:
    numbers = []
    for _ in range(count):
        made = issue({**body, "prohibition_id": prohibition_id(db, "boroughwide", code)}, headers=headers)
        assert made.status_code == 201, made.json
        numbers.append(made.json["number"].replace(" ", ""))
    for notice in db.scalars(select(Notice).where(Notice.number.in_(numbers))):
        notice.issued_at = notice.effective_at = datetime.fromisoformat(f"{month}-15T12:00:00+00:00")
    db.commit()
    return numbers


def test_a_months_sample_goes_to_a_supervisor_who_records_each_outcome(client, db, issue, notice_body, supervisor):
    other = bearer("officer.adeyemi", "enforcement_officer")
    patel = _issue_in(db, issue, notice_body, "2025-10", 12)
    adeyemi = _issue_in(db, issue, notice_body, "2025-10", 2, headers=other)
    _issue_in(db, issue, notice_body, "2025-09", 3)  # another month: not in October's sample
    drawn = client.post("/api/v1/reviews/samples", json={"month": "2025-10"}, headers=supervisor)
    assert drawn.status_code == 201
    by_officer = {}
    for review in drawn.json:
        by_officer.setdefault(review["officer"], []).append(review["notice_number"].replace(" ", ""))
    assert {k: len(v) for k, v in by_officer.items()} == {"officer.patel": 2, "officer.adeyemi": 1}
    assert set(by_officer["officer.patel"]) <= set(patel) and set(by_officer["officer.adeyemi"]) <= set(adeyemi)
    again = client.post("/api/v1/reviews/samples", json={"month": "2025-10"}, headers=supervisor).json
    assert [r["id"] for r in again] == [r["id"] for r in drawn.json]  # drawn once

    first, second = drawn.json[0]["id"], drawn.json[1]["id"]
    vague = client.post(f"/api/v1/reviews/{first}", json={"outcome": "problem"}, headers=supervisor)
    assert vague.status_code == 422 and vague.json["errors"][0]["field"] == "reason"
    problem = client.post(f"/api/v1/reviews/{first}", headers=supervisor,
                          json={"outcome": "problem", "reason": "The video does not show the can being opened"})
    assert problem.status_code == 200 and problem.json["reviewed_by"] == "supervisor.okafor"
    client.post(f"/api/v1/reviews/{second}", json={"outcome": "correct"}, headers=supervisor)
    waiting = client.get("/api/v1/reviews", query_string={"month": "2025-10", "waiting": "true"},
                         headers=supervisor).json
    assert len(waiting) == 1 and waiting[0]["outcome"] is None


def test_the_officer_mix_shows_each_officers_types_against_the_team_and_flags_the_odd_one(client, db, issue,
                                                                                          notice_body, supervisor):
    other, third = bearer("officer.adeyemi", "enforcement_officer"), bearer("officer.khan", "enforcement_officer")
    _issue_in(db, issue, notice_body, "2025-11", 12, code="dog-fouling")
    _issue_in(db, issue, notice_body, "2025-11", 6, headers=other, code="dog-fouling")
    _issue_in(db, issue, notice_body, "2025-11", 6, headers=other)
    _issue_in(db, issue, notice_body, "2025-11", 4, headers=third, code="dog-fouling")
    _issue_in(db, issue, notice_body, "2025-11", 8, headers=third)
    mix = client.get("/api/v1/reports/officer-mix", query_string={"from": "2025-11-01", "to": "2025-11-30"},
                     headers=supervisor).json
    rows = {r["officer"]: r for r in mix["officers"]}
    assert rows["officer.patel"]["notices"] == 12 and rows["officer.adeyemi"]["notices"] == 12
    assert rows["officer.patel"]["flags"] == ["Mostly Borough Wide PSPO - Dog fouling: 100% of their notices, "
                                              "against 42% for the rest of the team"]
    assert rows["officer.adeyemi"]["flags"] == []  # half and half, like the rest of the team
    assert rows["officer.patel"]["name"] == "Officer Patel"
    assert sum(mix["team_by_type"].values()) == 36


@pytest.mark.parametrize("officer, team, words", [
    ({"A": 6, "B": 4}, {"A": 30, "B": 70}, ["Mostly A: 60% of their notices, against 30% for the rest of the team"]),
    ({"A": 10}, {"B": 50}, ["Mostly A: 100% of their notices, against 0% for the rest of the team"]),  # a type new to them
    ({"A": 9}, {"B": 50}, []),                                             # nine notices say too little
])
def test_the_flag_at_its_edges(officer, team, words):
    assert [f.words() for f in quality_rules.flags(officer, team)] == words
