"""The noise service's application factory."""
from flask import Flask

from shared.settings import Settings
from shared.web import build_service_app
from services.noise import jobs, models


def create_app(settings: Settings | None = None, overrides: dict | None = None) -> Flask:
    """Build the noise web app (also used by its Celery worker)."""
    return build_service_app("noise", __name__, settings, overrides, tables=models.tables, jobs=jobs.jobs,
                             access={})  # only the common routes so far
