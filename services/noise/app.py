"""The noise service's application factory."""
from flask import Flask

from shared.pages import Page
from shared.settings import Settings
from shared.web import build_service_app
from services.noise import jobs, models
from services.noise.access import ACCESS


PAGES = [Page("/", "Nuisance officers: queue, cases and reports",
              "#signin-section:not([hidden]), #queue-section:not([hidden])")]  # shown once its script has run


def create_app(settings: Settings | None = None, overrides: dict | None = None) -> Flask:
    """Build the noise web app (also used by its Celery worker)."""
    return build_service_app("noise", __name__, settings, overrides, tables=models.tables, jobs=jobs.jobs,
                             access=ACCESS, register_blueprints=register_blueprints, pages=PAGES)


def register_blueprints(app: Flask, api) -> None:
    """The incidents, cases and imports APIs, Open311, and the noise commands."""
    from services.noise import (cases_api, commands, follow_api, follow_pages, imports_api, incidents_api, open311_api,
                                pages, reporters_api, reports_api, team_api)

    for module in (incidents_api, cases_api, reporters_api, team_api, follow_api, imports_api, reports_api):
        api.register_blueprint(module.blp)
    app.register_blueprint(open311_api.blp)  # GeoReport's own formats, outside the OpenAPI document
    app.register_blueprint(pages.blp)
    app.register_blueprint(follow_pages.blp)
    app.cli.add_command(commands.noise)
