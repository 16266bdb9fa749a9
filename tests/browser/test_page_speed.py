"""The form is cheap on a poor signal: its files arrive compressed, under names that carry their content's hash,
kept by the browser for a year; and a release reaches the phone on its next load with signal, while the form still
opens with none."""
import re
import shutil
import time

import pytest
from playwright.sync_api import expect

from shared.pages import release

VERSIONED = re.compile(r"/static/[0-9a-f]{12}/")


def test_the_form_and_its_files_arrive_compressed_and_its_files_are_kept_for_a_year(page):
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/")
    expect(page.locator("#signin-section")).to_be_visible()

    document = next(r for r in responses if r.url.endswith("/"))
    assert document.headers.get("content-encoding") in ("br", "gzip", "zstd")
    assert document.headers["cache-control"] == "no-cache"  # the page is asked for afresh: it names the files
    files = {r.url.split("/static/", 1)[1].split("/", 1)[1]: r for r in responses if "/static/" in r.url}
    assert {"vendor/govuk-frontend/govuk-frontend.min.css", "vendor/govuk-frontend/govuk-frontend.min.js",
            "css/form.css", "js/form.js", "js/api.js", "js/queue.js", "js/numbers.js", "js/validation.js",
            "js/errors.js", "js/ui.js", "js/elements.js"} <= set(files)
    # What is needed only after signing in (today's notices, earlier notices) is fetched then, not before.
    assert not {"js/today.js", "js/earlier.js"} & set(files)
    for name, response in files.items():
        assert VERSIONED.search(response.url), name
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable", name
    for name in ("vendor/govuk-frontend/govuk-frontend.min.css", "vendor/govuk-frontend/govuk-frontend.min.js",
                 "js/form.js"):
        assert files[name].headers.get("content-encoding") == "br", name


@pytest.fixture
def releasable(live_app, tmp_path):
    """The live app's own static files copied where the test can change them; put back afterwards."""
    assets = live_app.extensions["sbo_assets"]
    original = assets.sources[0]
    copy = tmp_path / "static"
    shutil.copytree(original, copy)
    assets.sources[0] = copy
    yield copy
    assets.sources[0] = original
    release(live_app)


def _stylesheet_version(page) -> str:
    return VERSIONED.search(page.locator("link[href$='css/form.css']").get_attribute("href")).group(0)


def _release_marker(page) -> str:
    return page.evaluate("getComputedStyle(document.body).getPropertyValue('--release').trim()")


def _kept_copies(page) -> list:
    return page.evaluate("caches.keys()")


def _wait_for_new_copy(page, old: str, seconds: float = 60) -> None:
    """Wait until the phone keeps one copy, not `old` (page.wait_for_function does not wait for a promise). A CI run
    on 29 November 2026 saw both copies still kept after 20 s (once in four runs; never here in five): the wait is
    longer now, and a failure says what state the workers were in, to find why."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        kept = _kept_copies(page)
        if len(kept) == 1 and kept[0] != old:
            return
        page.wait_for_timeout(100)
    workers = page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r && ({installing: "
                            "r.installing && r.installing.state, waiting: r.waiting && r.waiting.state, active: "
                            "r.active && r.active.state, controller: !!navigator.serviceWorker.controller}))")
    raise AssertionError(f"the new release's worker never replaced the kept copy {old!r}: {_kept_copies(page)}; "
                         f"workers: {workers}")


def test_a_release_is_used_on_the_next_load_with_signal_and_the_form_still_opens_without(
        page, context, live_app, releasable):
    page.goto("/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    first, [first_copy] = _stylesheet_version(page), _kept_copies(page)

    css = releasable / "css" / "form.css"
    css.write_text(css.read_text() + "\nbody { --release: 2; }\n")
    new = release(live_app)
    assert new not in first

    context.set_offline(True)  # no signal: the phone's copy of the page and of the files it names
    assert page.reload().from_service_worker
    expect(page.locator("#signin-section")).to_be_visible()
    assert _stylesheet_version(page) == first and _release_marker(page) == ""

    context.set_offline(False)  # signal again: the new page, and the changed file under its new name
    page.reload()
    expect(page.locator("#signin-section")).to_be_visible()
    assert new in _stylesheet_version(page) and _release_marker(page) == "2"

    # The page looked for the new release's worker, which keeps the new page and files in place of the old ones,
    # so the next load with no signal has them too.
    _wait_for_new_copy(page, first_copy)
    context.set_offline(True)
    assert page.reload().from_service_worker
    assert new in _stylesheet_version(page) and _release_marker(page) == "2"
