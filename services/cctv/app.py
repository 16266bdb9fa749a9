"""The cctv service's application factory."""
from flask import Flask

from shared.settings import Settings
from shared.web import build_service_app
from services.cctv import jobs, models


def create_app(settings: Settings | None = None, overrides: dict | None = None) -> Flask:
    """Build the cctv web app (also used by its Celery worker)."""
    return build_service_app("cctv", __name__, settings, overrides, tables=models.tables, jobs=jobs.jobs,
                             access={})  # only the common routes so far
