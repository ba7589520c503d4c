"""The demo sociale kaart: built from the articles' facts, idempotent, with stale and pending entries."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from samenkracht.demo import socialmap_data
from samenkracht.demo.socialmap_loader import build_demo_social_map
from samenkracht.socialmap.models import Publication, Service, ServiceChange
from samenkracht.socialmap.search import SearchParams, search_services
from tests.demo.test_demo import ARTICLE_PEOPLE


def test_demo_contains_the_geheugenhuis_in_huizen_with_eight_day_parts(demo):
    service = Service.objects.get(name="Het GeheugenHuis")
    assert service.organisation.name == "Versa Welzijn"
    assert [c.municipality.name for c in service.coverage.all()] == ["Huizen"]
    assert [sal.location.city for sal in service.service_at_locations.select_related("location")] == ["Huizen"]
    assert sum(schedule.day_parts for schedule in service.schedules.all()) == 8
    assert {g.code for g in service.target_groups.all()} >= {"dementie", "mantelzorgers"}
    assert service.publication == Publication.PUBLISHED and not service.is_stale


def test_demo_has_about_forty_services_with_stale_and_pending_ones(demo):
    assert demo["services"] == len(socialmap_data.SERVICES) >= 40
    assert demo["stale services"] >= 5
    assert demo["services awaiting review"] == 1
    pending = Service.objects.get(publication=Publication.PENDING_REVIEW)
    assert pending.organisation.name == "MEE IJsseloevers"
    assert Service.objects.filter(organisation__kind="citizen_initiative", organisation__informal=True).count() >= 4
    assert Service.objects.filter(access_type="decision").count() >= 4
    assert Service.objects.filter(status="temporarily closed").exists()
    # Every service is in the search index: an empty search finds all published, visible ones.
    visible = Service.objects.visible_to_residents().count()
    assert search_services(SearchParams(per_page=100, with_facets=False)).total == visible


def test_demo_is_idempotent(demo):
    changes = ServiceChange.objects.count()
    again = build_demo_social_map()
    assert again == demo
    assert ServiceChange.objects.count() == changes  # nothing changed, so nothing recorded


def test_demo_command_builds_the_social_map(db):
    out = StringIO()
    call_command("demo", stdout=out)
    assert f"{len(socialmap_data.SERVICES)} services" in out.getvalue()


def test_no_person_from_the_articles_appears_in_the_social_map_data():
    text = repr(socialmap_data.SERVICES) + repr(socialmap_data.EXTRA_LOCATIONS)
    assert [name for name in ARTICLE_PEOPLE if name in text] == []
