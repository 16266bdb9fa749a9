"""Finding notices through the API (issue 14's first part): by number, part of the offender's name, ward, officer,
state, outcome and days issued; sorted and paged with the total in X-Pagination; officers see only their own; an
unknown filter or value is a 422 that says what to choose, never a quiet empty list."""
import json

from tests.conftest import bearer


def _issued(issue, notice_body, name, ward, headers=None):
    body = {**notice_body, "offender": {**notice_body["offender"], "name": name},
            "location": {**notice_body["location"], "ward": ward}}
    answer = issue(body, headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()["number"]


def _found(client, supervisor, query):
    answer = client.get(f"/api/v1/notices?{query}", headers=supervisor)
    assert answer.status_code == 200, answer.get_json()
    return [n["number"] for n in answer.get_json()], json.loads(answer.headers["X-Pagination"])["total"]


def test_notices_are_found_by_name_ward_number_officer_and_state_and_paged(client, issue, notice_body, supervisor):
    other = bearer("officer.adeyemi", "enforcement_officer")
    first = _issued(issue, notice_body, "Sam Example", "Wembley Central")
    second = _issued(issue, notice_body, "Samira O'Neil", "Kilburn")
    third = _issued(issue, notice_body, "Jo Bloggs", "Kilburn", headers=other)
    assert _found(client, supervisor, "name=sAm") == ([second, first], 2)  # newest first, any case, part of it
    assert _found(client, supervisor, "ward=Kilburn") == ([third, second], 2)
    assert _found(client, supervisor, "ward=Kilburn&officer=officer.adeyemi") == ([third], 1)
    assert _found(client, supervisor, f"number={first.replace(' ', '')}") == ([first], 1)
    assert _found(client, supervisor, "state=issued&sort=issued_at&page_size=2") == ([first, second], 3)
    assert _found(client, supervisor, "state=issued&sort=issued_at&page_size=2&page=2") == ([third], 3)
    assert _found(client, supervisor, "state=paid") == ([], 0)
    assert _found(client, supervisor, "name=100%25") == ([], 0)  # a % is a letter to find, not "anything"
    assert _found(client, supervisor, "registration=AB12") == ([], 0)  # these were people, not vehicles
    mine = client.get("/api/v1/notices?ward=Kilburn", headers=other).get_json()
    assert [n["number"] for n in mine] == [third]  # an officer sees only their own


def test_an_unknown_filter_or_value_is_refused_with_what_to_choose(client, supervisor):
    def problems(query):
        answer = client.get(f"/api/v1/notices?{query}", headers=supervisor)
        assert answer.status_code == 422, (query, answer.get_json())
        return {e["field"].removeprefix("query."): e["message"] for e in answer.get_json()["errors"]}

    assert problems("state=unpaid")["state"].startswith("Choose a state: pending_approval, issued, ")
    assert problems("ward=Wembley") == {"ward": "Choose one of Brent's 22 wards, as written in the register"}
    assert "stat" in problems("stat=issued")  # a misspelt filter
    assert problems("order=NO-SUCH-ORDER") == {"order": "There is no order NO-SUCH-ORDER in the register"}
    assert "check digit" in problems("number=FPN123456789")["number"]
    assert problems("from=2026-11-30&to=2026-11-01") == {"to": "The last day must be the same as or after the "
                                                                "first day"}
