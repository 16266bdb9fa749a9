"""The fpn OpenAPI document says what clients need: each lifecycle action with the details it requires, both forms
of the outcomes report, amounts as strings, and every error answer as a problem document."""


def _spec(client):
    return client.get("/api/v1/openapi.json").json


def _schema(spec, ref):
    return spec["components"]["schemas"][ref["$ref"].rsplit("/", 1)[1]]


def test_each_lifecycle_action_is_its_own_operation_requiring_its_details(client):
    spec = _spec(client)
    body = spec["paths"]["/api/v1/notices/{number}/pay"]["post"]["requestBody"]["content"]["application/json"]
    pay = _schema(spec, body["schema"])
    assert set(pay["required"]) == {"amount", "paid_on", "method", "payment_reference"} and pay["properties"]["amount"]["type"] == "string"
    cancel = _schema(spec, spec["paths"]["/api/v1/notices/{number}/cancel"]["post"]["requestBody"]["content"][
        "application/json"]["schema"])
    assert cancel["required"] == ["reason"]
    prosecution = _schema(spec, spec["paths"]["/api/v1/notices/{number}/record_prosecution"]["post"][
        "requestBody"]["content"]["application/json"]["schema"])
    assert prosecution["properties"]["prosecution_outcome"]["enum"] == ["convicted", "acquitted", "withdrawn"]


def test_the_outcomes_report_is_documented_as_json_csv_and_a_spreadsheet(client):
    content = _spec(client)["paths"]["/api/v1/reports/outcomes"]["get"]["responses"]["200"]["content"]
    assert set(content) == {"application/json", "text/csv",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
    assert "$ref" in content["application/json"]["schema"]


def test_error_answers_are_documented_as_problem_documents(client):
    spec = _spec(client)
    responses = spec["paths"]["/api/v1/notices/{number}"]["get"]["responses"]
    assert {"401", "403", "404", "default"} <= set(responses)
    assert set(spec["components"]["responses"]["UNAUTHORIZED"]["content"]) == {"application/problem+json"}
