"""`make run` on embedded defaults (no DATABASE_URL or REDIS_URL): everything comes up, an officer signs in and renews
the sign-in, and Ctrl-C at the terminal stops it all cleanly, with status 0 and no ERROR lines."""
import fcntl
import json
import os
import socket
import subprocess
import sys
import termios
import time
import urllib.request

import pytest

from shared.service_list import SERVICES
from shared.settings import PROJECT_ROOT
from tests.integration.conftest import wait_for

pytestmark = pytest.mark.integration


def _answers(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _post(port: int, path: str, body: dict) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _in_use(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def _own_terminal(slave: int):
    """Start `make` in a new session whose controlling terminal is the pseudo-terminal, as a person's shell does."""
    def setup():
        os.setsid()
        fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    return setup


def test_make_run_comes_up_on_embedded_defaults_and_ctrl_c_stops_it_cleanly(tmp_path):
    busy = [s.port for s in SERVICES if _in_use(s.port)]
    assert not busy, f"ports {busy} are taken: stop whatever runs there (another `make run`?) and test again"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "MAKEFLAGS", "MAKELEVEL")}
    env["SBO_VAR_DIR"] = str(tmp_path / "var")
    master, slave = os.openpty()
    log = tmp_path / "make-run.log"
    with log.open("w") as out:
        make = subprocess.Popen(["make", "run"], cwd=PROJECT_ROOT, env=env, stdin=slave, stdout=out,
                                stderr=subprocess.STDOUT, preexec_fn=_own_terminal(slave))
    try:
        wait_for(lambda: all(_answers(s.port) for s in SERVICES) or make.poll() is not None, 120,
                 "every service to answer /readyz")
        wait_for(lambda: log.read_text().count("ready.") >= len(SERVICES), 60, "every worker to be ready")
        assert make.poll() is None, log.read_text()[-3000:]
        # On the embedded defaults (SQLite) an officer signs in and the form's renewal works.
        signed_in = _post(SERVICES[0].port, "/api/v1/auth/token", {"username": "officer", "password": "brent-demo"})
        renewed = _post(SERVICES[0].port, "/api/v1/auth/refresh", {"refresh_token": signed_in["refresh_token"]})
        assert renewed["access_token"] and renewed["refresh_token"] != signed_in["refresh_token"]
        # The demo reporter is written to (by the noise worker, through the embedded broker), and their private
        # link, as the README says to get it, opens their page.
        mail = tmp_path / "var" / "mail"
        wait_for(lambda: any("reporter.received" in p.name for p in mail.glob("*.eml")), 60,
                 "the demo reporter's e-mail in var/mail")
        link = subprocess.run([sys.executable, "-m", "flask", "--app", "services.noise.app", "noise", "follow-link",
                               "demo.reporter@example.org"], cwd=PROJECT_ROOT, env=env, capture_output=True,
                              text=True, timeout=60, check=True).stdout.strip()
        with urllib.request.urlopen(link, timeout=10) as page:
            assert "Your noise reports" in page.read().decode()
        time.sleep(1)
        os.write(master, b"\x03")  # Ctrl-C, as typed
        assert make.wait(60) == 0, log.read_text()[-3000:]
    finally:
        if make.poll() is None:
            make.kill()
        os.close(master)
        os.close(slave)
    text = log.read_text()
    token = link.rsplit("/", 1)[1]
    assert token not in text and "GET /follow/(private link)" in text  # a private link is never written to a log
    assert "Safer Brent Operations has stopped." in text
    assert "ERROR" not in text and "Traceback" not in text, text[-3000:]
    assert not any(_in_use(s.port) for s in SERVICES)
