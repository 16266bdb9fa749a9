"""`make bench`: the fpn issuing endpoint's throughput and latency under concurrent load, next to a bare Flask INSERT.

A benchmark, not a test: it prints figures and whether the team's aim (issuing at least half the bare endpoint's
throughput) is met; it fails only when the run itself is invalid (a request did not succeed, a server did not
start). Both servers run as separate gunicorn processes with the same settings, against the same PostgreSQL server
in the same run, and all traffic goes to 127.0.0.1.

It uses its own database, BENCH_DATABASE_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/sbo_bench),
which it creates if missing and resets on every run (its schemas are dropped and migrated again), so runs are
comparable. The database name must contain "bench", so a test or development database is never reset.

    python -m benchmarks.issue_notices [--requests 2000] [--concurrency 16] [--workers 2] [--floor] ...
"""
import argparse
import http.client
import json
import math
import os
import platform
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import psycopg
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from shared.auth import issue_token
from shared.accounts.service import create_or_update_user
from shared.db import ALL_SCHEMAS, DatabaseUnreachable, ensure_database, make_engine
from shared.settings import PROJECT_ROOT

DEFAULT_DATABASE_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/sbo_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
AIM = 0.5
OFFICERS = ("officer.patel", "officer.okafor", "officer.nowak", "officer.hussain", "officer.murphy",
            "officer.da-silva", "officer.begum", "officer.mensah")
# Boroughwide prohibitions of the 2023 PSPO that identify the offender by name (not vehicle ones).
PROHIBITIONS = ("alcohol-consumption", "littering-item", "dog-fouling", "littering-spitting")
PATHS = {"fpn": "/api/v1/notices", "floor": "/api/v1/floor-notices"}  # the targets that issue, signed in
LABELS = {"bare": "bare INSERT", "fpn": "fpn issue notice", "floor": "floor (no rules)"}
EXTENSION = "BENCHMARK DATA ONLY, not a council decision: extended so that notices can be issued today."


# --- the database ------------------------------------------------------------------------------------------------

def prepare_database(url: str) -> dict[str, int]:
    """Create (if missing) and reset the benchmark database; return the prohibition ids the requests use."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    server, name = plain.rsplit("/", 1)
    if "bench" not in name:
        sys.exit(f"Refusing to reset database '{name}': BENCH_DATABASE_URL must name a database containing "
                 "'bench' (the benchmark drops and re-creates its schemas).")
    try:
        ensure_database(url)
    except DatabaseUnreachable as exc:
        sys.exit(f"{exc} (the benchmark uses BENCH_DATABASE_URL)")

    from benchmarks.bare_insert_app import SCHEMA as BARE_SCHEMA, create_table
    from services.fpn import officers, register
    from services.fpn.models import Order, Prohibition, Scope
    from shared.migrations import upgrade_all

    engine = make_engine(url)
    with engine.begin() as conn:
        for schema in (*ALL_SCHEMAS, BARE_SCHEMA):
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    upgrade_all(url)
    with Session(engine) as session:
        register.load_reference(session=session)
        order = register.get_order(session=session, code="BRENT-PSPO-2023")  # expired on 31 January 2026
        register.add_variation(session=session, order=order, kind="extension", decided_on=date(2026, 1, 20),
                               new_end=date(2029, 1, 31), description=EXTENSION, actor="benchmark")
        for number, username in enumerate(OFFICERS, start=1):  # their tokens are checked against their accounts,
            create_or_update_user(session=session, username=username, password=secrets.token_urlsafe(16),
                                  roles=["enforcement_officer"])  # and a notice names its officer, as in service
            officers.set_profile(session=session, username=username, actor="benchmark", now=datetime.now(timezone.utc),
                                 details={"full_name": username.split(".")[1].title() + " (benchmark)",
                                          "authorisation_number": f"BENCH-{number:04d}"})
        session.commit()
        ids = dict(session.execute(
            select(Prohibition.code, Prohibition.id).join(Scope).join(Order)
            .where(Order.code == "BRENT-PSPO-2023", Scope.code == "boroughwide", Prohibition.code.in_(PROHIBITIONS))
        ).all())
    create_table(engine)
    engine.dispose()
    missing = set(PROHIBITIONS) - set(ids)
    if missing:
        sys.exit(f"The reference data has no boroughwide prohibitions {', '.join(sorted(missing))} in BRENT-PSPO-2023.")
    return ids


def count_rows(url: str) -> dict[str, int]:
    """Rows written during the run, to confirm every request really wrote what it should."""
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {table: conn.scalar(select(func.count()).select_from(text(table)))
                  for table in ("fpn.notices", "fpn.audit_log", "fpn.outbox", "bench.records")}
    engine.dispose()
    return counts


# --- the servers -------------------------------------------------------------------------------------------------

def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    name: str
    app: str
    ready_path: str
    port: int = 0
    process: subprocess.Popen | None = None
    log_path: Path | None = None


def gunicorn_args(args) -> list[str]:
    """The gunicorn settings both servers share."""
    options = ["--no-control-socket", "--workers", str(args.workers), "--worker-class", args.worker_class, "--log-level", "warning",
               "--timeout", "60", "--graceful-timeout", "5"]
    if args.worker_class == "gthread":
        options += ["--threads", str(args.threads)]
    return options


def start(server: Server, args, env: dict, log_dir: Path) -> None:
    """Start a gunicorn master (in its own process group) for the server's app on a free 127.0.0.1 port."""
    server.port = free_port()
    server.log_path = log_dir / f"{server.name}.log"
    with open(server.log_path, "wb") as log:
        server.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{server.port}", *gunicorn_args(args), server.app],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_ready(server: Server, timeout: float = 60) -> None:
    """Wait until the server answers 200 on its readiness path, or stop the run with its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} server exited with {server.process.returncode}:\n{tail(server)}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            conn.request("GET", server.ready_path)
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} server did not answer {server.ready_path} within {timeout:.0f} s:\n"
                       f"{tail(server)}")


def tail(server: Server, lines: int = 30) -> str:
    """The end of a server's log."""
    if server.log_path is None or not server.log_path.exists():
        return "(no log)"
    return "\n".join(server.log_path.read_text(errors="replace").splitlines()[-lines:])


