"""Fuzzing the REST API with Schemathesis against the checked-in OpenAPI document (docs/openapi.json).

Every operation gets generated requests, valid ones (positive) and ones that break the schema on purpose
(negative), sent in-process through Django's WSGI handler with a token that holds every scope and acts on
behalf of a professional. Two properties must hold for every request:

- no server error (5xx), and
- a documented response matches its documented schema.

This run is sized for the normal suite (FUZZ_EXAMPLES, default 8 per operation and mode). A heavier run:
    FUZZ_EXAMPLES=200 .venv/bin/python -m pytest tests/fuzz -q
tests/test_openapi.py keeps docs/openapi.json equal to what the code generates, so this document is the API.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error, response_schema_conformance

from samenkracht.accounts.models import ApiScope
from samenkracht.accounts.tokens import issue_token
from samenkracht.network.models import Role
from tests.conftest import make_person

DOCUMENT = json.loads((Path(__file__).resolve().parents[2] / "docs" / "openapi.json").read_text())
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))

schema = schemathesis.openapi.from_dict(DOCUMENT)
schema.config.generation.update(modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE])


@pytest.fixture
def wsgi_app():
    """Django's WSGI handler, minus the closing of connections at request start and end (as Django's own
    test client does), so every request runs inside the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(network, settings) -> dict[str, str]:
    settings.ALLOWED_HOSTS = ["*"]
    professional = make_person("fuzz.prof@example.test", "Fuzz Professional", [(network.mee, Role.PROFESSIONAL)])
    _token, raw = issue_token(organisation=network.mee, name="fuzz", scopes=list(ApiScope.values))
    return {"Authorization": f"Bearer {raw}", "X-On-Behalf-Of": professional.email}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_documented_responses_match_the_schema(case, wsgi_app, auth_headers):
    headers = {**(case.headers or {}), **auth_headers}  # generated Authorization values would be refused
    response = case.call(app=wsgi_app, headers=headers)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance], headers=headers)
