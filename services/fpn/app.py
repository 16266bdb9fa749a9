"""The fpn service's application factory."""
from flask import Flask

from shared.settings import Settings
from shared.web import build_service_app
from shared.pages import Page
from services.fpn import jobs, models
from services.fpn.access import ACCESS

PAGES = [Page("/", "Officers' form: issue a fixed penalty notice",
              "#signin-section:not([hidden]), #notice-section:not([hidden])"),  # shown once its script has run
         Page("/office", "Supervisors' back office: find notices, approvals, report", "#signin-section:not([hidden])"),
         Page("/open-data/", "Open data: PSPO notices by month", "h1")]


def create_app(settings: Settings | None = None, overrides: dict | None = None) -> Flask:
    """Build the fpn web app (also used by its Celery worker)."""
    return build_service_app("fpn", __name__, settings, overrides, tables=models.tables, jobs=jobs.jobs,
                             access=ACCESS, register_blueprints=register_blueprints, pages=PAGES)


def register_blueprints(app: Flask, api) -> None:
    """The register, notices, reports and officers APIs, the officers' mobile form and the back office."""
    from services.fpn import (evidence_api, form, notices_api, office, officers_api, open_data_pages, policy_api,
                              quality_api, register_api, reports_api)

    for module in (register_api, policy_api, notices_api, evidence_api, reports_api, quality_api, officers_api):
        api.register_blueprint(module.blp)
    app.register_blueprint(form.blp)
    app.register_blueprint(office.blp)
    app.register_blueprint(open_data_pages.blp)
