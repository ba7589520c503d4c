"""The REST API of the partner network under /api/v1/: scopes, paging, query counts, filters, bad input.

Tokens: `read_api` (MEE IJsseloevers, network:read), `write_api` (De Kern, network:write) and `admin_api`
(Gemeente Zwolle, network:admin). Every forbidden or invalid request is followed by a check that the
whole network in the database is exactly as it was.
"""

from __future__ import annotations

import pytest

from samenkracht.accounts.models import ApiToken
from samenkracht.accounts.tokens import issue_token
from samenkracht.network.models import (
    Association,
    Location,
    Municipality,
    Neighbourhood,
    Organisation,
    Region,
    Role,
    ServiceArea,
    Team,
    TeamMember,
)
from tests.api_helpers import API, Api, api_with_token, assert_invalid, bearer, error_locations, network_state
from tests.conftest import make_person

# --- Fixtures -------------------------------------------------------------------------------------


@pytest.fixture
def read_api(client, network) -> Api:
    return api_with_token(client, network.mee, "network:read")


@pytest.fixture
def write_api(client, network) -> Api:
    return api_with_token(client, network.de_kern, "network:write")


@pytest.fixture
def admin_api(client, network) -> Api:
    return api_with_token(client, network.gemeente_zwolle, "network:admin")


class Places:
    """Locations, a team, a region and a neighbourhood of Kampen on top of the conftest network."""

    def __init__(self, network, people):
        self.brunnepe = Neighbourhood.objects.create(municipality=network.kampen, name="Brunnepe", kind="district")
        self.shared = Location.objects.create(
            name="Wijkcentrum Stadshagen", street="Zwartewaterallee", house_number="10", postcode="8043AB",
            city="Zwolle", municipality=network.zwolle, neighbourhood=network.stadshagen,
        )
        self.shared.organisations.set([network.de_kern, network.mee])
        self.kern_office = Location.objects.create(
            name="Kantoor De Kern", street="Luttekestraat", house_number="1", postcode="8011LN", city="Zwolle",
            municipality=network.zwolle,
        )
        self.kern_office.organisations.set([network.de_kern])
        self.mee_office = Location.objects.create(
            name="Kantoor MEE", street="Dokter Van Thienenweg", house_number="1", postcode="8025AM", city="Zwolle",
            municipality=network.zwolle,
        )
        self.mee_office.organisations.set([network.mee])
        self.team = Team.objects.create(name="Wijkteam Stadshagen", kind="neighbourhood_team",
                                        municipality=network.zwolle, location=self.shared)
        self.team.organisations.set([network.de_kern, network.mee])
        self.team.neighbourhoods.set([network.stadshagen])
        TeamMember.objects.create(team=self.team, user=people.professional, organisation=network.mee)
        self.region = Region.objects.create(name="IJssel-Vecht")
        self.region.municipalities.set([network.zwolle, network.kampen])


@pytest.fixture
def places(network, people) -> Places:
    return Places(network, people)


def location_body(**overrides) -> dict:
    body = {"name": "Buurthuis De Enk", "street": "Enkweg", "house_number": "12a", "postcode": "8031 ab",
            "city": "Zwolle", "municipality": "GM0193", "organisations": []}
    body.update(overrides)
    return body


def organisation_body(**overrides) -> dict:
    body = {"name": "Buurtkracht Stadshagen", "kind": "citizen_initiative"}
    body.update(overrides)
    return body


def team_body(**overrides) -> dict:
    body = {"name": "Wijkteam Kampen", "kind": "neighbourhood_team", "municipality": "GM0166"}
    body.update(overrides)
    return body


def names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def service_area_of(organisation) -> set[tuple[str, str | None]]:
    return {
        (area.municipality.code, area.neighbourhood.name if area.neighbourhood_id else None)
        for area in ServiceArea.objects.filter(organisation=organisation).select_related("municipality",
                                                                                         "neighbourhood")
    }


# --- Reading, paging envelope ---------------------------------------------------------------------

LISTS = {
    "/municipalities": lambda: Municipality.objects.filter(active=True).count(),
    "/regions": lambda: Region.objects.count(),
    "/neighbourhoods": lambda: Neighbourhood.objects.count(),
    "/associations": lambda: Association.objects.count(),
    "/organisations": lambda: Organisation.objects.count(),
    "/locations": lambda: Location.objects.count(),
    "/teams": lambda: Team.objects.count(),
}


@pytest.mark.parametrize("path", list(LISTS))
def test_every_list_is_paged_in_an_items_count_envelope(read_api, places, path):
    Association.objects.create(name="Sociaal Werk Nederland")
    Team.objects.create(name="Toegang Zwolle", kind="access_point", municipality=places.team.municipality)
    Region.objects.create(name="Regio Twente").municipalities.set([places.brunnepe.municipality])
    total = LISTS[path]()
    assert total >= 2

    whole = read_api.get(path)
    assert whole.status_code == 200
    assert set(whole.json()) == {"items", "count"}
    assert whole.json()["count"] == total == len(whole.json()["items"])

    first = read_api.get(path, {"page_size": 1, "page": 1}).json()
    second = read_api.get(path, {"page_size": 1, "page": 2}).json()
    assert first["count"] == second["count"] == total
    assert len(first["items"]) == len(second["items"]) == 1
    assert first["items"][0] != second["items"][0]
    assert [first["items"][0], second["items"][0]] == whole.json()["items"][:2]
    beyond = read_api.get(path, {"page_size": 1, "page": total + 1}).json()
    assert beyond == {"items": [], "count": total}


