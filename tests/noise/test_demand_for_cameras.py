"""A qualifying noise case becomes demand for cameras in cctv, once, with no address or anyone's details."""
from datetime import datetime, timezone

from sqlalchemy import func, select

from shared.contracts.tasks import TaskNames, contract_for
from services.cctv import signals
from services.cctv.models import DemandSignal


def test_cctv_records_a_qualified_noise_case_once_as_demand_in_its_ward(db):
    payload = contract_for(TaskNames.CCTV_NOISE_CASE_QUALIFIED).dump({
        "case_reference": "NC-009999", "ward": "Stonebridge", "latitude": 51.544, "longitude": -0.276,
        "category": "low_frequency_noise", "qualified_at": datetime(2026, 11, 20, 23, 0, tzinfo=timezone.utc)})
    case = contract_for(TaskNames.CCTV_NOISE_CASE_QUALIFIED).load(payload)
    signals.record_noise_case(session=db, case=case)
    signals.record_noise_case(session=db, case=case)  # a redelivery
    db.flush()
    signal, = db.scalars(select(DemandSignal).where(DemandSignal.reference == "NC-009999")).all()
    assert (signal.source, signal.ward, signal.kind) == ("noise", "Stonebridge",
                                                        "Noise case qualified (low frequency noise)")
    assert signal.street_address is None and signal.status == "qualified"
    assert db.scalar(select(func.count()).select_from(DemandSignal).where(DemandSignal.source == "noise",
                                                                          DemandSignal.reference == "NC-009999")) == 1
