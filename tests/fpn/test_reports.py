"""The outcomes report reproduces the annual report's table, as JSON and CSV."""
import csv
import io

from services.fpn.demo_data import OUTCOMES_TABLE, notices_from_outcomes_table

REPORT_YEAR = {"from": "2022-10-01", "to": "2023-09-30"}


def _published_table():
    """The published rows that count at least one notice (one row of the table is all zeros)."""
    return {(r["ward"], r["notice_type"]): r for r in csv.DictReader(OUTCOMES_TABLE.open())
            if int(r["fpns_issued"])}


def test_report_reproduces_the_2022_23_annual_report_table(client, db, supervisor):
    made = notices_from_outcomes_table(session=db)
    db.commit()
    report = client.get("/api/v1/reports/outcomes", query_string=REPORT_YEAR, headers=supervisor).json
    published = _published_table()
    assert made == sum(int(r["fpns_issued"]) for r in published.values())
    assert len(report["rows"]) == len(published)
    for row in report["rows"]:
        expected = published[(row["ward"], row["notice_type"])]
        assert (row["fpns_issued"], row["reduced_to_warning"], row["referred_to_legal"]) == tuple(
            int(expected[k]) for k in ("fpns_issued", "reduced_to_warning", "referred_to_legal"))
    totals = report["totals"]
    assert (totals["fpns_issued"], totals["reduced_to_warning"], totals["referred_to_legal"]) == (1075, 258, 95)
    # The demo takes the rest of each row to have been paid, in full: the income is theirs.
    paid = sum(max(0, int(r["fpns_issued"]) - int(r["reduced_to_warning"]) - int(r["referred_to_legal"]))
               for r in published.values())
    assert (totals["paid_in_full"], totals["income"]) == (paid, f"{paid * 100}.00")


def test_report_as_csv_has_the_annual_report_columns_and_a_totals_row(client, db, supervisor):
    notices_from_outcomes_table(session=db)
    db.commit()
    response = client.get("/api/v1/reports/outcomes", query_string={**REPORT_YEAR, "format": "csv"},
                          headers=supervisor)
    assert response.mimetype == "text/csv"
    asked_by_accept = client.get("/api/v1/reports/outcomes", query_string=REPORT_YEAR,
                                 headers={**supervisor, "Accept": "text/csv"})
    assert asked_by_accept.mimetype == "text/csv" and asked_by_accept.data == response.data
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    wembley = next(r for r in rows if r["ward"] == "Wembley Central"
                   and r["notice_type"] == "Borough Wide PSPO - Alcohol consumption")
    assert wembley["fpns_issued"] == "128" and wembley["referred_to_legal"] == "12"
    assert list(rows[0])[:5] == ["ward", "notice_type", "fpns_issued", "warnings_given", "reduced_to_warning"]
    assert {k: rows[-1][k] for k in ("ward", "fpns_issued", "reduced_to_warning", "referred_to_legal")} == {
        "ward": "Total", "fpns_issued": "1075", "reduced_to_warning": "258", "referred_to_legal": "95"}


def test_report_counts_only_notices_issued_in_the_period(client, db, supervisor, issue, notice_body):
    issue(notice_body)
    issue({**notice_body, "outcome": "warning"})
    from datetime import datetime

    from shared.brent import london_date

    today = london_date(datetime.fromisoformat(notice_body["occurred_at"])).isoformat()  # the offence's Brent day
    report = client.get("/api/v1/reports/outcomes", query_string={"from": today, "to": today},
                        headers=supervisor).json
    assert (report["totals"]["fpns_issued"], report["totals"]["warnings_given"]) == (1, 1)
    earlier = client.get("/api/v1/reports/outcomes", query_string={"from": "2025-01-01", "to": "2025-01-31"},
                         headers=supervisor).json
    assert earlier["totals"]["fpns_issued"] == 0


def test_officers_cannot_read_reports_and_bad_dates_are_explained(client, officer, supervisor):
    assert client.get("/api/v1/reports/outcomes", query_string=REPORT_YEAR, headers=officer).status_code == 403
    backwards = client.get("/api/v1/reports/outcomes", query_string={"from": "2023-09-30", "to": "2022-10-01"},
                           headers=supervisor)
    assert backwards.status_code == 422 and "before" in backwards.json["detail"]
    missing = client.get("/api/v1/reports/outcomes", headers=supervisor)
    assert {e["field"] for e in missing.json["errors"]} == {"query.from", "query.to"}


