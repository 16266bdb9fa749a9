"""The one error format: RFC 9457 problem documents (application/problem+json) for every 4xx and 5xx."""
import http
import logging

import marshmallow as ma

from flask import Response, current_app, json, render_template, request
from apispec import BasePlugin
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from sqlalchemy import exc as db_errors
from werkzeug.exceptions import HTTPException

from shared.db import is_unique_violation
from shared.errors import Problem, field_errors, govuk_errors
from shared.logs import failure_fields, hidden
from shared.request_id import current as current_request_id
from shared.schema_fields import MoneyField

log = logging.getLogger(__name__)
PROBLEM_BASE = "https://safer-brent.example/problems/"
PROBLEM_TYPE = "application/problem+json"


def problem_response(status: int, title: str, detail: str, kind: str, headers: dict | None = None,
                     **extra) -> Response:
    """Build an application/problem+json response; or, for a person's browser asking for a page, an error page."""
    if _wants_page():
        return _error_page(status, title, detail, headers)
    if isinstance(extra.get("errors"), list):
        extra["errors"] = govuk_errors(extra["errors"])
    body = {"type": PROBLEM_BASE + kind, "title": title, "status": status, "detail": detail,
            "instance": request.path if request else None, **extra}
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_TYPE, headers=headers)


# What a person is told when a page cannot be shown, in GOV.UK's words for each case.
PAGE_NOT_FOUND = ("Page not found", ["If you typed the web address, check it is correct.",
                                     "If you pasted the web address, check you copied the entire address.",
                                     "If the web address is correct or you selected a link or button, contact the "
                                     "service desk."])
SERVICE_PROBLEM = ("Sorry, there is a problem with the service", ["Try again later."])
SERVICE_UNAVAILABLE = ("Sorry, the service is unavailable", ["Try again in a few minutes."])


def _wants_page() -> bool:
    """True for a browser asking for a page (it prefers HTML to JSON), outside the APIs: a person, not a program."""
    if not request or request.path.startswith(("/api/", "/open311/")):
        return False
    accept = request.accept_mimetypes
    return "sbo_assets" in current_app.extensions and accept["text/html"] > accept[PROBLEM_TYPE]


def _error_page(status: int, title: str, detail: str, headers: dict | None) -> Response:
    reference = None
    if status == 404:
        title, paragraphs = PAGE_NOT_FOUND
    elif status == 503:
        title, paragraphs = SERVICE_UNAVAILABLE
    elif status >= 500:
        (title, paragraphs), reference = SERVICE_PROBLEM, current_request_id()
    else:
        paragraphs = [detail]
    page = render_template("error.html", title=title, paragraphs=paragraphs, request_id=reference,
                           service_name="Safer Brent Operations")
    return Response(page, status=status, mimetype="text/html", headers=headers)


def log_failure(message: str, err: BaseException) -> None:
    """Log a failure by its type, where it happened and the request id; never its message, which may hold values."""
    log.error(message, extra={**failure_fields(err), "path": hidden(request.path) if request else None,
                              "request_id": current_request_id()})


def database_problem(err: db_errors.SQLAlchemyError) -> Response | None:
    """The answer to a database error a request can cause or meet, or None if it is a bug (a 500)."""
    if is_unique_violation(err):
        return problem_response(409, "Already recorded", "This has already been recorded, so it was not recorded "
                                "again. Look it up, or change what makes it the same.", "already-exists")
    if isinstance(err, (db_errors.OperationalError, db_errors.InterfaceError, db_errors.TimeoutError)) or \
            getattr(err, "connection_invalidated", False):
        log_failure("database unavailable", err)
        return problem_response(503, "Service unavailable", "The database is not answering, so nothing was "
                                "changed. Try again in a minute.", "database-unavailable",
                                headers={"Retry-After": "30"})
    if isinstance(err, db_errors.DataError):
        return problem_response(422, "A value cannot be stored", "A value in the request is too long or out of "
                                "range. Check the values against the API's documentation and send again.",
                                "value-out-of-range")
    return None


