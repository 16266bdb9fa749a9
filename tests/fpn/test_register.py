"""The PSPO register: Brent's orders as loaded, and the statute guarding penalty terms."""
from tests.fpn.conftest import prohibition_id


def _orders(client, headers, **query):
    return client.get("/api/v1/orders", query_string=query, headers=headers).json


def test_brent_orders_are_loaded_with_their_real_dates_and_three_scopes(client, officer):
    orders = {o["code"]: o for o in _orders(client, officer)}
    pspo = orders["BRENT-PSPO-2023"]
    assert (pspo["in_force_from"], pspo["in_force_to"]) == ("2023-02-01", "2026-01-31")
    assert [s["name"] for s in pspo["scopes"]] == ["Boroughwide", "Wembley Park", "Parks and open spaces"]
    alcohol = pspo["scopes"][0]["prohibitions"][0]
    assert alcohol["report_label"] == "Borough Wide PSPO - Alcohol consumption"
    assert alcohol["terms"][0] | {} == {"effective_from": "2023-02-01", "amount": "100.00",
                                        "discount_amount": "60.00", "discount_days": 10, "payment_days": 14}
    vehicles = orders["BRENT-NV-PSPO-2023"]
    assert vehicles["in_force_to"] == "2025-03-31"
    assert vehicles["scopes"][0]["prohibitions"][0]["terms"][0]["effective_from"] == "2024-01-01"


def test_filtering_by_ward_hides_scopes_that_do_not_apply_there(client, officer):
    kilburn = {o["code"]: o for o in _orders(client, officer, ward="Kilburn")}["BRENT-PSPO-2023"]
    assert "Wembley Park" not in [s["name"] for s in kilburn["scopes"]]
    wembley_park = {o["code"]: o for o in _orders(client, officer, ward="Wembley Park")}["BRENT-PSPO-2023"]
    assert "Wembley Park" in [s["name"] for s in wembley_park["scopes"]]


def test_an_extension_moves_the_end_date_and_is_recorded(client, admin, officer):
    assert "BRENT-PSPO-2023" not in [o["code"] for o in _orders(client, officer, on="2026-06-01")]
    response = client.post("/api/v1/orders/BRENT-PSPO-2023/variations", headers=admin, json={
        "kind": "extension", "decided_on": "2026-01-15", "new_end": "2029-01-31",
        "description": "Extended by Cabinet for three years"})
    assert response.status_code == 201
    assert response.json["in_force_to"] == "2029-01-31"
    assert response.json["variations"][0]["recorded_by"] == "admin.jones"
    assert "BRENT-PSPO-2023" in [o["code"] for o in _orders(client, officer, on="2026-06-01")]


def test_an_extension_that_does_not_move_the_end_later_is_refused(client, admin):
    response = client.post("/api/v1/orders/BRENT-PSPO-2023/variations", headers=admin, json={
        "kind": "extension", "decided_on": "2025-12-01", "new_end": "2025-06-30", "description": "Typo"})
    assert response.status_code == 422 and "later new end date" in response.json["detail"]


def test_penalty_over_the_statutory_cap_is_refused_until_parliament_raises_it(client, admin, db):
    pid = prohibition_id(db, "boroughwide", "alcohol-consumption")
    over = client.post(f"/api/v1/prohibitions/{pid}/terms", headers=admin,
                       json={"effective_from": "2027-04-01", "amount": "500.00"})
    assert over.status_code == 422 and "£100.00 maximum" in over.json["detail"]
    cap = client.post("/api/v1/statutory-caps", headers=admin, json={
        "legal_basis": "Anti-social Behaviour, Crime and Policing Act 2014 s.59", "effective_from": "2027-01-01",
        "max_amount": "500.00", "source": "Crime and Policing Act (hypothetical commencement for this test)"})
    assert cap.status_code == 201
    raised = client.post(f"/api/v1/prohibitions/{pid}/terms", headers=admin,
                         json={"effective_from": "2027-04-01", "amount": "500.00", "discount_amount": "300.00",
                               "discount_days": 10})
    assert raised.status_code == 201
    assert [t["amount"] for t in raised.json["terms"]] == ["100.00", "500.00"]


def test_an_early_payment_window_of_14_days_or_more_is_refused(client, admin, db):
    pid = prohibition_id(db, "parks", "dog-fouling")
    response = client.post(f"/api/v1/prohibitions/{pid}/terms", headers=admin, json={
        "effective_from": "2026-12-01", "amount": "100.00", "discount_amount": "60.00", "discount_days": 14})
    assert response.status_code == 422 and "shorter than the 14-day" in response.json["detail"]