def stop(server: Server) -> None:
    """Stop a server: SIGTERM to its gunicorn master, then SIGKILL to its own process group if it lingers."""
    process = server.process
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)  # the group this server's master and workers were started in
        except ProcessLookupError:
            pass
        process.wait(timeout=5)


# --- the load ----------------------------------------------------------------------------------------------------

@dataclass
class Prepared:
    path: str
    body: bytes
    headers: dict


@dataclass
class Result:
    target: str
    requests: int
    seconds: float
    latencies: list = field(default_factory=list)
    errors: int = 0
    first_error: str = ""

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile latency in milliseconds (nearest rank)."""
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] * 1000 if ordered else float("nan")


def notice_bodies(count: int, prohibition_ids: dict[str, int]) -> list[dict]:
    """Valid notice requests, varied slightly: ward, prohibition, offender, time and evidence."""
    from shared.brent import WARDS

    now = datetime.now(timezone.utc)
    codes = sorted(prohibition_ids)
    bodies = []
    for i in range(count):
        bodies.append({
            "order_code": "BRENT-PSPO-2023",
            "prohibition_id": prohibition_ids[codes[i % len(codes)]],
            "occurred_at": (now - timedelta(minutes=30 + i % 600)).isoformat(),
            "location": {"ward": WARDS[i % len(WARDS)], "latitude": round(51.55 + (i % 97) / 10000, 4),
                         "longitude": round(-0.29 + (i % 89) / 10000, 4),
                         "street_address": f"{1 + i % 200} High Road, Wembley HA9"},
            "observed": "Drinking from an open can of lager; refused to stop when asked.",
            "offender": {"name": f"Sam Example {i}", "date_of_birth": f"{1960 + i % 40}-05-17",
                         "address": f"{1 + i % 300} Example Road, London"},
            "evidence": [{"kind": "body_worn_video", "reference": f"BWV-{i % 10000:04d}-20261124"}],
            "outcome": "fpn", "identification_shown": True,
        })
    return bodies


def prepare_requests(target: str, count: int, prohibition_ids: dict[str, int], tokens: list[str]) -> list[Prepared]:
    """Serialized requests, built before the clock starts so the client spends little CPU while measuring."""
    prepared = []
    for i, body in enumerate(notice_bodies(count, prohibition_ids)):
        headers = {"Content-Type": "application/json"}
        if target in PATHS:
            headers["Authorization"] = "Bearer " + tokens[i % len(tokens)]
            headers["Idempotency-Key"] = str(uuid.uuid4())
            prepared.append(Prepared(PATHS[target], json.dumps(body).encode(), headers))
        else:
            prepared.append(Prepared("/records", json.dumps(body).encode(), headers))
    return prepared


def run_load(name: str, port: int, requests: list[Prepared], concurrency: int, stop_event: threading.Event) -> Result:
    """Send every request once, from `concurrency` threads each with its own connection; time each request."""
    lock = threading.Lock()
    position = iter(range(len(requests)))
    result = Result(name, len(requests), 0.0)

    def worker():
        latencies, errors, first_error = [], 0, ""
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while not stop_event.is_set():
            with lock:
                index = next(position, None)
            if index is None:
                break
            req = requests[index]
            started = time.perf_counter()
            try:
                conn.request("POST", req.path, body=req.body, headers=req.headers)
                response = conn.getresponse()
                payload = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                status, payload = None, f"{type(exc).__name__}: {exc}".encode()
            latencies.append(time.perf_counter() - started)
            if status is None or not 200 <= status < 300:
                errors += 1
                if not first_error:
                    first_error = f"{status or 'no response'}: {payload[:1000].decode(errors='replace')}"
        conn.close()
        return latencies, errors, first_error

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix=f"bench-{name}") as pool:
        try:
            outcomes = [f.result() for f in [pool.submit(worker) for _ in range(concurrency)]]
        except BaseException:  # interrupted: let the threads stop after their current request
            stop_event.set()
            raise
    result.seconds = time.perf_counter() - started
    for latencies, errors, first_error in outcomes:
        result.latencies.extend(latencies)
        result.errors += errors
        result.first_error = result.first_error or first_error
    result.requests = len(result.latencies)
    return result


# --- the run -----------------------------------------------------------------------------------------------------

def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per target (2000)")
    parser.add_argument("--warmup", type=int, default=200, help="warm-up requests per target, not measured (200)")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent client connections (16)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server (2)")
    parser.add_argument("--worker-class", default="sync", choices=("sync", "gthread"),
                        help="gunicorn worker class for both servers (sync, as deployed)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker, with --worker-class gthread (4)")
    parser.add_argument("--floor", action="store_true",
                        help="also measure the floor: the fpn app with one statement and no rules per notice")
    parser.add_argument("--no-scaling", action="store_true",
                        help="skip the 1 and 4 worker runs (quicker, while trying a change)")
    return parser.parse_args(argv)


def print_report(args, url: str, results: list[Result], counts: dict[str, int], pg_version: str) -> None:
    """The settings, the table, and the ratio against the aim."""
    safe_url = url.split("@")[-1]
    workers = f"{args.workers} {args.worker_class} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else "")
    print()
    print(f"machine   nproc={len(os.sched_getaffinity(0))}, {platform.machine()}, "
          f"Python {platform.python_version()}, {pg_version}")
    print(f"database  {safe_url} (reset for this run); both servers on the same PostgreSQL server")
    print(f"servers   gunicorn, {workers} each, 127.0.0.1; fpn: services.fpn.app:create_app(); "
          "bare: benchmarks.bare_insert_app:create_app()" + (
              "; floor: benchmarks.issuing_floor_app:create_app()" if len(results) > 2 else ""))
    print(f"load      {args.requests} requests per target after {args.warmup} warm-up, in {ROUNDS} alternating turns, "
          f"concurrency {args.concurrency} (http.client, one connection per thread), client on the same machine")
    print()
    print(f"{'target':<22}{'requests':>9}{'errors':>8}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for r in results:
        print(f"{r.target:<22}{r.requests:>9}{r.errors:>8}{r.throughput:>9.1f}{r.percentile(50):>9.1f}"
              f"{r.percentile(99):>9.1f}")
    bare, fpn = results[:2]
    ratio = fpn.throughput / bare.throughput if bare.throughput else 0.0
    print()
    verdict = "MET" if ratio >= AIM else "NOT MET"
    print(f"ratio     issuing / bare throughput = {ratio:.2f}; aim >= {AIM:.2f}: {verdict}")
    if len(results) > 2 and bare.throughput:  # --floor
        print(f"floor     floor / bare throughput = {results[2].throughput / bare.throughput:.2f}: the most any "
              "issuing could reach in this app (benchmarks/issuing_floor_app.py)")
    print("rows      " + ", ".join(f"{table} {n}" for table, n in counts.items()))
    for r in results:
        if r.errors:
            print(f"INVALID RUN: {r.target} had {r.errors} failed requests; the first: {r.first_error}")


SCALING_WORKERS = (1, 4)


ROUNDS = 4  # the targets take turns, so that a shared machine's slow spells fall on both alike


def measure(servers, warmup: int, count: int, concurrency: int, prohibition_ids, tokens, stop_event) -> list:
    """Warm each server up, then measure them in turns (ROUNDS rounds of count/ROUNDS requests each); the results
    in the servers' order, each summed over its rounds."""
    results = []
    for server in servers:
        print(f"{server.name}: warm-up {warmup} ...", flush=True)
        warm = run_load(server.name, server.port, prepare_requests(server.name, warmup, prohibition_ids, tokens),
                        concurrency, stop_event)
        result = Result(LABELS[server.name], 0, 0.0,
                        errors=warm.errors, first_error=warm.first_error)
        if warm.errors:
            print(f"{server.name} warm-up: {warm.errors} failed; the first: {warm.first_error}")
        results.append(result)
    print(f"measuring {count} requests per target, in {ROUNDS} turns each ...", flush=True)
    for _round in range(ROUNDS):
        for server, result in zip(servers, results):
            part = run_load(result.target, server.port,
                            prepare_requests(server.name, count // ROUNDS, prohibition_ids, tokens),
                            concurrency, stop_event)
            result.seconds += part.seconds
            result.latencies.extend(part.latencies)
            result.requests = len(result.latencies)
            result.errors += part.errors
            result.first_error = result.first_error or part.first_error
    return results


def print_scaling(scaling: dict) -> None:
    """Throughput of both targets with 1 and with 4 web workers, and how much the extra workers bought."""
    print()
    print(f"{'workers':<9}{'bare req/s':>12}{'fpn req/s':>11}{'ratio':>8}{'fpn p99 ms':>12}")
    for workers, (bare, fpn, *_floor) in scaling.items():
        print(f"{workers:<9}{bare.throughput:>12.1f}{fpn.throughput:>11.1f}"
              f"{fpn.throughput / bare.throughput if bare.throughput else 0:>8.2f}{fpn.percentile(99):>12.1f}")
    low, high = scaling[SCALING_WORKERS[0]], scaling[SCALING_WORKERS[-1]]
    gain = [h.throughput / lo.throughput if lo.throughput else 0.0 for lo, h in zip(low, high)]
    print(f"scaling   {SCALING_WORKERS[0]} -> {SCALING_WORKERS[-1]} workers: bare x{gain[0]:.2f}, fpn x{gain[1]:.2f} "
          f"(on this {len(os.sched_getaffinity(0))}-core machine)")


def main(argv=None) -> int:
    args = parse_args(argv)
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so `finally` stops the servers

    print(f"preparing {url.split('@')[-1]} (reset, migrate, reference data, PSPO extension) ...", flush=True)
    prohibition_ids = prepare_database(url)
    secret = secrets.token_urlsafe(48)
    tokens = [issue_token(secret, username, ["enforcement_officer"], version=0) for username in OFFICERS]
    env = {**os.environ, "DATABASE_URL": url, "BENCH_DATABASE_URL": url, "REDIS_URL": REDIS_URL,
           "SBO_SECRET_KEY": secret}
    servers = [Server("bare", "benchmarks.bare_insert_app:create_app()", "/"),
               Server("fpn", "services.fpn.app:create_app()", "/healthz")]
    if args.floor:
        servers.append(Server("floor", "benchmarks.issuing_floor_app:create_app()", "/healthz"))
    stop_event = threading.Event()
    with tempfile.TemporaryDirectory(prefix="sbo-bench-") as log_dir:
        try:
            for server in servers:
                start(server, args, env, Path(log_dir))
            for server in servers:
                wait_ready(server)
            results = measure(servers, args.warmup, args.requests, args.concurrency, prohibition_ids, tokens,
                              stop_event)
            with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
                pg_version = "PostgreSQL " + conn.execute("SHOW server_version").fetchone()[0]
            print_report(args, url, results, count_rows(url), pg_version)
            if any(r.errors for r in results):
                for server in servers:
                    print(f"--- {server.name} server log (end) ---\n{tail(server)}")
                return 1
            if args.no_scaling:
                return 0
            scaling = {}
            for workers in SCALING_WORKERS:  # a lock that every request queues behind shows as no gain here
                for server in servers:
                    stop(server)
                    start(server, argparse.Namespace(**{**vars(args), "workers": workers}), env, Path(log_dir))
                for server in servers:
                    wait_ready(server)
                print(f"scaling: {workers} worker(s) per server ...", flush=True)
                scaling[workers] = measure(servers, args.warmup // 2, args.requests // 2, args.concurrency,
                                           prohibition_ids, tokens, stop_event)
            print_scaling(scaling)
            return 0
        finally:
            stop_event.set()
            for server in servers:
                stop(server)


if __name__ == "__main__":
    sys.exit(main())
