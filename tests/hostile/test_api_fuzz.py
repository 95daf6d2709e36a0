"""The JSON API fuzzed from its own OpenAPI document (schemathesis): whatever a client sends, no answer is a 5xx.

Each operation gets a bounded number of generated requests, signed in as a district officer; the examples cover
valid and invalid bodies, query strings and path parameters (unknown ids, huge numbers, odd text). Generation is
derandomized, so a failure is the same on every run.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from webapp import create_app

EXAMPLES = 15  # per operation and mode


def test_no_request_to_the_api_answers_with_a_server_error(demo3) -> None:
    app = create_app({"TESTING": True, "SECRET_KEY": "fuzz"}, planflow=demo3)
    token = app.test_client().post("/api/v1/tokens", json={"username": "officer.298", "password": "planflow"})
    auth = {"Authorization": f"Bearer {token.get_json()['token']}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures, tried = [], 0

    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @given(operation.as_strategy(generation_mode=mode))
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            def call(case) -> None:
                nonlocal tried
                tried += 1
                response = case.call(headers=auth)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} {case.query} {case.body!r}: "
                                    f"{response.status_code}")

            call()

    print(f"{tried} requests")
    assert tried > 100
    assert failures == []
