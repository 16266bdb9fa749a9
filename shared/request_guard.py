"""Checks every request passes before a route sees it, so that careless or hostile input is a 4xx problem document,
never a 500: a size limit (413), a nesting limit (400), no control characters in any text (422, naming the field),
and path ids within the database's range (404)."""
from flask import Flask, request

from shared import request_id
from shared.access import register_access
from shared.errors import NotFound, Problem
from shared.schema_fields import MAX_ID
from shared.text_rules import CONTROL, MAX_DEPTH, TooDeep, control_character_fields

MAX_BODY_BYTES = 1024 * 1024  # a notice is about 1 KB; photos and recordings are referenced, never uploaded


def _too_deep() -> Problem:
    return Problem("Too deeply nested", f"The JSON body is nested more than {MAX_DEPTH} levels deep. Send the "
                   "fields as the API documents them.", kind="too-deeply-nested", status=400)


def _refuse_control_characters(found: list) -> None:
    if found:
        raise Problem("The request has invalid fields", "Remove the control characters (such as a NUL byte) from "
                      f"these fields and send again: {', '.join(found)}.", kind="validation",
                      errors=[{"field": f, "message": "Remove the control character (such as a NUL byte)"}
                              for f in found])


def assign_request_id() -> None:
    """The first before-request hook: this request's id, from X-Request-ID if it is sensible."""
    request_id.begin(request.headers.get("X-Request-ID"))


def check_request() -> None:
    """The before-request hook after the access check: path ids, query strings and JSON bodies."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, int) and not 0 <= value <= MAX_ID:
            raise NotFound(f"There is no {name.replace('_', ' ')} {value}.")
    found = [name for name, value in request.args.items(multi=True) if CONTROL.search(name) or CONTROL.search(value)]
    found += [name for name, value in (request.view_args or {}).items()
              if isinstance(value, str) and CONTROL.search(value)]
    if request.mimetype and request.mimetype.endswith("json") and request.content_length != 0:
        try:
            found += control_character_fields(request.get_json(silent=True))
        except (RecursionError, TooDeep):
            raise _too_deep() from None
    _refuse_control_characters(found)


def stamp_response(response):
    """The after-request hook: every answer carries the request id, to quote when reporting a problem."""
    if request_id.current():
        response.headers["X-Request-ID"] = request_id.current()
    return response


def register_request_guard(app: Flask, access: dict) -> None:
    """Apply the checks to every route of the app: the request id first, then who may call it, then the input."""
    app.config["MAX_CONTENT_LENGTH"] = app.config.get("MAX_CONTENT_LENGTH") or MAX_BODY_BYTES
    app.before_request(assign_request_id)
    register_access(app, access)
    app.before_request(check_request)
    app.after_request(stamp_response)
