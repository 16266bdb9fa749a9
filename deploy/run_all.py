"""`python -m deploy.run_all` (what `make run` ends with): every service, a worker per queue and the scheduler."""
import os
import sys

from honcho.manager import Manager

from shared.settings import load_settings
from deploy.seed import DEMO_PASSWORD, DEMO_USERS

SERVICES = {"fpn": 5001, "cctv": 5002, "noise": 5003}


def processes(python: str) -> dict[str, str]:
    """The command line of each process."""
    procs = {}
    for name, port in SERVICES.items():
        procs[f"{name}-web"] = (f"{python} -m gunicorn --no-control-socket --workers 2 --bind 127.0.0.1:{port} "
                                f"--access-logfile - 'services.{name}.app:create_app()'")
        procs[f"{name}-worker"] = (f"{python} -m celery -A services.{name}.worker worker -Q {name} "
                                   f"--concurrency 1 --loglevel INFO")
    procs["scheduler"] = f"{python} -m shared.scheduler"
    return procs


def main() -> None:
    """Print where everything is and how to sign in, then run all processes until Ctrl-C."""
    settings = load_settings()
    where = "embedded SQLite and a filesystem broker in var/" if settings.uses_embedded_defaults else \
        "DATABASE_URL and REDIS_URL"
    print(f"\nSafer Brent Operations is starting ({where}).")
    print(f"  Officers' mobile form:  http://127.0.0.1:{SERVICES['fpn']}/")
    for name, port in SERVICES.items():
        print(f"  {name:5} API docs:         http://127.0.0.1:{port}/api/v1/docs")
    if settings.environment != "production":
        print(f"\nDemo sign-in (password '{DEMO_PASSWORD}'): " + ", ".join(u for u, _n, _r in DEMO_USERS))
    print("Stop with Ctrl-C.\n", flush=True)
    manager = Manager()
    for name, cmd in processes(sys.executable).items():
        manager.add_process(name, cmd, env=dict(os.environ))
    manager.loop()
    sys.exit(manager.returncode)


if __name__ == "__main__":
    main()
