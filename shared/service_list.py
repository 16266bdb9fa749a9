"""The one list of services. Database schemas, Celery queues, migrations, the scheduler and `make run` all read it.

Adding a service is one entry here and a folder `services/<name>/` laid out like the others (ARCHITECTURE.md).
Nothing in shared/ imports a service: this list names them, and deploy/ (the composition root) loads them.
"""
from dataclasses import dataclass

from shared.settings import PROJECT_ROOT


@dataclass(frozen=True)
class Service:
    """One Flask service with its own schema, Celery queue, worker and port."""

    name: str  # also its PostgreSQL schema, its Celery queue and the first part of its task names
    port: int  # where `make run` serves it
    serves: str  # what it offers today, for the banner `make run` prints

    @property
    def package(self) -> str:
        """The Python package holding it: app.py, tasks.py, jobs.py, worker.py, migrations/."""
        return f"services.{self.name}"

    @property
    def migrations(self):
        """Its Alembic folder (it migrates its own schema only)."""
        return PROJECT_ROOT / "services" / self.name / "migrations"


SERVICES = (
    Service("fpn", 5001, "PSPO register, fixed penalty notices, reports; officers' mobile form at /"),
    Service("cctv", 5002, "cameras, need, plans and the Working Group at /, the control room at /control-room, the "
                          "rota at /rota"),
    Service("noise", 5003, "noise reports, cases and the team's queue; officers' page at /, reporters' own pages at "
                           "/follow/<their link>"),
)
SERVICE_NAMES = tuple(s.name for s in SERVICES)

# Schemas that belong to no service: `accounts` (who signs in) is shared by all, and migrated first.
SHARED_SCHEMAS = {"accounts": PROJECT_ROOT / "shared" / "accounts" / "migrations"}
ALL_SCHEMAS = (*SHARED_SCHEMAS, *SERVICE_NAMES)


def migration_locations() -> dict:
    """Every schema's Alembic folder, in the order they are migrated."""
    return {**SHARED_SCHEMAS, **{s.name: s.migrations for s in SERVICES}}
