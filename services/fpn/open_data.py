"""Open data: monthly counts of notices per ward and notice type, published with no personal data, under the Open
Government Licence, with a data dictionary. Only complete months are published (the month under way would change
under its readers), and only counts: no number, name, date of birth, address, registration mark or officer."""
import csv
import io
from collections import defaultdict
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.report_tables import day_start
from services.fpn import reports
from services.fpn.models import Notice

LICENCE = {"name": "Open Government Licence v3.0",
           "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
           "attribution": "Contains public sector information licensed under the Open Government Licence v3.0. "
                          "Source: London Borough of Brent, Safer Brent Partnership."}
COUNTS = ("fpns_issued", "warnings_given", "reduced_to_warning", "paid_in_full", "paid_discounted", "cancelled",
          "referred_to_legal", "prosecuted")
DICTIONARY = [
    ("month", "text (YYYY-MM)", "The month the notices were issued, in Brent (Europe/London)."),
    ("ward", "text", "The ward where the offence happened (Brent's 22 wards, 2022 boundaries)."),
    ("notice_type", "text", "The order and prohibition breached, as the annual report names it."),
    ("fpns_issued", "whole number", "Fixed penalty notices that took effect in the month, whatever happened to "
                                    "them afterwards (so they are also counted in the later columns)."),
    ("warnings_given", "whole number", "Notices issued as written warnings."),
    ("reduced_to_warning", "whole number", "Of the FPNs, those later reduced to a warning."),
    ("paid_in_full", "whole number", "Of the FPNs, those paid at the full amount, so far."),
    ("paid_discounted", "whole number", "Of the FPNs, those paid at the lower amount for early payment, so far."),
    ("cancelled", "whole number", "Notices cancelled (including those cancelled before they took effect)."),
    ("referred_to_legal", "whole number", "Of the FPNs, those referred for prosecution, so far."),
    ("prosecuted", "whole number", "Of those referred, prosecutions heard (convicted or acquitted), so far."),
]
COLUMNS = [name for name, _kind, _meaning in DICTIONARY]


def monthly_counts(*, session: Session, until: date) -> list[dict]:
    """One row per month, ward and notice type with any notice, for every complete month before `until`'s month,
    oldest first; as the notices stand today."""
    end = until.replace(day=1)
    found = session.scalars(select(Notice).where(Notice.issued_at < day_start(end)))
    groups = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for n in found:
        facts = reports.facts_of(n)
        row = groups[(facts.month, facts.ward, facts.notice_type)]
        for column, value in reports.counts(facts).items():
            if column in row:
                row[column] += value
    return [{"month": m, "ward": w, "notice_type": t, **row} for (m, w, t), row in sorted(groups.items())]


def as_csv(rows: list[dict]) -> str:
    """The rows as CSV, the dictionary's columns in its order."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()
