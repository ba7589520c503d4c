"""The OpenAPI document is checked in (docs/openapi.json) and must match what the code generates."""

from pathlib import Path

from samenkracht.web.management.commands.openapi import openapi_document

CHECKED_IN = Path(__file__).resolve().parent.parent / "docs" / "openapi.json"


def test_checked_in_openapi_document_matches_the_code():
    generated = openapi_document()
    assert CHECKED_IN.exists(), "docs/openapi.json is missing: run `samenkracht openapi --write`"
    assert CHECKED_IN.read_text(encoding="utf-8") == generated, (
        "docs/openapi.json is out of date: run `samenkracht openapi --write` and commit the result"
    )


def test_openapi_document_describes_token_auth_and_every_list_is_paged():
    import json

    document = json.loads(openapi_document())
    assert document["openapi"].startswith("3.")
    assert "TokenAuth" in document["components"]["securitySchemes"]
    # Lists bounded by nature: the municipalities two organisations share, the fixed indicator catalogue.
    bounded = {"/api/v1/organisations/overlap", "/api/v1/reports/indicators"}
    for path, item in document["paths"].items():
        get = item.get("get")
        if not get or "{" in path or path in bounded:
            continue
        schema = get["responses"]["200"]["content"]["application/json"]["schema"]
        if "$ref" in schema and not schema["$ref"].split("/")[-1].startswith("Paged"):
            continue  # one object (e.g. the municipality dashboard), not a list
        names = {p["name"] for p in get.get("parameters", [])}
        assert {"page", "page_size"} <= names, f"{path} is not paged"
