"""The control room's rota through a real cctv worker and a real SMTP server: the manager asks for a rota, the
worker solves it with its progress recorded as it goes, the manager publishes it, and each person with an
address is e-mailed their shifts, once."""
import pytest

from services.cctv.models import OutboxMessage as CctvOutbox
from tests.conftest import bearer
from tests.integration.conftest import wait_for
from tests.integration.test_event_delivery import _relay

pytestmark = pytest.mark.integration
ALL = ["early", "cover", "late", "night"]


def test_a_rota_is_solved_on_the_worker_published_and_its_staff_emailed(apps, start_worker, committed,
                                                                         mail_server):
    start_worker("cctv", SBO_SMTP_URL=mail_server.url)
    manager = bearer("cr.manager", "control_room_manager")
    cctv = apps["cctv"].test_client()
    for name, email in (("Asha Patel", "asha.patel@brent.test"), ("Ben Shah", "ben.shah@brent.test"),
                        ("Cara Jones", None)):
        assert cctv.post("/api/v1/rota/staff", headers=manager, json={
            "name": name, "role": "officer", "contracted_hours": 37.5, "shifts": ALL,
            "email": email}).status_code == 201
    asked = cctv.post("/api/v1/rota/rotas", headers=manager, json={"first_day": "2026-10-19", "weeks": 2,
                                                                   "time_limit_seconds": 3})
    assert asked.status_code == 202, asked.json
    location = asked.headers["Location"]
    assert _relay(apps["cctv"], CctvOutbox) >= 1
    rota = wait_for(lambda: (r := cctv.get(location, headers=manager).json)["status"] == "finished" and r, 90,
                    "the rota to be solved")
    assert rota["progress"] == 1.0 and rota["outcome"] in ("optimal", "feasible") and rota["solutions"]
    assert rota["breaches"] == [] and rota["shortfalls"], "three officers cannot cover four shifts a day"
    assert {d["staff_id"] for d in rota["duties"]} == {s["id"] for s in rota["problem"]["staff"]}

    published = cctv.post(f"{location}/publish", headers=manager)
    assert published.status_code == 200, published.json
    assert _relay(apps["cctv"], CctvOutbox) >= 1
    wait_for(lambda: len(mail_server.messages) >= 2, 60, "the staff's e-mails")
    assert len(mail_server.messages) == 2
    asha = next(m for m in mail_server.messages if "asha.patel@brent.test" in m)
    assert "Subject: Your shifts from 19 October 2026" in asha and "Dear Asha Patel" in asha
    shifts = [d for d in rota["duties"] if d["staff_id"] == rota["problem"]["staff"][0]["id"]]
    assert asha.count("\n- ") == len(shifts)
