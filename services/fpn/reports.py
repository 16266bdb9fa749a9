"""The outcomes report: per ward and notice type, FPNs issued, reduced to warnings and referred to legal."""
import csv
import io
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.brent import LONDON
from services.fpn.models import Notice, Prohibition

COLUMNS = ("ward", "notice_type", "fpns_issued", "reduced_to_warning", "referred_to_legal")


def tabulate(notices) -> dict:
    """Count (ward, notice type, reduced?, referred?) tuples into report rows sorted by ward and type, with totals."""
    counts = defaultdict(lambda: [0, 0, 0])
    for ward, notice_type, reduced, referred in notices:
        row = counts[(ward, notice_type)]
        row[0] += 1
        row[1] += bool(reduced)
        row[2] += bool(referred)
    rows = [dict(zip(COLUMNS, (w, t, *c))) for (w, t), c in sorted(counts.items())]
    totals = {k: sum(r[k] for r in rows) for k in COLUMNS[2:]}
    return {"rows": rows, "totals": totals}


def outcomes(*, session: Session, start: date, end: date) -> dict:
    """The report for FPNs whose offence fell between `start` and `end` inclusive (London dates)."""
    lower = datetime.combine(start, time.min, LONDON)
    upper = datetime.combine(end + timedelta(days=1), time.min, LONDON)
    result = session.execute(
        select(Notice.ward, Prohibition.report_label, Notice.reduced_at.is_not(None), Notice.referred_at.is_not(None))
        .join(Prohibition, Notice.prohibition_id == Prohibition.id)
        .where(Notice.outcome == "fpn", Notice.state.not_in(("pending_approval",)),
               Notice.occurred_at >= lower, Notice.occurred_at < upper))
    return {"from": start, "to": end, **tabulate(result)}


def as_csv(report: dict) -> str:
    """The report as CSV, the same columns as the annual report's table, with a closing totals row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report["rows"])
    writer.writerow({"ward": "Total", "notice_type": "", **report["totals"]})
    return out.getvalue()
