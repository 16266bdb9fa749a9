"""Demonstration noise reports for `make run` (no real people or homes): a few sources over the last four weeks,
filed as reports are, so that the officers' page has a queue, timelines and reports to show."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.noise import cases
from services.noise.models import Incident

DEMO = "demo-seed"  # who filed them; also how a second seed knows they are there
# (address, ward, category, nights ago, assessment)
SOURCES = [
    ("1 Demo Terrace, London NW10 1DM", "Harlesden and Kensal Green", "music", (20, 13, 3), "nuisance"),
    ("2 Demo Gardens, London NW2 2DM", "Dollis Hill", "animal", (9, 6, 1), "nuisance"),
    ("3 Demo Parade, London HA9 3DM", "Wembley Central", "construction", (5,), "unassessed"),
    ("4 Demo Close, London NW6 4DM", "Kilburn", "music", (26, 2), "nuisance"),
]


def noise_reports(*, session: Session, now: datetime | None = None) -> int:
    """File the demo reports once (a second call adds nothing); return how many were filed."""
    if session.scalar(select(Incident.id).where(Incident.received_by == DEMO).limit(1)) is not None:
        return 0
    now = now or datetime.now(timezone.utc)
    filed = 0
    for address, ward, category, nights, assessment in SOURCES:
        for night in nights:
            started = (now - timedelta(days=night, hours=3)).replace(second=0, microsecond=0)  # over an hour ago
            body = {"source": {"address": address, "ward": ward}, "category": category, "channel": "noise_app",
                    "started_at": started, "ended_at": started + timedelta(hours=2),
                    "description": "Demonstration report (not a real incident).",
                    "reporter": {"name": "Demo Reporter", "email": "demo.reporter@example.org"},
                    "evidence": [{"kind": "recording", "reference": f"DEMO-{filed}"}], "assessment": assessment,
                    "significant": False}
            cases.take_in(session=session, received_by=DEMO, key=f"demo-{filed}", body=body, now=now, needed=3,
                          gap=timedelta(hours=3))
            filed += 1
    return filed
