"""`make bench`, part 3: what every page costs on a poor mobile signal, first time and next time.

A benchmark, not a test. For each page the services list (shared.pages.Page; the API documentation is the same
page in every service, so it is measured once), it loads the page in headless Chromium at 390x844 under emulated
Slow 3G (400 kbit/s, 400 ms round trip) and weak 4G (1.6 Mbit/s, 150 ms), through the Chrome DevTools Protocol, and
prints:

- first load (empty cache): bytes transferred, requests, and the time until the page is usable (its `ready`
  element is visible);
- repeat load (same browser): bytes transferred, and how many of them were static files;

once as served (compressed, cacheable) and once from a server started with PAGES_PLAIN (uncompressed, every file
`no-cache`, as before issue 8), in the same run, with the ratio. Service workers are blocked, so the repeat load
shows what HTTP caching alone saves. It fails only when a page does not become usable within a minute.

    python -m benchmarks.page_weight
"""
import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.issue_notices import DEFAULT_DATABASE_URL, Server, start, stop, wait_ready

NETWORKS = {  # name: (download kbit/s, upload kbit/s, round trip ms)
    "Slow 3G": (400, 400, 400),
    "4G, weak": (1600, 750, 150),
}
CHROMIUM = os.environ.get("SBO_CHROMIUM", "/usr/bin/chromium")  # Debian's, as the browser tests use (make test)
FORM_AIM = {"seconds": 2.5, "kib": 70}  # the officers' form, first load under Slow 3G


def load(context, url: str, ready: str, network: tuple) -> dict:
    """Load `url` in a new tab of `context` under `network`; what it transferred and when it became usable."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    down, up, rtt = network
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": rtt,
                                                  "downloadThroughput": down * 1000 / 8,
                                                  "uploadThroughput": up * 1000 / 8})
    kinds, sizes = {}, {}
    cdp.on("Network.requestWillBeSent", lambda e: kinds.__setitem__(e["requestId"], e.get("type", "")))
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_selector(ready, state="visible", timeout=60_000)
    usable = time.perf_counter() - started
    page.wait_for_load_state("load")
    page.close()
    static = sum(size for rid, size in sizes.items() if kinds.get(rid) in ("Stylesheet", "Script", "Font", "Image"))
    return {"bytes": sum(sizes.values()), "requests": len(kinds), "seconds": usable, "static_bytes": static}


def measure(browser, base_url: str, path: str, ready: str, network: tuple) -> tuple[dict, dict]:
    """First and repeat load of one page in a fresh browser context."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    try:
        return load(context, base_url + path, ready, network), load(context, base_url + path, ready, network)
    finally:
        context.close()


def pages_to_measure():
    """Every distinct page the services serve, with the service that serves it."""
    from shared.service_list import SERVICE_NAMES
    from shared.web import API_DOCS_PAGE
    from services.fpn.app import PAGES as FPN_PAGES

    own = {"fpn": FPN_PAGES}
    found = [(service, page) for service in SERVICE_NAMES for page in own.get(service, [])]
    return found + [("fpn", API_DOCS_PAGE)]  # the same page (and files) in every service


def main(argv=None) -> int:
    argparse.ArgumentParser(description=__doc__.split("\n\n")[0]).parse_args(argv)
    from playwright.sync_api import sync_playwright

    from shared.migrations import upgrade_all

    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    upgrade_all(url)
    env = {**os.environ, "DATABASE_URL": url, "SBO_SECRET_KEY": "page-weight-benchmark-" + "x" * 40}
    env.pop("REDIS_URL", None)
    args = argparse.Namespace(workers=1, worker_class="sync", threads=1)
    servers = {"served": Server("fpn", "services.fpn.app:create_app()", "/healthz"),
               "plain": Server("fpn-plain", "services.fpn.app:create_app(overrides={'PAGES_PLAIN': True})",
                               "/healthz")}
    rows, verdicts = [], []
    with tempfile.TemporaryDirectory(prefix="sbo-pages-") as log_dir:
        try:
            for server in servers.values():
                start(server, args, env, Path(log_dir))
            for server in servers.values():
                wait_ready(server)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM)
                for service, page in pages_to_measure():
                    for network_name, network in NETWORKS.items():
                        print(f"{page.name} ({service}), {network_name} ...", flush=True)
                        result = {variant: measure(browser, f"http://127.0.0.1:{server.port}", page.path,
                                                   page.ready, network) for variant, server in servers.items()}
                        rows.append((page, service, network_name, result))
                browser.close()
        finally:
            for server in servers.values():
                stop(server)

    print()
    print(f"{'page':<46}{'network':<10}{'variant':<8}{'first KiB':>10}{'requests':>9}{'usable s':>9}"
          f"{'repeat KiB':>11}{'of it static':>13}")
    for page, service, network_name, result in rows:
        for variant, (first, repeat) in result.items():
            print(f"{page.name[:45]:<46}{network_name:<10}{variant:<8}{first['bytes'] / 1024:>10.1f}"
                  f"{first['requests']:>9}{first['seconds']:>9.2f}{repeat['bytes'] / 1024:>11.1f}"
                  f"{repeat['static_bytes'] / 1024:>13.1f}")
        served, plain = result["served"][0], result["plain"][0]
        print(f"{'':<46}{'':<10}{'ratio':<8}{served['bytes'] / plain['bytes']:>10.2f}{'':>9}"
              f"{served['seconds'] / plain['seconds']:>9.2f}   (served / plain: lower is better)")
        if page.path == "/" and service == "fpn" and network_name == "Slow 3G":
            first, repeat = result["served"]
            met = (first["seconds"] <= FORM_AIM["seconds"] and first["bytes"] / 1024 <= FORM_AIM["kib"]
                   and repeat["static_bytes"] == 0)
            verdicts.append(f"officers' form, Slow 3G: first load {first['seconds']:.2f} s and "
                            f"{first['bytes'] / 1024:.1f} KiB (aim <= {FORM_AIM['seconds']} s and "
                            f"<= {FORM_AIM['kib']} KiB); repeat load {repeat['static_bytes']} static bytes (aim 0): "
                            + ("MET" if met else "NOT MET"))
    print()
    for verdict in verdicts:
        print(verdict)
    return 0


if __name__ == "__main__":
    sys.exit(main())
