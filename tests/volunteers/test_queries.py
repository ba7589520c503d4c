"""Matching order with reasons, lists in a fixed number of queries, and the figures for reports."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from samenkracht.volunteers import queries, services
from samenkracht.volunteers.models import HoursEntry, VolunteerMatch, VolunteerStatus
from tests.volunteers.conftest import actor, make_volunteer

pytestmark = pytest.mark.django_db
TUESDAY_AFTERNOON, THURSDAY_EVENING = (2, 1), (4, 2)


def test_ranking_by_domain_then_distance_and_availability_leaves_out_those_at_capacity(world, people):
    near_fit = make_volunteer(world.pool, given_name="Dichtbij", skills=["sociaal-netwerk"], postcode_area="8012",
                              slots=[TUESDAY_AFTERNOON], capacity=2)
    far_fit = make_volunteer(world.pool, given_name="Veraf", skills=["sociaal-netwerk"], postcode_area="4141",
                             slots=[TUESDAY_AFTERNOON], capacity=2)
    near_no_fit = make_volunteer(world.pool, given_name="Anders", skills=["financien"], postcode_area="8011",
                                 slots=[TUESDAY_AFTERNOON, THURSDAY_EVENING], capacity=2)
    full = make_volunteer(world.pool, given_name="Vol", skills=["sociaal-netwerk"], postcode_area="8012", capacity=1)
    make_volunteer(world.pool, given_name="Nieuw", skills=["sociaal-netwerk"], status=VolunteerStatus.REGISTERED)
    make_volunteer(world.mee_pool, given_name="AnderePool", skills=["sociaal-netwerk"])
    VolunteerMatch.objects.create(referral=world.referral("in_progress"), volunteer=full,
                                  municipality_id=full.municipality_id)
    needs = queries.Needs(domains={"sociaal-netwerk"}, origin=queries.origin_for("8012AB"),
                          availability=sum(1 << ((d - 1) * 3 + p) for d, p in [TUESDAY_AFTERNOON]))
    ranked, at_capacity = queries.rank_volunteers(world.pool, needs)
    assert [c.volunteer.pk for c in ranked] == [near_fit.pk, far_fit.pk, near_no_fit.pk]
    assert [c.volunteer.pk for c in at_capacity] == [full.pk]
    first = ranked[0]
    assert any("Sociaal netwerk" in reason for reason in first.reasons)
    assert any("km" in reason for reason in first.reasons) and first.distance < 1
    assert ranked[1].distance > 50
    assert ranked[2].warnings and not ranked[2].domain_fit
    assert "1" in at_capacity[0].warnings[0] and at_capacity[0].running == 1


def test_availability_breaks_a_tie_and_language_counts(world):
    evening = make_volunteer(world.pool, given_name="Avond", slots=[THURSDAY_EVENING], languages=["ar"])
    afternoon = make_volunteer(world.pool, given_name="Middag", slots=[TUESDAY_AFTERNOON])
    needs = queries.Needs(availability=1 << ((4 - 1) * 3 + 2))
    ranked, _full = queries.rank_volunteers(world.pool, needs)
    assert [c.volunteer.pk for c in ranked] == [evening.pk, afternoon.pk]
    ranked, _full = queries.rank_volunteers(world.pool, queries.Needs(language="ar"))
    assert ranked[0].volunteer.pk == evening.pk


def _fill(pool, n, offset=0):
    for i in range(n):
        volunteer = make_volunteer(pool, given_name=f"V{offset + i}", skills=["financien", "sociaal-netwerk"],
                                   postcode_area="8011", slots=[TUESDAY_AFTERNOON], languages=["nl"])
        volunteer.neighbourhoods.set([])


def test_lists_and_ranking_use_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _fill(world.pool, 3)
    with django_assert_max_num_queries(3):
        assert len(queries.volunteers(world.pool)) == 3
    needs = queries.Needs(domains={"financien"}, origin=(52.5, 6.09), availability=1)
    with django_assert_max_num_queries(5):
        ranked, _ = queries.rank_volunteers(world.pool, needs)
    assert len(ranked) == 3
    with django_assert_max_num_queries(1):
        assert len(list(queries.pools())) == 2
    _fill(world.pool, 12, offset=3)
    with django_assert_max_num_queries(3):
        assert len(queries.volunteers(world.pool, queries.VolunteerFilters(domain="financien", weekday=2, part=1,
                                                                          free_only=True, language="nl"))) == 15
    with django_assert_max_num_queries(5):
        ranked, _ = queries.rank_volunteers(world.pool, needs)
    assert len(ranked) == 15
    with django_assert_max_num_queries(1):
        assert len(list(queries.pools())) == 2


def test_filters(world, network):
    from samenkracht.network.models import Neighbourhood

    a = make_volunteer(world.pool, given_name="A", skills=["financien"], slots=[TUESDAY_AFTERNOON], languages=["en"])
    b = make_volunteer(world.pool, given_name="B", skills=["sociaal-netwerk"], status=VolunteerStatus.LEAVING)
    left = make_volunteer(world.pool, given_name="C", status=VolunteerStatus.LEFT)
    a.neighbourhoods.set([network.stadshagen])
    ids = lambda rows: [v.pk for v in rows]  # noqa: E731
    assert ids(queries.volunteers(world.pool)) == [a.pk, b.pk]
    assert ids(queries.volunteers(world.pool, queries.VolunteerFilters(status="left"))) == [left.pk]
    assert ids(queries.volunteers(world.pool, queries.VolunteerFilters(domain="sociaal-netwerk"))) == [b.pk]
    assert ids(queries.volunteers(world.pool, queries.VolunteerFilters(language="en"))) == [a.pk]
    assert ids(queries.volunteers(world.pool, queries.VolunteerFilters(weekday=2, part=1))) == [a.pk]
    assert ids(queries.volunteers(world.pool, queries.VolunteerFilters(
        neighbourhood=Neighbourhood.objects.get(name="Stadshagen").pk))) == [a.pk]


def test_volunteer_figures_per_organisation_municipality_and_period(world, people, network,
                                                                    django_assert_max_num_queries):
    today = timezone.localdate()
    start, end = today - timedelta(days=30), today
    active = make_volunteer(world.pool, capacity=2)
    make_volunteer(world.pool, status=VolunteerStatus.LEFT, active_since=today - timedelta(days=400),
                   left_on=today - timedelta(days=100))
    make_volunteer(world.pool, status=VolunteerStatus.REGISTERED)
    make_volunteer(world.mee_pool)
    coordinator = actor(people.coordinator)
    match = services.create_match(coordinator, world.referral("accepted"), active, started_on=today - timedelta(days=5))
    services.record_hours(coordinator, match, date=today - timedelta(days=4), hours="2")
    services.record_hours(coordinator, match, date=today, hours="1.25")
    HoursEntry.objects.create(match=match, municipality_id=match.municipality_id, date=today - timedelta(days=60),
                              hours=Decimal("3"))  # outside the period
    with django_assert_max_num_queries(3):
        rows = queries.volunteer_figures([network.zwolle.pk], start, end)
    by_org = {row["organisation"]: row for row in rows}
    assert by_org["De Kern"]["active_volunteers"] == 1
    assert by_org["De Kern"]["hours"] == Decimal("3.25")
    assert by_org["De Kern"]["matches_started"] == 1
    assert by_org["MEE IJsseloevers"]["active_volunteers"] == 1 and by_org["MEE IJsseloevers"]["hours"] == 0
    assert all(row["municipality"] == "Zwolle" for row in rows)
    assert queries.volunteer_figures([network.kampen.pk], start, end) == []
    assert queries.volunteer_figures([network.zwolle.pk], date(2000, 1, 1), date(2000, 12, 31)) == []
