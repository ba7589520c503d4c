"""The HSDS 3.0 API under /api/hsds/: official schemas, paging envelope, parameters, visibility, query counts."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from datetime import timezone as dt_timezone

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from samenkracht.socialmap import search
from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.models import LifeDomain, Publication, Service, ServiceAtLocation
from tests.hsds.conftest import make_service

API = "/api/hsds"


def get(client, path: str, **params):
    response = client.get(API + path, params)
    assert response.status_code == 200, (path, params, response.status_code, response.content[:500])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def names(body: dict) -> list[str]:
    return [item["name"] for item in body["contents"]]


def term(kind: str, code: str) -> str:
    return str(hsds.term_id(kind, code))


# --- Schemas and shapes ---------------------------------------------------------------------------


def test_root_names_the_hsds_version_and_its_openapi_document(client, hsds_schemas):
    body = get(client, "/")
    assert body["version"] == "3.0"
    assert body["openapi_url"].startswith("http://testserver/")
    document = client.get(body["openapi_url"].removeprefix("http://testserver")).json()
    operations = {(method, path) for path, item in document["paths"].items() for method in item}
    official = {(method, path) for path, item in hsds_schemas.openapi["paths"].items() for method in item
                if method != "parameters"}
    assert {(m, API + p if p != "/" else API + "/") for m, p in official} <= operations


LISTS = [
    ("/services", {}, "service"),
    ("/services", {"full": "true"}, "service"),
    ("/organizations", {}, "organization"),
    ("/organizations", {"full": "true"}, "organization"),
    ("/organizations", {"full_service": "true"}, "organization"),
    ("/service_at_locations", {}, "service_at_location"),
    ("/service_at_locations", {"full": "true"}, "service_at_location"),
    ("/taxonomies", {}, "taxonomy"),
    ("/taxonomy_terms", {}, "taxonomy_term"),
]


@pytest.mark.parametrize("path, params, schema", LISTS, ids=[f"{p}{sorted(q)}" for p, q, _ in LISTS])
def test_every_list_is_a_valid_page_of_valid_objects(client, social_map, hsds_schemas, path, params, schema):
    body = get(client, path, **params)
    hsds_schemas.assert_page(body, schema)
    assert body["total_items"] > 0 and body["contents"]
    for item in body["contents"]:
        for nested_service in item.get("services", []):
            hsds_schemas.assert_valid("service", nested_service)
        if "service" in item:
            hsds_schemas.assert_valid("service", item["service"])
        if "location" in item:
            hsds_schemas.assert_valid("location", item["location"])


def test_service_detail_is_fully_nested_and_valid(client, social_map, hsds_schemas):
    debts = social_map.debts
    body = get(client, f"/services/{debts.id}")
    hsds_schemas.assert_valid("service", body)
    assert body["id"] == str(debts.id)
    assert body["organization"]["id"] == str(social_map.network.de_kern.uid)
    assert body["phones"][0]["number"] == "038-7654321"
    assert [lang["code"] for lang in body["languages"]] == ["nl", "en", "ar"]
    assert body["cost_options"][0] | {"id": None} == {"id": None, "service_id": str(debts.id), "option": "amount",
                                                      "currency": "EUR", "amount": 12.5}
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in body["schedules"]] == [
        ("MO", "09:00:00", "12:00:00"), ("WE", "13:00:00", "17:30:00")]
    assert sorted((a["name"], a["extent"]) for a in body["service_areas"]) == [
        ("Binnenstad", "WK015001"), ("Kampen", "GM0166"), ("Stadshagen", "GM0193/Stadshagen")]
    kampen = next(a for a in body["service_areas"] if a["extent"] == "GM0166")
    assert kampen["uri"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm0166"
    at_schakel = next(s for s in body["service_at_locations"] if s["location"]["name"] == "Wijkcentrum De Schakel")
    assert [(s["byday"], s["service_at_location_id"]) for s in at_schakel["schedules"]] == [("TU", at_schakel["id"])]
    address = at_schakel["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["state_province"], address["region"]) == (
        "Werkerlaan 12a", "8043 LT", "Zwolle", "Stadshagen")
    terms = {(a["taxonomy_term"]["taxonomy"], a["taxonomy_term"]["code"], a.get("value")) for a in body["attributes"]}
    assert terms == {
        (hsds.LIFE_DOMAINS.name, "financien", None), (hsds.LIFE_DOMAINS.name, "instrumentele-adl", None),
        (hsds.TARGET_GROUPS.name, "schulden", None), (hsds.ACCESS.name, "open", None),
        (hsds.VALUES.name, "tag", "geld"), (hsds.VALUES.name, "tag", "administratie"),
    }
    life_domain = next(a for a in body["attributes"] if a["taxonomy_term"]["code"] == "financien")
    assert life_domain["taxonomy_term_id"] == str(LifeDomain.objects.get(code="financien").uid)


def test_schedule_in_words_is_a_schedule_with_only_a_description(client, social_map, hsds_schemas):
    body = get(client, f"/services/{social_map.buddy.id}")
    hsds_schemas.assert_valid("service", body)
    assert [s.get("description") for s in body["schedules"] if "byday" not in s] == ["8 dagdelen per week"]
    assert body["cost_options"][0]["option"] == "contribution" and "amount" not in body["cost_options"][0]


def test_organization_detail_is_valid_with_its_services_and_locations(client, social_map, hsds_schemas):
    mee = social_map.network.mee
    body = get(client, f"/organizations/{mee.uid}")
    hsds_schemas.assert_valid("organization", body)
    assert [s["name"] for s in body["services"]] == ["Maatje voor ouderen"]   # not the inactive walk-in
    assert [loc["name"] for loc in body["locations"]] == ["Wijkcentrum De Schakel"]
    for location in body["locations"]:
        hsds_schemas.assert_valid("location", location)
    full = get(client, f"/organizations/{mee.uid}", full_service="true")
    for service in full["services"]:
        hsds_schemas.assert_valid("service", service)
        assert "schedules" in service
    kern = get(client, f"/organizations/{social_map.network.de_kern.uid}")
    assert kern["organization_identifiers"][0]["identifier_scheme"] == "NL-KVK"
    assert kern["organization_identifiers"][0]["identifier"] == "41012345"
    assert kern["phones"][0]["number"] == "038-1234567"
    assert any(a["taxonomy_term"]["code"] == "social_work" for a in kern["attributes"])


def test_service_at_location_detail_is_valid(client, social_map, hsds_schemas):
    at_location = ServiceAtLocation.objects.get(service=social_map.debts, location=social_map.schakel)
    body = get(client, f"/service_at_locations/{at_location.id}")
    hsds_schemas.assert_valid("service_at_location", body)
    hsds_schemas.assert_valid("location", body["location"])
    hsds_schemas.assert_valid("service", body["service"])
    assert [s["byday"] for s in body["schedules"]] == ["TU"]


def test_taxonomies_and_terms(client, social_map, hsds_schemas):
    taxonomies = get(client, "/taxonomies", per_page=100)
    assert {t["name"] for t in taxonomies["contents"]} == {t.name for t in hsds.TAXONOMIES}
    body = get(client, f"/taxonomies/{hsds.LIFE_DOMAINS.id}")
    hsds_schemas.assert_valid("taxonomy", body)
    terms = get(client, "/taxonomy_terms", taxonomy_id=str(hsds.LIFE_DOMAINS.id), per_page=100)
    assert terms["total_items"] == 13 == LifeDomain.objects.count()
    assert {t["id"] for t in terms["contents"]} == {str(d.uid) for d in LifeDomain.objects.all()}
    detail = get(client, f"/taxonomy_terms/{LifeDomain.objects.get(code='justitie').uid}")
    hsds_schemas.assert_valid("taxonomy_term", detail)
    assert detail["name"] == "Justitie" and detail["taxonomy_detail"]["id"] == str(hsds.LIFE_DOMAINS.id)
    assert get(client, "/taxonomy_terms", search="financ")["contents"][0]["code"] == "financien"
    assert get(client, "/taxonomy_terms", parent_id=str(uuid.uuid4()))["empty"] is True
    assert get(client, "/taxonomy_terms", top_only="true")["total_items"] == get(client, "/taxonomy_terms")["total_items"]


@pytest.mark.parametrize("path", ["/services/{}", "/service_at_locations/{}", "/organizations/{}",
                                  "/taxonomies/{}", "/taxonomy_terms/{}"])
@pytest.mark.parametrize("key", ["unknown", "malformed"])
def test_unknown_or_malformed_ids_are_404(client, social_map, path, key):
    value = str(uuid.uuid4()) if key == "unknown" else "not-a-uuid"
    response = client.get(API + path.format(value))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


# --- Visibility -----------------------------------------------------------------------------------


def test_only_services_visible_to_residents_appear(client, social_map):
    assert names(get(client, "/services")) == ["Maatje voor ouderen", "Schuldhulp & geldzaken"]
    for hidden in (social_map.walk_in, social_map.draft):
        assert client.get(f"{API}/services/{hidden.id}").status_code == 404
    sal_services = {item["service"]["name"] for item in get(client, "/service_at_locations")["contents"]}
    assert sal_services == {"Maatje voor ouderen", "Schuldhulp & geldzaken"}
    assert {o["name"] for o in get(client, "/organizations")["contents"]} == {"De Kern", "MEE IJsseloevers"}
    # An organisation without a visible service is not part of the feed.
    assert client.get(f"{API}/organizations/{social_map.network.gemeente_zwolle.uid}").status_code == 404
    Service.objects.filter(pk=social_map.buddy.pk).update(publication=Publication.PENDING_REVIEW)
    assert client.get(f"{API}/organizations/{social_map.network.mee.uid}").status_code == 404


# --- The paging envelope --------------------------------------------------------------------------


def test_paging_envelope_follows_the_official_description(client, social_map, hsds_schemas):
    first = get(client, "/services", per_page=1)
    hsds_schemas.assert_page(first, "service")
    assert (first["total_items"], first["total_pages"], first["page_number"], first["size"]) == (2, 2, 1, 1)
    assert (first["first_page"], first["last_page"], first["empty"]) == (True, False, False)
    second = get(client, "/services", per_page=1, page=2)
    assert (second["page_number"], second["first_page"], second["last_page"], second["empty"]) == (2, False, True, False)
    assert names(first) + names(second) == ["Maatje voor ouderen", "Schuldhulp & geldzaken"]
    beyond = get(client, "/services", per_page=1, page=3)
    assert (beyond["size"], beyond["contents"], beyond["last_page"], beyond["empty"]) == (0, [], True, True)
    nothing = get(client, "/services", organization_id=str(uuid.uuid4()))
    hsds_schemas.assert_page(nothing, "service")
    assert (nothing["total_items"], nothing["total_pages"], nothing["empty"], nothing["last_page"]) == (0, 0, True, True)


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 0}, {"per_page": 501}, {"page": "x"},
                                    {"format": "xml"}, {"modified_after": "yesterday"}])
def test_bad_paging_or_format_parameters_are_422(client, social_map, params):
    response = client.get(f"{API}/services", params)
    assert response.status_code == 422, response.content


def test_format_ndjson_streams_every_result_without_paging(client, social_map, hsds_schemas):
    response = client.get(f"{API}/services", {"format": "ndjson", "per_page": 1})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in b"".join(response.streaming_content).decode().splitlines()]
    assert [item["name"] for item in lines] == ["Maatje voor ouderen", "Schuldhulp & geldzaken"]
    for item in lines:
        hsds_schemas.assert_valid("service", item)


def test_minimal_gives_only_ids_and_modification_times(client, social_map):
    body = get(client, "/services", minimal="true")
    assert body["contents"] == [
        {"id": str(s.id), "last_modified": hsds.datetime_text(s.last_modified)}
        for s in (social_map.buddy, social_map.debts)
    ]


# --- Filters --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind, code, expected", [
    (hsds.LIFE_DOMAIN, "financien", ["Schuldhulp & geldzaken"]),
    (hsds.LIFE_DOMAIN, "justitie", []),
    (hsds.TARGET_GROUP, "ouderen", ["Maatje voor ouderen"]),
    (hsds.ACCESS_TYPE, "decision", ["Maatje voor ouderen"]),
    (hsds.ACCESS_TYPE, "open", ["Schuldhulp & geldzaken"]),
    (hsds.ORGANISATION_KIND, "client_support", ["Maatje voor ouderen"]),
    (hsds.VALUE, "tag", ["Schuldhulp & geldzaken"]),
    (hsds.VALUE, "informal", []),
])
def test_taxonomy_term_id_filters_services_and_service_at_locations(client, social_map, kind, code, expected):
    assert names(get(client, "/services", taxonomy_term_id=term(kind, code))) == expected
    sal = get(client, "/service_at_locations", taxonomy_term_id=term(kind, code))
    assert sorted({item["service"]["name"] for item in sal["contents"]}) == expected


def test_unknown_taxonomy_term_finds_nothing(client, social_map):
    assert get(client, "/services", taxonomy_term_id=str(uuid.uuid4()))["total_items"] == 0
    assert get(client, "/services", taxonomy_term_id="nonsense")["total_items"] == 0


def test_taxonomy_id_filters_on_any_term_of_the_taxonomy(client, social_map):
    assert names(get(client, "/services", taxonomy_id=str(hsds.LIFE_DOMAINS.id))) == ["Schuldhulp & geldzaken"]
    assert names(get(client, "/services", taxonomy_id=str(hsds.TARGET_GROUPS.id))) == [
        "Maatje voor ouderen", "Schuldhulp & geldzaken"]
    assert get(client, "/services", taxonomy_id=str(uuid.uuid4()))["total_items"] == 0


def test_organization_id_filters(client, social_map):
    mee = social_map.network.mee
    assert names(get(client, "/services", organization_id=str(mee.uid))) == ["Maatje voor ouderen"]
    sal = get(client, "/service_at_locations", organization_id=str(mee.uid))
    assert [item["service"]["name"] for item in sal["contents"]] == ["Maatje voor ouderen"]
    assert get(client, "/services", organization_id=str(uuid.uuid4()))["total_items"] == 0
    assert get(client, "/services", organization_id="nonsense")["total_items"] == 0


def test_modified_after(client, social_map):
    Service.objects.filter(pk=social_map.buddy.pk).update(
        last_modified=datetime(2025, 6, 1, 12, 0, tzinfo=dt_timezone.utc))
    assert names(get(client, "/services", modified_after="2025-05-01T00:00:00Z")) == ["Maatje voor ouderen"]
    assert names(get(client, "/services", modified_after="2025-05-01")) == ["Maatje voor ouderen"]
    assert names(get(client, "/services", modified_after="2025-06-01T12:00:00+00:00")) == ["Maatje voor ouderen"]
    assert names(get(client, "/services", modified_after="2025-06-01T12:00:01Z")) == []
    assert len(get(client, "/services", modified_after="2020-01-01")["contents"]) == 2
    sal = get(client, "/service_at_locations", modified_after="2025-05-01T00:00:00Z")
    assert {item["service"]["name"] for item in sal["contents"]} == {"Maatje voor ouderen"}


# --- Search and distance (through the search interface) -------------------------------------------


class FakeSearch:
    """Stands in for search.search_services: records the parameters, answers by substring of the name."""

    def __init__(self, origin=None):
        self.calls: list[search.SearchParams] = []
        self.origin = origin

    def __call__(self, params: search.SearchParams) -> search.SearchResult:
        self.calls.append(params)
        found = Service.objects.visible_to_residents().order_by("name")
        if params.text:
            found = found.filter(name__icontains=params.text)
        if params.life_domains:
            found = found.filter(life_domains__in=params.life_domains).distinct()
        if params.organisation_id:
            found = found.filter(organisation_id=params.organisation_id)
        items = list(found)
        start = (params.page - 1) * params.per_page
        return search.SearchResult(items=items[start:start + params.per_page], total=len(items), page=params.page,
                                   per_page=params.per_page, origin=self.origin if params.postcode else None)


def test_search_goes_through_search_services_with_the_other_filters(client, social_map, monkeypatch, hsds_schemas):
    fake = FakeSearch()
    monkeypatch.setattr(search, "search_services", fake)
    body = get(client, "/services", search="geld", taxonomy_term_id=term(hsds.LIFE_DOMAIN, "financien"),
               organization_id=str(social_map.network.de_kern.uid), modified_after="2024-01-01T10:00:00Z")
    hsds_schemas.assert_page(body, "service")
    assert names(body) == ["Schuldhulp & geldzaken"]
    (params,) = fake.calls
    assert (params.text, params.life_domains, params.organisation_id) == ("geld", ["financien"],
                                                                          social_map.network.de_kern.pk)
    assert str(params.modified_after) == "2024-01-01" and params.with_facets is False
    get(client, "/services", search="o", taxonomy_term_id=term(hsds.ORGANISATION_KIND, "client_support"))
    assert fake.calls[-1].provider_kinds == ["client_support"]
    get(client, "/services", search="o", taxonomy_term_id=term(hsds.ACCESS_TYPE, "decision"))
    assert fake.calls[-1].access_type == "decision"


def test_search_pages_beyond_the_search_page_size(client, social_map, monkeypatch):
    fake = FakeSearch()
    monkeypatch.setattr(search, "search_services", fake)
    for number in range(150):
        make_service(social_map.network.mee, f"Activiteit {number:03d}")
    body = get(client, "/services", search="activiteit", per_page=120, page=2)
    assert body["total_items"] == 150 and body["size"] == 30
    assert names(body)[0] == "Activiteit 120" and names(body)[-1] == "Activiteit 149"
    assert all(call.per_page <= search.MAX_PER_PAGE for call in fake.calls)


def test_search_that_the_search_refuses_is_422(client, social_map):
    response = client.get(f"{API}/service_at_locations", {"postcode": "ABC 1234"})
    assert response.status_code == 422
    assert "postcode" in response.json()["detail"]


def test_postcode_and_proximity_keep_nearby_locations_nearest_first(client, social_map, monkeypatch, hsds_schemas):
    fake = FakeSearch(origin=(52.5271, 6.0541))   # the Schakel in Zwolle; Kampen is about 10 km away
    monkeypatch.setattr(search, "search_services", fake)
    near = get(client, "/service_at_locations", postcode="8043 LT", proximity="2000")
    hsds_schemas.assert_page(near, "service_at_location")
    assert {item["location"]["name"] for item in near["contents"]} == {"Wijkcentrum De Schakel"}
    assert near["total_items"] == 2
    assert fake.calls[-1].postcode == "8043 LT" and fake.calls[-1].radius_km == 2.0
    wide = get(client, "/service_at_locations", postcode="8043 LT", proximity="20000")
    assert [item["location"]["name"] for item in wide["contents"]][-1] == "Kantoor Kampen"
    assert wide["total_items"] == 3
    assert client.get(f"{API}/service_at_locations", {"proximity": "2000"}).status_code == 422
    assert client.get(f"{API}/service_at_locations", {"postcode": "8043LT", "proximity": "far"}).status_code == 422


def test_real_search_and_distance_when_the_search_backend_is_there(client, social_map):
    try:
        search.search_services(search.SearchParams(text="schuld"))
    except NotImplementedError:
        pytest.skip("search_services is not implemented yet")
    assert names(get(client, "/services", search="schulden")) == ["Schuldhulp & geldzaken"]
    near = get(client, "/service_at_locations", postcode="8043LT", proximity="3000")
    assert {item["location"]["name"] for item in near["contents"]} == {"Wijkcentrum De Schakel"}


# --- Text from outside is never markup ------------------------------------------------------------


SCRIPT = "<script>alert(1)</script>"


def test_markup_in_descriptions_is_returned_as_plain_json_text(client, social_map):
    Service.objects.filter(pk=social_map.debts.pk).update(description=f"Hulp {SCRIPT} bij geld")
    response = client.get(f"{API}/services/{social_map.debts.id}")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["description"] == f"Hulp {SCRIPT} bij geld"
    try:
        page = reverse("socialmap:service_detail", args=[social_map.debts.id])
    except NoReverseMatch:
        return   # no web page for a service yet
    html = client.get(page).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- Query counts do not depend on the page size --------------------------------------------------


@pytest.mark.parametrize("path, params", [
    ("/services", {}), ("/services", {"full": "true"}),
    ("/organizations", {}), ("/organizations", {"full_service": "true"}),
    ("/service_at_locations", {}), ("/service_at_locations", {"full": "true"}),
    ("/taxonomy_terms", {}),
    ("/services", {"taxonomy_term_id": term(hsds.TARGET_GROUP, "ouderen")}),
])
def test_list_query_counts_do_not_depend_on_the_page_size(client, social_map, path, params):
    network = social_map.network
    for number in range(60):
        organisation = network.de_kern if number % 2 else network.mee
        service = make_service(organisation, f"Activiteit {number:02d}", tags=["samen"], languages=["nl"])
        service.target_groups.set(["ouderen"])
        service.life_domains.set(["sociaal-netwerk"])
        ServiceAtLocation.objects.create(service=service, location=social_map.schakel)
    counts = []
    for per_page in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            body = get(client, path, per_page=per_page, **params)
        assert body["size"] == min(per_page, body["total_items"])
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12
