"""Fixtures for the browser tests: the fpn app on a real HTTP server, a real headless Chromium at phone size,
and an officer account and an in-force order that are really committed (the browser's requests cannot share a
test transaction), removed again afterwards. The audit log is append-only, so its rows stay.

Package scope, not session scope: the committed extension would otherwise still be in force while the other
test packages run, and change what they see.
"""
import re
import threading
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import delete, select, text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from shared.accounts.models import User
from shared.accounts.service import create_or_update_user
from shared.settings import VAR_DIR
from services.fpn import officers, register
from services.fpn.models import FootageRequest, Notice, OfficerProfile, OutboxMessage, QualityReview, Variation

OFFICER = "browser.officer"
PASSWORD = "brent-demo-browser"
DISPLAY_NAME = "Alex Okonjo"
AUTHORISATION = "BR-EO-0042"  # the officer's authorisation number, printed on their notices
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
WAIT_MS = 5000  # every Playwright wait gives up after this


def officer_notices(engine) -> list[Notice]:
    """The notices the test officer has issued, as committed in the database."""
    with Session(engine) as session:
        return session.scalars(select(Notice).where(Notice.issued_by == OFFICER)).all()


def delete_officer_notices(engine, officer: str = OFFICER) -> None:
    """Remove the test officer's (or `officer`'s) notices, their reviews and footage requests, and the events they
    queued for cctv (so that no later test's worker meets them)."""
    with Session(engine) as session:
        numbers = set(session.scalars(select(Notice.number).where(Notice.issued_by == officer)))
        for message in session.scalars(select(OutboxMessage)).all():
            if message.payload.get("notice_number") in numbers:
                session.delete(message)
        for dependent in (FootageRequest, QualityReview):
            session.execute(delete(dependent).where(dependent.notice_id.in_(
                select(Notice.id).where(Notice.issued_by == officer))))
        session.execute(delete(Notice).where(Notice.issued_by == officer))
        session.commit()


@pytest.fixture(scope="package")
def demo_data(migrated):
    """A committed officer account, and an extension putting BRENT-PSPO-2023 in force today."""
    with Session(migrated) as session:
        create_or_update_user(session=session, username=OFFICER, password=PASSWORD, roles=["enforcement_officer"],
                              display_name=DISPLAY_NAME)
        officers.set_profile(session=session, username=OFFICER, details={
            "full_name": DISPLAY_NAME, "authorisation_number": AUTHORISATION}, actor="browser-tests",
            now=datetime.now(timezone.utc))
        order = register.get_order(session=session, code="BRENT-PSPO-2023")
        variation = register.add_variation(
            session=session, order=order, kind="extension", decided_on=date(2026, 1, 20),
            new_end=max(register.order_end(order), date.today()) + timedelta(days=365),
            description="Extended so that the browser tests can issue notices today", actor="browser-tests")
        session.commit()
        variation_id = variation.id
    yield
    delete_officer_notices(migrated)
    with Session(migrated) as session:
        session.execute(delete(Variation).where(Variation.id == variation_id))
        session.execute(delete(User).where(User.username == OFFICER))
        session.execute(delete(OfficerProfile).where(OfficerProfile.username == OFFICER))
        session.commit()


ACCESS_TOKEN_MINUTES = 0.05


@pytest.fixture(scope="package")
def live_app(settings, demo_data):
    """The fpn app the live server serves."""
    from services.fpn.app import create_app

    # Access tokens last 3 seconds here, so every test also proves the form renews them without the password.
    return create_app(replace(settings, token_ttl_minutes=ACCESS_TOKEN_MINUTES), {"TESTING": True})


@pytest.fixture(scope="package")
def live_server(live_app):
    """The fpn app served over real HTTP on a free port; yields its base URL."""
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(10)
    app.extensions["sbo_db"].engine.dispose()


@pytest.fixture(scope="package")
def browser():
    """Headless Chromium (the system's; Playwright's own browsers are never downloaded)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    """A fresh phone (390x844, London, location allowed): its own storage, service worker and offline switch."""
    context = browser.new_context(base_url=live_server, viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="en-GB", timezone_id="Europe/London",
                                  geolocation={"latitude": 51.5523, "longitude": -0.2966, "accuracy": 8},
                                  permissions=["geolocation"])
    context.set_default_timeout(WAIT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context, migrated):
    """A page in that context, starting with no notices from the test officer; fails the test on a script error
    or a missing page file."""
    delete_officer_notices(migrated)
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and "/api/" not in r.url else None)
    yield page
    assert not problems, problems


@pytest.fixture(scope="package")
def screenshots():
    """Where the tests save screenshots to look at: var/screenshots (ignored by git)."""
    folder = VAR_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def check(page, screenshots, name: str) -> None:
    """Keep a screenshot of the page as it is now (var/screenshots/<name>.png, to look at), and fail on any
    axe-core accessibility violation, or if the page is wider than its window (it would scroll sideways)."""
    from axe_playwright_python.sync_playwright import Axe

    page.screenshot(path=screenshots / f"{name}.png", full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"], \
        f"{name}: wider than the window"


@contextmanager
def served(app):
    """`app` on a real HTTP server on a free port (yields its URL); afterwards the server stops and the app's
    database connections close."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        app.extensions["sbo_db"].engine.dispose()


