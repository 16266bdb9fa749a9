"""`make bench`, part 2: does the time a sign-in takes tell an attacker whether a username exists?

A benchmark, not a test: it prints the median time of POST /api/v1/auth/token (through the fpn app, in this process)
for a wrong password on a real account, for an unknown username, and for the right password, taken in turns so that
a shared machine's slow spells fall on all three alike. It fails only when an answer is not the one expected (401
for the wrong ones, 200 for the right one). The throttle's counters are cleared before each attempt, so that it
measures the password check, not the 429.

It uses BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/sbo_bench), migrated if needed; it
only adds one account to it.

    python -m benchmarks.sign_in_timing [--attempts 40]
"""
import argparse
import os
import secrets
import statistics
import sys
import time

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sbo_bench"
USERNAME = "officer.timing"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=40, help="attempts of each kind (40)")
    args = parser.parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.update(DATABASE_URL=url, SBO_SECRET_KEY=secrets.token_urlsafe(48))
    os.environ.pop("REDIS_URL", None)  # the throttle counts in this process, and is cleared between attempts

    from shared.accounts.service import create_or_update_user
    from shared.db import DatabaseUnreachable, ensure_database
    from shared.migrations import upgrade_all
    from services.fpn.app import create_app

    try:
        ensure_database(url)
    except DatabaseUnreachable as exc:
        sys.exit(f"{exc} (the benchmark uses BENCH_DATABASE_URL)")
    upgrade_all(url)
    app = create_app()
    password = secrets.token_urlsafe(16)
    with app.extensions["sbo_db"].transaction() as session:
        create_or_update_user(session=session, username=USERNAME, password=password, roles=["enforcement_officer"])
    client, throttle = app.test_client(), app.extensions["sbo_throttle"]
    kinds = {"real account, wrong password": (USERNAME, "not-the-password", 401),
             "unknown username": (None, "not-the-password", 401),
             "real account, right password": (USERNAME, password, 200)}
    times = {kind: [] for kind in kinds}
    for attempt in range(args.attempts + 3):  # the first three rounds warm up
        for kind, (username, given, expected) in kinds.items():
            throttle.limiter.storage.reset()
            body = {"username": username or f"nobody.{attempt}.{secrets.token_hex(4)}", "password": given}
            started = time.perf_counter()
            status = client.post("/api/v1/auth/token", json=body).status_code
            elapsed = time.perf_counter() - started
            if status != expected:
                print(f"INVALID RUN: {kind} answered {status}, not {expected}")
                return 1
            if attempt >= 3:
                times[kind].append(elapsed * 1000)
    print()
    print(f"sign-in   {args.attempts} attempts of each kind, in turns, through the fpn app in this process")
    print(f"{'attempt':<32}{'median ms':>10}{'p90 ms':>9}")
    for kind, values in times.items():
        print(f"{kind:<32}{statistics.median(values):>10.1f}{statistics.quantiles(values, n=10)[-1]:>9.1f}")
    known, unknown = (statistics.median(times[k]) for k in list(kinds)[:2])
    print(f"unknown / real account (wrong password): {unknown / known:.2f} (1.00 means nothing to tell them apart)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
