"""The steps every service's create_app() is made of."""
from pathlib import Path

from flask import Flask

from shared import audit, dead_letters_api, health, signin
from shared.accounts import tokens_api
from shared.accounts.throttle import SignInThrottle
from shared.celery_app import celery_init_app
from shared.commands import sbo
from shared.db import Database
from shared.logs import configure_logging
from shared.pages import Page, register_pages
from shared.problems import ErrorAnswersPlugin, ProblemApi, register_problem_handlers
from shared.request_guard import register_request_guard
from shared.service_tables import ServiceTables
from shared.sessions import close_session
from shared.settings import Settings, load_settings


API_DOCS_PAGE = Page("/api/v1/docs", "API documentation (Swagger UI)", ".swagger-ui .information-container")


def build_service_app(service: str, import_name: str, settings: Settings | None, overrides: dict | None,
                      *, tables: ServiceTables, jobs, access: dict, register_blueprints=None,
                      pages: list[Page] = ()) -> Flask:
    """The steps of every service's create_app(): app, extensions, Celery, common and own blueprints.

    `tables` are the service's outbox, inbox, audit log and dead letters; `jobs(app)` lists its scheduler jobs;
    `access` says who may call each of its routes (shared.access); `pages` are the pages it serves (shared.pages),
    besides the API documentation every service has.
    """
    app = new_app(service, import_name, settings, overrides)
    static = Path(app.root_path) / "static"
    register_pages(app, [*pages, API_DOCS_PAGE], static if static.is_dir() else None)
    api = register_extensions(app, tables)
    app.extensions["sbo_jobs"] = jobs
    celery_init_app(app, service)
    register_common_blueprints(app, api, access)
    if register_blueprints:
        register_blueprints(app, api)
    return app


def new_app(service: str, import_name: str, settings: Settings | None, overrides: dict | None) -> Flask:
    """Create the Flask app object and load its configuration from settings."""
    settings = settings or load_settings()
    app = Flask(import_name, static_folder=None)  # static files: shared.pages
    app.config.update(
        SERVICE=service,
        SETTINGS=settings,
        SECRET_KEY=settings.secret_key,
        DATABASE_URL=settings.database_url,
        BROKER_URL=settings.broker_url,
        API_TITLE=f"Safer Brent Operations: {service}",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",  # what the bundled Swagger UI 4 renders
        OPENAPI_URL_PREFIX="/api/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="/docs",
        JSON_SORT_KEYS=False,
    )
    app.config.update(overrides or {})
    if not app.testing:
        configure_logging(service, settings.log_level)
    return app


def register_extensions(app: Flask, tables: ServiceTables) -> ProblemApi:
    """Attach the database, the service's own tables and the API (with its problem-document error handling)."""
    app.extensions["sbo_db"] = Database(app.config["DATABASE_URL"])
    app.extensions["sbo_tables"] = tables
    settings = app.config["SETTINGS"]
    audit.set_seal_key(audit.seal_key_from(settings.secret_key, settings.audit_key))
    app.extensions["sbo_throttle"] = SignInThrottle(app.config["SETTINGS"].rate_limit_storage)
    api = ProblemApi(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"bearer": []}], "extra_plugins": [ErrorAnswersPlugin()]})
    app.teardown_appcontext(close_session)
    return api


def register_common_blueprints(app: Flask, api: ProblemApi, access: dict) -> None:
    """Health checks, sign-in, dead letters, error handling and the `sbo` commands, which every service offers."""
    app.cli.add_command(sbo)
    app.register_blueprint(health.blp)
    api.register_blueprint(signin.blp)
    api.register_blueprint(dead_letters_api.blp)
    api.register_blueprint(tokens_api.blp)
    register_request_guard(app, access)
    register_problem_handlers(app)
