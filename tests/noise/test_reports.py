"""The noise reports: demand by category and month, cases by status, time to first action, and FPNs for
breaches; each a table, and the same as CSV."""
import csv
import io
from shared.brent import LONDON
from tests.noise.conftest import days_ago, report


def _report(noise, nuisance, name, **query):
    answer = noise.get(f"/api/v1/reports/{name}", query_string=query, headers=nuisance)
    assert answer.status_code == 200, answer.json
    return answer


def test_demand_counts_each_report_by_category_and_brents_month(db, post, noise, nuisance):
    before = _report(noise, nuisance, "demand").json
    post(report(started=days_ago(3), address="1 Demand Road, London NW10 1AA"))
    post(report(started=days_ago(3), address="2 Demand Road, London NW10 1AA", category="animal"))
    after = _report(noise, nuisance, "demand").json
    music, animal, total = (after["columns"].index(c) for c in ("Music", "Animal", "Total"))
    assert after["rows"][-1][0] == "Total"
    assert after["rows"][-1][music] == before["rows"][-1][music] + 1
    assert after["rows"][-1][animal] == before["rows"][-1][animal] + 1
    assert after["rows"][-1][total] == before["rows"][-1][total] + 2
    month = days_ago(3).astimezone(LONDON).strftime("%Y-%m")
    row = next(r for r in after["rows"] if r[0] == month)
    assert row[total] == sum(row[1:total])


def test_cases_by_status_and_time_to_first_action(db, post, noise, nuisance, in_team):
    for days in (12, 6, 2):
        reference = post(report(started=days_ago(days), address="3 Demand Road, London NW10 1AA")).json[
            "case_reference"]
    statuses = dict((r[0], r[1]) for r in _report(noise, nuisance, "cases").json["rows"])
    assert statuses["Qualified"] >= 1 and statuses["Total"] >= statuses["Qualified"]
    waiting = _report(noise, nuisance, "response").json["rows"][-1]
    assert waiting[1] >= 1 and waiting[4] >= 1  # qualified this month, still waiting for a first action
    assert noise.post(f"/api/v1/cases/{reference}/assign", json={"officer": in_team}, headers=nuisance
                      ).status_code == 200
    acted = _report(noise, nuisance, "response").json["rows"][-1]
    assert acted[4] == waiting[4] - 1 and acted[2] is not None and acted[2] >= 0


def test_a_report_as_csv_by_format_or_by_accept(db, noise, nuisance):
    as_csv = _report(noise, nuisance, "cases", format="csv")
    assert as_csv.mimetype == "text/csv" and "attachment" in as_csv.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.data.decode())))
    assert rows[0] == ["Status", "Cases"] and rows[-1][0] == "Total"
    accepted = noise.get("/api/v1/reports/fpns", headers={**nuisance, "Accept": "text/csv"})
    assert accepted.mimetype == "text/csv" and accepted.data.decode().startswith("Month,Issued,Refused")


def test_an_unknown_report_or_backwards_dates_are_refused_clearly(db, noise, nuisance):
    missing = noise.get("/api/v1/reports/karaoke", headers=nuisance)
    assert missing.status_code == 404 and "demand, cases, response, fpns" in missing.json["detail"]
    backwards = noise.get("/api/v1/reports/demand?from=2026-10-01&to=2026-09-01", headers=nuisance)
    assert backwards.status_code == 422 and backwards.json["errors"][0]["field"] == "to"
