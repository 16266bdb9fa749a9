"""Structured JSON logs. Personal data is never passed to a logger: log ids, never names or addresses."""
import logging
import sys

from pythonjsonlogger.json import JsonFormatter

from shared.request_id import RequestIdFilter


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
