"""Fixtures for the fpn tests: a valid notice request and a way to issue it."""
import uuid
from datetime import datetime, time, timedelta, timezone

import pytest
from sqlalchemy import select

from shared.brent import LONDON, london_date
from services.fpn.models import Prohibition, Scope


def prohibition_id(session, scope_code: str, code: str, order_code: str = "BRENT-PSPO-2023") -> int:
    """The id of a prohibition in the loaded Brent register."""
    from services.fpn.models import Order

    return session.scalar(select(Prohibition.id).join(Scope).join(Order).where(
        Order.code == order_code, Scope.code == scope_code, Prohibition.code == code))


def earlier_today(hours: float = 1) -> datetime:
    """`hours` ago, or less when that would be yesterday in Brent (a run just after midnight): an offence on the day
    its notice is issued, as the tests that count or compare days assume."""
    now = datetime.now(timezone.utc)
    midnight = datetime.combine(london_date(now), time(0), tzinfo=LONDON)
    return max(now - timedelta(hours=hours), midnight + (now - midnight) / 2)


@pytest.fixture
def notice_body(db, pspo_in_force):
    """A valid request: boroughwide alcohol consumption in Wembley Central an hour ago, an FPN to an adult."""
    return {
        "order_code": "BRENT-PSPO-2023",
        "prohibition_id": prohibition_id(db, "boroughwide", "alcohol-consumption"),
        "occurred_at": earlier_today().isoformat(),
        "location": {"ward": "Wembley Central", "latitude": 51.5523, "longitude": -0.2966,
                     "street_address": "High Road, Wembley HA9"},
        "observed": "Drinking from an open can of lager; refused to stop when asked.",
        "offender": {"name": "Sam Example", "date_of_birth": "1990-05-17", "address": "1 Example Road, London"},
        "evidence": [{"kind": "body_worn_video", "reference": "BWV-0042-20261124"}],
        "outcome": "fpn",
        "identification_shown": True,
    }


@pytest.fixture
def issue(client, officer):
    """Send a notice request as the officer; returns the response."""

    def send(body, key=None, headers=None):
        return client.post("/api/v1/notices", json=body,
                           headers={**(headers or officer), "Idempotency-Key": key or str(uuid.uuid4())})

    return send
