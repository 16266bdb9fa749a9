"""Warning first, then a fine: an order's policy, the person's earlier notices shown to the officer, and an FPN for
a first breach refused unless the officer records why."""
from datetime import date, datetime, timedelta, timezone

import pytest

from shared.errors import Problem
from services.fpn import policy_rules
from services.fpn.policy_rules import Earlier, Policy

ON = date(2026, 11, 20)
WARNING_FIRST = Policy(date(2026, 1, 1), "warning_first", 365)
SAM = {"name": "Sam Example", "date_of_birth": "1990-05-17", "address": "1 Example Road, London"}


def _earlier(days_ago: int, match: str = "certain", outcome: str = "warning", state: str = "warning") -> Earlier:
    return Earlier("WN 1000 0001 5", ON - timedelta(days=days_ago), outcome, state, "Alcohol", match)


@pytest.mark.parametrize("earlier, expected", [
    ([], "warning"),
    ([_earlier(30)], "fpn"),                                    # warned last month
    ([_earlier(365)], "fpn"),                                   # the last day of the look-back still counts
    ([_earlier(366)], "warning"),                               # a year and a day ago: a first breach again
    ([_earlier(30, match="likely")], "fpn"),                    # a slip in the name, the same date of birth
    ([_earlier(30, match="possible")], "warning"),              # the same name only: shown, not relied on
    ([_earlier(30, state="cancelled")], "warning"),             # a cancelled warning was never given
    ([_earlier(30, outcome="fpn", state="paid")], "fpn"),       # a fixed penalty before is a breach before
    ([_earlier(30, state="pending_approval")], "warning"),      # not yet given
])
def test_what_the_policy_expects(earlier, expected):
    assert policy_rules.expected_outcome(WARNING_FIRST, earlier, ON)[0] == expected


def test_an_order_with_no_policy_or_fpn_at_once_expects_a_fixed_penalty_and_the_latest_policy_applies():
    assert policy_rules.expected_outcome(None, [], ON)[0] == "fpn"
    later = Policy(date(2026, 12, 1), "fpn_at_once")
    assert policy_rules.applicable([WARNING_FIRST, later], ON) == WARNING_FIRST
    assert policy_rules.applicable([WARNING_FIRST, later], date(2026, 12, 1)) == later
    assert policy_rules.applicable([later], ON) is None


def test_an_fpn_for_a_first_breach_is_refused_unless_the_officer_says_why():
    with pytest.raises(Problem) as refused:
        policy_rules.check_outcome(WARNING_FIRST, [], ON, "fpn", None)
    assert refused.value.kind == "warning-first" and "365 days" in refused.value.detail
    policy_rules.check_outcome(WARNING_FIRST, [], ON, "fpn", "Abusive and threatening when asked to stop")
    policy_rules.check_outcome(WARNING_FIRST, [], ON, "warning", None)


@pytest.mark.parametrize("earlier, sure", [
    ({"name": "Sam Example", "date_of_birth": "1990-05-17"}, "certain"),
    ({"name": "sam  EXAMPLE", "date_of_birth": "1990-05-17"}, "certain"),     # case and spaces
    ({"name": "Sam Exampel", "date_of_birth": "1990-05-17"}, "likely"),       # a typing slip
    ({"name": "Sam Example", "date_of_birth": "1991-05-17"}, None),           # someone else with the name
    ({"name": "Alex Other", "date_of_birth": "1990-05-17"}, None),            # someone else born that day
    ({"name": "Sam Example"}, "possible"),                                    # no date of birth to compare
])
def test_people_are_matched_on_name_and_date_of_birth_saying_how_sure(earlier, sure):
    assert policy_rules.match(SAM, earlier, vehicle=False) == sure


def test_vehicles_are_matched_on_the_registration_mark():
    assert policy_rules.match({"registration_mark": "ab12 cde"}, {"registration_mark": "AB12CDE"}, vehicle=True) == \
        "certain"
    other = {"registration_mark": "AB12 CDF"}
    assert policy_rules.match({"registration_mark": "AB12 CDE"}, other, vehicle=True) is None


@pytest.fixture
def warning_first(client, admin, pspo_in_force):
    answer = client.post("/api/v1/orders/BRENT-PSPO-2023/policies", headers=admin, json={
        "effective_from": "2026-01-01", "rule": "warning_first", "lookback_days": 365,
        "source": "Cabinet decision (test)"})
    assert answer.status_code == 201 and answer.json["policies"][-1]["rule"] == "warning_first"


def _earlier_for(client, headers, body):
    return client.post("/api/v1/earlier-notices", headers=headers, json={
        "prohibition_id": body["prohibition_id"], "offender": body["offender"]}).json


