"""Fixtures for tests that cross processes: a private real Redis that can be stopped, real Celery workers,
and data that is really committed (and cleaned away afterwards)."""
import os
import socket
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from sqlalchemy import text

from shared.settings import PROJECT_ROOT

CLEANED_TABLES = ("fpn.notices", "fpn.outbox", "fpn.inbox", "fpn.issue_refusals", "fpn.order_variations",
                  "fpn.dead_letters", "cctv.demand_signals", "cctv.outbox", "cctv.inbox", "cctv.dead_letters",
                  "cctv.notice_requests", "noise.outbox", "noise.inbox", "noise.dead_letters", "noise.notice_requests")


def wait_for(check, seconds: float = 30, what: str = "condition"):
    """Poll `check` until it returns something truthy, or fail after `seconds` saying what never happened."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.2)
    pytest.fail(f"gave up after {seconds} s waiting for {what}")


class PrivateRedis:
    """A real redis-server on its own port, which a test may stop and start again."""

    def __init__(self):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        """Start (or restart) the server and wait until it accepts connections."""
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_for(self._accepting, 10, "the private Redis to start")

    def stop(self):
        """Stop the server: anything sent now must wait in the outbox."""
        self.process.terminate()
        self.process.wait(10)
        wait_for(lambda: not self._accepting(), 10, "the private Redis to stop")

    def _accepting(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                return True
        except OSError:
            return False


@pytest.fixture
def private_redis():
    """A running private Redis, stopped after the test."""
    redis = PrivateRedis()
    redis.start()
    yield redis
    if redis.process and redis.process.poll() is None:
        redis.process.terminate()
        redis.process.wait(10)


@pytest.fixture
def committed(migrated):
    """Lets a test commit for real; removes what it committed afterwards (the audit log is append-only)."""
    yield migrated
    with migrated.begin() as conn:
        conn.execute(text(f"TRUNCATE {', '.join(CLEANED_TABLES)} CASCADE"))


@pytest.fixture
def apps(settings, private_redis, committed):
    """fpn, cctv and noise apps whose broker is the private Redis."""
    from deploy.apps import create_apps

    return create_apps(replace(settings, broker_url=private_redis.url), {"TESTING": True})


@pytest.fixture
def start_worker(settings, private_redis, tmp_path):
    """Start a real Celery worker for a service's queue; all are stopped after the test."""
    workers = []

    def start(service: str):
        log = tmp_path / f"{service}-worker.log"
        env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": private_redis.url,
               "SBO_SECRET_KEY": settings.secret_key}
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", f"services.{service}.worker", "worker", "-Q", service, "-P",
             "solo", "--without-mingle", "--without-gossip", "--loglevel", "INFO"],
            cwd=PROJECT_ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
        workers.append(process)
        wait_for(lambda: "ready" in log.read_text() or process.poll() is not None, 60, f"the {service} worker")
        assert process.poll() is None, log.read_text()[-2000:]
        process.log = log
        return process

    yield start
    for process in workers:
        process.terminate()
        process.wait(20)
