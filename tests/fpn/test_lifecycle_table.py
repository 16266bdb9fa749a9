"""The whole notice lifecycle, row by row: every action from every state is allowed (leading where it should) or
refused with a 409, and every role may take exactly the actions it should. The expected table is written out here
independently of services/fpn/lifecycle.py, so a change to either one fails a test. No database."""
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import SimpleNamespace

import pytest

from shared.auth import ROLES
from shared.errors import Problem
from services.fpn import lifecycle

STATES = ("pending_approval", "issued", "warning", "representation_received", "referred_to_legal",
          "prosecution_concluded", "paid", "cancelled")
# action: {state it may start from: state it leads to}
EXPECTED = {
    "approve": {"pending_approval": "issued"},  # an FPN; a pending warning becomes a warning (below)
    "pay": {"issued": "paid"},
    "reduce_to_warning": {"issued": "warning", "representation_received": "warning",
                          "referred_to_legal": "warning"},  # the 2022-23 figures count referred notices reduced
    "cancel": {"pending_approval": "cancelled", "issued": "cancelled", "representation_received": "cancelled"},
    "receive_representation": {"issued": "representation_received"},
    "uphold": {"representation_received": "issued"},
    "refer_to_legal": {"issued": "referred_to_legal"},
    "record_prosecution": {"referred_to_legal": "prosecution_concluded"},
}
DETAILS = {"pay": {"amount": Decimal("100.00"), "paid_on": date(2026, 7, 20), "method": "card",
                   "payment_reference": "T-1"}, "reduce_to_warning": {"reason": "r"},
           "cancel": {"reason": "Wrong person"}, "receive_representation": {"reason": "Was not there"},
           "record_prosecution": {"prosecution_outcome": "convicted"}}
NOW = datetime(2026, 7, 20, 10, 0, tzinfo=timezone.utc)


def notice(state: str, outcome: str = "fpn"):
    return SimpleNamespace(state=state, outcome=outcome, amount=Decimal("100.00"), discount_amount=None,
                           discount_until=None, pay_by=date(2026, 7, 29), issued_at=datetime(2026, 7, 15, 9, 0,
                                                                                              tzinfo=timezone.utc),
                           approved_by=None, paid_amount=None, paid_on=None, reduced_at=None, referred_at=None,
                           prosecution_outcome=None, closing_reason=None, payment_method=None,
                           payment_reference=None, closed_at=None, effective_at=None)


def test_the_table_has_exactly_the_expected_actions():
    assert set(lifecycle.ACTIONS) == set(EXPECTED)


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("state", STATES)
def test_every_action_from_every_state(action, state):
    subject = notice(state)
    leads_to = EXPECTED[action].get(state)
    if leads_to is None:
        with pytest.raises(Problem) as refused:
            lifecycle.apply(lifecycle.action(action), subject, actor="supervisor.okafor", now=NOW,
                            details=DETAILS.get(action, {}))
        assert (refused.value.status, refused.value.kind) == (409, "invalid-transition")
        assert refused.value.title == "Not possible in this state" and refused.value.extra["state"] == state
        assert f"'{state.replace('_', ' ')}' cannot be '{action.replace('_', ' ')}'" in refused.value.detail
        assert subject.state == state  # nothing changed
    else:
        before = lifecycle.apply(lifecycle.action(action), subject, actor="supervisor.okafor", now=NOW,
                                 details=DETAILS.get(action, {}))
        assert (before, subject.state) == (state, leads_to)
        # A notice that reaches a closed state records when (its evidence's retention counts from then).
        assert subject.closed_at == (NOW if leads_to in lifecycle.CLOSED else None)


def test_approving_a_pending_warning_makes_it_a_warning_not_an_fpn():
    subject = notice("pending_approval", outcome="warning")
    lifecycle.apply(lifecycle.action("approve"), subject, actor="supervisor.okafor", now=NOW, details={})
    assert (subject.state, subject.approved_by) == ("warning", "supervisor.okafor")


def test_a_refusal_says_what_is_possible_now():
    with pytest.raises(Problem) as refused:
        lifecycle.apply(lifecycle.action("pay"), notice("referred_to_legal"), actor="x", now=NOW,
                        details=DETAILS["pay"])
    assert "Possible now: record prosecution, reduce to warning." in refused.value.detail
    with pytest.raises(Problem) as closed:
        lifecycle.apply(lifecycle.action("cancel"), notice("paid"), actor="x", now=NOW, details={"reason": "r"})
    assert "nothing, it is closed" in closed.value.detail


