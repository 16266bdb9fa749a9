"""Camera register endpoints: list and add cameras, load the fixed cameras from CSV, and record a camera faulty,
repaired or in store."""
from flask import current_app, request, url_for
from flask_smorest import Blueprint
from sqlalchemy import select

from shared.auth import current_caller
from shared.brent import today
from shared.errors import Problem
from shared.sessions import db_session
from services.cctv.cameras import register
from services.cctv.cameras.models import Camera
from services.cctv.cameras.schemas import (CameraCreateSchema, CameraQuerySchema, CameraSchema, ImportResultSchema,
                                           StatusChangeSchema)

blp = Blueprint("cameras", __name__, url_prefix="/api/v1/cameras", description="The camera register")
CSV_BODY = {"required": True, "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}},
                                          "multipart/form-data": {"schema": {"type": "object", "properties": {
                                              "file": {"type": "string", "format": "binary"}}}}}}


def uploaded_csv():
    """The CSV file sent as a form's `file` field or as a text/csv body, as a binary stream."""
    upload = request.files.get("file")
    if upload is not None:
        return upload.stream, upload.filename or "upload.csv"
    if not (request.mimetype or "").startswith("text/csv"):
        raise Problem("No file", "Send the CSV file as the 'file' field of a form, or as a text/csv body.",
                      kind="csv-file-missing", status=400)
    return request.stream, request.args.get("filename", "upload.csv")


@blp.get("")
@blp.arguments(CameraQuerySchema(), location="query")
@blp.response(200, CameraSchema(many=True))
def list_cameras(query):
    """The register: every camera, optionally of one kind or status, by asset id."""
    statement = select(Camera).order_by(Camera.asset_id)
    for name in ("kind", "status"):
        if query.get(name):
            statement = statement.where(getattr(Camera, name) == query[name])
    return db_session().scalars(statement).all()


@blp.post("")
@blp.arguments(CameraCreateSchema())
@blp.response(201, CameraSchema)
def add_camera(body):
    """Add a camera to the register (at its site, if deployed: that starts its deployment history)."""
    session = db_session()
    camera = register.add_camera(session=session, body=body, actor=current_caller().username, today=today(),
                                 min_stay_months=current_app.config["SETTINGS"].cctv_min_stay_months)
    session.commit()
    return camera, 201, {"Location": url_for("cameras.get_camera", asset_id=camera.asset_id)}


@blp.get("/<asset_id>")
@blp.response(200, CameraSchema)
def get_camera(asset_id):
    """One camera with its full deployment history."""
    return register.get_camera(db_session(), asset_id)


@blp.post("/<asset_id>/status")
@blp.arguments(StatusChangeSchema())
@blp.response(200, CameraSchema)
def change_status(body, asset_id):
    """Record a camera faulty, working again at its site (deployed), or taken down to the store."""
    session = db_session()
    camera = register.set_status(session=session, asset_id=asset_id, status=body["status"], note=body.get("note"),
                                 actor=current_caller().username)
    session.commit()
    return camera


@blp.post("/fixed-import")
@blp.response(200, ImportResultSchema)
@blp.doc(requestBody=CSV_BODY)
def import_fixed():
    """Load fixed cameras from CSV (columns asset_id, location, ward, latitude, longitude, status, and optionally
    installed_on): all or nothing. Any bad row refuses the whole file with every problem listed by row; cameras
    already in the register are left as they are."""
    stream, _name = uploaded_csv()
    session = db_session()
    counts = register.import_fixed(session=session, stream=stream, actor=current_caller().username, today=today())
    session.commit()
    return counts
