"""Helpers for tests of the REST API under /api/v1/: token clients, error locations, DB snapshots."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenkracht.accounts.models import ApiToken
from samenkracht.accounts.tokens import issue_token
from samenkracht.network.models import (
    Association,
    Location,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Region,
    ServiceArea,
    Team,
    TeamMember,
)

API = "/api/v1"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@dataclass
class Api:
    """The Django test client speaking JSON to /api/v1/ with one organisation token."""

    client: object
    headers: dict[str, str] = field(default_factory=dict)
    token: ApiToken | None = None
    raw: str = ""

    def get(self, path: str, params=None):
        return self.client.get(API + path, params or {}, **self.headers)

    def send(self, method: str, path: str, body):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.generic(method, API + path, data=data, content_type="application/json", **self.headers)

    def post(self, path: str, body):
        return self.send("POST", path, body)

    def patch(self, path: str, body):
        return self.send("PATCH", path, body)

    def put(self, path: str, body):
        return self.send("PUT", path, body)

    def count_queries(self, path: str, params=None) -> tuple[int, object]:
        """Queries of one GET (after which the response must be 200)."""
        with CaptureQueriesContext(connection) as queries:
            response = self.get(path, params)
        assert response.status_code == 200, response.content
        return len(queries), response


def api_with_token(client, organisation: Organisation, *scopes: str, name: str = "koppeling") -> Api:
    token, raw = issue_token(organisation=organisation, name=name, scopes=list(scopes))
    return Api(client=client, headers=bearer(raw), token=token, raw=raw)


def error_locations(response) -> list[tuple]:
    detail = response.json()["detail"]
    assert isinstance(detail, list), detail
    return [tuple(error["loc"]) for error in detail]


def assert_invalid(response, where: str, name: str, status: int = 422) -> None:
    """The response is a validation error naming the field `name` in `where` (body, query, path)."""
    assert response.status_code == status, response.content
    locations = error_locations(response)
    assert any(loc[0] == where and name in loc[1:] for loc in locations), locations


def network_state() -> dict[str, list]:
    """Every row of the partner network (including link tables), to prove a request changed nothing."""

    def rows(model):
        return list(model.objects.order_by("pk").values())

    return {
        "municipalities": rows(Municipality),
        "regions": rows(Region),
        "region_municipalities": rows(Region.municipalities.through),
        "neighbourhoods": rows(Neighbourhood),
        "associations": rows(Association),
        "organisations": rows(Organisation),
        "organisation_associations": rows(Organisation.associations.through),
        "service_areas": rows(ServiceArea),
        "locations": rows(Location),
        "location_organisations": rows(Location.organisations.through),
        "teams": rows(Team),
        "team_organisations": rows(Team.organisations.through),
        "team_neighbourhoods": rows(Team.neighbourhoods.through),
        "team_members": rows(TeamMember),
        "memberships": rows(Membership),
    }
