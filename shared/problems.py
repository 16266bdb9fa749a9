"""The one error format: RFC 9457 problem documents (application/problem+json) for every 4xx and 5xx."""
import logging

from flask import Response, json, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from shared.errors import Problem, field_errors

log = logging.getLogger(__name__)
PROBLEM_BASE = "https://safer-brent.example/problems/"


def problem_response(status: int, title: str, detail: str, kind: str, **extra) -> Response:
    """Build an application/problem+json response."""
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail,
            "instance": request.path if request else None, **extra}
    return Response(json.dumps(body), status=status, mimetype="application/problem+json")


def _validation_errors(messages) -> list[dict]:
    """Flatten webargs messages ({location: {field: [...]}}) into [{'field': 'a.b', 'message': '...'}]."""
    out = []
    for location, fields in (messages or {}).items():
        out += field_errors(fields, "" if location in ("json", "form") else location)
    return out


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error as a problem document."""

    def handle_http_exception(self, error: HTTPException):
        """Render werkzeug/webargs errors, including per-field validation errors, as problems."""
        data = getattr(error, "data", {}) or {}
        if error.code == 422 and "messages" in data:
            errors = _validation_errors(data["messages"])
            fields = ", ".join(e["field"] for e in errors) or "the request"
            return problem_response(422, "The request has invalid fields",
                                    f"Correct these fields and send again: {fields}.", "validation", errors=errors)
        if error.code and error.code >= 500:
            log.exception("unhandled error")
        detail = data.get("message") or error.description or error.name
        return problem_response(error.code or 500, error.name, detail, error.name.lower().replace(" ", "-"))


def register_problem_handlers(app) -> None:
    """Make domain Problems and unexpected crashes answer as problem documents."""

    @app.errorhandler(Problem)
    def _problem(err: Problem):
        return problem_response(err.status, err.title, err.detail, err.kind, **err.extra)

    @app.errorhandler(Exception)
    def _crash(err: Exception):
        if isinstance(err, HTTPException):
            return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].handle_http_exception(err)
        log.exception("unhandled error", extra={"path": request.path})
        return problem_response(500, "Something went wrong on our side",
                                "The request was not completed. Try again; if it keeps failing, tell the service desk "
                                "the time it happened.", "server-error")
