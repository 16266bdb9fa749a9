"""Open data: monthly counts per ward and notice type, public, under the Open Government Licence, with a data
dictionary, and nothing in them about any person."""
import csv
import io
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import select

from services.fpn import open_data
from services.fpn.models import Notice

PERSON = {"name": "Quentin Zebedee-Openshaw", "date_of_birth": "1987-03-29", "address": "17 Unusual Crescent, NW10 9ZZ"}


def test_the_published_counts_hold_no_personal_data_and_match_the_notices(client, db, issue, notice_body):
    last_month = date.today().replace(day=1) - timedelta(days=1)
    person = {**notice_body, "offender": PERSON}
    numbers = [issue(person).json["number"], issue({**person, "outcome": "warning"}).json["number"],
               issue(person).json["number"]]
    this_month = issue(person).json["number"]  # the month under way is not published yet
    for notice in db.scalars(select(Notice).where(Notice.number.in_([n.replace(" ", "") for n in numbers]))):
        notice.issued_at = notice.effective_at = datetime.combine(last_month, datetime.min.time(), timezone.utc) \
            + timedelta(hours=12)
    db.commit()

    as_csv = client.get("/open-data/fpn-monthly.csv")
    assert as_csv.status_code == 200 and as_csv.mimetype == "text/csv"
    text = as_csv.get_data(as_text=True)
    as_json = client.get("/open-data/fpn-monthly.json")
    published = text + as_json.get_data(as_text=True)
    for personal in (*PERSON.values(), "Quentin", "1987", "Unusual Crescent", "officer.patel", "Officer Patel",
                     *numbers, this_month, "BWV-0042"):
        assert personal.replace(" ", "") not in published.replace(" ", ""), personal
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == open_data.COLUMNS
    assert [(r["month"], r["ward"], r["fpns_issued"], r["warnings_given"]) for r in rows] == [
        (last_month.strftime("%Y-%m"), "Wembley Central", "2", "1")]
    assert as_json.json["licence"]["name"] == "Open Government Licence v3.0"
    assert [d["column"] for d in as_json.json["dictionary"]] == open_data.COLUMNS
    assert as_json.json["rows"][0]["fpns_issued"] == 2


def test_the_open_data_page_needs_no_sign_in_and_explains_every_column(client):
    page = client.get("/open-data/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Open Government Licence v3.0" in body and all(f"<code>{c}</code>" in body for c in open_data.COLUMNS)
