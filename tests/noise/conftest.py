"""Fixtures for the noise tests: callers, and a way to report an incident as a channel would."""
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone

import pytest

from shared.brent import LONDON, london_date
from services.noise import imports, team
from services.noise.models import Import
from tests.conftest import bearer

ADDRESS = "Flat 2, 14 Harlesden Road, London NW10 2BY"


@pytest.fixture
def nuisance():
    """A nuisance control officer's headers."""
    return bearer("nuisance.adeyemi", "nuisance_officer")


@pytest.fixture
def in_team(db):
    """The nuisance officer the tests sign in as, kept in the nuisance team (covering no ward), so that cases can be
    assigned to them; returns their username."""
    team.save_officer(session=db, username="nuisance.adeyemi", name="Ade Adeyemi", email="ade.adeyemi@brent.test",
                      wards=[], actor="tests", now=datetime.now(timezone.utc))
    return "nuisance.adeyemi"


@pytest.fixture
def intake():
    """The Noise App integration's headers (a reporting system: it may only send reports)."""
    return bearer("noise-app", "noise_intake")


@pytest.fixture
def noise(noise_app, db):
    """An HTTP client for the noise app, inside the test's transaction."""
    return noise_app.test_client()


def days_ago(days: int, hour: int = 22) -> datetime:
    """`hour` o'clock in Brent on the day `days` (at least 1) before today in Brent: always in the past, and a
    whole number of Brent's calendar days apart from another, whenever the tests run."""
    assert days >= 1, "a report from today could still be in the future"
    on = london_date(datetime.now(timezone.utc)) - timedelta(days=days)
    return datetime(on.year, on.month, on.day, hour, tzinfo=LONDON).astimezone(timezone.utc)


def report(*, started: datetime, minutes: int = 60, address: str = ADDRESS, assessment: str = "nuisance",
           **changes) -> dict:
    """A report of loud music from `address`, lasting `minutes`."""
    body = {"source": {"address": address, "ward": "Harlesden and Kensal Green", "latitude": 51.5362,
                       "longitude": -0.2476},
            "category": "music", "channel": "noise_app", "started_at": started.isoformat(),
            "ended_at": (started + timedelta(minutes=minutes)).isoformat(),
            "reporter": {"name": "Jo Neighbour", "email": "jo@example.org", "phone": "020 8937 0000"},
            "evidence": [{"kind": "recording", "reference": f"NA-{uuid.uuid4().hex[:8]}"}],
            "assessment": assessment}
    body.update(changes)
    return body


@pytest.fixture
def post(noise, nuisance):
    """POST a report with a fresh Idempotency-Key (or the one given); returns the response."""

    def send(body: dict, headers: dict | None = None, key: str | None = None):
        return noise.post("/api/v1/incidents", json=body,
                          headers={**(headers or nuisance), "Idempotency-Key": key or str(uuid.uuid4())})

    return send


@pytest.fixture
def run_import(db, tmp_path, monkeypatch):
    """Import `data` as the worker would, inside the test's transaction; returns the import's record."""
    monkeypatch.setattr(imports, "VAR_DIR", tmp_path)

    @contextmanager
    def transaction():
        with db.begin_nested():
            yield db

    def run(data: bytes, mapping=None, progress=None):
        record = Import(filename="export.csv", imported_by="nuisance.adeyemi", mapping=mapping)
        db.add(record)
        db.flush()
        path = imports.upload_path(record.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        imports.run(transaction=transaction, import_id=record.id, path=path, mapping=mapping,
                    now=lambda: datetime.now(timezone.utc), needed=3, gap=timedelta(hours=3), progress=progress)
        assert not path.exists()  # the upload held reporters' details
        return record

    return run
