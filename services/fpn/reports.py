"""The outcomes report: what became of the notices issued in a period, counted per ward and notice type (the annual
report's table), and per ward, per notice type and per month for charts.

"FPNs issued" keeps the annual report's meaning: every FPN that took effect in the period (issued, or approved by a
supervisor), whatever happened to it afterwards. Each later outcome is a column of its own, so an FPN issued and
then cancelled counts in both, as one reduced to a warning does. A notice still waiting for approval counts only
as awaiting approval; one cancelled before it was approved only as cancelled.
"""
import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.brent import london_date
from shared.report_tables import day_start, months
from services.fpn.models import Notice

COUNTS = ("fpns_issued", "warnings_given", "reduced_to_warning", "paid_in_full", "paid_discounted", "cancelled",
          "outstanding", "awaiting_approval", "referred_to_legal", "prosecuted")
COLUMNS = ("ward", "notice_type", *COUNTS, "income")
HEADINGS = {"ward": "Ward", "notice_type": "Notice type", "month": "Month", "fpns_issued": "FPNs issued",
            "warnings_given": "Warnings given", "reduced_to_warning": "Reduced to warning",
            "paid_in_full": "Paid in full", "paid_discounted": "Paid at the lower amount", "cancelled": "Cancelled",
            "outstanding": "Outstanding", "awaiting_approval": "Awaiting approval",
            "referred_to_legal": "Referred to legal", "prosecuted": "Prosecuted", "income": "Income received (£)"}
OUTSTANDING = ("issued", "representation_received")  # unpaid, and neither closed nor with legal
PROSECUTED = ("convicted", "acquitted")  # the case was heard (a withdrawn one was not)


@dataclass(frozen=True)
class Facts:
    """What the report needs to know of one notice."""

    ward: str
    notice_type: str
    month: str  # '2026-11', the month it was issued
    outcome: str  # fpn | warning, as issued
    state: str
    took_effect: bool
    reduced: bool
    referred: bool
    prosecution_outcome: str | None
    amount: Decimal | None
    paid_amount: Decimal | None


def counts(notice: Facts) -> dict:
    """The columns one notice counts in, and the money it brought in."""
    paid = notice.state == "paid" and notice.paid_amount is not None
    return {"fpns_issued": int(notice.outcome == "fpn" and notice.took_effect),
            "warnings_given": int(notice.outcome == "warning" and notice.took_effect),
            "reduced_to_warning": int(notice.reduced),
            "paid_in_full": int(paid and notice.paid_amount >= (notice.amount or 0)),
            "paid_discounted": int(paid and notice.paid_amount < (notice.amount or 0)),
            "cancelled": int(notice.state == "cancelled"),
            "outstanding": int(notice.state in OUTSTANDING),
            "awaiting_approval": int(notice.state == "pending_approval"),
            "referred_to_legal": int(notice.referred),
            "prosecuted": int(notice.prosecution_outcome in PROSECUTED),
            "income": notice.paid_amount if paid else Decimal("0.00")}


def _group(notices: list[Facts], key, names: tuple[str, ...]) -> list[dict]:
    """Sum the notices' counts per `key(notice)`, sorted by it; each row named by `names`."""
    sums = defaultdict(lambda: dict.fromkeys((*COUNTS, "income"), 0))
    for notice in notices:
        row = sums[key(notice)]
        for column, value in counts(notice).items():
            row[column] += value
    return [{**dict(zip(names, k if isinstance(k, tuple) else (k,))), **v} for k, v in sorted(sums.items())]


def tabulate(notices: list[Facts], period_months: list[str]) -> dict:
    """The report's tables: by ward and notice type, with totals; and by ward, by notice type and by month (every
    month of the period, with or without notices)."""
    rows = _group(notices, lambda n: (n.ward, n.notice_type), ("ward", "notice_type"))
    by_month = {r["month"]: r for r in _group(notices, lambda n: n.month, ("month",))}
    empty = dict.fromkeys((*COUNTS, "income"), 0)
    return {"rows": rows,
            "totals": {k: sum((r[k] for r in rows), 0) for k in (*COUNTS, "income")},
            "by_ward": _group(notices, lambda n: n.ward, ("ward",)),
            "by_notice_type": _group(notices, lambda n: n.notice_type, ("notice_type",)),
            "by_month": [by_month.get(m, {"month": m, **empty}) for m in period_months]}


def facts_of(n: Notice) -> Facts:
    """What the report needs of a stored notice."""
    return Facts(ward=n.ward, notice_type=n.notice_type, month=london_date(n.issued_at).strftime("%Y-%m"),
                 outcome=n.outcome, state=n.state, took_effect=n.effective_at is not None,
                 reduced=n.reduced_at is not None, referred=n.referred_at is not None,
                 prosecution_outcome=n.prosecution_outcome, amount=n.amount, paid_amount=n.paid_amount)


def outcomes(*, session: Session, start: date, end: date) -> dict:
    """The report for the notices issued between `start` and `end` inclusive (Brent's days), as they stand now."""
    found = session.scalars(select(Notice).where(Notice.issued_at >= day_start(start),
                                                 Notice.issued_at < day_start(end + timedelta(days=1))))
    facts = [facts_of(n) for n in found]
    return {"from": start, "to": end, **tabulate(facts, months(start, end))}


def as_csv(report: dict) -> str:
    """The report's main table as CSV, the annual report's columns first, with a closing totals row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(report["rows"])
    writer.writerow({"ward": "Total", "notice_type": "", **report["totals"]})
    return out.getvalue()


def as_spreadsheet(report: dict) -> bytes:
    """The report as an Excel workbook: the table by ward and notice type with its totals, then one sheet each by
    ward, by notice type and by month, with headings people read."""
    book = Workbook()
    sheets = [("By ward and type", ("ward", "notice_type"), report["rows"] + [
                  {"ward": "Total", "notice_type": "", **report["totals"]}]),
              ("By ward", ("ward",), report["by_ward"]),
              ("By notice type", ("notice_type",), report["by_notice_type"]),
              ("By month", ("month",), report["by_month"])]
    for n, (title, names, rows) in enumerate(sheets):
        sheet = book.active if n == 0 else book.create_sheet()
        sheet.title = title
        columns = (*names, *COUNTS, "income")
        sheet.append([f"Notices issued {report['from']:%d %B %Y} to {report['to']:%d %B %Y}, as they stand now"])
        sheet.append([HEADINGS[c] for c in columns])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([float(row[c]) if c == "income" else row[c] for c in columns])
        for letter, width in zip("ABCDEFGHIJKLMN", (44 if "notice_type" in names else 24, *[16] * 13)):
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