def _validation_errors(messages) -> list[dict]:
    """Flatten webargs messages ({location: {field: [...]}}) into [{'field': 'a.b', 'message': '...'}]."""
    out = []
    for location, fields in (messages or {}).items():
        out += field_errors(fields, "" if location in ("json", "form") else location)
    return out


class FieldErrorSchema(ma.Schema):
    field = ma.fields.String(metadata={"description": "where, e.g. offender.name"})
    message = ma.fields.String()


class ProblemSchema(ma.Schema):
    """An RFC 9457 problem document; some problems carry more members (state, checks, request_id...)."""

    class Meta:
        unknown = ma.INCLUDE  # documented as additionalProperties: problems may carry more members

    type = ma.fields.String()
    title = ma.fields.String()
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "what happened and what to do, in words a person can act on"})
    instance = ma.fields.String(allow_none=True)
    errors = ma.fields.List(ma.fields.Nested(FieldErrorSchema))


class ErrorAnswersPlugin(BasePlugin):
    """Documents the error answers every operation can give: 401 and 403 unless it is public, 404 where the path
    names something, 409 where it changes something (the access table and the request guard give them all)."""

    def operation_helper(self, path=None, operations=None, **kwargs):
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            wanted = []
            if operation.get("security") != []:
                wanted += [(401, "UNAUTHORIZED"), (403, "FORBIDDEN")]
            if "{" in (path or ""):
                wanted.append((404, "NOT_FOUND"))
            if method in ("post", "put", "patch"):
                wanted += [(409, "CONFLICT"), (413, "REQUEST_ENTITY_TOO_LARGE")]
            for status, name in wanted:
                responses.setdefault(str(status), name)


class ProblemApi(Api):
    """flask-smorest's Api, answering every HTTP error as a problem document, and documenting it so."""

    ERROR_SCHEMA = ProblemSchema

    def __init__(self, app=None, **kwargs):
        super().__init__(app, **kwargs)
        self.register_field(MoneyField, "string", None)

    def _register_responses(self):
        """Every error response, in every operation, is documented as application/problem+json."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "A problem document saying what went wrong", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def handle_http_exception(self, error: HTTPException):
        """Render werkzeug/webargs errors, including per-field validation errors, as problems."""
        data = getattr(error, "data", {}) or {}
        if error.code == 422 and "messages" in data:
            errors = _validation_errors(data["messages"])
            fields = ", ".join(e["field"] for e in errors) or "the request"
            return problem_response(422, "The request has invalid fields",
                                    f"Correct these fields and send again: {fields}.", "validation", errors=errors)
        if error.code and error.code >= 500:
            log_failure("unhandled error", error)
        detail = data.get("message") or error.description or error.name
        return problem_response(error.code or 500, error.name, detail, error.name.lower().replace(" ", "-"))


def register_problem_handlers(app) -> None:
    """Make domain Problems and unexpected crashes answer as problem documents."""

    @app.errorhandler(Problem)
    def _problem(err: Problem):
        headers = {}
        if err.status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="safer-brent-operations"'
        if "retry_after" in err.extra:
            headers["Retry-After"] = str(err.extra["retry_after"])
        return problem_response(err.status, err.title, err.detail, err.kind, headers=headers, **err.extra)

    @app.errorhandler(Exception)
    def _crash(err: Exception):
        if isinstance(err, HTTPException):
            return app.extensions["flask-smorest"]["apis"][""]["ext_obj"].handle_http_exception(err)
        if isinstance(err, db_errors.SQLAlchemyError) and (answer := database_problem(err)) is not None:
            return answer
        log_failure("unhandled error", err)
        return problem_response(500, "Something went wrong on our side",
                                "The request was not completed. Try again; if it keeps failing, tell the service desk "
                                f"the request id {current_request_id()}.", "server-error",
                                request_id=current_request_id())
