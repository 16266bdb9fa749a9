"""The plain rules, without a database: dates in London time, ages, penalties and notice numbers."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from shared.errors import Problem
from services.fpn import issuing_rules, notice_numbers, penalty_rules
from services.fpn.penalty_rules import Cap, Term

NOW = datetime(2026, 7, 15, 12, 0, tzinfo=timezone.utc)
SUMMER_ORDER = issuing_rules.OrderFacts("Test PSPO", date(2025, 7, 1), date(2026, 6, 30))


def test_offence_just_after_midnight_bst_falls_on_the_next_london_day():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): the order had ended.
    on = issuing_rules.check_when(datetime(2026, 6, 30, 23, 30, tzinfo=timezone.utc), NOW, 183)
    assert on == date(2026, 7, 1)
    with pytest.raises(Problem, match="1 July 2025 to 30 June 2026, not on 1 July 2026"):
        issuing_rules.check_order_in_force(SUMMER_ORDER, on)


def test_offence_late_on_the_last_day_in_gmt_is_still_in_force():
    on = issuing_rules.check_when(datetime(2026, 1, 31, 23, 30, tzinfo=timezone.utc),
                                  datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc), 183)
    assert on == date(2026, 1, 31)  # GMT in winter: 23:30 UTC is still the last day in London
    issuing_rules.check_order_in_force(issuing_rules.OrderFacts("PSPO", date(2023, 2, 1), date(2026, 1, 31)), on)


def test_an_offender_turns_ten_on_their_birthday():
    with pytest.raises(Problem, match="under 10"):
        issuing_rules.check_offender_age(date(2016, 7, 16), date(2026, 7, 15))
    assert issuing_rules.check_offender_age(date(2016, 7, 15), date(2026, 7, 15)) is True
    assert issuing_rules.check_offender_age(date(2008, 7, 15), date(2026, 7, 15)) is False


def test_the_penalty_in_force_is_the_one_on_the_offence_date_not_the_issue_date():
    terms = [Term(date(2023, 2, 1), Decimal("100"), Decimal("60"), 10), Term(date(2026, 7, 10), Decimal("150"))]
    before = issuing_rules.decide(outcome="fpn", terms=terms, on=date(2026, 7, 9), issued_on=date(2026, 7, 15),
                                  prohibition="x", juvenile=False)
    assert before.amount == Decimal("100") and before.discount_until == date(2026, 7, 25)
    assert before.pay_by == date(2026, 7, 29)
    after = issuing_rules.decide(outcome="fpn", terms=terms, on=date(2026, 7, 10), issued_on=date(2026, 7, 15),
                                 prohibition="x", juvenile=False)
    assert after.amount == Decimal("150") and after.discount_amount is None


def test_extensions_move_the_end_date_latest_decision_winning():
    assert penalty_rules.in_force_until(date(2026, 1, 31), []) == date(2026, 1, 31)
    assert penalty_rules.in_force_until(date(2026, 1, 31), [(date(2026, 3, 1), date(2029, 1, 31)),
                                                            (date(2026, 1, 10), date(2026, 10, 31))]) \
        == date(2029, 1, 31)


@pytest.mark.parametrize("term, words", [
    (Term(date(2026, 1, 1), Decimal("101")), "maximum"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("60"), 14), "shorter than the 14-day"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("100"), 10), "less than the full amount"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("60"), None), "both"),
    (Term(date(2026, 1, 1), Decimal("100"), payment_days=7), "at least 14"),
])
def test_terms_the_statute_does_not_allow_are_refused(term, words):
    with pytest.raises(Problem, match=words):
        penalty_rules.check_term(term, [Cap(date(2014, 10, 20), Decimal("100"))], "ASBCPA 2014")


def test_a_raised_cap_applies_only_from_its_date():
    caps = [Cap(date(2014, 10, 20), Decimal("100")), Cap(date(2027, 1, 1), Decimal("500"))]
    penalty_rules.check_term(Term(date(2027, 1, 1), Decimal("500")), caps, "ASBCPA 2014")
    with pytest.raises(Problem, match="maximum"):
        penalty_rules.check_term(Term(date(2026, 12, 31), Decimal("500")), caps, "ASBCPA 2014")


def test_every_single_digit_slip_and_adjacent_swap_is_caught():
    number = notice_numbers.number(48213907, "fpn")
    digits = number[3:]
    for i in range(len(digits)):
        for d in "0123456789":
            if d != digits[i]:
                with pytest.raises(Problem):
                    notice_numbers.parse(digits[:i] + d + digits[i + 1:])
    for i in range(len(digits) - 1):
        if digits[i] != digits[i + 1]:
            with pytest.raises(Problem):
                notice_numbers.parse(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    assert notice_numbers.parse(notice_numbers.display(number)) == [number]


def test_a_number_reads_as_what_the_notice_is_and_its_digits_alone_find_it():
    fpn, warning = notice_numbers.number(10000042, "fpn"), notice_numbers.number(10000042, "warning")
    assert notice_numbers.display(fpn).startswith("FPN 1000 0042 ") and notice_numbers.display(warning).startswith(
        "WN 1000 0042 ")
    assert notice_numbers.parse(notice_numbers.display(warning)) == [warning]
    assert notice_numbers.parse(fpn[3:]) == [fpn, warning]  # typed without letters: whichever exists
    assert notice_numbers.serial(warning) == 10000042
    with pytest.raises(Problem, match="not a notice number"):
        notice_numbers.parse("XY" + fpn[3:])


PERSON = {"name": "Sam Example", "date_of_birth": date(1990, 5, 17), "address": "1 Example Road"}


@pytest.mark.parametrize("offender, withheld, fields", [
    (PERSON, None, []),
    ({"name": "Sam Example"}, None, ["offender.date_of_birth", "offender.address"]),
    ({"name": "Sam Example", "address": "1 Example Road"}, None, ["offender.date_of_birth"]),
    ({"name": "Sam Example", "date_of_birth": date(1990, 5, 17)}, None, ["offender.address"]),
    ({"name": "Sam Example"}, "refused", []),
    ({"name": "Sam Example"}, "believed_false", []),
    ({}, "refused", ["offender.name"]),  # a name is always needed, even when the rest is refused
    ({}, None, ["offender.name", "offender.date_of_birth", "offender.address"]),  # in the form's order
])
def test_a_persons_details_are_needed_unless_the_officer_records_why_not(offender, withheld, fields):
    errors = issuing_rules.offender_errors(offender, vehicle=False, withheld=withheld)
    assert [e["field"] for e in errors] == fields
    assert all(e["message"].startswith("Enter the ") for e in errors)


def test_a_vehicle_needs_only_its_mark_and_a_requested_notice_only_the_name():
    assert issuing_rules.offender_errors({}, vehicle=True, withheld=None) == [
        {"field": "offender.registration_mark", "message": "Enter the vehicle's registration mark"}]
    assert issuing_rules.offender_errors({"registration_mark": "AB12 CDE"}, vehicle=True, withheld=None) == []
    assert issuing_rules.offender_errors({"name": "Kilburn Bar Ltd"}, vehicle=False, withheld=None,
                                         officer=False) == []


@pytest.mark.parametrize("juvenile, born, vehicle, source, waits", [
    (True, date(2010, 1, 1), False, "officer", True),     # 10-17: a supervisor approves
    (False, date(1990, 1, 1), False, "officer", False),   # an adult with a date of birth stands at once
    (False, None, False, "officer", True),                # no date of birth: may be under 18
    (False, None, True, "officer", False),                # a vehicle's keeper has no date of birth to give
    (False, None, False, "noise", False),                 # noise's notice, to whoever runs the premises
    (True, date(2010, 1, 1), False, "noise", True),       # but a known 10-17 year-old waits whoever asks
])
def test_who_waits_for_a_supervisors_approval(juvenile, born, vehicle, source, waits):
    assert issuing_rules.needs_approval(juvenile=juvenile, born=born, vehicle=vehicle, source=source) is waits


def test_the_time_of_an_offence_is_refused_by_its_field_in_words_an_officer_can_act_on():
    with pytest.raises(Problem) as future:
        issuing_rules.check_when(datetime(2026, 7, 15, 12, 6, tzinfo=timezone.utc), NOW, 183)
    assert future.value.extra["errors"] == [{"field": "occurred_at", "message": "The time must be in the past"}]
    with pytest.raises(Problem) as old:
        issuing_rules.check_when(datetime(2026, 1, 12, 12, 0, tzinfo=timezone.utc), NOW, 183)
    assert old.value.extra["errors"] == [{"field": "occurred_at", "message": "The date must be within the last 183 days"}]


@pytest.mark.parametrize("completed, occurred, accepted", [
    (NOW + timedelta(minutes=5), NOW - timedelta(hours=1), True),                      # a phone a little fast
    (NOW + timedelta(minutes=5, seconds=1), NOW - timedelta(hours=1), False),          # in the future
    (NOW - timedelta(hours=1, minutes=5), NOW - timedelta(hours=1), True),             # just before the offence
    (NOW - timedelta(hours=1, minutes=5, seconds=1), NOW - timedelta(hours=1), False),  # before the offence
    (NOW - timedelta(days=28), NOW - timedelta(days=29), True),                        # the longest a phone waits
    (NOW - timedelta(days=28, seconds=1), NOW - timedelta(days=29), False),
])
def test_a_notice_completed_offline_is_dated_when_it_was_given_if_the_phones_clock_can_be_right(completed,
                                                                                                occurred, accepted):
    if accepted:
        assert issuing_rules.check_completed(completed, occurred, NOW) == min(completed, NOW)
    else:
        with pytest.raises(Problem) as refused:
            issuing_rules.check_completed(completed, occurred, NOW)
        assert (refused.value.kind, refused.value.extra["errors"][0]["field"]) == ("bad-time", "completed_at")


def test_a_notice_sent_at_once_is_dated_now():
    assert issuing_rules.check_completed(None, NOW - timedelta(hours=1), NOW) == NOW
