"""Every boundary of the issuing and penalty rules, on both sides, and the kind and status of every refusal
(clients act on `type` and `status`, not on the wording). No database: these are the rules as plain functions."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from shared.errors import Problem
from services.fpn import issuing_rules, penalty_rules
from services.fpn.penalty_rules import Cap, Term

NOW = datetime(2026, 7, 15, 12, 0, tzinfo=timezone.utc)
CAPS = [Cap(date(2014, 10, 20), Decimal("100"))]
ORDER = issuing_rules.OrderFacts("Test PSPO", date(2025, 7, 1), date(2026, 6, 30))


TITLES = {  # what a person reads first, by the kind a client acts on
    "occurred-in-future": "Offence in the future", "occurred-too-long-ago": "Offence too old",
    "bad-time": "Time without offset", "order-not-in-force": "Order not in force", "unknown-ward": "Unknown ward",
    "prohibition-not-in-scope": "Prohibition does not apply here", "offender-under-10": "Offender under 10",
    "bad-date-of-birth": "Date of birth after the offence", "warning-only": "Warning only",
    "penalty-over-cap": "Penalty over the statutory maximum", "order-not-for-this-issuer": "Not issued from here",
}


def refusal(call, *args, **kwargs) -> Problem:
    """The Problem a rule raises (the test fails if it raises none), with its title and a sentence to act on."""
    with pytest.raises(Problem) as raised:
        call(*args, **kwargs)
    problem = raised.value
    if problem.kind in TITLES:
        assert problem.title == TITLES[problem.kind]
    assert isinstance(problem.detail, str) and len(problem.detail) > 20
    return problem


# --- when the offence happened -------------------------------------------------------------------------------------

def test_an_offence_up_to_five_minutes_ahead_of_the_server_clock_is_accepted():
    """A phone's clock may run a little fast: five minutes of skew are allowed, not more."""
    assert issuing_rules.check_when(NOW + timedelta(minutes=5), NOW, 183) == date(2026, 7, 15)
    too_soon = refusal(issuing_rules.check_when, NOW + timedelta(minutes=5, seconds=1), NOW, 183)
    assert (too_soon.kind, too_soon.status) == ("occurred-in-future", 422)


def test_an_offence_in_the_last_few_minutes_is_accepted():
    assert issuing_rules.check_when(NOW - timedelta(minutes=4), NOW, 183) == date(2026, 7, 15)


def test_an_offence_exactly_at_the_age_limit_is_accepted_and_a_second_older_is_refused():
    assert issuing_rules.check_when(NOW - timedelta(days=183), NOW, 183) == date(2026, 1, 13)
    old = refusal(issuing_rules.check_when, NOW - timedelta(days=183, seconds=1), NOW, 183)
    assert (old.kind, old.status) == ("occurred-too-long-ago", 422) and "183 days" in old.detail


def test_a_time_without_an_offset_is_refused_by_the_rule_itself():
    naive = refusal(issuing_rules.check_when, datetime(2026, 7, 15, 11, 0), NOW, 183)
    assert (naive.kind, naive.status) == ("bad-time", 422)


# --- the order in force --------------------------------------------------------------------------------------------

@pytest.mark.parametrize("on", [date(2025, 7, 1), date(2025, 12, 25), date(2026, 6, 30)])
def test_an_order_applies_from_its_first_day_to_its_last(on):
    issuing_rules.check_order_in_force(ORDER, on)  # raises if refused


@pytest.mark.parametrize("on", [date(2025, 6, 30), date(2026, 7, 1)])
def test_an_order_does_not_apply_the_day_before_it_starts_or_after_it_ends(on):
    outside = refusal(issuing_rules.check_order_in_force, ORDER, on)
    assert (outside.kind, outside.status) == ("order-not-in-force", 422)


def test_an_order_kept_for_one_services_requests_is_refused_to_everyone_else():
    noise_order = issuing_rules.OrderFacts("Noise FPNs", date(2023, 4, 1), date(2099, 12, 31), "noise")
    issuing_rules.check_issued_through(noise_order, "noise")
    for source in ("officer", "cctv"):
        refused = refusal(issuing_rules.check_issued_through, noise_order, source)
        assert (refused.kind, refused.status) == ("order-not-for-this-issuer", 422) and "noise" in refused.detail
    for source in ("officer", "noise", "cctv"):  # an officers' order: the form, and any service's requests
        issuing_rules.check_issued_through(ORDER, source)