def test_a_person_warned_before_is_shown_to_the_officer_and_then_gets_a_fixed_penalty(client, officer, issue,
                                                                                     notice_body, warning_first):
    body = {**notice_body, "offender": SAM}
    first = _earlier_for(client, officer, body)
    assert (first["expected_outcome"], first["earlier"]) == ("warning", [])
    refused = issue(body)
    assert refused.status_code == 422 and refused.json["type"].endswith("/warning-first")
    assert refused.json["errors"] == [{"field": "outcome", "message": "Give a warning for a first breach, or record "
                                                                      "why a fixed penalty notice is needed"}]
    warning = issue({**body, "outcome": "warning"}).json
    again = _earlier_for(client, officer, body)
    assert again["expected_outcome"] == "fpn" and again["earlier"][0]["number"] == warning["number"]
    assert again["earlier"][0]["match"] == "certain" and "name" not in again["earlier"][0]
    fine = issue(body)
    assert fine.status_code == 201 and fine.json["outcome"] == "fpn" and fine.json["policy_override"] is None


def test_an_override_is_recorded_and_a_supervisor_finds_every_one(client, supervisor, issue, notice_body,
                                                                  warning_first):
    reason = "Abusive and threatening when asked to stop drinking"
    made = issue({**notice_body, "offender": SAM, "policy_override": reason})
    assert made.status_code == 201 and made.json["policy_override"] == reason
    issue({**notice_body, "offender": {**SAM, "name": "Alex Other"}, "outcome": "warning"})
    found = client.get("/api/v1/notices", query_string={"overridden": "true"}, headers=supervisor).json
    assert [n["number"] for n in found] == [made.json["number"]]


def test_a_requested_notice_becomes_a_warning_where_the_policy_expects_one(db, notice_body, warning_first):
    from services.fpn import notices
    from services.fpn.schemas import NoticeRequestSchema

    body = NoticeRequestSchema().load({**notice_body, "offender": {"name": "Kilburn Bar Ltd"}})
    notice, _ = notices.issue(session=db, issued_by="noise.officer", key="req-1", body=body,
                              now=datetime.now(timezone.utc), max_age_days=183, source="cctv")
    assert (notice.outcome, notice.state, notice.amount) == ("warning", "warning", None)


def test_the_policy_in_words_and_an_fpn_at_once_policy_expects_a_fixed_penalty():
    assert "a first breach within 365 days gets a warning" in WARNING_FIRST.words()
    at_once = Policy(date(2024, 1, 1), "fpn_at_once")
    assert at_once.words() == "a fixed penalty notice at the first breach"
    assert policy_rules.expected_outcome(at_once, [], ON)[0] == "fpn"


def test_the_explanation_names_the_latest_earlier_notice_and_what_it_was():
    older = Earlier("WN 1000 0001 5", ON - timedelta(days=200), "warning", "warning", "Alcohol", "certain")
    newer = Earlier("FPN 1000 0002 1", ON - timedelta(days=20), "fpn", "paid", "Alcohol", "certain")
    reduced = Earlier("FPN 1000 0003 8", ON - timedelta(days=10), "fpn", "warning", "Alcohol", "certain")
    assert "was given a fixed penalty notice under this order on 31 October 2026 (FPN 1000 0002 1)" in \
        policy_rules.expected_outcome(WARNING_FIRST, [older, newer], ON)[1]
    assert "was warned under this order on 10 November 2026 (FPN 1000 0003 8)" in \
        policy_rules.expected_outcome(WARNING_FIRST, [newer, reduced, older], ON)[1]
    assert "was warned under this order on 4 May 2026" in policy_rules.expected_outcome(WARNING_FIRST, [older], ON)[1]


def test_with_no_look_back_only_a_breach_that_day_counts():
    no_look_back = Policy(date(2026, 1, 1), "warning_first", None)
    assert policy_rules.expected_outcome(no_look_back, [_earlier(1)], ON)[0] == "warning"
    assert policy_rules.expected_outcome(no_look_back, [_earlier(0)], ON)[0] == "fpn"


def test_the_refusal_is_titled_warning_first():
    with pytest.raises(Problem) as refused:
        policy_rules.check_outcome(WARNING_FIRST, [], ON, "fpn", "")
    assert refused.value.title == "Warning first"


@pytest.mark.parametrize("offender, earlier, vehicle, sure", [
    ({"name": "Zoë Éxample", "date_of_birth": "1990-05-17"}, {"name": "ZOE EXAMPLE", "date_of_birth": "1990-05-17"},
     False, "certain"),                                                    # accents and case do not matter
    ({"date_of_birth": "1990-05-17"}, {"date_of_birth": "1990-05-17"}, False, None),  # no names: nothing to match
    ({"name": "Sam Example"}, {"name": "Sam Example", "date_of_birth": "1990-05-17"}, False, "possible"),
    ({"name": "Sam Example"}, {"name": "Alex Other"}, False, None),
    ({"name": "Abcdefghij Klmnopqrs", "date_of_birth": "1990-05-17"},
     {"name": "Abcdefghij Klmnopxyz", "date_of_birth": "1990-05-17"}, False, "likely"),  # exactly 0.85 alike
    ({}, {}, True, None),                                                  # no marks: nothing to match
])
def test_matching_at_its_edges(offender, earlier, vehicle, sure):
    assert policy_rules.match(offender, earlier, vehicle=vehicle) == sure
