"""The noise reports, each a table (title, columns, rows) that the officers' page draws as a table and a chart, and
that can be downloaded as CSV:

- demand: incidents by category and month (the annual report's table), months in Brent's calendar;
- cases: cases by status;
- response: from qualification to the first casework action, by month of qualification (median and 90th
  percentile in hours, and how many still wait);
- fpns: fixed penalty notices asked of fpn for breaches, by month: issued, refused, waiting, and the amounts.
"""
from datetime import date, datetime, timedelta
from decimal import Decimal
from statistics import median, quantiles

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shared.brent import london_date
from shared.report_tables import day_start, months
from services.noise import intake_rules
from services.noise.models import Breach, Case, CaseAction, Incident, NoticeRequest

NAMES = ("demand", "cases", "response", "fpns")


def _month(moment: datetime) -> str:
    return london_date(moment).strftime("%Y-%m")


def demand(session: Session, start: date, end: date) -> dict:
    """Incidents reported, by month (rows) and category (columns), with totals."""
    counts: dict = {}
    rows = session.execute(select(Incident.started_at, Incident.category).where(
        Incident.started_at >= day_start(start), Incident.started_at < day_start(end + timedelta(days=1))))
    for started_at, category in rows:  # a year's incidents: grouped here, in Brent's months
        key = (_month(started_at), category)
        counts[key] = counts.get(key, 0) + 1
    categories = list(intake_rules.CATEGORIES)
    table = [[month, *[counts.get((month, c), 0) for c in categories],
              sum(counts.get((month, c), 0) for c in categories)] for month in months(start, end)]
    table.append(["Total", *[sum(r[i + 1] for r in table) for i in range(len(categories))],
                  sum(r[-1] for r in table)])
    return {"title": "Demand by category and month", "columns": ["Month", *intake_rules.CATEGORIES.values(),
                                                                  "Total"], "rows": table}


def cases_by_status(session: Session, start: date, end: date) -> dict:
    """Cases opened in the period, by where they are now."""
    found = dict(session.execute(select(Case.status, func.count()).where(
        Case.opened_at >= day_start(start), Case.opened_at < day_start(end + timedelta(days=1))).group_by(Case.status)).all())
    order = ("monitoring", "qualified", "investigating", "notice_served", "prosecution", "closed")
    rows = [[status.replace("_", " ").capitalize(), found.get(status, 0)] for status in order]
    return {"title": "Cases by status", "columns": ["Status", "Cases"],
            "rows": rows + [["Total", sum(r[1] for r in rows)]]}


def response(session: Session, start: date, end: date) -> dict:
    """Hours from a case qualifying to its first casework action, by month of qualification."""
    qualified = session.execute(select(Case.id, Case.qualified_at).where(
        Case.qualified_at >= day_start(start), Case.qualified_at < day_start(end + timedelta(days=1)))).all()
    first = dict(session.execute(select(CaseAction.case_id, func.min(CaseAction.at)).where(
        CaseAction.case_id.in_([c.id for c in qualified])).group_by(CaseAction.case_id)).all()) if qualified else {}
    by_month: dict = {}
    for case_id, qualified_at in qualified:
        hours = (first[case_id] - qualified_at).total_seconds() / 3600 if case_id in first else None
        by_month.setdefault(_month(qualified_at), []).append(hours)
    rows = []
    for month in months(start, end):
        waits = by_month.get(month, [])
        done = sorted(h for h in waits if h is not None)
        rows.append([month, len(waits), _hours(median(done)) if done else None,
                     _hours(quantiles(done, n=10)[-1]) if len(done) > 1 else (_hours(done[0]) if done else None),
                     len(waits) - len(done)])
    return {"title": "Time from qualifying to first action (hours)",
            "columns": ["Month qualified", "Cases", "Median", "90th percentile", "Still waiting"], "rows": rows}


def _hours(value: float) -> float:
    return round(value, 1)


def fpns(session: Session, start: date, end: date) -> dict:
    """Fixed penalty notices asked of fpn for breaches of abatement notices, by month of the breach."""
    found = session.execute(select(Breach.occurred_at, NoticeRequest.state, NoticeRequest.amount).join(
        NoticeRequest, NoticeRequest.reference == Breach.notice_reference, isouter=True).where(
        Breach.occurred_at >= day_start(start), Breach.occurred_at < day_start(end + timedelta(days=1)))).all()
    table = {month: [0, 0, 0, Decimal("0.00")] for month in months(start, end)}
    for occurred_at, state, amount in found:
        row = table.setdefault(_month(occurred_at), [0, 0, 0, Decimal("0.00")])
        if state == "issued":
            row[0] += 1
            row[3] += amount or 0
        elif state == "refused":
            row[1] += 1
        else:
            row[2] += 1
    rows = [[month, *values[:3], f"{values[3]:.2f}"] for month, values in sorted(table.items())]
    return {"title": "Fixed penalty notices for breaches", "columns": ["Month", "Issued", "Refused",
                                                                      "Waiting to be issued", "Amount issued (£)"],
            "rows": rows}


REPORTS = {"demand": demand, "cases": cases_by_status, "response": response, "fpns": fpns}
