"""The cctv service's application factory."""
from flask import Flask

from shared.pages import Page
from shared.settings import Settings
from shared.web import build_service_app
from services.cctv import jobs, models
from services.cctv.access import ACCESS

PAGES = [Page("/", "CCTV Working Group: agenda, plan, map, cameras and need",
              "#signin-section:not([hidden]), #agenda-section:not([hidden])"),  # shown once its script has run
         Page("/control-room", "CCTV control room: inbox, nuisance vehicles and report",
              "#signin-section:not([hidden]), #inbox-section:not([hidden])"),
         Page("/rota", "Control-room rota: shifts, swaps, hours and fairness",
              "#signin-section:not([hidden]), #rota-section:not([hidden]), #mine-section:not([hidden])")]


def create_app(settings: Settings | None = None, overrides: dict | None = None) -> Flask:
    """Build the cctv web app (also used by its Celery worker)."""
    return build_service_app("cctv", __name__, settings, overrides, tables=models.tables, jobs=jobs.jobs,
                             access=ACCESS, register_blueprints=register_blueprints, pages=PAGES)


def register_blueprints(app: Flask, api) -> None:
    """The camera register, sites and requests, need, rotation plans, the Working Group, the inbox, ANPR, the
    control room's rota, and the pages."""
    from services.cctv import pages
    from services.cctv.anpr import api as anpr_api
    from services.cctv.cameras import api as cameras_api
    from services.cctv.evidence import api as need_api
    from services.cctv.inbox import api as inbox_api
    from services.cctv.planning import api as plans_api
    from services.cctv.rota import api as rota_api
    from services.cctv.sites import api as sites_api
    from services.cctv.working_group import api as working_group_api

    for module in (cameras_api, sites_api, need_api, plans_api, working_group_api, inbox_api, anpr_api,
                   rota_api):
        api.register_blueprint(module.blp)
    app.register_blueprint(pages.blp)
