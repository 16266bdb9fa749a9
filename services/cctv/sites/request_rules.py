"""The rules for a deployment request, as the Surveillance Camera Code of Practice expects them. Plain values only.

- A request comes from a BJAG locality, the police, a council team or a housing provider, and says what the problem
  is, with its evidence, and what a camera should achieve.
- It can be approved only once its data protection impact assessment (DPIA) is complete and it has a signage plan:
  only then is it deployable. A refusal keeps its reason.
- Nuisance vehicles are watched with ANPR: a site asked for for them needs an ANPR camera.
"""
from datetime import date

from shared.errors import Conflict, Problem

REQUESTERS = {"bjag": "BJAG locality", "police": "Police", "council_team": "Council team",
              "housing_provider": "Housing provider"}
PROBLEMS = {"asb": "Anti-social behaviour", "drug_dealing": "Drug dealing", "nuisance_vehicles": "Nuisance vehicles",
            "fly_tipping": "Fly-tipping", "street_drinking": "Street drinking", "violence": "Violence and robbery",
            "other": "Other"}
DECISIONS = ("approve", "refuse", "withdraw")


def needs_anpr(problem: str) -> bool:
    return problem == "nuisance_vehicles"


def deployable(*, status: str, dpia_completed_on: date | None, signage_plan: str | None) -> bool:
    """True when a camera may be put up for this request."""
    return status == "approved" and dpia_completed_on is not None and bool((signage_plan or "").strip())


def check_decision(*, reference: str, status: str, decision: str, reason: str | None, dpia_reference: str | None,
                   dpia_completed_on: date | None, signage_plan: str | None, today: date) -> str:
    """The request's status after `decision`, or a refusal naming every field at fault."""
    if decision not in DECISIONS:
        raise Problem("Decision not recognised", f"Choose approve, refuse or withdraw, not '{decision}'.",
                      kind="invalid-decision", errors=[{"field": "decision", "message": "Choose approve, refuse or "
                                                        "withdraw"}])
    if status != "submitted" and not (status == "approved" and decision == "withdraw"):
        raise Conflict("Request already decided", f"{reference} is {status}. Only a submitted request can be approved "
                       "or refused, and only an approved one withdrawn.", kind="request-decided")
    errors = []
    if decision == "approve":
        if not (dpia_reference or "").strip() or dpia_completed_on is None:
            errors.append({"field": "dpia_completed_on", "message": "Record the completed data protection impact "
                           "assessment (its reference and the date it was completed) before approving"})
        elif dpia_completed_on > today:
            errors.append({"field": "dpia_completed_on", "message": "The DPIA's completion date must be today or in "
                           "the past"})
        if not (signage_plan or "").strip():
            errors.append({"field": "signage_plan", "message": "Record the signage plan before approving"})
    elif not (reason or "").strip():
        errors.append({"field": "reason", "message": f"Enter the reason the request is {decision}n"
                       if decision == "withdraw" else "Enter the reason the request is refused"})
    if errors:
        raise Problem("The request cannot be decided yet" if decision == "approve" else "Reason missing",
                      errors[0]["message"] + ".", kind="request-not-ready", errors=errors)
    return {"approve": "approved", "refuse": "refused", "withdraw": "withdrawn"}[decision]