def test_only_admins_change_the_register(client, supervisor, officer, db):
    pid = prohibition_id(db, "parks", "dog-fouling")
    for headers in (supervisor, officer):
        response = client.post(f"/api/v1/prohibitions/{pid}/terms", headers=headers,
                               json={"effective_from": "2026-12-01", "amount": "80.00"})
        assert response.status_code == 403 and "admin" in response.json["detail"]


NEW_ORDER = {
    "code": "KILBURN-PSPO-2027", "title": "Kilburn High Road PSPO", "in_force_from": "2026-12-01",
    "in_force_to": "2029-11-30", "legal_basis": "Anti-social Behaviour, Crime and Policing Act 2014 s.59",
    "scopes": [{"code": "street", "name": "Kilburn High Road", "kind": "streets", "report_prefix": "Kilburn PSPO",
                "wards": ["Kilburn"], "streets": ["Kilburn High Road"],
                "prohibitions": [{"code": "alcohol-consumption", "short_name": "Alcohol consumption",
                                  "wording": "Consuming alcohol", "terms": [
                                      {"effective_from": "2026-12-01", "amount": "100.00",
                                       "discount_amount": "60.00", "discount_days": 10}]}]}]}


def test_admin_registers_a_new_order_and_officers_see_it(client, admin, officer):
    response = client.post("/api/v1/orders", headers=admin, json=NEW_ORDER)
    assert response.status_code == 201, response.json
    prohibition = response.json["scopes"][0]["prohibitions"][0]
    assert prohibition["report_label"] == "Kilburn PSPO - Alcohol consumption"
    assert "KILBURN-PSPO-2027" in [o["code"] for o in _orders(client, officer, on="2027-01-01")]
    again = client.post("/api/v1/orders", headers=admin, json=NEW_ORDER)
    assert again.status_code == 409 and "variation or extension" in again.json["detail"]


def test_a_new_order_with_a_penalty_over_the_cap_is_refused_whole(client, admin, officer):
    order = {**NEW_ORDER, "code": "KILBURN-PSPO-OVER"}
    order["scopes"] = [{**NEW_ORDER["scopes"][0], "prohibitions": [
        {**NEW_ORDER["scopes"][0]["prohibitions"][0], "terms": [{"effective_from": "2026-12-01", "amount": "150"}]}]}]
    response = client.post("/api/v1/orders", headers=admin, json=order)
    assert response.status_code == 422 and "maximum" in response.json["detail"]
    assert "KILBURN-PSPO-OVER" not in [o["code"] for o in _orders(client, officer)]


def test_the_next_notice_follows_a_register_change_at_once(client, admin, officer, db):
    """Each process keeps a copy of the register for issuing; a change must reach the very next notice."""
    import uuid
    from datetime import datetime, timedelta, timezone

    body = {"order_code": "BRENT-PSPO-2023", "prohibition_id": prohibition_id(db, "boroughwide", "dog-fouling"),
            "occurred_at": (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat(),
            "location": {"ward": "Kilburn", "street_address": "Kilburn High Road"}, "observed": "Left dog mess.",
            "offender": {"name": "Sam Example", "date_of_birth": "1990-05-17", "address": "1 Example Road"}, "outcome": "fpn",
            "identification_shown": True}

    def issue():
        return client.post("/api/v1/notices", json=body, headers={**officer, "Idempotency-Key": str(uuid.uuid4())})

    assert issue().json["type"].endswith("/order-not-in-force")  # the copy now holds the order as it ended in January
    client.post("/api/v1/orders/BRENT-PSPO-2023/variations", headers=admin, json={
        "kind": "extension", "decided_on": "2026-01-15", "new_end": "2029-01-31", "description": "Extended"})
    assert issue().json["amount"] == "100.00"
    from shared.brent import london_date

    offence_day = london_date(datetime.fromisoformat(body["occurred_at"])).isoformat()  # not UTC's today: at
    added = client.post(f"/api/v1/prohibitions/{body['prohibition_id']}/terms", headers=admin, json={  # 00:30 they differ
        "effective_from": offence_day, "amount": "80.00", "payment_days": 14})
    assert added.status_code == 201, added.json
    assert issue().json["amount"] == "80.00"
