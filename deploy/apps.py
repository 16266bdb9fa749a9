"""The composition root: every service's app, built from the one list of services."""
import importlib

from shared.service_list import SERVICES
from shared.settings import Settings


def create_apps(settings: Settings | None = None, overrides: dict | None = None) -> dict:
    """Each service's Flask app (with its Celery app and jobs), by service name."""
    return {s.name: importlib.import_module(f"{s.package}.app").create_app(settings, overrides) for s in SERVICES}
