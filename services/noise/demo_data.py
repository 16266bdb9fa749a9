"""Demonstration noise reports for `make run` (no real people or homes): a few sources over the last four weeks,
filed as reports are, so that the officers' page has a queue, timelines and reports to show; and the demo nuisance
officer in the team, so that its cases can be assigned to them."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.noise import cases, team
from services.noise.models import Incident, NuisanceOfficer

DEMO = "demo-seed"  # who filed them; also how a second seed knows they are there
# deploy.seed's demo nuisance officer account: (username, name, email)
TEAM = [("noise", "Sam Patel (demo officer)", "sam.patel.demo@example.org")]
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


def nuisance_team(*, session: Session, now: datetime | None = None) -> int:
    """Put the demo nuisance officers in the team, covering no ward (the demo's qualifying cases wait in the queue
    to be assigned); one already there is left as the demo has changed them. Return how many were added."""
    added = 0
    for username, name, email in TEAM:
        if session.get(NuisanceOfficer, username) is None:
            team.save_officer(session=session, username=username, name=name, email=email, wards=[], actor=DEMO,
                              now=now or datetime.now(timezone.utc))
            added += 1
    return added
