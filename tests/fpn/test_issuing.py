"""Issuing a notice: what an officer gets, and every refusal with a message they can act on."""
from datetime import date, datetime, timedelta, timezone

from tests.fpn.conftest import prohibition_id


def test_officer_issues_an_fpn_with_amounts_and_payment_dates(issue, notice_body):
    response = issue(notice_body)
    assert response.status_code == 201, response.json
    notice = response.json
    assert notice["state"] == "issued"
    assert notice["amount"] == "100.00" and notice["discount_amount"] == "60.00"
    today = datetime.now(timezone.utc).date()
    assert date.fromisoformat(notice["pay_by"]) - date.fromisoformat(notice["discount_until"]) == timedelta(days=4)
    assert abs((date.fromisoformat(notice["pay_by"]) - today).days - 14) <= 1
    assert notice["issued_by"] == "officer.patel"
    assert notice["number"].startswith("FPN ")


def test_issued_notice_can_be_read_back_by_its_number_with_or_without_spaces(client, issue, notice_body, officer):
    number = issue(notice_body).json["number"]
    for typed in (number, number.replace(" ", ""), number.lower().replace(" ", "-")):
        response = client.get(f"/api/v1/notices/{typed}", headers=officer)
        assert response.status_code == 200 and response.json["number"] == number


def test_mistyped_notice_number_is_caught_by_the_check_digit(client, issue, notice_body, officer):
    number = issue(notice_body).json["number"].replace(" ", "")
    digits = number[3:]
    swapped = "FPN" + digits[1] + digits[0] + digits[2:] if digits[0] != digits[1] else \
        "FPN" + digits[:-1] + str((int(digits[-1]) + 1) % 10)
    response = client.get(f"/api/v1/notices/{swapped}", headers=officer)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "check digit" in response.json["detail"]


def _refusal(response, kind):
    """Assert a 422 problem document of `kind` and return its detail."""
    assert response.status_code == 422, response.json
    assert response.mimetype == "application/problem+json"
    assert response.json["type"].endswith("/" + kind)
    return response.json["detail"]


def test_refused_when_order_not_in_force_saying_which_dates_it_covers(issue, notice_body, db):
    body = {**notice_body, "order_code": "BRENT-NV-PSPO-2023",
            "prohibition_id": prohibition_id(db, "boroughwide", "racing", "BRENT-NV-PSPO-2023"),
            "offender": {"registration_mark": "AB12 CDE", "keeper_name": "K. Keeper"}}
    detail = _refusal(issue(body), "order-not-in-force")
    assert "1 April 2023" in detail and "31 March 2025" in detail


def test_refused_when_prohibition_belongs_to_another_order(issue, notice_body, db):
    body = {**notice_body, "prohibition_id": prohibition_id(db, "boroughwide", "racing", "BRENT-NV-PSPO-2023")}
    detail = _refusal(issue(body), "prohibition-not-in-order")
    assert "Nuisance Vehicles PSPO" in detail


def test_refused_when_scope_does_not_cover_the_ward(issue, notice_body, db):
    body = {**notice_body, "prohibition_id": prohibition_id(db, "wembley-park", "alcohol-consumption")}
    body["location"] = {**body["location"], "ward": "Kilburn"}
    detail = _refusal(issue(body), "prohibition-not-in-scope")
    assert "Wembley Park" in detail and "Kilburn" in detail


def test_refused_as_warning_only_before_fpns_are_allowed(issue, notice_body, db, admin, client):
    # Extend the nuisance vehicles order, then remove its penalty by checking a date before FPNs began.
    from services.fpn import register

    order = register.get_order(session=db, code="BRENT-NV-PSPO-2023")
    order.in_force_from = date(2023, 4, 1)
    order.in_force_to = date(2030, 1, 1)
    for scope in order.scopes:
        for p in scope.prohibitions:
            for t in p.terms:
                t.effective_from = date(2030, 1, 1)
    db.commit()
    body = {**notice_body, "order_code": "BRENT-NV-PSPO-2023",
            "prohibition_id": prohibition_id(db, "boroughwide", "racing", "BRENT-NV-PSPO-2023"),
            "offender": {"registration_mark": "AB12 CDE"}}
    detail = _refusal(issue(body), "warning-only")
    assert "only warnings" in detail and "1 January 2030" in detail
    assert issue({**body, "outcome": "warning"}).json["state"] == "warning"


