"""search_services: filters, facets, distance, ranking, paging, visibility, query counts and the index."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone, translation

from samenkracht.network.models import Location
from samenkracht.socialmap import geo
from samenkracht.socialmap.models import PostcodeCentroid, Service, ServiceAtLocation
from samenkracht.socialmap.search import (
    InvalidSearch,
    SearchParams,
    index_services,
    rebuild_index,
    remove_from_index,
    search_services,
)
from samenkracht.socialmap.search.backends import get_backend
from tests.socialmap_search.conftest import LOCATIONS, SERVICES, VISIBLE


def search(**kwargs):
    kwargs.setdefault("per_page", 100)
    return search_services(SearchParams(**kwargs))


def found(social_map, **kwargs) -> set[str]:
    return set(social_map.keys(search(**kwargs).items))


def facet(result, name) -> dict[str, int]:
    return {f.code: f.count for f in result.facets[name]}


# --- visibility ---------------------------------------------------------------------------------------


def test_browsing_shows_every_public_service_and_nothing_else(social_map):
    result = search()
    assert result.total == len(VISIBLE) == 33
    assert set(social_map.keys(result.items)) == set(VISIBLE)
    # The SQL of the search and the model's own definition of "visible" agree.
    assert {item.pk for item in result.items} == set(Service.objects.visible_to_residents().values_list("pk", flat=True))
    assert "klussendienst" in VISIBLE                 # temporarily closed: still shown


def test_drafts_and_defunct_services_are_never_found_by_residents(social_map):
    assert "concept" not in found(social_map, text="geheugentraining vergeetachtig")
    assert "opgeheven" not in found(social_map, text="schuldenpunt")
    assert found(social_map, text="opgeheven") == set()      # a word only the defunct service has


def test_maintenance_views_may_include_unpublished_services(social_map):
    result = search(text="vergeetachtig", include_unpublished=True)
    assert social_map.keys(result.items)[0] == "concept"     # its name has the typed word
    assert found(social_map, text="opgeheven", include_unpublished=True) == {"opgeheven"}
    assert search(include_unpublished=True).total == len(SERVICES)


# --- text ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["financiën", "financien", "FINANCIEN", "Financiën"])
def test_accents_and_case_do_not_matter(social_map, typed):
    assert found(social_map, text=typed) == found(social_map, text="financien")
    assert "schuldhulpverlening" in found(social_map, text=typed)


@pytest.mark.parametrize("typed, expected", [
    ("rekening", "schuldhulpmaatje"),            # singular finds "rekeningen"
    ("sollicitatiegesprekken", "sollicitatietraining"),   # plural finds plural and the thesaurus entry
    ("opvoeden", "opvoedspreekuur"),             # verb finds the noun "opvoeding"
    ("betaal", "schuldhulpmaatje"),              # stem form finds "betalen"
    ("blowt", "verslaving"),                     # third person finds "blowen"
])
def test_stemming_finds_other_forms_of_a_word(social_map, typed, expected):
    assert social_map.keys(search(text=typed).items)[0] == expected


@pytest.mark.parametrize("typed, expected", [
    ("thuisadmin", "thuisadministratie"),
    ("sollicitatietr", "sollicitatietraining"),
    ("geheugent", "geheugentuin"),
])
def test_partial_words_find_the_whole_word(social_map, typed, expected):
    assert social_map.keys(search(text=typed).items)[0] == expected


def test_compound_parts_are_found(social_map):
    # "schuld" is a part of "SchuldHulpMaatje" and "Schuldhulpverlening"; "taal" of "Taalcafé".
    assert {"schuldhulpmaatje", "schuldhulpverlening"} <= set(social_map.keys(search(text="schuld").items[:2]))
    assert social_map.keys(search(text="taal").items)[0] == "taalcafe"


def test_everyday_words_reach_services_through_their_life_domain(social_map):
    # "geldzorgen" is not in the text of the Thuisadministratie, but it is an everyday word of Financiën.
    assert "geldzorgen" not in SERVICES["thuisadministratie"].description
    result = search(text="geldzorgen")
    assert "thuisadministratie" in social_map.keys(result.items)
    assert result.life_domain_hints == ["financien"]


def test_a_search_of_only_common_words_shows_everything_with_a_notice(social_map):
    with translation.override("en"):
        result = search(text="ik wil het niet")
    assert result.total == len(VISIBLE)
    assert result.notices and "common words" in result.notices[0]


# --- filters ------------------------------------------------------------------------------------------


def test_filter_life_domains_any_of(social_map):
    assert found(social_map, life_domains=["middelengebruik"]) == {"verslaving"}
    assert found(social_map, life_domains=["middelengebruik", "justitie"]) == {"verslaving", "huiselijk_geweld", "nazorg"}


def test_filter_target_groups_and_age(social_map):
    assert found(social_map, target_groups=["jongeren"]) == {"jongerenwerk", "opvoedspreekuur"}
    child = found(social_map, age=10)
    assert "opvoedspreekuur" in child and not {"jongerenwerk", "sollicitatietraining", "buddy", "beweegles"} & child
    senior = found(social_map, age=70)
    assert {"buddy", "beweegles"} <= senior and not {"sollicitatietraining", "jongerenwerk", "opvoedspreekuur"} & senior
    assert len(found(social_map, age=10)) == len(VISIBLE) - 4


def test_filter_municipality_by_coverage_or_location(social_map):
    assert found(social_map, municipality="GM0417") == {
        "casemanager", "schuldhulpverlening", "mantelzorg", "sollicitatietraining", "vacaturebank",
        "wijkverpleging", "maatschappelijk_werk",
    }
    # Gooise Meren: served as a whole, or only in the neighbourhood Oud-Bussum (the Buurtkamer).
    assert found(social_map, municipality="GM1942") == {
        "geheugenhof", "alzheimer_cafe", "schuldhulpverlening", "sollicitatietraining", "buurtkamer",
    }
    assert found(social_map, municipality="GM0999") == set()


def test_filter_neighbourhood_includes_services_for_the_whole_municipality(social_map):
    oostermeent = found(social_map, neighbourhood=social_map.neighbourhoods["oostermeent"].pk)
    centrum = found(social_map, neighbourhood=social_map.neighbourhoods["centrum"].pk)
    assert "eetproject" in oostermeent and "eetproject" not in centrum    # only for Oostermeent
    assert "buddy" in oostermeent and "buddy" in centrum                  # for all of Huizen
    assert "geheugenhof" not in oostermeent                               # Hilversum
    assert len(centrum) == len(VISIBLE) - 4


def test_filter_open_on_a_weekday(social_map):
    assert found(social_map, open_on=6) == {"jongerenwerk", "sportproject"}
    assert found(social_map, open_on=7) == set()
    assert "geheugentuin" in found(social_map, open_on=4) and "geheugentuin" not in found(social_map, open_on=5)


def test_filter_free_access_type_provider_kind_and_organisation(social_map):
    assert len(found(social_map, free=True)) == 25
    assert found(social_map, free=False) == {
        "geheugentuin", "geheugenhof", "eetproject", "respijt", "pubercursus", "beweegles", "huishoudelijke_hulp",
        "vervoer",
    }
    assert found(social_map, access_type="decision") == {"huishoudelijke_hulp", "respijt"}
    assert found(social_map, provider_kinds=["debt_help"]) == {"schuldhulpverlening"}
    assert found(social_map, provider_kinds=["youth", "sports"]) == {"opvoedspreekuur", "pubercursus", "sportproject",
                                                                     "beweegles"}
    assert found(social_map, organisation_id=social_map.organisations["cjg"].pk) == {"opvoedspreekuur", "pubercursus"}


def test_filter_modified_after(social_map):
    long_ago = timezone.now() - timedelta(days=60)
    Service.objects.exclude(pk__in=[social_map.services["taalcafe"].pk, social_map.services["buddy"].pk]).update(
        last_modified=long_ago)
    assert found(social_map, modified_after=timezone.localdate() - timedelta(days=7)) == {"taalcafe", "buddy"}
    assert len(found(social_map, modified_after=timezone.localdate() - timedelta(days=90))) == len(VISIBLE)


def test_filters_combine_with_text(social_map):
    assert found(social_map, text="dementie", municipality="GM0402") == {"geheugenhof", "alzheimer_cafe", "inloophuis"}
    assert found(social_map, text="dementie", access_type="decision") == {"respijt"}
    assert found(social_map, text="dementie", free=True, open_on=2) == {"alzheimer_cafe", "inloophuis"}


# --- facets -------------------------------------------------------------------------------------------


def test_facet_counts_of_all_public_services(social_map):
    result = search()
    assert facet(result, "access_type") == {"open": 31, "decision": 2}
    assert facet(result, "free") == {"true": 25, "false": 8}
    kinds = facet(result, "provider_kind")
    assert kinds["care_provider"] == 5 and kinds["volunteer_organisation"] == 9 and kinds["debt_help"] == 1
    assert sum(kinds.values()) == len(VISIBLE)
    domains = facet(result, "life_domains")
    assert domains["financien"] == 6 and domains["middelengebruik"] == 1 and domains["justitie"] == 2
    assert facet(result, "target_groups")["ouderen"] == 10
    # Every count matches the fixture data.
    for code, count in domains.items():
        assert count == sum(1 for key in VISIBLE if code in SERVICES[key].domains), code
    assert [f.label for f in result.facets["life_domains"]][:2] == ["Financiën", "Werk & opleiding"]


def test_facets_count_within_the_search_and_without_their_own_filter(social_map):
    result = search(text="schulden", life_domains=["financien"], free=True)
    assert result.total == 6
    # Without its own filter: what choosing another life domain would give (same text, free).
    domains = facet(result, "life_domains")
    assert domains["financien"] == 6 and domains["huisvesting"] == 1 and domains["instrumentele-adl"] == 2
    assert "justitie" not in domains          # no matching service: left out
    assert facet(result, "free") == {"true": 6}               # no paid service matches: left out
    assert facet(result, "access_type") == {"open": 6}


def test_a_selected_value_stays_in_its_facet_even_without_results(social_map):
    result = search(text="gokken", life_domains=["justitie"])
    assert result.total == 0
    assert facet(result, "life_domains") == {"middelengebruik": 1, "justitie": 0}


def test_facets_can_be_left_out(social_map):
    assert search(with_facets=False).facets == {}


# --- distance and ranking -------------------------------------------------------------------------------


def test_distance_from_a_postcode_is_measured_to_the_nearest_location(social_map):
    origin = geo.origin_for_postcode("1274AB")
    result = search(postcode="1274 ab")
    by_key = {social_map.key_of(item): item for item in result.items}
    expected = geo.distance_km(origin, LOCATIONS["de_meent"][6:8])
    assert by_key["geheugentuin"].distance_km == pytest.approx(expected, abs=0.01)
    assert 1.5 < expected < 1.8
    assert by_key["buddy"].distance_km is None             # visits at home: no location
    # A second location nearer by changes the distance.
    before = by_key["sollicitatietraining"].distance_km
    ServiceAtLocation.objects.create(service=social_map.services["sollicitatietraining"],
                                     location=social_map.locations["gemeentehuis"])
    after = {social_map.key_of(i): i for i in search(postcode="1274AB").items}["sollicitatietraining"].distance_km
    assert before > 9 and after < 2.5


def test_nearby_services_come_first(social_map):
    result = search(postcode="1211")      # Hilversum centre
    keys = social_map.keys(result.items)
    assert set(keys[:4]) == {"alzheimer_cafe", "geheugenhof", "inloophuis", "verslaving"}
    assert keys[:4] == sorted(keys[:4], key=lambda k: SERVICES[k].name)   # equal distance: by name
    near = [i for i, item in enumerate(result.items) if item.distance_km is not None and item.distance_km < 1]
    far = [i for i, item in enumerate(result.items) if item.distance_km is not None and item.distance_km > 5]
    assert max(near) < min(far)


def test_radius_keeps_only_services_with_a_location_nearby(social_map):
    origin = geo.origin_for_postcode("1274AB")
    within = {key for key, s in SERVICES.items() if key in VISIBLE and any(
        geo.distance_km(origin, LOCATIONS[loc][6:8]) <= 3 for loc in s.locations)}
    assert found(social_map, postcode="1274AB", radius_km=3) == within
    assert "sollicitatietraining" not in within and "buddy" not in within
    assert "sollicitatietraining" in found(social_map, postcode="1274AB", radius_km=15)
    near_origin = found(social_map, near=(52.2245, 5.1770), radius_km=1)
    assert near_origin == {"alzheimer_cafe", "geheugenhof", "inloophuis", "verslaving", "sollicitatietraining"}


def test_unknown_postcode_or_missing_origin_gives_a_notice_and_no_distance(social_map):
    with translation.override("en"):
        result = search(postcode="9999 ZZ", text="schulden")
    assert result.origin is None and all(item.distance_km is None for item in result.items)
    assert result.notices == ["Postcode 9999 ZZ is not known here, so results are not sorted by distance."]
    with translation.override("en"):
        result = search(radius_km=5)
    assert result.total == len(VISIBLE) and "maximum distance" in result.notices[0]


def test_neighbourhood_centre_is_the_origin_when_no_postcode_is_given(social_map):
    result = search(neighbourhood=social_map.neighbourhoods["oud_bussum"].pk)
    # Oud-Bussum has no coordinates of its own: the average of its locations (the Buurtkamer) is used.
    assert result.origin == pytest.approx(LOCATIONS["bussum"][6:8])
    assert social_map.keys(result.items)[0] == "buurtkamer"


def test_home_visit_services_for_the_residents_municipality_count_as_nearby(social_map):
    # Casemanager dementie has no location but serves Huizen: from a Huizen postcode it beats the day care
    # in Hilversum (10 km); from Hilversum, which it does not serve, it does not.
    keys = social_map.keys(search(text="vergeetachtig", postcode="1271AB").items)
    assert keys.index("casemanager") < keys.index("geheugenhof")
    keys = social_map.keys(search(text="vergeetachtig", postcode="1211AA").items)
    assert keys.index("casemanager") > keys.index("geheugenhof")


def test_fresher_services_rank_first_among_equals(social_map):
    keys = social_map.keys(search(life_domains=["financien"]).items)
    # Confirmed recently: by name; then ten months ago (Thuisadministratie), then never (Formulierenbrigade).
    assert keys[-2:] == ["thuisadministratie", "formulierenbrigade"]
    assert keys[:-2] == sorted(keys[:-2], key=lambda k: SERVICES[k].name)


def test_results_are_deterministic(social_map):
    first = [item.pk for item in search(text="ouderen").items]
    assert first == [item.pk for item in search(text="ouderen").items]
    assert len(first) > 5


# --- paging and query counts ----------------------------------------------------------------------------


def test_pages_split_the_results_without_gaps_or_doubles(social_map):
    pages = [search(per_page=10, page=n) for n in (1, 2, 3, 4, 5)]
    assert [len(p.items) for p in pages] == [10, 10, 10, 3, 0]
    assert all(p.total == len(VISIBLE) for p in pages)
    seen = [item.pk for p in pages for item in p.items]
    assert len(seen) == len(set(seen)) == len(VISIBLE)
    assert seen == [item.pk for item in search(per_page=50).items]


@pytest.mark.parametrize("per_page", [5, 50])
def test_the_number_of_queries_does_not_depend_on_the_page_size(social_map, django_assert_num_queries, per_page):
    # 1 statement (page ids, total, every facet) + 1 for the services with their organisation
    # + 2 prefetches (life domains, target groups); on PostgreSQL 1 more: SET LOCAL jit = off.
    base = 4 + (connection.vendor == "postgresql")
    with django_assert_num_queries(base):
        result = search_services(SearchParams(text="ouderen", per_page=per_page))
    assert len(result.items) == min(per_page, result.total) and result.total > 5
    # ... and one more to place a postcode.
    with django_assert_num_queries(base + 1):
        search_services(SearchParams(per_page=per_page, postcode="1271AB", radius_km=20))
    # ... and without facets the same statement, only shorter.
    with django_assert_num_queries(base):
        search_services(SearchParams(text="ouderen", per_page=per_page, with_facets=False))


def test_access_to_loaded_relations_costs_no_queries(social_map, django_assert_num_queries):
    result = search(per_page=50)
    with django_assert_num_queries(0):
        names = [(item.organisation.name, [d.code for d in item.life_domains.all()]) for item in result.items]
    assert len(names) == len(VISIBLE)


# --- bad parameters ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kwargs, field", [
    ({"per_page": 101}, "per_page"), ({"per_page": 0}, "per_page"), ({"page": 0}, "page"),
    ({"open_on": 9}, "open_on"), ({"age": -1}, "age"), ({"life_domains": ["geld"]}, "life_domains"),
    ({"target_groups": ["katten"]}, "target_groups"), ({"postcode": "12345"}, "postcode"),
    ({"postcode": "1234 SS"}, "postcode"), ({"access_type": "gratis"}, "access_type"),
    ({"provider_kinds": ["bakery"]}, "provider_kinds"), ({"municipality": "Huizen"}, "municipality"),
    ({"radius_km": 0}, "radius_km"), ({"near": (100.0, 5.0)}, "near"),
])
def test_impossible_parameters_are_refused_naming_the_field(db, kwargs, field):
    with pytest.raises(InvalidSearch) as refused:
        search_services(SearchParams(**kwargs))
    assert list(refused.value.problems) == [field]


# --- the index ------------------------------------------------------------------------------------------


def test_reindex_after_an_update_changes_the_results(social_map):
    service = social_map.services["buurtbemiddeling"]
    assert found(social_map, text="schutting") == {"buurtbemiddeling"}
    service.description = "Bemiddeling bij burenruzies over een blaffende hond."
    service.save()
    assert found(social_map, text="hond") == set()            # not yet indexed
    index_services([service.pk])
    assert found(social_map, text="hond") == {"buurtbemiddeling"}
    assert found(social_map, text="schutting") == set()


def test_removed_and_deleted_services_leave_the_index(social_map):
    backend = get_backend()
    before = backend.count()       # (documents left behind by flushed transactional tests may be counted)
    remove_from_index([social_map.services["taalcafe"].pk])
    assert "taalcafe" not in found(social_map, text="taalcafe")
    assert backend.count() == before - 1
    # index_services of a deleted service removes its document too.
    nazorg = social_map.services["nazorg"].pk
    Service.objects.filter(pk=nazorg).delete()
    index_services([nazorg])
    assert backend.count() == before - 2


def test_rebuild_indexes_everything_again_and_drops_orphans(social_map, monkeypatch):
    from samenkracht.socialmap.search import backends

    backend = get_backend()
    Service.objects.filter(pk=social_map.services["verslaving"].pk).delete()   # its document stays behind
    backend.delete([social_map.services["taalcafe"].pk])                      # and one is missing
    monkeypatch.setattr(backends, "BATCH_SIZE", 10)
    calls = []
    count = rebuild_index(progress=lambda done, total: calls.append((done, total)))
    assert count == len(SERVICES) - 1 == backend.count()
    assert calls == [(10, 34), (20, 34), (30, 34), (34, 34)]
    assert "taalcafe" in found(social_map, text="taalcafe")
    assert found(social_map, text="gokken") == set()


# --- geo ------------------------------------------------------------------------------------------------


def test_postcode_centres_from_the_network_and_from_the_postcode_table(social_map):
    # 1271: one neighbourhood (Huizen-Centrum) and four locations, averaged.
    place = geo.locate_postcode("1271 XX")
    points = [(52.2995, 5.2410)] + [LOCATIONS[k][6:8] for k in ("de_meent", "gemeentehuis", "bibliotheek", "cjg")]
    assert place.point == pytest.approx((sum(p[0] for p in points) / 5, sum(p[1] for p in points) / 5))
    assert place.municipality_id == social_map.municipalities["huizen"].pk
    PostcodeCentroid.objects.create(pc4="1271", latitude=52.3, longitude=5.24)
    assert geo.origin_for_postcode("1271") == (52.3, 5.24)
    assert geo.origin_for_postcode("9999") is None and geo.origin_for_postcode("nonsense") is None
    assert geo.parse_postcode("1271 ab") == "1271" and geo.parse_postcode("1271 SD") is None
    assert geo.locate_neighbourhood(123456) is None


def test_locations_without_coordinates_or_abroad_are_ignored(social_map):
    Location.objects.create(name="Kantoor Antwerpen", street="Meir", house_number="1", postcode="1271", city="Antwerpen",
                            country="BE", latitude=51.2, longitude=4.4)
    place = geo.locate_postcode("1271")
    assert 52.29 < place.latitude < 52.31
