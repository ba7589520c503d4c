"""The reports API: report JSON per assignment and period, dashboard JSON, the catalogue."""

from __future__ import annotations

import pytest

from samenkracht.accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


def _get(client, organisation, url, scopes=("network:read",)):
    _token, raw = issue_token(organisation=organisation, name="rapportage", scopes=list(scopes))
    return client.get("/api/v1" + url, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_assignment_report_json_for_municipality_token(client, assignment, network):
    response = _get(client, network.gemeente_meierijstad, f"/reports/assignments/{assignment.assignment.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    results = {r["indicator"]: r for r in body["results"]}
    assert results["help_requests"]["actual"] == 11 and results["help_requests"]["status"] == "met"
    assert results["zrm_change"]["actual"] is None and results["zrm_change"]["actual_display"] == "<5"
    walk_in = next(c for c in results["help_requests"]["breakdown_rows"] if c["key"] == "walk_in")
    assert walk_in == {"key": "walk_in", "label": walk_in["label"], "value": None, "display": "<5"}


def test_assignment_report_json_period_and_bad_period(client, assignment, network):
    url = f"/reports/assignments/{assignment.assignment.pk}"
    response = _get(client, network.gemeente_meierijstad, url + "?start=2025-01-01&end=2025-03-31")
    assert response.status_code == 200
    assert response.json()["end"] == "2025-03-31"
    response = _get(client, network.gemeente_meierijstad, url + "?start=2025-06-01&end=2025-01-01")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "end"


def test_assignment_report_forbidden_for_others(client, assignment, network):
    url = f"/reports/assignments/{assignment.assignment.pk}"
    assert _get(client, network.gemeente_zwolle, url).status_code == 403  # another municipality
    assert _get(client, network.mee, url).status_code == 403  # not a party
    assert _get(client, network.de_kern, url).status_code == 200  # a party
    assert _get(client, network.de_kern, url, scopes=("socialmap:write",)).status_code == 403
    assert client.get("/api/v1" + url).status_code == 401
    assert _get(client, network.gemeente_meierijstad, "/reports/assignments/999999").status_code == 404


def test_dashboard_json(client, work, network):
    response = _get(client, network.gemeente_meierijstad, "/reports/dashboard?municipality=GM1948"
                    "&start=2025-01-01&end=2025-12-31")
    assert response.status_code == 200, response.content
    body = response.json()
    headline = {v["code"]: v for v in body["indicators"]}
    assert headline["help_requests"]["value"] == 11
    channels = {c["key"]: c["display"] for c in body["breakdowns"]["help_requests"]["channel"]}
    assert channels["walk_in"] == "<5"
    assert _get(client, network.gemeente_zwolle, "/reports/dashboard?municipality=GM1948").status_code == 403
    assert _get(client, network.gemeente_meierijstad, "/reports/dashboard?municipality=GM9999").status_code == 404


def test_catalogue(client, network):
    response = _get(client, network.de_kern, "/reports/indicators")
    assert response.status_code == 200
    assert {"code": "help_requests", "unit": "count", "source": "computed"}.items() <= response.json()[0].items()
