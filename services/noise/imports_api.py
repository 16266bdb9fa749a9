"""Import endpoints: upload a Noise App export (CSV) to be imported in the background, and follow its progress
and its report of rejected rows."""
import json
import shutil

from flask import request, url_for
from flask_smorest import Blueprint

from shared.auth import current_caller
from shared.errors import Problem
from shared.outbox import emit
from shared.contracts.tasks import TaskNames
from shared.sessions import db_session, get_or_404
from services.noise import imports
from services.noise.models import Import, OutboxMessage
from services.noise.schemas import ImportSchema

blp = Blueprint("imports", __name__, url_prefix="/api/v1/imports", description="Imports of Noise App exports")
CHUNK = 1 << 16
MAX_UPLOAD_BYTES = 1 << 30  # 1 GB: an export of several million reports (a million is about 120 MB)


@blp.post("")
@blp.response(202, ImportSchema)
@blp.doc(requestBody={"required": True, "content": {
    "text/csv": {"schema": {"type": "string", "format": "binary"}},
    "multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"},
        "mapping": {"type": "string", "description": "JSON: the report's fields to the file's column headings"}}}}}},
    parameters=[{"in": "query", "name": "filename", "schema": {"type": "string"},
                 "description": "the file's name, when sending text/csv"}])
def start_import():
    """Upload a Noise App export (CSV, as the file field of a form, or as a text/csv body): it is saved, and
    imported in the background; follow it at the Location given. Columns are mapped as
    services/noise/reference/noise_app_columns.json says, unless a mapping is given. An export may be far larger
    than any other request (up to MAX_UPLOAD_BYTES): it is saved a chunk at a time."""
    request.max_content_length = MAX_UPLOAD_BYTES  # this route only: every other keeps the 1 MB limit
    upload = request.files.get("file")
    stream, filename = (upload.stream, upload.filename) if upload else (request.stream, request.args.get(
        "filename", "export.csv"))
    if upload is None and not (request.mimetype or "").startswith("text/csv"):
        raise Problem("No file", "Send the export as the 'file' field of a form, or as a text/csv body.",
                      kind="import-file-missing", status=400)
    mapping = _mapping(request.form.get("mapping") or request.args.get("mapping"))
    session = db_session()
    record = Import(filename=(filename or "export.csv")[:200], imported_by=current_caller().username,
                    mapping=mapping)
    session.add(record)
    session.flush()
    path = imports.upload_path(record.id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as saved:
        shutil.copyfileobj(stream, saved, CHUNK)  # a chunk at a time, never the whole file in memory
    record.total_bytes = path.stat().st_size
    emit(session, OutboxMessage, TaskNames.NOISE_RUN_IMPORT, {"import_id": record.id})
    session.commit()
    return record, 202, {"Location": url_for("imports.get_import", import_id=record.id)}


def _mapping(text: str | None) -> dict | None:
    if not text:
        return None
    try:
        mapping = json.loads(text)
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise Problem("Mapping not understood", "Give the mapping as a JSON object of the report's fields to the "
                      "file's column headings, e.g. {\"started_at\": \"Start time\"}.", kind="bad-mapping",
                      errors=[{"field": "mapping", "message": "A JSON object of field names to column headings"}])
    return mapping


@blp.get("/<int:import_id>")
@blp.response(200, ImportSchema)
def get_import(import_id):
    """An import's progress (the share of the file read), its counts, and each rejected row with its problems."""
    return get_or_404(Import, import_id, "import")