def test_refused_when_the_offence_is_in_the_future(issue, notice_body):
    body = {**notice_body, "occurred_at": (datetime.now(timezone.utc) + timedelta(hours=2)).isoformat()}
    refused = issue(body)
    assert "must be in the past" in _refusal(refused, "occurred-in-future")
    assert refused.json["errors"] == [{"field": "occurred_at", "message": "The time must be in the past"}]


def test_refused_when_the_offence_is_older_than_the_prosecution_time_limit(issue, notice_body):
    body = {**notice_body, "occurred_at": (datetime.now(timezone.utc) - timedelta(days=200)).isoformat()}
    assert "183 days" in _refusal(issue(body), "occurred-too-long-ago")


def test_refused_for_a_child_under_ten_telling_the_officer_to_inform_parents(issue, notice_body):
    born = date.today().replace(year=date.today().year - 9) - timedelta(days=30)
    body = {**notice_body, "offender": {**notice_body["offender"], "date_of_birth": born.isoformat()}}
    assert "parents" in _refusal(issue(body), "offender-under-10")


def test_notice_to_a_15_year_old_waits_for_a_supervisors_approval(client, issue, notice_body, supervisor):
    born = date.today().replace(year=date.today().year - 15) - timedelta(days=30)
    body = {**notice_body, "offender": {**notice_body["offender"], "date_of_birth": born.isoformat()}}
    notice = issue(body).json
    assert notice["state"] == "pending_approval"
    approved = client.post(f"/api/v1/notices/{notice['number']}/approve", json={}, headers=supervisor)
    assert approved.status_code == 200 and approved.json["state"] == "issued"
    assert approved.json["approved_by"] == "supervisor.okafor"


def test_time_without_offset_is_a_field_error(issue, notice_body):
    response = issue({**notice_body, "occurred_at": "2026-11-24T10:00:00"})
    assert response.status_code == 422
    assert {"field": "occurred_at"}.items() <= response.json["errors"][0].items()


def test_missing_fields_are_listed_one_by_one(issue):
    response = issue({"outcome": "fine"})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json["errors"]}
    assert {"order_code", "prohibition_id", "occurred_at", "location", "observed", "offender", "outcome"} <= fields


def test_unknown_ward_is_refused(issue, notice_body):
    body = {**notice_body, "location": {**notice_body["location"], "ward": "Camden Town"}}
    response = issue(body)
    assert response.status_code == 422 and response.json["errors"][0]["field"] == "location.ward"


def test_an_officer_cannot_issue_under_the_noise_abatement_order_and_the_form_is_not_offered_it(
        client, issue, notice_body, officer, db):
    noise_prohibition = prohibition_id(db, "boroughwide", "abatement-notice-breach-resident",
                                       order_code="BRENT-NOISE-FPN-2023")
    refused = issue({**notice_body, "order_code": "BRENT-NOISE-FPN-2023", "prohibition_id": noise_prohibition})
    assert refused.status_code == 422 and refused.json["type"].endswith("/order-not-for-this-issuer")
    on = datetime.now(timezone.utc).date().isoformat()
    offered = client.get(f"/api/v1/orders?on={on}&issued_through=officers", headers=officer).json
    everything = client.get(f"/api/v1/orders?on={on}", headers=officer).json
    assert "BRENT-NOISE-FPN-2023" not in {o["code"] for o in offered}
    assert {o["code"]: o["issued_through"] for o in everything}["BRENT-NOISE-FPN-2023"] == "noise"
