"""The notice lifecycle: which action moves a notice from which state to which, and who may take it."""
from shared.errors import Conflict

SUPERVISOR = ("enforcement_supervisor", "admin")

# action: (states it may start from, state it leads to, roles allowed)
TRANSITIONS = {
    "approve": (("pending_approval",), None, SUPERVISOR),  # to 'issued' or 'warning', by the notice's outcome
    "pay": (("issued",), "paid", SUPERVISOR),
    # Legal may still reduce a referred notice: the 2022-23 table counts notices both referred and reduced.
    "reduce_to_warning": (("issued", "representation_received", "referred_to_legal"), "warning", SUPERVISOR),
    "cancel": (("pending_approval", "issued", "representation_received"), "cancelled", SUPERVISOR),
    "receive_representation": (("issued",), "representation_received", SUPERVISOR),
    "uphold": (("representation_received",), "issued", SUPERVISOR),
    "refer_to_legal": (("issued",), "referred_to_legal", SUPERVISOR + ("system",)),
    "record_prosecution": (("referred_to_legal",), "prosecution_concluded", SUPERVISOR),
}
PROSECUTION_OUTCOMES = ("convicted", "acquitted", "withdrawn")


def next_state(action: str, state: str, outcome: str) -> str:
    """The state `action` leads to from `state`, or a 409 Problem saying what is possible instead."""
    allowed_from, to, _roles = TRANSITIONS[action]
    if state not in allowed_from:
        possible = sorted(a for a, (froms, _t, _r) in TRANSITIONS.items() if state in froms)
        raise Conflict("Not possible in this state",
                       f"A notice that is '{state.replace('_', ' ')}' cannot be "
                       f"'{action.replace('_', ' ')}'. Possible now: "
                       f"{', '.join(a.replace('_', ' ') for a in possible) or 'nothing, it is closed'}.",
                       kind="invalid-transition", state=state)
    if action == "approve":
        return "issued" if outcome == "fpn" else "warning"
    return to
