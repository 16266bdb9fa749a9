"""Refusals a person can act on. Plain exceptions, raised by domain rules, rendered by shared.problems."""


class Problem(Exception):
    """A refusal a person can act on: raised by domain rules, rendered as a problem document."""

    status = 422

    def __init__(self, title: str, detail: str, *, kind: str = "unprocessable", status: int | None = None, **extra):
        super().__init__(detail)
        self.title = title
        self.detail = detail
        self.kind = kind
        self.status = status or self.status
        self.extra = extra


class NotFound(Problem):
    """The thing asked for does not exist (or the caller may not know it exists)."""

    status = 404

    def __init__(self, detail: str, **extra):
        super().__init__("Not found", detail, kind="not-found", **extra)


class Conflict(Problem):
    """The request clashes with the current state of the resource."""

    status = 409

    def __init__(self, title: str, detail: str, *, kind: str = "conflict", **extra):
        super().__init__(title, detail, kind=kind, **extra)


def without_full_stop(message):
    """An error message as GOV.UK writes one, with no full stop at the end (marshmallow's own messages have one,
    and so may a message written elsewhere)."""
    if isinstance(message, str) and message.endswith(".") and not message.endswith(".."):
        return message[:-1]
    return message


def govuk_errors(errors: list) -> list:
    """A problem's per-field errors with each message as GOV.UK writes one."""
    return [{**error, "message": without_full_stop(error["message"])} if isinstance(error, dict) and "message" in error
            else error for error in errors]


def field_errors(messages, prefix: str = "") -> list[dict]:
    """Flatten marshmallow's nested messages into [{'field': 'a.b', 'message': '...'}], in the order given."""
    out = []
    if isinstance(messages, dict):
        for key, sub in messages.items():
            out += field_errors(sub, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list) and messages and all(isinstance(m, str) for m in messages):
        out += [{"field": prefix, "message": m} for m in messages]
    elif isinstance(messages, list):
        for i, sub in enumerate(messages):
            out += field_errors(sub, f"{prefix}.{i}")
    else:
        out.append({"field": prefix, "message": str(messages)})
    return out