@pytest.mark.parametrize("params", [{"page": 0}, {"page_size": 0}, {"page": "x"}])
def test_bad_paging_parameters_are_422(read_api, network, params):
    response = read_api.get("/organisations", params)
    assert_invalid(response, "query", next(iter(params)))


@pytest.fixture
def many_organisations(network) -> int:
    Organisation.objects.bulk_create(Organisation(name=f"Organisatie {i:03d}", kind="other") for i in range(205))
    return Organisation.objects.count()


def test_pages_hold_50_by_default_and_never_more_than_asked(read_api, many_organisations):
    body = read_api.get("/organisations").json()
    assert body["count"] == many_organisations and len(body["items"]) == 50
    body = read_api.get("/organisations", {"page_size": 100_000}).json()
    assert body["count"] == many_organisations and 50 < len(body["items"]) <= 200


def test_page_size_is_capped_at_the_configured_maximum(read_api, many_organisations, settings):
    body = read_api.get("/organisations", {"page_size": 100_000}).json()
    assert len(body["items"]) == settings.NINJA_MAX_PER_PAGE_SIZE == 200


def test_organisation_detail_shows_kind_home_associations_and_service_area(read_api, network):
    response = read_api.get(f"/organisations/{network.mee.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "MEE IJsseloevers"
    assert body["kind"] == "client_support"
    assert body["municipality"] == {"code": "GM0193", "name": "Zwolle"}
    assert body["associations"] == ["MEE Nederland"]
    assert [area["municipality"]["name"] for area in body["service_area"]] == [
        "Deventer", "Kampen", "Staphorst", "Zwolle"]


def test_detail_routes_of_every_kind(read_api, network, places):
    assert read_api.get("/municipalities/GM0166").json() == {
        "code": "GM0166", "name": "Kampen", "active": True, "population": None}
    region = read_api.get(f"/regions/{places.region.pk}").json()
    assert [m["code"] for m in region["municipalities"]] == ["GM0166", "GM0193"]
    location = read_api.get(f"/locations/{places.shared.pk}").json()
    assert location["neighbourhood"] == "Stadshagen"
    assert [o["name"] for o in location["organisations"]] == ["De Kern", "MEE IJsseloevers"]
    team = read_api.get(f"/teams/{places.team.pk}").json()
    assert team["location"] == {"id": places.shared.pk, "name": "Wijkcentrum Stadshagen"}
    assert team["neighbourhoods"] == ["Stadshagen"]
    assert team["members"] == [{"name": "Pia Professional",
                                "organisation": {"id": network.mee.pk, "name": "MEE IJsseloevers"}}]


# --- A constant number of queries per list --------------------------------------------------------


def add_rows(network, start: int, count: int) -> None:
    """`count` rows of every kind, each with the relations its list shows."""
    for i in range(start, start + count):
        municipality = Municipality.objects.create(code=f"GM9{i:03d}", name=f"Gemeente {i:03d}")
        neighbourhood = Neighbourhood.objects.create(municipality=network.zwolle, name=f"Buurt {i:03d}",
                                                     kind="neighbourhood")
        association = Association.objects.create(name=f"Vereniging {i:03d}", former_names=[f"Oud {i}"])
        region = Region.objects.create(name=f"Regio {i:03d}")
        region.municipalities.set([municipality, network.zwolle])
        organisation = Organisation.objects.create(name=f"Organisatie {i:03d}", kind="welfare",
                                                   municipality=municipality)
        organisation.associations.set([association, network.mee_nederland])
        ServiceArea.objects.create(organisation=organisation, municipality=municipality)
        ServiceArea.objects.create(organisation=organisation, municipality=network.zwolle, neighbourhood=neighbourhood)
        location = Location.objects.create(name=f"Locatie {i:03d}", street="Markt", house_number=str(i),
                                           postcode="8011AA", city="Zwolle", municipality=network.zwolle,
                                           neighbourhood=neighbourhood)
        location.organisations.set([organisation, network.de_kern])
        team = Team.objects.create(name=f"Team {i:03d}", kind="neighbourhood_team", municipality=network.zwolle,
                                   location=location)
        team.organisations.set([organisation, network.mee])
        team.neighbourhoods.set([neighbourhood, network.stadshagen])
        person = make_person(f"medewerker{i}@example.test", f"Medewerker {i:03d}", [(organisation, Role.PROFESSIONAL)])
        TeamMember.objects.create(team=team, user=person, organisation=organisation)


@pytest.mark.parametrize("path", list(LISTS))
def test_list_uses_a_constant_number_of_queries(read_api, network, path, django_assert_num_queries,
                                                django_assert_max_num_queries):
    add_rows(network, 0, 3)
    assert read_api.get(path).status_code == 200  # the token's first use records last_used_at
    few, response = read_api.count_queries(path, {"page_size": 100})
    assert response.json()["count"] >= 3

    add_rows(network, 3, 27)
    with django_assert_num_queries(few):
        response = read_api.get(path, {"page_size": 100})
    body = response.json()
    assert body["count"] >= 30 and len(body["items"]) == body["count"]
    with django_assert_num_queries(few):
        response = read_api.get(path, {"page_size": 5})
    assert len(response.json()["items"]) == 5
    # token + count + page + at most three prefetches
    with django_assert_max_num_queries(6):
        assert read_api.get(path, {"page_size": 100}).status_code == 200


# --- Filters --------------------------------------------------------------------------------------


def test_organisations_serving_kampen(read_api, network, places):
    assert names(read_api.get("/organisations", {"serves": "GM0166"})) == ["De Kern", "MEE IJsseloevers"]
    # Serving part of Kampen counts, and an organisation serving two parts is listed once.
    partly = Organisation.objects.create(name="Buurtkracht Kampen", kind="citizen_initiative", informal=True)
    ServiceArea.objects.create(organisation=partly, municipality=network.kampen, neighbourhood=places.brunnepe)
    hagen = Neighbourhood.objects.create(municipality=network.kampen, name="Hagenbroek", kind="district")
    ServiceArea.objects.create(organisation=partly, municipality=network.kampen, neighbourhood=hagen)
    elsewhere = Organisation.objects.create(name="Zwolse Zorg", kind="care_provider", municipality=network.kampen)
    ServiceArea.objects.create(organisation=elsewhere, municipality=network.zwolle)

    response = read_api.get("/organisations", {"serves": "GM0166"})
    assert names(response) == ["Buurtkracht Kampen", "De Kern", "MEE IJsseloevers"]
    assert response.json()["count"] == 3


def test_organisations_serving_other_municipalities(read_api, network):
    assert names(read_api.get("/organisations", {"serves": "GM1700"})) == ["De Kern"]
    assert names(read_api.get("/organisations", {"serves": "GM0180"})) == ["MEE IJsseloevers"]
    assert read_api.get("/organisations", {"serves": "GM0141"}).json() == {"items": [], "count": 0}


def test_organisations_by_kind_text_and_association(read_api, network):
    network.gemeente_meierijstad.description = "Sociaal domein van de gemeente; samenwerking met IJsselland"
    network.gemeente_meierijstad.save()
    assert names(read_api.get("/organisations", {"kind": "municipality"})) == [
        "Gemeente Meierijstad", "Gemeente Zwolle"]
    assert names(read_api.get("/organisations", {"kind": "youth"})) == []
    assert names(read_api.get("/organisations", {"q": "IJSSELoevers"})) == ["MEE IJsseloevers"]
    # q also searches the description.
    assert names(read_api.get("/organisations", {"q": "ijssel"})) == ["Gemeente Meierijstad", "MEE IJsseloevers"]
    assert names(read_api.get("/organisations", {"association": network.mee_nederland.pk})) == ["MEE IJsseloevers"]
    assert names(read_api.get("/organisations", {"serves": "GM0166", "kind": "social_work"})) == ["De Kern"]


@pytest.mark.parametrize("params, field", [
    ({"serves": "GM9999"}, "serves"),
    ({"serves": "Kampen"}, "serves"),
    ({"kind": "bakery"}, "kind"),
    ({"association": "mee"}, "association"),
    ({"q": "x" * 101}, "q"),
])
def test_bad_organisation_filters_are_422_naming_the_parameter(read_api, network, params, field):
    assert_invalid(read_api.get("/organisations", params), "query", field)


def test_unknown_municipality_code_names_the_field(read_api, network):
    response = read_api.get("/organisations", {"serves": "GM9999"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "serves"], "msg": "Unknown CBS municipality code 'GM9999'.", "type": "value_error"}]


