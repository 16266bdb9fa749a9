"""Test fixtures shared by every test: a real PostgreSQL database, apps, and signed-in callers.

Each test runs inside a transaction that is rolled back afterwards (sessions commit to a savepoint), so tests are
isolated without a SQLite stand-in. Tests that cross processes or connections (Celery worker, scheduler, two sessions at once) use `committed`.
"""
import os
import re
from datetime import date

import pytest
from sqlalchemy import text

from shared.auth import issue_token
from shared.db import ALL_SCHEMAS, DatabaseUnreachable, ensure_database, make_engine
from shared.migrations import upgrade_all
from shared.settings import Settings

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/sbo_test")
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
SECRET = "test-secret-key-that-is-long-enough-for-hs256"
# Code that runs with no app (reference data loaded by fixtures) seals audit rows with the configured secret's key:
# the same one the test apps use.
os.environ["SBO_SECRET_KEY"] = SECRET


CLEANED_TABLES = ("fpn.notices", "fpn.outbox", "fpn.inbox", "fpn.issue_refusals", "fpn.order_variations",
                  "fpn.review_samples", "fpn.number_blocks",  # notices: with their reviews and footage requests
                  "fpn.dead_letters", "cctv.demand_signals", "cctv.outbox", "cctv.inbox", "cctv.dead_letters",
                  "cctv.notice_requests", "noise.outbox", "noise.inbox", "noise.dead_letters", "noise.notice_requests",
                  "noise.cases", "noise.emails",  # cases: with their occasions, incidents, decisions and queue
                  "noise.reporters", "noise.nuisance_officers",  # with restrictions and messages; ward cover
                  "cctv.sites", "cctv.police_imports", "cctv.rotation_plans",  # sites: with cameras and requests
                  "cctv.meetings", "cctv.inbox_requests", "cctv.anpr_zones",
                  "cctv.rota_staff", "cctv.rotas", "cctv.rota_shifts", "cctv.rota_demand", "cctv.rota_events",
                  "cctv.rota_settings")  # staff: with absences, requests, shifts; rotas: with changes


def _ensure_database(url: str) -> None:
    """Create the test database if it does not exist, or stop the run saying PostgreSQL cannot be reached."""
    try:
        ensure_database(url)
    except DatabaseUnreachable as exc:
        pytest.exit(f"{exc} (tests use TEST_DATABASE_URL)", 3)


@pytest.fixture(scope="session")
def settings() -> Settings:
    """Settings pointing at the test database and the test Redis database."""
    return Settings(database_url=TEST_DATABASE_URL, broker_url=TEST_REDIS_URL, secret_key=SECRET,
                    environment="test")


@pytest.fixture(scope="session")
def migrated(settings):
    """A freshly migrated test database with Brent's reference data loaded. `make mutate`, which starts a test
    session for every mutant, keeps the database between sessions (SBO_TEST_KEEP_DATABASE=1) and only brings it
    up to date; every test still runs in a transaction rolled back afterwards."""
    _ensure_database(settings.database_url)
    engine = make_engine(settings.database_url)
    if os.environ.get("SBO_TEST_KEEP_DATABASE") != "1":
        with engine.begin() as conn:
            for schema in ALL_SCHEMAS:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    upgrade_all(settings.database_url)
    from services.fpn.register import load_reference
    from sqlalchemy.orm import Session

    with Session(engine) as session:
        load_reference(session=session)
        session.commit()
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def service_apps(settings, migrated):
    """Every service's Flask app (fpn, cctv, noise), configured for tests, by name."""
    from deploy.apps import create_apps

    return create_apps(settings, {"TESTING": True})


@pytest.fixture(scope="session")
def fpn_app(service_apps):
    """The fpn Flask app, configured for tests."""
    return service_apps["fpn"]


@pytest.fixture(scope="session")
def cctv_app(service_apps):
    """The cctv Flask app, configured for tests."""
    return service_apps["cctv"]


@pytest.fixture(scope="session")
def noise_app(service_apps):
    """The noise Flask app, configured for tests."""
    return service_apps["noise"]


@pytest.fixture
def db(service_apps):
    """A session inside a transaction rolled back after the test; every app's requests and tasks share it."""
    connection = service_apps["fpn"].extensions["sbo_db"].engine.connect()
    outer = connection.begin()
    makers = [app.extensions["sbo_db"].sessionmaker for app in service_apps.values()]
    originals = [maker.kw.copy() for maker in makers]
    for maker in makers:
        maker.configure(bind=connection, join_transaction_mode="create_savepoint")
    session = makers[0]()
    yield session
    session.close()
    outer.rollback()
    connection.close()
    for maker, original in zip(makers, originals):
        maker.kw.clear()
        maker.kw.update(original)


@pytest.fixture
def committed(migrated):
    """Lets a test commit for real; removes what it committed afterwards (the audit log is append-only)."""
    yield migrated
    with migrated.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(CLEANED_TABLES)} CASCADE"))


@pytest.fixture
def client(fpn_app, db):
    """An HTTP client for the fpn app, inside the test's transaction."""
    return fpn_app.test_client()


_accounts = {}


def _ensure_account(username: str, officer: bool = False) -> None:
    """A committed, active account for `username` at token version 0 (it cannot sign in: it has no password); an
    enforcement officer's also has the profile their notices name them by."""
    if "engine" not in _accounts:
        _accounts["engine"] = make_engine(TEST_DATABASE_URL)
    with _accounts["engine"].begin() as conn:
        conn.execute(text("SET LOCAL lock_timeout = '5s'"))  # a test holding the same row fails, it does not hang
        conn.execute(text("INSERT INTO accounts.users (username, display_name, password_hash, roles, active, "
                          "token_version) VALUES (:u, :u, 'no password: a test account', '[]', true, 0) "
                          "ON CONFLICT (username) DO NOTHING"), {"u": username})
        if officer:
            conn.execute(text("INSERT INTO fpn.officer_profiles (username, full_name, authorisation_number, "
                              "authorised_under, updated_by, updated_at) VALUES (:u, :name, :number, 'test "
                              "authorisation', 'tests', now()) ON CONFLICT (username) DO NOTHING"),
                         {"u": username, "name": f"Officer {username.split('.')[-1].title()}",
                          "number": re.sub(r"[^A-Za-z0-9]", "-", f"TEST-{username}")[:40]})


def bearer(username: str, *roles: str) -> dict:
    """Authorization headers for a caller with `roles`, whose account exists and has not changed since."""
    _ensure_account(username, officer="enforcement_officer" in roles)
    return {"Authorization": "Bearer " + issue_token(SECRET, username, roles, version=0)}


@pytest.fixture
def officer():
    """An enforcement officer's headers."""
    return bearer("officer.patel", "enforcement_officer")


@pytest.fixture
def supervisor():
    """An enforcement supervisor's headers."""
    return bearer("supervisor.okafor", "enforcement_supervisor")


@pytest.fixture
def admin():
    """An admin's headers."""
    return bearer("admin.jones", "admin")


@pytest.fixture
def pspo_in_force(db):
    """The 2023 boroughwide PSPO, extended (inside this test's transaction) so that it is in force today."""
    from services.fpn import register

    order = register.get_order(session=db, code="BRENT-PSPO-2023")
    register.add_variation(session=db, order=order, kind="extension", decided_on=date(2026, 1, 20),
                           new_end=date(2029, 1, 31), description="Extended for three years (test)", actor="test")
    db.commit()
    return order
