"""Renaming an organisation or a location reindexes its services (their names are in the documents).

network/services.py (update_organisation, update_location) calls socialmap.search.index_services_of.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from samenkracht.network import services as network_services
from samenkracht.network.permissions import SystemActor
from samenkracht.socialmap.search import SearchParams, index_services_of, search_services


def found(text: str) -> set:
    return {item.pk for item in search_services(SearchParams(text=text, per_page=100)).items}


def test_renaming_an_organisation_reindexes_its_services(social_map):
    organisation = social_map.services["geheugentuin"].organisation
    own = {s.pk for s in social_map.services.values()
           if s.organisation_id == organisation.pk and s.publication == "published"}
    assert own and not found("Zonnebloemstraatgroep") & own
    network_services.update_organisation(SystemActor(), organisation, name="Zonnebloemstraatgroep Gooi")
    assert own <= found("Zonnebloemstraatgroep")


def test_renaming_a_location_reindexes_the_services_offered_there(social_map):
    location = social_map.locations["de_meent"]
    there = {s.pk for s in social_map.services.values()
             if s.service_at_locations.filter(location=location).exists() and s.publication == "published"}
    assert there and not found("Kastanjehoeve") & there
    network_services.update_location(SystemActor(), location, name="Kastanjehoeve", city="Huizen")
    assert there <= found("Kastanjehoeve")


def test_changes_outside_the_documents_reindex_nothing(social_map, django_assert_num_queries):
    organisation = social_map.services["geheugentuin"].organisation
    with django_assert_num_queries(0):
        assert index_services_of(organisation_id=organisation.pk, changed=["website"]) == 0
    assert index_services_of(organisation_id=organisation.pk, changed=["name"]) >= 1


def test_a_refused_rename_leaves_the_index_as_it_was(social_map):
    organisation = social_map.services["geheugentuin"].organisation
    before = found("Geheugentuin")
    with pytest.raises(ValidationError):
        network_services.update_organisation(SystemActor(), organisation, name="")
    assert found("Geheugentuin") == before
