"""The Working Group's rules on their own: what a decision needs, the month's allowance of moves, and when
reviews and evaluations come due. No database."""
from datetime import date

import pytest

from shared.errors import Conflict, Problem
from services.cctv.working_group import group_rules


def whole(raised) -> dict:
    problem = raised.value
    return {"title": problem.title, "detail": problem.detail, "kind": problem.kind, "status": problem.status,
            "errors": problem.extra.get("errors")}


def check(decision="approve", reason=None, decided=None, meeting_open=True):
    group_rules.check_decision(meeting_open=meeting_open, decided=decided, decision=decision, reason=reason)


def test_approve_and_defer_need_nothing_more_and_reject_needs_a_reason():
    check("approve")
    check("defer")
    check("reject", reason="Covered by a fixed camera")
    with pytest.raises(Problem) as refused:
        check("reject", reason="  ")
    assert whole(refused) == {"title": "Reason missing", "detail": "Enter the reason the group rejected it.",
                              "kind": "reason-missing", "status": 422,
                              "errors": [{"field": "reason", "message": "Enter the reason the group rejected it"}]}
    with pytest.raises(Problem) as unknown:
        check("maybe")
    assert whole(unknown) == {"title": "Decision not recognised", "detail": "Choose approve, reject or defer.",
                              "kind": "invalid-decision", "status": 422,
                              "errors": [{"field": "decision", "message": "Select approve, reject or defer"}]}


def test_a_decided_item_and_a_closed_meeting_are_final_but_a_deferred_item_can_be_decided():
    check("approve", decided="defer")
    for decided in ("approve", "reject"):
        with pytest.raises(Conflict) as again:
            check("defer", decided=decided)
        assert whole(again)["kind"] == "item-decided"
        assert whole(again)["detail"] == (f"This item was {group_rules.DECISIONS[decided].lower()} already. Put it "
                                          "on the next meeting's agenda to decide it again.")
    with pytest.raises(Conflict) as closed:
        check("approve", meeting_open=False)
    assert whole(closed) == {"title": "Meeting closed", "detail": "This meeting's minutes are agreed, so its "
                             "decisions cannot change. Put the item on the next meeting's agenda.",
                             "kind": "meeting-closed", "status": 409, "errors": None}


@pytest.mark.parametrize("already, chargeable, expected", [(0, False, False), (1, False, False), (1, True, False),
                                                           (2, True, True), (5, True, True)])
def test_moves_within_the_allowance_are_included_and_beyond_it_only_as_approved_extras(already, chargeable,
                                                                                         expected):
    assert group_rules.check_allowance(moves_that_month=already, included=2, chargeable=chargeable,
                                       month=date(2027, 3, 1), cost_pounds=1500) is expected


def test_a_move_beyond_the_allowance_not_approved_as_chargeable_is_refused_saying_what_to_do():
    with pytest.raises(Problem) as refused:
        group_rules.check_allowance(moves_that_month=2, included=2, chargeable=False, month=date(2027, 3, 1),
                                    cost_pounds=1500)
    assert whole(refused) == {
        "title": "Beyond the month's included moves", "detail": "This would be move 3 in March 2027, and the "
        "contract includes 2. Approve it as a chargeable extra (£1,500), or defer it.", "kind": "allowance-used",
        "status": 422, "errors": [{"field": "chargeable", "message": "This would be move 3 in March 2027: tick the "
                                                                     "box to approve it as a chargeable extra "
                                                                     "(£1,500), or defer it"}]}


def test_reviews_fall_due_before_the_next_meeting_and_evaluations_on_their_date():
    assert group_rules.review_is_due(date(2027, 1, 10), date(2027, 1, 10)) is True
    assert group_rules.review_is_due(date(2027, 1, 11), date(2027, 1, 10)) is False
    assert group_rules.review_is_due(None, date(2027, 1, 10)) is False
    assert group_rules.evaluation_is_due(date(2027, 1, 10), date(2027, 1, 10)) is True
    assert group_rules.evaluation_is_due(date(2027, 1, 11), date(2027, 1, 10)) is False
    assert group_rules.evaluation_is_due(None, date(2027, 1, 10)) is False
    assert group_rules.month_label(date(2027, 3, 1)) == "March 2027"


def test_every_kind_of_item_says_what_approving_and_rejecting_it_do():
    assert set(group_rules.MEANING) == set(group_rules.ITEM_KINDS)
    assert all(len(meaning) == 2 and all(meaning) for meaning in group_rules.MEANING.values())