@pytest.mark.parametrize("path", ["/neighbourhoods", "/locations", "/teams"])
def test_lists_filtered_by_unknown_municipality_are_422(read_api, network, path):
    assert_invalid(read_api.get(path, {"municipality": "GM9999"}), "query", "municipality")


def test_neighbourhoods_locations_and_teams_by_municipality(read_api, network, places):
    assert names(read_api.get("/neighbourhoods", {"municipality": "GM0166"})) == ["Brunnepe"]
    assert names(read_api.get("/neighbourhoods", {"municipality": "GM0193"})) == ["Stadshagen"]
    Location.objects.create(name="Stadhuis Kampen", street="Burgwal", house_number="45", postcode="8261EP",
                            city="Kampen", municipality=network.kampen)
    assert names(read_api.get("/locations", {"municipality": "GM0166"})) == ["Stadhuis Kampen"]
    assert len(names(read_api.get("/locations", {"municipality": "GM0193"}))) == 3
    Team.objects.create(name="Toegang Kampen", kind="access_point", municipality=network.kampen)
    assert names(read_api.get("/teams", {"municipality": "GM0166"})) == ["Toegang Kampen"]
    assert names(read_api.get("/teams", {"kind": "access_point"})) == ["Toegang Kampen"]
    assert names(read_api.get("/teams", {"municipality": "GM0193", "kind": "access_point"})) == []
    assert_invalid(read_api.get("/teams", {"kind": "football_team"}), "query", "kind")