# --- where ------------------------------------------------------------------------------------------------------

def test_an_unknown_ward_is_refused_by_the_rule_naming_the_field():
    unknown = refusal(issuing_rules.check_ward, "Narnia", "Boroughwide", [])
    assert (unknown.kind, unknown.status) == ("unknown-ward", 422)
    field_error, = unknown.extra["errors"]  # shown beside the field: both keys are what the form reads
    assert set(field_error) == {"field", "message"} and field_error["field"] == "location.ward"


def test_a_scope_limited_to_wards_applies_in_them_only():
    issuing_rules.check_ward("Wembley Park", "Wembley Park", ["Wembley Park"])
    issuing_rules.check_ward("Kilburn", "Boroughwide", [])  # an empty list: the whole borough
    elsewhere = refusal(issuing_rules.check_ward, "Kilburn", "Wembley Park", ["Wembley Park"])
    assert (elsewhere.kind, elsewhere.status) == ("prohibition-not-in-scope", 422)


# --- who ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("born, juvenile", [
    (date(2016, 7, 15), True),   # 10 today
    (date(2009, 7, 15), True),   # 17 today
    (date(2008, 7, 16), True),   # 17, 18 tomorrow
    (date(2008, 7, 15), False),  # 18 today
    (date(1960, 1, 1), False),
    (None, False),               # not given: treated as an adult (the officer saw them)
])
def test_ten_to_seventeen_year_olds_need_a_supervisors_approval(born, juvenile):
    assert issuing_rules.check_offender_age(born, date(2026, 7, 15)) is juvenile


def test_children_under_ten_and_births_after_the_offence_are_refused():
    child = refusal(issuing_rules.check_offender_age, date(2016, 7, 16), date(2026, 7, 15))
    assert (child.kind, child.status) == ("offender-under-10", 422) and "was 9" in child.detail
    unborn = refusal(issuing_rules.check_offender_age, date(2026, 7, 16), date(2026, 7, 15))
    assert (unborn.kind, unborn.status) == ("bad-date-of-birth", 422)


def test_born_on_the_offence_day_is_age_zero_and_refused_as_under_ten():
    assert issuing_rules.age_on(date(2026, 7, 15), date(2026, 7, 15)) == 0
    assert refusal(issuing_rules.check_offender_age, date(2026, 7, 15), date(2026, 7, 15)).kind == "offender-under-10"


# --- the decision --------------------------------------------------------------------------------------------------

TERMS = [Term(date(2023, 2, 1), Decimal("100"), Decimal("60"), 10)]


def _decide(outcome="fpn", juvenile=False, on=date(2026, 7, 15), terms=TERMS):
    return issuing_rules.decide(outcome=outcome, terms=terms, on=on, issued_on=date(2026, 7, 15),
                                prohibition="Dog fouling", juvenile=juvenile)


def test_an_adults_fpn_is_issued_with_its_lower_amount_window_and_pay_by_date():
    assert _decide() == issuing_rules.Decision("issued", Decimal("100"), Decimal("60"), date(2026, 7, 25),
                                               date(2026, 7, 29))


def test_a_juveniles_fpn_waits_for_approval_with_its_money_worked_out():
    assert _decide(juvenile=True) == issuing_rules.Decision("pending_approval", Decimal("100"), Decimal("60"),
                                                            date(2026, 7, 25), date(2026, 7, 29))


def test_a_warning_carries_no_money_and_a_juveniles_warning_also_waits_for_approval():
    assert _decide(outcome="warning") == issuing_rules.Decision("warning", None, None, None, None)
    assert _decide(outcome="warning", juvenile=True) == issuing_rules.Decision("pending_approval", None, None,
                                                                               None, None)


def test_a_term_without_a_lower_amount_gives_no_lower_amount_date():
    decision = _decide(terms=[Term(date(2023, 2, 1), Decimal("100"))])
    assert (decision.discount_amount, decision.discount_until, decision.pay_by) == (None, None, date(2026, 7, 29))


