"""GET /api/v1/socialmap/search: public, every contract field as a parameter, 422 naming bad parameters."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenkracht.accounts.tokens import issue_token
from tests.socialmap_search.conftest import VISIBLE

URL = "/api/v1/socialmap/search"


def get(client, query: str = "", **headers):
    return client.get(f"{URL}?{query}" if query else URL, **headers)


def keys(social_map, body) -> list[str]:
    by_id = {str(s.pk): key for key, s in social_map.services.items()}
    return [by_id[item["id"]] for item in body["items"]]


def locations(response) -> list[list]:
    return [error["loc"] for error in response.json()["detail"]]


def test_anyone_can_search_without_a_token(client, social_map):
    response = get(client, "text=vergeetachtig&postcode=1274%20AB")
    assert response.status_code == 200
    body = response.json()
    first = body["items"][0]
    service = social_map.services["geheugentuin"]
    assert first == {
        "id": str(service.pk),
        "name": "Dagbesteding De Geheugentuin",
        "organisation": {"id": social_map.organisations["zorggroep"].pk, "name": "Zorggroep De Meent"},
        "description": service.description,
        "access_type": "open",
        "free": False,
        "distance_km": pytest.approx(1.64, abs=0.05),
        "life_domains": ["tijdsbesteding", "geestelijke-gezondheid", "sociaal-netwerk"],   # ZRM order
        "url": f"/sociale-kaart/aanbod/{service.pk}/",
        "score": first["score"],
    }
    assert body["count"] == 8 and body["page"] == 1 and body["per_page"] == 20
    assert set(body["facets"]) == {"life_domains", "target_groups", "access_type", "provider_kind", "free"}
    assert {"code": "dementie", "label": "Mensen met dementie en hun naasten", "count": 5} in body["facets"]["target_groups"]
    assert body["notices"] == [] and body["origin"]["latitude"] == pytest.approx(52.295, abs=0.01)
    assert body["life_domain_hints"] == ["geestelijke-gezondheid"]


def test_a_token_is_not_needed_but_does_no_harm(client, social_map):
    _token, raw = issue_token(organisation=social_map.organisations["welzijn"], name="site", scopes=["network:read"])
    response = get(client, "text=schulden", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200 and response.json()["count"] == 6


def test_every_filter_is_a_query_parameter(client, social_map):
    def found(query):
        response = get(client, query + "&page_size=100")
        assert response.status_code == 200, response.content
        return set(keys(social_map, response.json()))

    assert found("life_domains=middelengebruik&life_domains=justitie") == {"verslaving", "huiselijk_geweld", "nazorg"}
    assert found("target_groups=jongeren") == {"jongerenwerk", "opvoedspreekuur"}
    assert "buddy" not in found("age=10")
    assert found("municipality=GM0417") >= {"casemanager", "mantelzorg"}
    assert "eetproject" in found(f"neighbourhood={social_map.neighbourhoods['oostermeent'].pk}")
    assert found("open_on=6") == {"jongerenwerk", "sportproject"}
    assert len(found("free=true")) == 25 and len(found("free=false")) == 8
    assert found("access_type=decision") == {"huishoudelijke_hulp", "respijt"}
    assert found("provider_kinds=youth&provider_kinds=sports") == {"opvoedspreekuur", "pubercursus", "sportproject",
                                                                   "beweegles"}
    assert found(f"organisation_id={social_map.organisations['cjg'].pk}") == {"opvoedspreekuur", "pubercursus"}
    assert found("near=52.2245,5.1770&radius_km=0.5") == {"alzheimer_cafe", "geheugenhof", "inloophuis", "verslaving",
                                                          "sollicitatietraining"}
    assert found("postcode=1274AB&radius_km=3") >= {"geheugentuin", "eetproject"}
    assert len(found("modified_after=2000-01-01")) == len(VISIBLE)
    assert found("text=TAALCAF%C3%89") == {"taalcafe"} | (found("text=taalcafe"))


def test_drafts_stay_hidden_even_when_asked_for(client, social_map):
    body = get(client, "text=vergeetachtig&include_unpublished=true").json()
    assert "concept" not in keys(social_map, body)


def test_paging_with_page_size_or_per_page(client, social_map):
    first = get(client, "page_size=10").json()
    last = get(client, "per_page=10&page=4").json()
    assert len(first["items"]) == 10 and first["per_page"] == 10 and first["count"] == len(VISIBLE)
    assert len(last["items"]) == 3 and last["page"] == 4
    assert get(client, "page_size=10&per_page=10").status_code == 200
    assert get(client, "facets=false").json()["facets"] == {}


def test_descriptions_are_plain_text(client, social_map):
    service = social_map.services["taalcafe"]
    service.description = "<p>Nederlands <b>oefenen</b></p>"
    service.save()
    body = get(client, "text=taalcafe").json()
    assert body["items"][0]["description"] == "Nederlands oefenen"


def test_the_number_of_queries_does_not_depend_on_the_page_size(client, social_map):
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = get(client, f"text=ouderen&postcode=1271&page_size={size}")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


@pytest.mark.parametrize("query, parameter", [
    ("life_domains=financien&life_domains=geld", "life_domains"),
    ("target_groups=katten", "target_groups"),
    ("municipality=GM0999", "municipality"),
    ("municipality=Huizen", "municipality"),
    ("neighbourhood=999999", "neighbourhood"),
    ("open_on=9", "open_on"),
    ("open_on=0", "open_on"),
    ("age=-1", "age"),
    ("age=oud", "age"),
    ("per_page=101", "per_page"),
    ("page_size=101", "page_size"),
    ("page_size=10&per_page=20", "per_page"),
    ("page=0", "page"),
    ("postcode=12345", "postcode"),
    ("postcode=1234%20SS", "postcode"),
    ("near=52.3", "near"),
    ("near=95,5", "near"),
    ("radius_km=-3", "radius_km"),
    ("access_type=gratis", "access_type"),
    ("provider_kinds=bakery", "provider_kinds"),
    ("free=misschien", "free"),
    ("modified_after=gisteren", "modified_after"),
    ("text=" + "a" * 201, "text"),
])
def test_bad_parameters_are_422_naming_the_parameter(client, db, query, parameter):
    response = get(client, query)
    assert response.status_code == 422, response.content
    assert ["query", parameter] in [loc[:2] for loc in locations(response)], response.json()
