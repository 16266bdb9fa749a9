"""`python -m deploy.scheduler`: the one process that runs every service's periodic jobs (a second one stands by)."""
import signal
import threading

from shared.logs import configure_logging
from shared.scheduler import run
from shared.settings import load_settings
from deploy.apps import create_apps


def main() -> None:
    """Run every service's jobs whenever this process holds the lock, until SIGTERM or Ctrl-C."""
    settings = load_settings()
    configure_logging("scheduler", settings.log_level)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    run(list(create_apps(settings).values()), stop)


if __name__ == "__main__":
    main()
