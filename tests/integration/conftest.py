"""Fixtures for tests that cross processes: a private real Redis that can be stopped, real Celery workers,
a real SMTP server, and data that is really committed (and cleaned away afterwards)."""
import asyncio
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest
from aiosmtpd.controller import Controller

from shared import outbox

from shared.settings import PROJECT_ROOT


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


class DatabaseLink:
    """A real TCP link to PostgreSQL that a test can cut and restore, as a network fault or a database restart does
    for the processes that connect through it: cut closes every open connection and refuses new ones."""

    def __init__(self, host: str = "127.0.0.1", port: int = 5432):
        self.target = (host, port)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.listener, self.open = None, []
        self.lock = threading.Lock()

    def url(self, database_url: str) -> str:
        """`database_url` routed through this link."""
        from sqlalchemy.engine import make_url

        return make_url(database_url).set(host="127.0.0.1", port=self.port).render_as_string(hide_password=False)

    def restore(self):
        """Accept connections again."""
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        """Close every connection through the link, and refuse new ones until restored."""
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close alone would not
        except OSError:
            pass
        self.listener.close()
        with self.lock:
            for sock in self.open:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.open.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # cut
                return
            server = socket.create_connection(self.target)
            with self.lock:
                self.open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


@pytest.fixture
def database_link():
    """A link to PostgreSQL that the test can cut; cut for good afterwards."""
    link = DatabaseLink()
    link.restore()
    yield link
    link.cut()


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
def apps(settings, private_redis, committed):
    """fpn, cctv and noise apps whose broker is the private Redis."""
    from deploy.apps import create_apps

    return create_apps(replace(settings, broker_url=private_redis.url), {"TESTING": True})


@pytest.fixture
def start_worker(settings, private_redis, tmp_path):
    """Start a real Celery worker for a service's queue; all are stopped after the test."""
    workers = []

    def start(service: str, database_url: str | None = None, **extra_env):
        log = tmp_path / f"{service}-worker.log"
        env = {**os.environ, "DATABASE_URL": database_url or settings.database_url, "REDIS_URL": private_redis.url,
               "SBO_SECRET_KEY": settings.secret_key, **extra_env}
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


def relay_until(app, done, seconds: float, what: str):
    """Relay a service's outbox (as its scheduler does every 2 s) until `done()` is truthy."""
    outbox_model = app.extensions["sbo_tables"].outbox

    def relayed():
        with app.extensions["sbo_db"].transaction() as session:
            outbox.relay(session, outbox_model, app.extensions["celery"])
        return done()

    return wait_for(relayed, seconds, what)


class MailServer:
    """An SMTP server on a free local port that keeps every message it accepts; `hold()` makes it stop, mid
    conversation, before the message is sent, until `release()`."""

    def __init__(self, port: int = 0):
        self.messages: list = []
        self.in_conversation = threading.Event()
        self._go_on = threading.Event()
        self._go_on.set()
        self.controller = Controller(self, hostname="127.0.0.1", port=port or _free_port())

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"

    def hold(self):
        self._go_on.clear()

    def release(self):
        self._go_on.set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.in_conversation.set()
        while not self._go_on.is_set():
            await asyncio.sleep(0.05)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope.content.decode())
        return "250 Message accepted for delivery"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def mail_server():
    server = MailServer()
    server.controller.start()
    yield server
    server.release()
    server.controller.stop()
