"""`python -m deploy.run_all` (what `make run` ends with): every service, a worker per queue and the scheduler."""
import os
import signal
import sys
from contextlib import contextmanager

from honcho.manager import Manager

from shared.service_list import SERVICES
from shared.settings import load_settings
from deploy.seed import DEMO_PASSWORD, DEMO_USERS

STOPPED_ON_REQUEST = (130, 143)  # honcho's code after Ctrl-C (SIGINT) or SIGTERM


def processes(python: str, fake_dvla: bool = True) -> dict[str, str]:
    """The command line of each process: a web server and a worker per service, the one scheduler, and (unless a
    DVLA service is configured) the fake keeper-at-date server that stands in for the DVLA's."""
    procs = {}
    for service in SERVICES:
        procs[f"{service.name}-web"] = (f"{python} -m gunicorn --no-control-socket --workers 2 "
                                        f"--bind 127.0.0.1:{service.port} --access-logfile - "
                                        f"--logger-class shared.access_log.PrivateLinksHidden "
                                        f"'{service.package}.app:create_app()'")
        # The solo pool runs tasks in the worker itself: one task at a time, and nothing to kill on Ctrl-C.
        procs[f"{service.name}-worker"] = (f"{python} -m celery -A {service.package}.worker worker -Q {service.name} "
                                           f"-P solo --concurrency 1 --without-mingle --without-gossip --loglevel INFO")
    procs["scheduler"] = f"{python} -m deploy.scheduler"
    if fake_dvla:
        procs["fake-dvla"] = f"{python} -m deploy.fake_dvla --port 5010"
    return procs


@contextmanager
def terminal_foreground():
    """Hold the terminal's foreground while running, so Ctrl-C reaches this process only, not the `make` that
    started it: everything then stops cleanly and `make run` ends with status 0."""
    fd, before = sys.stdin.fileno(), None
    try:
        if os.isatty(fd):
            before = os.tcgetpgrp(fd)
            os.setpgid(0, 0)
            signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # a background group may not otherwise take the terminal
            os.tcsetpgrp(fd, os.getpgrp())
    except OSError:
        before = None  # not started from a terminal we can share: Ctrl-C reaches everyone, as usual
    try:
        yield
    finally:
        if before is not None:
            os.tcsetpgrp(fd, before)


def main() -> None:
    """Print where everything is and how to sign in, then run all processes until Ctrl-C."""
    settings = load_settings()
    where = "embedded SQLite and a filesystem broker in var/" if settings.uses_embedded_defaults else \
        "DATABASE_URL and REDIS_URL"
    print(f"\nSafer Brent Operations is starting ({where}).")
    for service in SERVICES:
        print(f"  {service.name:5}  http://127.0.0.1:{service.port}/api/v1/docs  {service.serves}")
    if settings.environment != "production":
        print(f"\nDemo sign-in (password '{DEMO_PASSWORD}'): " + ", ".join(u for u, _n, _r in DEMO_USERS))
    if "SBO_DVLA_URL" not in os.environ:
        print("ANPR keeper look-ups go to a fake DVLA server on http://127.0.0.1:5010 (made-up keepers only).")
    print("Stop with Ctrl-C.\n", flush=True)
    manager = Manager()
    for name, cmd in processes(sys.executable, fake_dvla="SBO_DVLA_URL" not in os.environ).items():
        manager.add_process(name, cmd, env=dict(os.environ))
    with terminal_foreground():
        manager.loop()
    if manager.returncode in STOPPED_ON_REQUEST:
        print("\nSafer Brent Operations has stopped.")
        sys.exit(0)
    sys.exit(manager.returncode)


if __name__ == "__main__":
    main()
