"""Demand-signal use cases: record where enforcement happens, for hotspot scoring."""
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.cctv.models import DemandSignal


def record_notice(*, session: Session, payload: dict) -> DemandSignal:
    """Record an FPN or warning issued by fpn as demand in its ward."""
    signal = DemandSignal(source="fpn", reference=payload["notice_number"], kind=payload["notice_type"],
                          ward=payload["ward"], latitude=payload.get("latitude"), longitude=payload.get("longitude"),
                          street_address=payload.get("street_address"),
                          occurred_at=datetime.fromisoformat(payload["occurred_at"]), status=payload["outcome"])
    session.add(signal)
    return signal


def update_notice_state(*, session: Session, payload: dict) -> None:
    """Follow a notice's state, so a cancelled notice stops counting as demand."""
    signal = session.scalar(select(DemandSignal).where(DemandSignal.source == "fpn",
                                                       DemandSignal.reference == payload["notice_number"]))
    if signal is not None:
        signal.status = payload["to"]
