"""The camera register's rules: what a camera may be, where it may be, and when it may move. Plain values only.

- A camera is fixed, deployable, or deployable with ANPR. Only deployable cameras are moved by the Working Group.
- It is deployed (at a site, since a date), in store, faulty (wherever it is), or awaiting install (ordered for a
  site; it is not there yet, and the register shows it where it was until it is installed).
- A deployable camera stays at least the minimum stay (6 months unless configured) at a site before it moves, unless
  the Working Group overrides that, with a reason.
"""
from datetime import date

from dateutil.relativedelta import relativedelta

from shared.errors import Problem

KINDS = {"fixed": "Fixed", "deployable": "Deployable", "deployable_anpr": "Deployable with ANPR"}
STATUSES = {"deployed": "Deployed", "in_store": "In store", "faulty": "Faulty", "awaiting_install": "Awaiting install"}


def has_anpr(kind: str) -> bool:
    return kind == "deployable_anpr"


def is_deployable(kind: str) -> bool:
    return kind in ("deployable", "deployable_anpr")


def check_camera(*, kind: str, status: str, at_site: bool, deployed_on: date | None, today: date) -> None:
    """Refuse a camera record that cannot be true, naming every field at fault (a 422)."""
    errors = []
    if kind not in KINDS:
        errors.append({"field": "kind", "message": f"Choose the kind of camera: {', '.join(KINDS)}"})
    if status not in STATUSES:
        errors.append({"field": "status", "message": f"Choose the camera's status: {', '.join(STATUSES)}"})
    if status == "deployed" and not at_site:
        errors.append({"field": "site", "message": "Enter the site where the camera is deployed"})
    if status == "deployed" and deployed_on is None:
        errors.append({"field": "deployed_on", "message": "Enter the date the camera was deployed at its site"})
    if status == "in_store" and at_site:
        errors.append({"field": "site", "message": "A camera in store is not at a site: leave the site empty"})
    if deployed_on is not None and deployed_on > today:
        errors.append({"field": "deployed_on", "message": "The date the camera was deployed must be today or in the "
                                                          "past"})
    if errors:
        raise Problem("Camera details are not right", errors[0]["message"] + ".", kind="invalid-camera", errors=errors)


def stay_ends(deployed_on: date, min_stay_months: int) -> date:
    """The first day a camera deployed on `deployed_on` may leave its site."""
    return deployed_on + relativedelta(months=min_stay_months)


def whole_months(since: date, on: date) -> int:
    """Whole months from `since` to `on` (0 if `on` is earlier), counted as stay_ends counts them: from 31 May,
    the sixth month is complete on 30 November."""
    months = (on.year - since.year) * 12 + on.month - since.month
    if since + relativedelta(months=months) > on:
        months -= 1
    return max(0, months)


def check_may_move(*, asset_id: str, kind: str, status: str, deployed_on: date | None, on: date,
                   min_stay_months: int, override: str | None) -> bool:
    """Refuse a move the rules forbid (a 422); return True when the move is early, by the group's override."""
    if not is_deployable(kind):
        raise Problem("Fixed cameras do not move", f"{asset_id} is a fixed camera. Only deployable cameras are moved "
                      "by the Working Group.", kind="camera-not-deployable")
    if status == "faulty":
        raise Problem("Camera is faulty", f"{asset_id} is faulty. Record it repaired before moving it.",
                      kind="camera-faulty")
    if status != "deployed" or deployed_on is None:
        return False
    if on >= stay_ends(deployed_on, min_stay_months):
        return False
    if not (override or "").strip():
        raise Problem("Camera is within its minimum stay",
                      f"{asset_id} went up on {deployed_on:%-d %B %Y} and may not move before "
                      f"{stay_ends(deployed_on, min_stay_months):%-d %B %Y} ({min_stay_months} months). If the Working "
                      "Group agrees it should move sooner, record its reason as an override.",
                      kind="minimum-stay", errors=[{"field": "override", "message": "Enter the Working Group's reason "
                                                    "for moving the camera before its minimum stay is over"}])
    return True
