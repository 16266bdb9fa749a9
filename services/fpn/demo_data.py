"""Realistic demo notices made from the 2022-23 annual report's outcomes table (no real people in them)."""
import csv
from datetime import date, datetime, time, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.fpn import notice_numbers, numbering
from shared.brent import LONDON
from services.fpn.models import Notice, Prohibition

OUTCOMES_TABLE = Path(__file__).parent / "reference" / "pspo_outcomes_2022_23.csv"


def notices_from_outcomes_table(*, session: Session, path: Path = OUTCOMES_TABLE, start: date = date(2022, 10, 1),
                                days: int = 365) -> int:
    """Create one FPN per counted notice in the table, spread over the year; return how many were made."""
    by_label = {p.report_label: p for p in session.scalars(select(Prohibition))}
    rows = list(csv.DictReader(path.open()))
    first = numbering.take_serials(session, sum(int(row["fpns_issued"]) for row in rows))
    made = 0
    for row in rows:
        prohibition = by_label[row["notice_type"]]
        issued, reduced, referred = (int(row[k]) for k in ("fpns_issued", "reduced_to_warning", "referred_to_legal"))
        for i in range(issued):
            when = datetime.combine(start + timedelta(days=(made * 7919) % days), time(14, 30), LONDON)
            # Reduced ones first, referred ones last: where the two counts add up to more than were issued, the
            # overlap was referred to legal and then reduced to a warning.
            is_reduced, is_referred = i < reduced, i >= issued - referred
            state = "warning" if is_reduced else "referred_to_legal" if is_referred else "paid"
            session.add(Notice(
                number=notice_numbers.number(first + made, "fpn"), demonstration=True,
                officer_name="Demo Officer", officer_number="DEMO-0001", order=prohibition.scope.order,
                prohibition=prohibition,
                order_code=prohibition.scope.order.code, notice_type=prohibition.report_label,
                occurred_at=when, ward=row["ward"], street_address=f"{row['ward']} (demo)",
                observed="Demonstration notice made from the 2022-23 annual report table.",
                offender={"name": "Demo offender"} if not prohibition.vehicle else {"registration_mark": "DEMO 1"},
                outcome="fpn", state=state, amount=100, pay_by=when.date() + timedelta(days=14), issued_by="demo",
                issued_at=when, effective_at=when, source="officer", idempotency_key=f"demo-{made}",
                request_hash="demo",
                paid_amount=100 if state == "paid" else None,
                paid_on=when.date() + timedelta(days=10) if state == "paid" else None,
                payment_method="card" if state == "paid" else None,
                payment_reference=f"DEMO-{made}" if state == "paid" else None,
                reduced_at=when + timedelta(days=20) if is_reduced else None,
                referred_at=when + timedelta(days=15) if is_referred else None))
            made += 1
    session.flush()
    return made