@pytest.mark.parametrize("action", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_only_supervisors_and_admins_take_any_action(action, role):
    act = lifecycle.action(action)
    if role in ("enforcement_supervisor", "admin"):
        lifecycle.check_allowed(act, [role])
        assert role in lifecycle.people_who_may(act)
    else:
        with pytest.raises(Problem) as refused:
            lifecycle.check_allowed(act, [role])
        assert (refused.value.status, refused.value.kind, refused.value.title) == (403, "forbidden", "Not allowed")
        # It names the roles that may, and never the nightly job's own.
        assert "enforcement_supervisor, admin." in refused.value.detail and "system" not in refused.value.detail


def test_only_the_nightly_referral_runs_as_the_system_and_nobody_holds_that_role():
    assert [a for a in EXPECTED if lifecycle.SYSTEM in lifecycle.action(a).roles] == ["refer_to_legal"]
    lifecycle.check_allowed(lifecycle.action("refer_to_legal"), [lifecycle.SYSTEM])
    assert lifecycle.SYSTEM not in lifecycle.people_who_may(lifecycle.action("refer_to_legal"))
    assert lifecycle.SYSTEM not in ROLES


def test_an_unknown_action_is_a_404_listing_the_actions():
    with pytest.raises(Problem) as unknown:
        lifecycle.action("forgive")
    assert unknown.value.status == 404 and "approve, pay" in unknown.value.detail


def test_each_action_records_what_it_should():
    reduced = notice("issued")
    lifecycle.apply(lifecycle.action("reduce_to_warning"), reduced, actor="s", now=NOW,
                    details={"reason": "First offence, apologised"})
    assert (reduced.reduced_at, reduced.closing_reason) == (NOW, "First offence, apologised")
    referred = notice("issued")
    lifecycle.apply(lifecycle.action("refer_to_legal"), referred, actor=lifecycle.SYSTEM, now=NOW, details={})
    assert referred.referred_at == NOW
    concluded = notice("referred_to_legal")
    lifecycle.apply(lifecycle.action("record_prosecution"), concluded, actor="s", now=NOW,
                    details={"prosecution_outcome": "withdrawn"})
    assert concluded.prosecution_outcome == "withdrawn"
    with pytest.raises(Problem) as bad:
        lifecycle.apply(lifecycle.action("record_prosecution"), notice("referred_to_legal"), actor="s", now=NOW,
                        details={"prosecution_outcome": "pardoned"})
    assert (bad.value.kind, bad.value.status, bad.value.title) == ("bad-outcome", 422, "Unknown prosecution outcome")
    assert "convicted, acquitted, withdrawn" in bad.value.detail


@pytest.mark.parametrize("paid_on, amount, accepted", [
    (date(2026, 7, 25), Decimal("60.00"), True),    # the lower amount on its last day
    (date(2026, 7, 25), Decimal("100.00"), False),
    (date(2026, 7, 26), Decimal("60.00"), False),   # the day after: the full amount is due
    (date(2026, 7, 26), Decimal("100.00"), True),
])
def test_a_payment_must_be_the_amount_due_on_the_day_it_was_paid(paid_on, amount, accepted):
    subject = notice("issued")
    subject.discount_amount, subject.discount_until = Decimal("60.00"), date(2026, 7, 25)
    details = {"amount": amount, "paid_on": paid_on, "method": "cash", "payment_reference": "R-1"}
    recorded = datetime(2026, 7, 27, 10, 0, tzinfo=timezone.utc)  # a payment is recorded once it has been made
    if accepted:
        lifecycle.apply(lifecycle.action("pay"), subject, actor="s", now=recorded, details=details)
        assert (subject.state, subject.paid_amount, subject.paid_on) == ("paid", amount, paid_on)
    else:
        with pytest.raises(Problem) as wrong:
            lifecycle.apply(lifecycle.action("pay"), subject, actor="s", now=recorded, details=details)
        assert (wrong.value.kind, wrong.value.status, wrong.value.title) == ("wrong-amount", 422, "Wrong amount")
        assert f"not £{amount}" in wrong.value.detail
        due = "60.00" if paid_on.day == 25 else "100.00"  # said by the amount, which is what to mend
        assert wrong.value.extra["errors"] == [{"field": "amount", "message": f"Amount paid must be £{due}, the amount "
                                                                              f"due on {paid_on.day} July 2026"}]


def test_a_payment_dated_after_today_in_brent_is_refused_beyond_a_clock_running_ahead():
    evening = datetime(2026, 7, 20, 22, 55, tzinfo=timezone.utc)  # 23:55 in Brent: five minutes to the 21st
    lifecycle.check_paid_on(date(2026, 7, 20), evening)
    lifecycle.check_paid_on(date(2026, 7, 21), evening)  # the skew allowed, exactly
    with pytest.raises(Problem) as refused:
        lifecycle.check_paid_on(date(2026, 7, 21), evening - timedelta(seconds=1))
    assert (refused.value.status, refused.value.kind) == (422, "paid-in-future")
    assert refused.value.extra["errors"] == [{"field": "paid_on",
                                              "message": "The date paid must be today or in the past"}]
    subject = notice("issued")
    with pytest.raises(Problem, match="once it has been made"):  # the amount due is not judged on a wrong day
        lifecycle.apply(lifecycle.action("pay"), subject, actor="s", now=NOW, details={
            **DETAILS["pay"], "paid_on": date(2026, 7, 22), "amount": Decimal("1.00")})
    assert subject.paid_on is None


def test_upholding_restarts_the_full_payment_period_from_the_decision_with_no_lower_amount():
    subject = notice("representation_received")
    subject.discount_amount, subject.discount_until = Decimal("60.00"), date(2026, 7, 25)
    lifecycle.apply(lifecycle.action("uphold"), subject, actor="s", now=NOW, details={})
    assert (subject.state, subject.pay_by, subject.discount_until) == ("issued", date(2026, 8, 3), None)