def test_municipalities_by_text_and_activity(read_api, network):
    assert names(read_api.get("/municipalities", {"q": "zwol"})) == ["Zwolle"]
    assert names(read_api.get("/municipalities", {"q": "gm0166"})) == ["Kampen"]
    Municipality.objects.create(code="GM0148", name="Dalfsen-oud", active=False)
    assert "Dalfsen-oud" not in names(read_api.get("/municipalities"))
    assert "Dalfsen-oud" in names(read_api.get("/municipalities", {"include_inactive": "true"}))


# --- Overlap --------------------------------------------------------------------------------------


def overlap(api: Api, *ids) -> object:
    return api.client.get(f"{API}/organisations/overlap", {"organisation": list(ids)}, **api.headers)


def test_overlap_of_de_kern_and_mee(read_api, network):
    response = overlap(read_api, network.de_kern.pk, network.mee.pk)
    assert response.status_code == 200
    assert response.json() == [{"code": "GM0150", "name": "Deventer"}, {"code": "GM0166", "name": "Kampen"},
                               {"code": "GM0193", "name": "Zwolle"}]
    assert overlap(read_api, network.mee.pk, network.de_kern.pk).json() == response.json()
    # Repeating an id changes nothing.
    assert overlap(read_api, network.mee.pk, network.de_kern.pk, network.mee.pk).json() == response.json()


def test_overlap_counts_partly_served_municipalities_once_per_organisation(read_api, network, places):
    partly = Organisation.objects.create(name="Buurtkracht Kampen", kind="citizen_initiative", informal=True)
    hagen = Neighbourhood.objects.create(municipality=network.kampen, name="Hagenbroek", kind="district")
    ServiceArea.objects.create(organisation=partly, municipality=network.kampen, neighbourhood=places.brunnepe)
    ServiceArea.objects.create(organisation=partly, municipality=network.kampen, neighbourhood=hagen)
    ServiceArea.objects.create(organisation=partly, municipality=network.deventer)
    ServiceArea.objects.create(organisation=partly, municipality=network.almelo)
    assert [m["name"] for m in overlap(read_api, partly.pk, network.de_kern.pk).json()] == ["Deventer", "Kampen"]
    assert [m["name"] for m in overlap(read_api, partly.pk, network.de_kern.pk, network.mee.pk).json()] == [
        "Deventer", "Kampen"]


def test_overlap_without_common_ground_is_empty(read_api, network):
    ServiceArea.objects.create(organisation=network.gemeente_meierijstad, municipality=network.meierijstad)
    assert overlap(read_api, network.de_kern.pk, network.gemeente_meierijstad.pk).json() == []
    # An organisation without any service area overlaps with nobody.
    assert overlap(read_api, network.de_kern.pk, network.gemeente_zwolle.pk).json() == []


@pytest.mark.parametrize("times", [0, 1, 2])
def test_overlap_needs_two_different_organisations(read_api, network, times):
    response = overlap(read_api, *[network.de_kern.pk] * times)
    assert_invalid(response, "query", "organisation")


def test_overlap_with_an_unknown_organisation_is_422(read_api, network):
    response = overlap(read_api, network.de_kern.pk, 987654)
    assert_invalid(response, "query", "organisation")
    assert "987654" in response.json()["detail"][0]["msg"]
    assert_invalid(overlap(read_api, network.de_kern.pk, "MEE"), "query", "organisation")


# --- Scopes: deny by default ----------------------------------------------------------------------

READS = ["/municipalities", "/municipalities/GM0193", "/regions", "/neighbourhoods", "/associations",
         "/organisations", "/locations", "/teams"]


@pytest.mark.parametrize("scope", ["network:read", "network:write", "network:admin"])
@pytest.mark.parametrize("path", READS)
def test_every_scope_may_read(client, network, places, scope, path):
    api = api_with_token(client, network.de_kern, scope)
    assert api.get(path).status_code == 200


@pytest.mark.parametrize("scopes", [[], ["network:everything"], ["socialmap:write", "socialmap:review"]])
@pytest.mark.parametrize("path", READS + ["DETAIL"])
def test_a_token_without_a_known_scope_reads_nothing(client, network, scopes, path):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    ApiToken.objects.filter(pk=token.pk).update(scopes=scopes)  # e.g. edited in the admin
    path = f"/organisations/{network.de_kern.pk}" if path == "DETAIL" else path
    response = client.get(API + path, **bearer(raw))
    assert response.status_code == 403
    assert "detail" in response.json()


def _write_requests(network, places) -> dict[str, tuple[str, str, dict]]:
    return {
        "create organisation": ("POST", "/organisations", organisation_body()),
        "patch De Kern": ("PATCH", f"/organisations/{network.de_kern.pk}", {"phone": "038-1234567"}),
        "patch MEE": ("PATCH", f"/organisations/{network.mee.pk}", {"phone": "038-1234567"}),
        "service area MEE": ("PUT", f"/organisations/{network.mee.pk}/service-area", {"municipalities": ["GM0193"]}),
        "create location with MEE": ("POST", "/locations", location_body(organisations=[network.mee.pk])),
        "patch location of MEE": ("PATCH", f"/locations/{places.mee_office.pk}", {"description": "Nieuw"}),
        "create team": ("POST", "/teams", team_body()),
        "create neighbourhood": ("POST", "/neighbourhoods",
                                 {"name": "Assendorp", "kind": "district", "municipality": "GM0193"}),
    }