def _act(client, headers, number, action, **body):
    answer = client.post(f"/api/v1/notices/{number}/{action}", json=body, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_every_outcome_is_counted_and_an_fpn_issued_then_cancelled_counts_in_both(db, client, supervisor, issue,
                                                                                  notice_body):
    from datetime import date, timedelta

    from shared.brent import today
    from services.fpn import notices

    fpn = lambda: issue(notice_body).json  # noqa: E731
    young = {**notice_body, "offender": {**notice_body["offender"], "date_of_birth": date(date.today().year - 15, 1, 1)
                                         .isoformat()}}
    fpn()  # outstanding
    paid = fpn()
    notices.get(session=db, number=paid["number"]).discount_until = today() - timedelta(days=1)  # paid in full
    db.flush()
    _act(client, supervisor, paid["number"], "pay", amount="100.00", paid_on=today().isoformat(), method="card",
         payment_reference="AUTH 123456")
    early = fpn()
    _act(client, supervisor, early["number"], "pay", amount="60.00", paid_on=today().isoformat(), method="cash",
         payment_reference="RCPT-77")
    _act(client, supervisor, fpn()["number"], "cancel", reason="Issued to the wrong person")
    _act(client, supervisor, fpn()["number"], "reduce_to_warning", reason="First offence, apologised")
    issue({**notice_body, "outcome": "warning"})
    issue(young)  # awaiting approval
    referred = fpn()
    _act(client, supervisor, referred["number"], "refer_to_legal")
    _act(client, supervisor, referred["number"], "record_prosecution", prosecution_outcome="convicted")
    _act(client, supervisor, issue(young).json["number"], "cancel", reason="Parent showed the child is 9")

    today = date.today().isoformat()
    report = client.get("/api/v1/reports/outcomes", query_string={"from": today, "to": today},
                        headers=supervisor).json
    assert report["totals"] == {"fpns_issued": 6, "warnings_given": 1, "reduced_to_warning": 1, "paid_in_full": 1,
                                "paid_discounted": 1, "cancelled": 2, "outstanding": 1, "awaiting_approval": 1,
                                "referred_to_legal": 1, "prosecuted": 1, "income": "160.00"}
    assert [r["ward"] for r in report["by_ward"]] == ["Wembley Central"]
    assert report["by_month"] == [{**report["totals"], "month": today[:7]}]

    book = client.get("/api/v1/reports/outcomes", query_string={"from": today, "to": today, "format": "xlsx"},
                      headers=supervisor)
    from openpyxl import load_workbook

    sheets = load_workbook(io.BytesIO(book.data))
    assert sheets.sheetnames == ["By ward and type", "By ward", "By notice type", "By month"]
    total = [c.value for c in sheets["By ward and type"][4]]  # title, headings, one row, then the totals
    assert total[0] == "Total" and total[2:] == [6, 1, 1, 1, 1, 2, 1, 1, 1, 1, 160.0]


def test_the_reports_months_include_those_with_no_notices_and_a_notice_cancelled_before_approval_was_never_issued():
    from decimal import Decimal

    from services.fpn.reports import Facts, tabulate

    def facts(month, state, took_effect=True, paid=None):
        return Facts(ward="Kilburn", notice_type="Dog fouling", month=month, outcome="fpn", state=state,
                     took_effect=took_effect, reduced=False, referred=False, prosecution_outcome=None,
                     amount=Decimal("100.00"), paid_amount=paid)

    report = tabulate([facts("2026-01", "cancelled", took_effect=False), facts("2026-03", "paid", paid=Decimal("60")),
                       facts("2026-03", "paid", paid=Decimal("100.00"))], ["2026-01", "2026-02", "2026-03"])
    assert [(m["month"], m["fpns_issued"], m["cancelled"]) for m in report["by_month"]] == [
        ("2026-01", 0, 1), ("2026-02", 0, 0), ("2026-03", 2, 0)]
    assert (report["totals"]["paid_in_full"], report["totals"]["paid_discounted"], report["totals"]["income"]) == (
        1, 1, Decimal("160.00"))
