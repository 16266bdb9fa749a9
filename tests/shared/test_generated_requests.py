"""Requests generated from each service's own OpenAPI document (schemathesis), valid and invalid, sent as an officer,
a supervisor and an admin: no answer may be a server error, and every answer must match what the document says."""
import math
from collections import Counter

import pytest
import schemathesis
from schemathesis import GenerationMode
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from shared.service_list import SERVICE_NAMES
from tests.conftest import bearer

ROLES = ("enforcement_officer", "enforcement_supervisor", "admin")
PER_SERVICE = 1000  # generated requests, at least, across the three roles


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_generated_requests_never_get_a_server_error_and_match_the_document(service, service_apps, db):
    app = service_apps[service]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    examples = math.ceil(PER_SERVICE / len(ROLES) / len(operations)) * 2  # some operations run out of new inputs
    sent, failures, statuses = 0, [], Counter()
    try:
        for role in ROLES:
            # Schemathesis calls the app directly (WSGI) and does not decompress answers, so it asks for none.
            headers = {**bearer(f"generated.{role}", role), "Accept-Encoding": "identity"}
            for operation in operations:
                # Valid requests and deliberately invalid ones (wrong types, missing fields, out-of-range values).
                @given(case=operation.as_strategy(GenerationMode.POSITIVE) | operation.as_strategy(
                    GenerationMode.NEGATIVE))
                @settings(max_examples=examples, deadline=None, database=None, derandomize=True,
                          suppress_health_check=list(HealthCheck))
                def send(case):
                    nonlocal sent
                    response = case.call(headers=headers)
                    sent += 1
                    statuses[response.status_code] += 1
                    try:
                        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
                    except Exception as failure:  # keep going: report every operation that fails
                        failures.append(f"{role} {operation.label}: {str(failure)[:1500]}")
                        raise

                try:
                    send()
                except Exception:
                    pass
    finally:
        app.extensions["sbo_throttle"].limiter.storage.reset()  # generated sign-ins must not lock out later tests
    print(f"\n{service}: {sent} generated requests over {len(operations)} operations as {', '.join(ROLES)}; "
          f"answers: {dict(sorted(statuses.items()))}")
    assert not failures, "\n".join(failures)
    assert sent >= PER_SERVICE
