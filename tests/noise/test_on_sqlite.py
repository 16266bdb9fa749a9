"""`make run` on a fresh machine uses SQLite: the noise service's whole path works there too (times read back from
SQLite are naive unless the column makes them aware: shared.db.UtcDateTime)."""
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone

from shared.accounts.service import create_or_update_user
from shared.migrations import upgrade_all


def test_a_case_qualifies_is_worked_and_reported_on_sqlite(settings, tmp_path):
    from deploy.apps import create_apps

    url = f"sqlite:///{tmp_path / 'sbo.sqlite'}"
    upgrade_all(url)
    noise = create_apps(replace(settings, database_url=url), {"TESTING": True})["noise"]
    with noise.extensions["sbo_db"].transaction() as session:
        create_or_update_user(session=session, username="nco", password="a-long-demo-password",
                              roles=["nuisance_officer"])
    client = noise.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "nco", "password": "a-long-demo-password"}
                        ).json["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    now = datetime.now(timezone.utc)
    for days in (12, 6, 2):
        started = now - timedelta(days=days)
        answer = client.post("/api/v1/incidents", headers={**headers, "Idempotency-Key": str(uuid.uuid4())}, json={
            "source": {"address": "1 High Road, London NW10 1AA", "ward": "Kilburn"}, "category": "music",
            "channel": "phone", "started_at": started.isoformat(),
            "ended_at": (started + timedelta(hours=1)).isoformat(), "assessment": "nuisance"})
        assert answer.status_code == 201, answer.json
    reference = answer.json["case_reference"]
    assert client.get(f"/api/v1/cases/{reference}", headers=headers).json["status"] == "qualified"
    client.put("/api/v1/nuisance-officers/nco", headers=headers, json={"name": "Noor Officer",
                                                                      "email": "nco@brent.test", "wards": []})
    assigned = client.post(f"/api/v1/cases/{reference}/assign", headers=headers, json={"officer": "nco"})
    assert assigned.json["status"] == "investigating", assigned.json
    assert client.get("/api/v1/reports/demand", headers=headers).json["rows"][-1][-1] == 3
    assert client.get("/").status_code == 200
    noise.extensions["sbo_db"].engine.dispose()