WRITES = ["create organisation", "patch De Kern", "patch MEE", "service area MEE", "create location with MEE",
          "patch location of MEE", "create team", "create neighbourhood"]


@pytest.mark.parametrize("name", WRITES)
def test_read_scope_may_not_write_anything_even_for_its_own_organisation(read_api, network, places, name):
    method, path, body = _write_requests(network, places)[name]
    before = network_state()
    response = read_api.send(method, path, body)
    assert response.status_code == 403, response.content
    assert network_state() == before


# network:write — the own organisation only


def test_write_scope_may_patch_its_own_organisation(write_api, network):
    response = write_api.patch(f"/organisations/{network.de_kern.pk}",
                               {"phone": "038-1234567", "description": "Sociaal werk in de IJsseldelta",
                                "associations": [network.mee_nederland.pk]})
    assert response.status_code == 200, response.content
    assert response.json()["phone"] == "038-1234567"
    network.de_kern.refresh_from_db()
    assert network.de_kern.phone == "038-1234567"
    assert network.de_kern.description == "Sociaal werk in de IJsseldelta"
    assert list(network.de_kern.associations.all()) == [network.mee_nederland]
    assert network.de_kern.name == "De Kern" and network.de_kern.kind == "social_work"  # untouched fields stay


@pytest.mark.parametrize("other", ["mee", "gemeente_zwolle"])
def test_write_scope_may_not_patch_another_organisation(write_api, network, other):
    before = network_state()
    response = write_api.patch(f"/organisations/{getattr(network, other).pk}", {"phone": "038-1234567"})
    assert response.status_code == 403
    assert network_state() == before


def test_write_scope_may_set_its_own_service_area(write_api, network, places):
    response = write_api.put(f"/organisations/{network.de_kern.pk}/service-area",
                             {"municipalities": ["GM0193", "GM0141"], "neighbourhoods": [places.brunnepe.pk]})
    assert response.status_code == 200, response.content
    assert {(a["municipality"]["code"], a["neighbourhood"]) for a in response.json()} == {
        ("GM0193", None), ("GM0141", None), ("GM0166", "Brunnepe")}
    assert service_area_of(network.de_kern) == {("GM0193", None), ("GM0141", None), ("GM0166", "Brunnepe")}
    assert service_area_of(network.mee) == {("GM0193", None), ("GM0166", None), ("GM0150", None), ("GM0180", None)}


def test_write_scope_may_not_set_another_service_area(write_api, network):
    before = network_state()
    response = write_api.put(f"/organisations/{network.mee.pk}/service-area", {"municipalities": ["GM0193"]})
    assert response.status_code == 403
    assert network_state() == before


def test_write_scope_may_create_a_location_of_its_own_organisation(write_api, network):
    response = write_api.post("/locations", location_body(organisations=[network.de_kern.pk]))
    assert response.status_code == 201, response.content
    assert response.json()["postcode"] == "8031AB"
    location = Location.objects.get(name="Buurthuis De Enk")
    assert location.postcode == "8031AB"
    assert list(location.organisations.all()) == [network.de_kern]


@pytest.mark.parametrize("organisations", [["mee"], ["de_kern", "mee"], []])
def test_write_scope_may_not_create_a_location_for_others_or_nobody(write_api, network, organisations):
    before = network_state()
    response = write_api.post("/locations", location_body(
        organisations=[getattr(network, name).pk for name in organisations]))
    assert response.status_code == 403
    assert network_state() == before


def test_write_scope_may_change_a_location_it_shares(write_api, network, places):
    response = write_api.patch(f"/locations/{places.shared.pk}", {"description": "Elke dinsdag inloop"})
    assert response.status_code == 200, response.content
    places.shared.refresh_from_db()
    assert places.shared.description == "Elke dinsdag inloop"
    # ... and take its own organisation out from under the shared roof.
    response = write_api.patch(f"/locations/{places.shared.pk}", {"organisations": [network.mee.pk]})
    assert response.status_code == 200
    assert list(places.shared.organisations.all()) == [network.mee]


@pytest.mark.parametrize("change", ["other's location", "add MEE", "remove MEE"])
def test_write_scope_may_not_change_others_locations_or_organisations(write_api, network, places, change):
    path, body = {
        "other's location": (f"/locations/{places.mee_office.pk}", {"description": "Gekaapt"}),
        "add MEE": (f"/locations/{places.kern_office.pk}", {"organisations": [network.de_kern.pk, network.mee.pk]}),
        "remove MEE": (f"/locations/{places.shared.pk}", {"organisations": [network.de_kern.pk]}),
    }[change]
    before = network_state()
    response = write_api.patch(path, body)
    assert response.status_code == 403
    assert network_state() == before


