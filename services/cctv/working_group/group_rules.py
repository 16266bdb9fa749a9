"""The Working Group's rules for its agenda, its decisions and the contract's allowance of moves. Plain values only.

- **The agenda** holds, in this order: the moves the latest plan proposes for the coming month; requests not yet
  decided; deployable cameras whose review (at the end of their minimum stay) falls before the next meeting; and
  deployments whose evaluation is due (three months of evidence from after the camera left).
- **Decisions.** Each item is approved, rejected (with a reason) or deferred. What approval means depends on the
  item: a move becomes a work order; a request is approved (only with its DPIA and signage plan); a camera under
  review stays for another minimum stay; an evaluation is accepted.
- **The allowance.** The contract includes `included` moves a month. A move beyond them may be approved only as a
  chargeable extra, said so explicitly, at its cost. Installing a move counts it against the month it is installed
  in, and the same check applies there.
- A meeting's decisions are final once its minutes are agreed (the meeting is closed).
"""
from datetime import date

from shared.errors import Conflict, Problem

ITEM_KINDS = {"proposed_move": "Proposed move", "new_request": "New request",
              "stay_review": "Camera due for its review", "evaluation": "Deployment due for evaluation"}
DECISIONS = {"approve": "Approved", "reject": "Rejected", "defer": "Deferred"}
MEANING = {  # what approving and rejecting each kind of item does, as the page and the minutes say it
    "proposed_move": ("The move is ordered from the contractor.", "The camera stays where it is."),
    "new_request": ("The request is approved: its site may get a camera.", "The request is refused."),
    "stay_review": ("The camera stays for another minimum stay.", "The camera is free to move."),
    "evaluation": ("The evaluation is accepted.", "The evaluation is to be done again."),
}


def check_decision(*, meeting_open: bool, decided: str | None, decision: str, reason: str | None) -> None:
    """Refuse a decision the group cannot take (422), or one on an item already decided or a closed meeting (409)."""
    if not meeting_open:
        raise Conflict("Meeting closed", "This meeting's minutes are agreed, so its decisions cannot change. Put the "
                       "item on the next meeting's agenda.", kind="meeting-closed")
    if decided in ("approve", "reject"):
        raise Conflict("Already decided", f"This item was {DECISIONS[decided].lower()} already. Put it on the next "
                       "meeting's agenda to decide it again.", kind="item-decided")
    if decision not in DECISIONS:
        raise Problem("Decision not recognised", "Choose approve, reject or defer.", kind="invalid-decision",
                      errors=[{"field": "decision", "message": "Select approve, reject or defer"}])
    if decision == "reject" and not (reason or "").strip():
        raise Problem("Reason missing", "Enter the reason the group rejected it.", kind="reason-missing",
                      errors=[{"field": "reason", "message": "Enter the reason the group rejected it"}])


def month_label(month: date) -> str:
    return f"{month:%B %Y}"


def check_allowance(*, moves_that_month: int, included: int, chargeable: bool, month: date,
                    cost_pounds: float) -> bool:
    """Whether a further move in `month` is chargeable; refuses it (422) when it is beyond the included moves and
    was not approved as a chargeable extra."""
    if moves_that_month < included:
        return False
    if chargeable:
        return True
    raise Problem("Beyond the month's included moves",
                  f"This would be move {moves_that_month + 1} in {month_label(month)}, and the contract includes "
                  f"{included}. Approve it as a chargeable extra (£{cost_pounds:,.0f}), or defer it.",
                  kind="allowance-used", errors=[{"field": "chargeable", "message": f"This would be move "
                                                  f"{moves_that_month + 1} in {month_label(month)}: tick the box to "
                                                  f"approve it as a chargeable extra (£{cost_pounds:,.0f}), or defer "
                                                  "it"}])


def review_is_due(review_due_on: date | None, next_meeting: date) -> bool:
    """True when a camera's review falls before the group next meets (so this meeting must decide it)."""
    return review_due_on is not None and review_due_on <= next_meeting


def evaluation_is_due(evaluation_due_on: date | None, meeting: date) -> bool:
    return evaluation_due_on is not None and evaluation_due_on <= meeting