@contextmanager
def serving(app, migrated, username: str, schema: str):
    """Serve `app` for a test module (yields its URL); afterwards remove the test's account and truncate only
    `schema`'s cleaned tables (the other browser tests' committed data stays theirs)."""
    from sqlalchemy import text

    from tests.conftest import CLEANED_TABLES

    try:
        with served(app) as url:
            yield url
    finally:
        with Session(migrated) as session:
            session.execute(delete(User).where(User.username == username))
            tables = [t for t in CLEANED_TABLES if t.startswith(f"{schema}.")]
            session.execute(text(f"TRUNCATE {', '.join(tables)} CASCADE"))
            session.commit()


def opened(browser, base_url: str, width: int = 1280, height: int = 900, **options):
    """A new browser context in London's time zone (unless `timezone_id` says another) at a width (a phone's, with
    `is_mobile=True` and so on), and a page in it: the context, the page, and the list that collects the page's
    script errors."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": height}, locale="en-GB",
                                  **{"timezone_id": "Europe/London", **options})
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    return context, page, errors


SCROLL_HINT = "Scroll sideways to see the whole table"


def scroll_hint(region):
    """The line above a table (govuk_page.js table()) that says it scrolls sideways, shown while it is wider than
    its space."""
    return region.locator("xpath=preceding-sibling::p[1]")


def choose(page, item: str) -> None:
    """Choose a view from the page's menu as a person does: on a phone, opening the menu with its button first."""
    button = page.locator(".govuk-js-service-navigation-toggle")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
    page.get_by_role("link", name=item).click()


def type_date(scope, legend, when: date) -> None:
    """Type a date into GOV.UK's date input (shared/static/js/dates.js) under `legend` (its words, or a pattern for
    the first of several), as a person does: day, month and year in their boxes."""
    group = scope.get_by_role("group", name=legend, exact=True) if isinstance(legend, str) else \
        scope.get_by_role("group", name=legend).first
    for part, value in (("Day", when.day), ("Month", when.month), ("Year", when.year)):
        group.get_by_label(part).fill(str(value))


def signed_in(browser, base_url: str, path: str, username: str, password: str, width: int = 1280, height: int = 900,
              **options):
    """`opened` (with its `options`), on `path`, signed in as `username`: the context, the page, and its script
    errors."""
    context, page, errors = opened(browser, base_url, width, height, **options)
    page.goto(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    return context, page, errors


@contextmanager
def sign_ins(browser, base_url: str, username: str, password: str, heading: str):
    """Yields `sign_in(width=1280, **options)`, which opens a page (`opened` with its `options`) signed in as
    `username` and waits for `heading`; afterwards each is closed, and the test fails on a script error in any."""
    from playwright.sync_api import expect

    contexts = []

    def sign_in(width: int = 1280, **options):
        context, page, errors = signed_in(browser, base_url, "/", username, password, width,
                                          900 if width > 600 else 844, **options)
        contexts.append((context, errors))
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        return page

    yield sign_in
    for context, errors in contexts:
        context.close()
        assert not errors, errors


def delete_noise_cases(conn, case_ids: list[int], reporter_ids: list[int], officers: tuple[str, ...] = ()) -> None:
    """Delete a browser test's noise rows: the cases, with their incidents, occasions, decisions, queue entries,
    actions and alerts; the reporters, with their messages, restrictions and links sent again; the e-mails; the
    outbox rows about any
    of them; and the officers with the wards they cover."""
    mine = {"c": case_ids, "r": reporter_ids}
    references = list(conn.execute(text("SELECT reference FROM noise.cases WHERE id = ANY(:c)"), mine).scalars())
    email_ids = list(conn.execute(text(
        "SELECT id FROM noise.emails WHERE id IN (SELECT email_id FROM noise.reporter_messages WHERE "
        "case_id = ANY(:c) OR reporter_id = ANY(:r)) OR purpose LIKE ANY(:p)"),
        {**mine, "p": [f"%:{r}:%" for r in references] + [f"reporter:link-again:r{r}:%" for r in reporter_ids]
         or ["-"]}).scalars())
    for message_id, payload in conn.execute(text("SELECT id, payload::text FROM noise.outbox")).all():
        if any(f'"{r}"' in payload for r in references) or any(
                re.search(rf'"email_id": ?{e}\b', payload) for e in email_ids):
            conn.execute(text("DELETE FROM noise.outbox WHERE id = :i"), {"i": message_id})
    conn.execute(text("DELETE FROM noise.reporter_messages WHERE case_id = ANY(:c) OR reporter_id = ANY(:r)"), mine)
    for table in ("evidence_alerts", "queue", "case_actions", "threshold_decisions"):
        conn.execute(text(f"DELETE FROM noise.{table} WHERE case_id = ANY(:c)"), mine)
    conn.execute(text("DELETE FROM noise.emails WHERE id = ANY(:e)"), {"e": email_ids})
    conn.execute(text("DELETE FROM noise.incidents WHERE case_id = ANY(:c) OR reporter_id = ANY(:r)"), mine)
    conn.execute(text("DELETE FROM noise.occasions WHERE case_id = ANY(:c)"), mine)
    conn.execute(text("UPDATE noise.cases SET merged_into_id = NULL WHERE id = ANY(:c)"), mine)
    conn.execute(text("DELETE FROM noise.cases WHERE id = ANY(:c)"), mine)
    conn.execute(text("DELETE FROM noise.reporter_restrictions WHERE reporter_id = ANY(:r)"), mine)
    conn.execute(text("DELETE FROM noise.reporters WHERE id = ANY(:r)"), mine)
    conn.execute(text("DELETE FROM noise.ward_cover WHERE username = ANY(:u)"), {"u": list(officers)})
    conn.execute(text("DELETE FROM noise.nuisance_officers WHERE username = ANY(:u)"), {"u": list(officers)})
