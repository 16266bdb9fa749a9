"""Demand-signal use cases: record where enforcement happens, for hotspot scoring."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from services.cctv.models import DemandSignal


def record_notice(*, session: Session, notice: dict) -> DemandSignal:
    """Record an FPN or warning issued by fpn (a NoticeIssued event) as demand in its ward."""
    signal = DemandSignal(source="fpn", reference=notice["notice_number"], kind=notice["notice_type"],
                          ward=notice["ward"], latitude=notice["latitude"], longitude=notice["longitude"],
                          street_address=notice["street_address"], occurred_at=notice["occurred_at"],
                          status=notice["outcome"])
    session.add(signal)
    return signal


def update_notice_state(*, session: Session, change: dict) -> None:
    """Follow a notice's state (a NoticeStateChanged event), so a cancelled notice stops counting as demand."""
    signal = session.scalar(select(DemandSignal).where(DemandSignal.source == "fpn",
                                                       DemandSignal.reference == change["notice_number"]))
    if signal is not None:
        signal.status = change["to_state"]


def record_noise_case(*, session: Session, case: dict) -> DemandSignal:
    """Record a qualifying noise case (a NoiseCaseQualified event) as demand in its ward, once."""
    signal = session.scalar(select(DemandSignal).where(DemandSignal.source == "noise",
                                                       DemandSignal.reference == case["case_reference"]))
    if signal is None:
        signal = DemandSignal(source="noise", reference=case["case_reference"],
                              kind=f"Noise case qualified ({case['category'].replace('_', ' ')})", ward=case["ward"],
                              latitude=case["latitude"], longitude=case["longitude"], street_address=None,
                              occurred_at=case["qualified_at"], status="qualified")
        session.add(signal)
    return signal