@pytest.mark.parametrize("name", ["create organisation", "create team", "create neighbourhood"])
def test_write_scope_may_not_create_organisations_teams_or_neighbourhoods(write_api, network, places, name):
    method, path, body = _write_requests(network, places)[name]
    before = network_state()
    response = write_api.send(method, path, body)
    assert response.status_code == 403
    assert network_state() == before


# network:admin — the whole network


def test_admin_scope_may_create_an_organisation(admin_api, network):
    response = admin_api.post("/organisations", organisation_body(
        name="  Buurtkracht   Stadshagen ", informal=True, municipality="GM0193",
        associations=[network.mee_nederland.pk], website="https://buurtkracht.example"))
    assert response.status_code == 201, response.content
    body = response.json()
    created = Organisation.objects.get(pk=body["id"])
    assert created.name == body["name"] == "Buurtkracht Stadshagen"
    assert created.informal and created.municipality == network.zwolle
    assert body["associations"] == ["MEE Nederland"] and body["service_area"] == []


def test_admin_scope_may_create_a_team(admin_api, network, places):
    town_hall = Location.objects.create(name="Stadhuis Kampen", street="Burgwal", house_number="45",
                                        postcode="8261EP", city="Kampen", municipality=network.kampen)
    response = admin_api.post("/teams", team_body(
        neighbourhoods=[places.brunnepe.pk], organisations=[network.mee.pk, network.de_kern.pk],
        location=town_hall.pk, description="Voor heel Kampen"))
    assert response.status_code == 201, response.content
    team = Team.objects.get(name="Wijkteam Kampen")
    assert team.municipality == network.kampen and team.location == town_hall
    assert set(team.organisations.all()) == {network.de_kern, network.mee}
    assert list(team.neighbourhoods.all()) == [places.brunnepe]
    assert [o["name"] for o in response.json()["organisations"]] == ["De Kern", "MEE IJsseloevers"]


def test_admin_scope_may_create_a_neighbourhood(admin_api, network):
    response = admin_api.post("/neighbourhoods", {"name": "Assendorp", "kind": "district", "municipality": "GM0193",
                                                  "cbs_code": "WK019305", "postcode": "8012ab"})
    assert response.status_code == 201, response.content
    assert response.json()["municipality"] == {"code": "GM0193", "name": "Zwolle"}
    neighbourhood = Neighbourhood.objects.get(name="Assendorp")
    assert neighbourhood.municipality == network.zwolle and neighbourhood.postcode == "8012AB"


def test_admin_scope_may_change_any_organisation_and_location(admin_api, network, places):
    assert admin_api.patch(f"/organisations/{network.mee.pk}", {"phone": "038-7654321"}).status_code == 200
    assert admin_api.put(f"/organisations/{network.mee.pk}/service-area",
                         {"municipalities": ["GM0141"]}).status_code == 200
    assert admin_api.post("/locations", location_body()).status_code == 201  # without organisations
    assert admin_api.patch(f"/locations/{places.shared.pk}", {"organisations": []}).status_code == 200
    network.mee.refresh_from_db()
    assert network.mee.phone == "038-7654321"
    assert service_area_of(network.mee) == {("GM0141", None)}
    assert not places.shared.organisations.exists()


# --- Bad input: 422 (400 for malformed JSON) naming the field, nothing saved -----------------------


@pytest.fixture
def unchanged(network, places):
    """Asserts after the test that the network in the database is exactly as before it."""
    before = network_state()
    yield
    assert network_state() == before


@pytest.mark.parametrize("method, path", [("POST", "/organisations"), ("PATCH", "/organisations/KERN"),
                                          ("POST", "/locations"), ("PUT", "/organisations/KERN/service-area")])
@pytest.mark.parametrize("data", ['{"name": "Buurtkracht", ', "name=Buurtkracht", "\x00\xff"])
def test_malformed_json_is_400(admin_api, network, unchanged, method, path, data):
    response = admin_api.send(method, path.replace("KERN", str(network.de_kern.pk)), data)
    assert response.status_code == 400
    assert "detail" in response.json()


def test_json_that_is_not_an_object_is_422(admin_api, network, unchanged):
    assert admin_api.post("/organisations", ["Buurtkracht", "citizen_initiative"]).status_code == 422


@pytest.mark.parametrize("postcode", ["12345", "0123 AB", "1234 A", "1234 ABC", "ABCD EF", "1234 SS", "", "   "])
def test_location_with_a_malformed_postcode_is_refused(admin_api, unchanged, postcode):
    response = admin_api.post("/locations", location_body(postcode=postcode))
    assert_invalid(response, "body", "postcode")
    assert {loc[-1] for loc in error_locations(response)} == {"postcode"}  # not repeated as a form-wide error


def test_location_postcode_is_normalised(admin_api, network):
    response = admin_api.post("/locations", location_body(postcode="8031  ab"))
    assert_invalid(response, "body", "postcode")  # two spaces are not a postcode
    assert not Location.objects.exists()
    response = admin_api.post("/locations", location_body(postcode="8031ab"))
    assert response.status_code == 201
    assert Location.objects.get(name="Buurthuis De Enk").postcode == "8031AB"


def test_neighbourhood_accepts_a_postcode_with_a_space(admin_api, network):
    response = admin_api.post("/neighbourhoods", {"name": "Assendorp", "kind": "district", "municipality": "GM0193",
                                                  "postcode": "8012 AB"})
    assert response.status_code == 201, response.content


