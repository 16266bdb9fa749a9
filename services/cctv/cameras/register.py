"""Camera register use cases: add a camera, load fixed cameras from CSV, change a camera's status, and install a
camera at a site (which closes its last deployment and opens the next)."""
from datetime import date
from typing import IO

from dateutil.relativedelta import relativedelta
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import audit
from shared.brent import BOUNDS, WARDS, today
from shared.errors import Conflict, Problem
from shared.sessions import find_or_404
from services.cctv import csv_input
from services.cctv.cameras import camera_rules
from services.cctv.cameras.models import Camera, Deployment
from services.cctv.models import AuditEntry
from services.cctv.sites import site_requests
from services.cctv.sites.models import Site

EVALUATION_AFTER_MONTHS = 3  # a deployment is evaluated once there are three months of evidence from after it
FIXED_COLUMNS = ["asset_id", "location", "ward", "latitude", "longitude", "status"]


def get_camera(session: Session, asset_id: str) -> Camera:
    return find_or_404(session, Camera.asset_id, asset_id, f"There is no camera {asset_id} in the register.")


def named_camera(session: Session, asset_id: str, field: str = "camera") -> Camera:
    """The camera a request's body (or a plan's move) names; a 422 naming the field when it is not in the register."""
    camera = session.scalar(select(Camera).where(Camera.asset_id == asset_id))
    if camera is None:
        raise Problem("Camera not in the register", f"There is no camera {asset_id} in the register. Check the "
                      "asset id, or add the camera first.", kind="unknown-camera",
                      errors=[{"field": field, "message": f"There is no camera {asset_id} in the register"}])
    return camera


def add_camera(*, session: Session, body: dict, actor: str, today: date, min_stay_months: int) -> Camera:
    """Add a camera to the register, at its site if it is deployed (which starts its deployment history)."""
    site = site_requests.named_site(session, body["site"]) if body.get("site") else None
    camera_rules.check_camera(kind=body["kind"], status=body["status"], at_site=site is not None,
                              deployed_on=body.get("deployed_on"), today=today)
    if session.scalar(select(Camera.id).where(Camera.asset_id == body["asset_id"])) is not None:
        raise Conflict("Camera already in the register", f"There is already a camera {body['asset_id']}. Give the "
                       "new camera its own asset id.", kind="camera-exists",
                       errors=[{"field": "asset_id", "message": "This asset id is already in the register"}])
    camera = Camera(asset_id=body["asset_id"], kind=body["kind"], status=body["status"], site=site,
                    deployed_on=body.get("deployed_on") if site else None, notes=body.get("notes"))
    session.add(camera)
    if site is not None and camera.deployed_on is not None:
        _deploy(session, camera, site, camera.deployed_on, min_stay_months)
    session.flush()
    audit.record(session, AuditEntry, actor=actor, action="camera_added", entity="camera", entity_id=camera.asset_id,
                 data={"kind": camera.kind, "status": camera.status, "site": site.reference if site else None})
    return camera


def _deploy(session: Session, camera: Camera, site: Site, on: date, min_stay_months: int) -> Deployment:
    deployment = Deployment(camera=camera, site=site, installed_on=on,
                            review_due_on=camera_rules.stay_ends(on, min_stay_months)
                            if camera_rules.is_deployable(camera.kind) else None)
    session.add(deployment)
    return deployment


def set_status(*, session: Session, asset_id: str, status: str, note: str | None, actor: str) -> Camera:
    """Record a camera faulty, repaired (deployed again where it is, or in store), or in store."""
    camera = get_camera(session, asset_id)
    if status not in ("faulty", "deployed", "in_store"):
        raise Problem("Status not recognised", "Choose faulty, deployed (working at its site) or in_store.",
                      kind="invalid-status", errors=[{"field": "status", "message": "Choose faulty, deployed or "
                                                                                     "in_store"}])
    if status == "deployed" and camera.site is None:
        raise Problem("Camera is not at a site", f"{asset_id} is not at a site. A camera is deployed by installing it "
                      "at a site through an approved move.", kind="camera-not-at-site",
                      errors=[{"field": "status", "message": "Choose in_store or faulty"}])
    before, camera.status = camera.status, status
    if status == "in_store" and camera.site is not None:
        _close(camera, today())
        camera.site, camera.deployed_on = None, None
    audit.record(session, AuditEntry, actor=actor, action="camera_status_changed", entity="camera",
                 entity_id=asset_id, data={"from": before, "to": status, "note": note})
    return camera