def test_before_the_first_penalty_only_warnings_may_be_given():
    early = refusal(_decide, on=date(2023, 1, 31))
    assert (early.kind, early.status) == ("warning-only", 422) and "from 1 February 2023" in early.detail
    none_set = refusal(_decide, terms=[])
    assert none_set.kind == "warning-only" and "no penalty is set" in none_set.detail


# --- the register's penalty terms ----------------------------------------------------------------------------------

@pytest.mark.parametrize("term, title", [
    (Term(date(2026, 1, 1), Decimal("0")), "Penalty must be positive"),
    (Term(date(2026, 1, 1), Decimal("-5")), "Penalty must be positive"),
    (Term(date(2026, 1, 1), Decimal("100.01")), "Penalty over the statutory maximum"),
    (Term(date(2026, 1, 1), Decimal("100"), payment_days=13), "Payment period too short"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("60"), None), "Incomplete lower amount"),
    (Term(date(2026, 1, 1), Decimal("100"), None, 10), "Incomplete lower amount"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("0"), 10), "Lower amount not lower"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("100"), 10), "Lower amount not lower"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("60"), 0), "Early-payment window too long"),
    (Term(date(2026, 1, 1), Decimal("100"), Decimal("60"), 14), "Early-payment window too long"),
])
def test_every_term_the_statute_does_not_allow_is_refused_with_its_kind(term, title):
    refused = refusal(penalty_rules.check_term, term, CAPS, "ASBCPA 2014")
    expected_kind = "penalty-over-cap" if "maximum" in title else "bad-penalty"
    assert (refused.title, refused.kind, refused.status) == (title, expected_kind, 422)


@pytest.mark.parametrize("term", [
    Term(date(2026, 1, 1), Decimal("100")),                           # exactly the cap
    Term(date(2026, 1, 1), Decimal("0.01")),                          # the least positive amount
    Term(date(2026, 1, 1), Decimal("100"), Decimal("0.01"), 1),       # the smallest lower amount and window
    Term(date(2026, 1, 1), Decimal("100"), Decimal("99.99"), 13),     # the largest
    Term(date(2026, 1, 1), Decimal("100"), payment_days=14),
])
def test_terms_at_the_statutes_limits_are_allowed(term):
    penalty_rules.check_term(term, CAPS, "ASBCPA 2014")


def test_with_no_cap_recorded_any_positive_amount_is_allowed():
    penalty_rules.check_term(Term(date(2026, 1, 1), Decimal("5000")), [], "Environmental Protection Act 1990")


def test_a_raised_cap_applies_from_its_own_date_and_not_a_day_before():
    caps = [*CAPS, Cap(date(2027, 1, 1), Decimal("500"))]
    penalty_rules.check_term(Term(date(2027, 1, 1), Decimal("500")), caps, "ASBCPA 2014")
    before = refusal(penalty_rules.check_term, Term(date(2026, 12, 31), Decimal("500")), caps, "ASBCPA 2014")
    assert before.kind == "penalty-over-cap" and "£100 maximum" in before.detail


def test_the_term_in_force_is_the_latest_that_has_started():
    terms = [Term(date(2026, 7, 16), Decimal("150")), Term(date(2023, 2, 1), Decimal("100"))]
    assert penalty_rules.applicable(terms, date(2026, 7, 15)).amount == Decimal("100")
    assert penalty_rules.applicable(terms, date(2026, 7, 16)).amount == Decimal("150")
    assert penalty_rules.applicable(terms, date(2023, 1, 31)) is None


@pytest.mark.parametrize("alcohol, section, level, maximum", [
    (True, "section 63", 2, Decimal("500")), (False, "section 67", 3, Decimal("1000"))])
def test_the_offence_a_notice_names_is_s63_for_drinking_and_s67_for_any_other_breach(alcohol, section, level,
                                                                                     maximum):
    offence = penalty_rules.offence(alcohol)
    assert offence.section.startswith(section) and (offence.level, offence.max_fine) == (level, maximum)


def test_the_scope_refusal_names_the_wards_it_applies_in():
    refused = refusal(issuing_rules.check_ward, "Kilburn", "Wembley Park", ["Wembley Park", "Tokyngton"])
    assert "only in Wembley Park, Tokyngton, not Kilburn" in refused.detail