@pytest.mark.parametrize("kvk", ["1234", "abcdefgh", "1234567a", "00000000", "123456789", "1234 5678"])
def test_malformed_kvk_number_is_refused(admin_api, unchanged, kvk):
    response = admin_api.post("/organisations", organisation_body(kind="welfare", kvk_number=kvk))
    assert_invalid(response, "body", "kvk_number")


def test_malformed_kvk_number_is_refused_on_patch(write_api, network, unchanged):
    for kvk in ["1234", "abcdefgh"]:
        response = write_api.patch(f"/organisations/{network.de_kern.pk}", {"kvk_number": kvk, "phone": "038-1"})
        assert_invalid(response, "body", "kvk_number")


def test_a_valid_kvk_number_is_stored(admin_api, network):
    response = admin_api.post("/organisations", organisation_body(kind="welfare", kvk_number=" 12345678 "))
    assert response.status_code == 201, response.content
    assert Organisation.objects.get(name="Buurtkracht Stadshagen").kvk_number == "12345678"


@pytest.mark.parametrize("name", ["De Kern", "de kern", "DE KERN", "  De   Kern ", "mee ijsseloevers"])
def test_duplicate_organisation_name_is_refused_whatever_the_case(admin_api, unchanged, name):
    assert_invalid(admin_api.post("/organisations", organisation_body(name=name)), "body", "name")


def test_renaming_to_another_organisations_name_is_refused(write_api, network, unchanged):
    response = write_api.patch(f"/organisations/{network.de_kern.pk}", {"name": "mee IJSSELOEVERS"})
    assert_invalid(response, "body", "name")


def test_renaming_only_the_case_of_the_own_name_is_allowed(write_api, network):
    response = write_api.patch(f"/organisations/{network.de_kern.pk}", {"name": "DE KERN"})
    assert response.status_code == 200, response.content
    network.de_kern.refresh_from_db()
    assert network.de_kern.name == "DE KERN"


def test_name_and_description_lengths_are_bounded(admin_api, network):
    before = network_state()
    assert_invalid(admin_api.post("/organisations", organisation_body(name="x" * 151)), "body", "name")
    assert_invalid(admin_api.post("/organisations", organisation_body(description="x" * 2001)), "body", "description")
    assert_invalid(admin_api.patch(f"/organisations/{network.mee.pk}", {"name": "x" * 151}), "body", "name")
    assert_invalid(admin_api.patch(f"/organisations/{network.mee.pk}", {"description": "x" * 2001}),
                   "body", "description")
    assert_invalid(admin_api.post("/locations", location_body(name="x" * 151)), "body", "name")
    assert_invalid(admin_api.post("/locations", location_body(description="x" * 2001)), "body", "description")
    assert_invalid(admin_api.post("/teams", team_body(description="x" * 2001)), "body", "description")
    assert network_state() == before
    # Exactly at the limit is fine.
    response = admin_api.post("/organisations", organisation_body(name="x" * 150, description="y" * 2000))
    assert response.status_code == 201, response.content
    assert Organisation.objects.filter(name="x" * 150, description="y" * 2000).exists()


@pytest.mark.parametrize("name", ["", "   "])
def test_blank_name_is_refused(admin_api, network, unchanged, name):
    assert_invalid(admin_api.post("/organisations", organisation_body(name=name)), "body", "name")
    assert_invalid(admin_api.patch(f"/organisations/{network.mee.pk}", {"name": name}), "body", "name")
    assert_invalid(admin_api.patch(f"/organisations/{network.mee.pk}", {"name": None}), "body", "name")


@pytest.mark.parametrize("kind", ["bakery", "", "MUNICIPALITY", None])
def test_unknown_kind_is_refused(admin_api, network, unchanged, kind):
    assert_invalid(admin_api.post("/organisations", organisation_body(kind=kind)), "body", "kind")
    assert_invalid(admin_api.patch(f"/organisations/{network.mee.pk}", {"kind": kind}), "body", "kind")
    assert_invalid(admin_api.post("/teams", team_body(kind=kind)), "body", "kind")
    assert_invalid(admin_api.post("/neighbourhoods", {"name": "Assendorp", "kind": kind, "municipality": "GM0193"}),
                   "body", "kind")


def test_missing_required_fields_are_named(admin_api, unchanged):
    assert_invalid(admin_api.post("/organisations", {"name": "Buurtkracht"}), "body", "kind")
    assert_invalid(admin_api.post("/organisations", {"kind": "welfare"}), "body", "name")
    response = admin_api.post("/locations", {"name": "Buurthuis"})
    assert {loc[-1] for loc in error_locations(response)} == {"street", "house_number", "postcode", "city",
                                                               "municipality"}


def test_informal_initiative_has_no_kvk_number(admin_api, network, unchanged):
    response = admin_api.post("/organisations", organisation_body(informal=True, kvk_number="12345678"))
    assert_invalid(response, "body", "kvk_number")


