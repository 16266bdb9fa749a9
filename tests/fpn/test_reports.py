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
    assert report["totals"] == {"fpns_issued": 1075, "reduced_to_warning": 258, "referred_to_legal": 95}


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
    assert rows[-1] == {"ward": "Total", "notice_type": "", "fpns_issued": "1075", "reduced_to_warning": "258",
                        "referred_to_legal": "95"}


def test_report_counts_only_fpns_whose_offence_fell_in_the_period(client, db, supervisor, issue, notice_body):
    issue(notice_body)
    issue({**notice_body, "outcome": "warning"})
    from datetime import datetime

    from shared.brent import london_date

    today = london_date(datetime.fromisoformat(notice_body["occurred_at"])).isoformat()  # the offence's Brent day
    report = client.get("/api/v1/reports/outcomes", query_string={"from": today, "to": today},
                        headers=supervisor).json
    assert report["totals"]["fpns_issued"] == 1
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
