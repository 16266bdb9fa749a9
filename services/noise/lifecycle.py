"""A noise case's casework as one table: for each action, the states it may start from, the state it leads to,
and who may take it. Plain rules: a case's state and the caller's roles in, a Problem out if refused.

    monitoring --(qualifies, or an officer takes it on)--> qualified / investigating
    investigating --serve_abatement_notice--> notice_served --mark_for_prosecution--> prosecution
    any open state --close--> closed

Recording a visit, a correction to a served notice (a new version), a breach (which asks fpn for an FPN) and the
source's landlord leave the state as it is.
"""
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from shared.errors import Conflict, Problem
from services.noise.intake_rules import CLOCK_SKEW

OFFICERS = ("nuisance_officer",)
OPEN_STATES = ("monitoring", "qualified", "investigating", "notice_served", "prosecution")
CLOSING_OUTCOMES = ("abated", "no statutory nuisance witnessed", "logged, no further action", "prosecuted",
                    "withdrawn by the reporter", "referred to the housing provider")


@dataclass(frozen=True)
class Action:
    """One casework action."""

    name: str
    starts_from: tuple[str, ...]
    leads_to: str | None  # None: the case stays where it is
    explains: str
    roles: tuple[str, ...] = OFFICERS

    def words(self) -> str:
        return self.name.replace("_", " ")


ACTIONS = {a.name: a for a in (
    Action("assign", OPEN_STATES[:-1], None, "Give the case to an officer (a monitored or qualified case is then "
           "investigated)."),
    Action("record_visit", ("qualified", "investigating", "notice_served", "prosecution"), None,
           "Record a visit or observation, and whether a statutory nuisance was witnessed."),
    Action("record_landlord", OPEN_STATES, None, "Record that the source is a registered social landlord's home: "
           "the landlord is told, as the service expectation requires."),
    Action("serve_abatement_notice", ("investigating", "notice_served"), "notice_served",
           "Serve an abatement notice (Environmental Protection Act 1990 s.80), or a corrected version of one."),
    Action("record_breach", ("notice_served", "prosecution"), None,
           "Record a breach of the abatement notice: fpn is asked for a fixed penalty notice (London Local "
           "Authorities Act 2004)."),
    Action("mark_for_prosecution", ("notice_served",), "prosecution",
           "Mark a persistent offender for prosecution."),
    Action("close", OPEN_STATES, "closed", "Close the case with its outcome."),
)}


def next_state(state: str, action_name: str, roles: tuple[str, ...] | list[str]) -> str:
    """The state the case is in after `action_name`, or a Problem: 403 for a role that may not, 409 from a state
    it may not start from."""
    action = ACTIONS[action_name]
    if not set(roles) & set(action.roles):
        raise Problem("Not allowed", f"Only a nuisance officer may {action.words()}.", kind="forbidden", status=403)
    if state not in action.starts_from:
        possible = [a.words() for a in ACTIONS.values() if state in a.starts_from]  # the caller may take any
        raise Conflict(f"Cannot {action.words()} now", f"The case is {state.replace('_', ' ')}. You can "
                       f"{', '.join(possible) or 'do nothing more with it: it is closed'}.", kind="wrong-state",
                       state=state)
    if action.leads_to is not None:
        return action.leads_to
    if action_name == "assign" and state in ("monitoring", "qualified"):
        return "investigating"
    return state


def check_outcome(outcome: str) -> None:
    """Refuse a closing outcome that is not one of the team's."""
    if outcome not in CLOSING_OUTCOMES:
        raise Problem("Unknown outcome", "Close with one of: " + "; ".join(CLOSING_OUTCOMES) + ".",
                      kind="bad-outcome", errors=[{"field": "outcome", "message": "Choose one of the outcomes"}])


def check_officer(username: str, team: Collection[str]) -> None:
    """Refuse to give a case to anyone but an officer in the nuisance team (a made-up or mistyped username would
    leave the case with nobody)."""
    if username not in team:
        raise Problem("Not an officer in the team", "A case can only be given to an officer in the nuisance team. "
                      "Choose one of them, or add the officer to the team first.", kind="not-in-team",
                      errors=[{"field": "officer", "message": "Choose an officer in the nuisance team"}])


def check_visit_time(visited_at: datetime, now: datetime) -> None:
    """Refuse a visit recorded before it has happened (a phone's clock a little ahead is not the future)."""
    if visited_at > now + CLOCK_SKEW:
        raise Problem("Visit in the future", "A visit is recorded once it has happened. Enter when it was.",
                      kind="visit-in-future", errors=[{"field": "visited_at", "message": "The time of the visit "
                                                                                        "must be in the past"}])