def test_making_an_organisation_with_a_kvk_number_informal_is_refused(write_api, network):
    Organisation.objects.filter(pk=network.de_kern.pk).update(kvk_number="12345678")
    before = network_state()
    response = write_api.patch(f"/organisations/{network.de_kern.pk}", {"informal": True})
    assert_invalid(response, "body", "kvk_number")
    assert network_state() == before
    # Dropping the number at the same time is fine.
    response = write_api.patch(f"/organisations/{network.de_kern.pk}", {"informal": True, "kvk_number": ""})
    assert response.status_code == 200, response.content
    network.de_kern.refresh_from_db()
    assert network.de_kern.informal and network.de_kern.kvk_number == ""


def test_informal_initiative_without_kvk_number_is_fine(admin_api):
    response = admin_api.post("/organisations", organisation_body(informal=True))
    assert response.status_code == 201
    assert response.json()["informal"] is True


def test_team_with_a_neighbourhood_of_another_municipality_is_refused(admin_api, network, unchanged):
    # The team is saved before its neighbourhoods are checked: the whole create must roll back.
    response = admin_api.post("/teams", team_body(neighbourhoods=[network.stadshagen.pk],
                                                  organisations=[network.de_kern.pk]))
    assert_invalid(response, "body", "neighbourhoods")
    assert "Stadshagen" in response.json()["detail"][0]["msg"]
    assert not Team.objects.filter(name="Wijkteam Kampen").exists()


def test_service_area_with_a_neighbourhood_inside_a_municipality_served_whole_is_refused(write_api, network,
                                                                                         unchanged):
    response = write_api.put(f"/organisations/{network.de_kern.pk}/service-area",
                             {"municipalities": ["GM0193", "GM0166"], "neighbourhoods": [network.stadshagen.pk]})
    assert_invalid(response, "body", "neighbourhoods")


def test_location_with_a_neighbourhood_of_another_municipality_is_refused(admin_api, network, places, unchanged):
    response = admin_api.post("/locations", location_body(neighbourhood=places.brunnepe.pk))
    assert_invalid(response, "body", "neighbourhood")


@pytest.mark.parametrize("method, path, body, field", [
    ("POST", "/organisations", organisation_body(municipality="GM9999"), "municipality"),
    ("POST", "/organisations", organisation_body(associations=[987654]), "associations"),
    ("PATCH", "/organisations/MEE", {"municipality": "GM9999"}, "municipality"),
    ("PATCH", "/organisations/MEE", {"associations": [987654]}, "associations"),
    ("PUT", "/organisations/MEE/service-area", {"municipalities": ["GM0193", "GM9999"]}, "municipalities"),
    ("PUT", "/organisations/MEE/service-area", {"neighbourhoods": [987654]}, "neighbourhoods"),
    ("POST", "/locations", location_body(municipality="GM9999"), "municipality"),
    ("POST", "/locations", location_body(neighbourhood=987654), "neighbourhood"),
    ("POST", "/locations", location_body(organisations=[987654]), "organisations"),
    ("PATCH", "/locations/SHARED", {"organisations": [987654]}, "organisations"),
    ("POST", "/teams", team_body(municipality="GM9999"), "municipality"),
    ("POST", "/teams", team_body(location=987654), "location"),
    ("POST", "/teams", team_body(organisations=[987654]), "organisations"),
    ("POST", "/teams", team_body(neighbourhoods=[987654]), "neighbourhoods"),
    ("POST", "/neighbourhoods", {"name": "Assendorp", "kind": "district", "municipality": "GM9999"}, "municipality"),
    ("POST", "/neighbourhoods", {"name": "Assendorp", "kind": "district", "municipality": "GM0193",
                                 "cbs_code": "XX0193"}, "cbs_code"),
    ("POST", "/organisations", organisation_body(website="not a url"), "website"),
    ("POST", "/organisations", organisation_body(email="not an address"), "email"),
])
def test_unknown_references_and_bad_values_are_422_naming_the_field(admin_api, network, places, unchanged,
                                                                    method, path, body, field):
    path = path.replace("MEE", str(network.mee.pk)).replace("SHARED", str(places.shared.pk))
    assert_invalid(admin_api.send(method, path, body), "body", field)


# --- Unknown ids, the OpenAPI document ------------------------------------------------------------


@pytest.mark.parametrize("method, path", [
    ("GET", "/municipalities/GM9999"), ("GET", "/regions/987654"), ("GET", "/organisations/987654"),
    ("GET", "/locations/987654"), ("GET", "/teams/987654"),
    ("PATCH", "/organisations/987654"), ("PUT", "/organisations/987654/service-area"),
    ("PATCH", "/locations/987654"),
])
def test_unknown_ids_are_404(admin_api, unchanged, method, path):
    body = None if method == "GET" else {}
    response = admin_api.get(path) if body is None else admin_api.send(method, path, body)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}


@pytest.mark.parametrize("path", ["/organisations/kern", "/teams/1.5", "/regions/-x"])
def test_non_numeric_ids_are_422(read_api, network, path):
    assert_invalid(read_api.get(path), "path", path.split("/")[1][:-1] + "_id")


def test_openapi_document_is_served(client, db):
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["title"] == "Samenkracht API"
    for path in LISTS:
        assert f"{API}{path}" in document["paths"]
    assert f"{API}/organisations/overlap" in document["paths"]
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
