"""The steps every service's create_app() is made of, and the per-request database session."""
from flask import Flask, current_app, g

from shared.api_docs import ASSETS_URL
from shared.db import Database
from shared.logs import configure_logging
from shared.problems import ProblemApi, register_problem_handlers
from shared.settings import Settings, load_settings


def build_service_app(service: str, import_name: str, settings: Settings | None, overrides: dict | None,
                      register_blueprints=None) -> Flask:
    """The steps of every service's create_app(): app, extensions, Celery, common and own blueprints."""
    from shared.celery_app import celery_init_app

    app = new_app(service, import_name, settings, overrides)
    api = register_extensions(app)
    celery_init_app(app, service)
    register_common_blueprints(app, api)
    if register_blueprints:
        register_blueprints(app, api)
    return app


def new_app(service: str, import_name: str, settings: Settings | None, overrides: dict | None) -> Flask:
    """Create the Flask app object and load its configuration from settings."""
    settings = settings or load_settings()
    app = Flask(import_name)
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
        OPENAPI_SWAGGER_UI_URL=ASSETS_URL,
        JSON_SORT_KEYS=False,
    )
    app.config.update(overrides or {})
    if not app.testing:
        configure_logging(service, settings.log_level)
    return app


def register_extensions(app: Flask) -> ProblemApi:
    """Attach the database and the API (with its problem-document error handling)."""
    app.extensions["sbo_db"] = Database(app.config["DATABASE_URL"])
    api = ProblemApi(app, spec_kwargs={"components": {"securitySchemes": {
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}}},
        "security": [{"bearer": []}]})

    @app.teardown_appcontext
    def _close_session(_exc):
        session = g.pop("db_session", None)
        if session is not None:
            session.close()

    return api


def register_common_blueprints(app: Flask, api: ProblemApi) -> None:
    """Health checks, sign-in, error handling and the `sbo` commands, which every service offers."""
    from shared.api_docs import blp as api_docs
    from shared.commands import sbo
    from shared.health import blp as health
    from shared.signin import blp as signin

    app.cli.add_command(sbo)
    app.register_blueprint(health)
    app.register_blueprint(api_docs)
    api.register_blueprint(signin)
    register_problem_handlers(app)


def database() -> Database:
    """The current service's Database."""
    return current_app.extensions["sbo_db"]


def db_session():
    """This request's (or task's) session, opened on first use and closed when the app context ends."""
    if "db_session" not in g:
        g.db_session = database().sessionmaker()
    return g.db_session
