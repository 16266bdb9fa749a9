"""Structured JSON logs. Personal data is never passed to a logger: log ids, never names or addresses."""
import logging
import re
import sys
import traceback

from pythonjsonlogger.json import JsonFormatter

from shared.request_id import RequestIdFilter


def failure_fields(err: BaseException) -> dict:
    """What a log line may say about a failure: its type and where it happened, never its message (which may carry
    the values of a request or a statement)."""
    return {"error_type": f"{type(err).__module__}.{type(err).__name__}",
            "frames": "".join(traceback.format_tb(err.__traceback__))[-4000:]}


def configure_logging(service: str, level: str = "INFO") -> None:
    """Send this process's logs to stderr as one JSON object per line, tagged with the first service configured."""
    root = logging.getLogger()
    if any(getattr(h, "sbo_json", False) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                       static_fields={"service": service}))
    handler.addFilter(RequestIdFilter())
    handler.sbo_json = True
    root.handlers[:] = [handler]
    root.setLevel(level)


PRIVATE_LINK = re.compile(r"(/follow/)[^/?\s\"]+")


def hidden(text: str) -> str:
    """`text` (a path, a request line) with any reporter's private link hidden: the link is a key to their reports."""
    return PRIVATE_LINK.sub(r"\1(private link)", text)
