"""Contract test: schemathesis generates requests from the OpenAPI document for every GET
endpoint and sends them to the app in-process, as an anonymous caller and with two
organisations' tokens; no answer may be a server error, and each must match its documented
status codes and schema."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from wwidw.api.openapi import document

CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


def _fuzz(operation, headers: dict[str, str]) -> None:
    @given(case=operation.as_strategy())
    @settings(max_examples=10, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_no_server_errors_on_any_endpoint(app, world):
    schema = schemathesis.openapi.from_dict(document())
    schema.app = app  # in-process WSGI calls, no server
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 7
    for who in ("anonymous", "owner", "peer"):
        for operation in operations:
            _fuzz(operation, world.header(who))