def _close(camera: Camera, on: date) -> None:
    """End a camera's current deployment on `on`, and set when it is evaluated."""
    for deployment in camera.deployments:
        if deployment.removed_on is None:
            deployment.removed_on = on
            deployment.evaluation_due_on = on + relativedelta(months=EVALUATION_AFTER_MONTHS)


def install(*, session: Session, asset_id: str, site: Site, on: date, actor: str, min_stay_months: int,
            override: str | None = None) -> Camera:
    """A camera put up at a new site: the register shows it there from `on`, and its history keeps where it was."""
    camera = get_camera(session, asset_id)
    early = camera_rules.check_may_move(asset_id=asset_id, kind=camera.kind, status=camera.status,
                                        deployed_on=camera.deployed_on, on=on, min_stay_months=min_stay_months,
                                        override=override or camera.stay_override)
    before = camera.site.reference if camera.site else None
    _close(camera, on)
    camera.site, camera.deployed_on, camera.status, camera.stay_override = site, on, "deployed", None
    _deploy(session, camera, site, on, min_stay_months)
    audit.record(session, AuditEntry, actor=actor, action="camera_installed", entity="camera", entity_id=asset_id,
                 data={"from": before, "to": site.reference, "on": on, "early": early,
                       "override": override if early else None})
    return camera


def import_fixed(*, session: Session, stream: IO[bytes], actor: str, today: date) -> dict:
    """Load fixed cameras from a CSV file (asset_id, location, ward, latitude, longitude, status; optional
    installed_on): all or nothing. A camera already in the register is left as it is."""
    known = set(session.scalars(select(Camera.asset_id)))
    added = already = 0
    bad: list[dict] = []
    seen: set[str] = set()
    for number, row in csv_input.rows(stream, FIXED_COLUMNS):
        problems = _fixed_row_problems(row, seen, today)
        if problems:
            bad += [{"row": number, "column": column, "message": message} for column, message in problems]
            continue
        seen.add(row["asset_id"])
        if row["asset_id"] in known:
            already += 1
            continue
        if bad:
            continue  # nothing will be stored: just keep checking
        site = Site(name=row["location"], address=row["location"], ward=row["ward"],
                    latitude=float(row["latitude"]), longitude=float(row["longitude"]))
        session.add(site)
        session.flush()
        site.reference = f"CS-{site.id:04d}"
        camera = Camera(asset_id=row["asset_id"], kind="fixed", status=row["status"], site=site,
                        deployed_on=date.fromisoformat(row["installed_on"]) if row.get("installed_on") else None)
        session.add(camera)
        if camera.deployed_on:
            _deploy(session, camera, site, camera.deployed_on, 0)
        added += 1
    csv_input.refuse_rows(bad, "fixed cameras")
    audit.record(session, AuditEntry, actor=actor, action="fixed_cameras_imported", entity="camera",
                 entity_id="fixed", data={"added": added, "already_there": already})
    return {"added": added, "already_there": already}


def _fixed_row_problems(row: dict, seen: set, today: date) -> list[tuple[str, str]]:
    """What is wrong with one row of the fixed-camera file, column by column."""
    problems = []
    if not row["asset_id"]:
        problems.append(("asset_id", "Enter the camera's asset id."))
    elif row["asset_id"] in seen:
        problems.append(("asset_id", f"{row['asset_id']} is in the file twice."))
    if not row["location"]:
        problems.append(("location", "Enter where the camera is."))
    if row["ward"] not in WARDS:
        problems.append(("ward", f"'{row['ward']}' is not one of Brent's wards."))
    for column, (low, high) in BOUNDS.items():
        try:
            if not low <= float(row[column]) <= high:
                problems.append((column, f"{row[column]} is outside Brent (between {low} and {high})."))
        except ValueError:
            problems.append((column, f"'{row[column]}' is not a number."))
    if row["status"] not in camera_rules.STATUSES or row["status"] == "awaiting_install":
        problems.append(("status", "Enter deployed, in_store or faulty."))
    if row.get("installed_on"):
        try:
            if date.fromisoformat(row["installed_on"]) > today:
                problems.append(("installed_on", "The installation date must be today or in the past."))
        except ValueError:
            problems.append(("installed_on", f"'{row['installed_on']}' is not a date like 2024-03-31."))
    return problems
