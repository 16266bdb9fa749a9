"""`python -m deploy.scheduler`: the one process that runs every service's periodic jobs (a second one stands by)."""
from shared.logs import configure_logging
from shared.scheduler import run
from shared.settings import load_settings
from deploy.apps import create_apps


def main() -> None:
    """Start the scheduler for every service once this process holds the lock."""
    settings = load_settings()
    configure_logging("scheduler", settings.log_level)
    run(list(create_apps(settings).values()))


if __name__ == "__main__":
    main()
