"""Every computed indicator against hand-computed data (tests/reports/conftest.py), suppression and a
constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from samenkracht.reports import compute
from samenkracht.reports.compute import Cell, suppress
from samenkracht.reports.indicators import CATALOGUE
from tests.reports.conftest import END, START, add_request, add_triage, at, referrals_available

pytestmark = pytest.mark.django_db


def values(work, codes, **kwargs):
    return compute.compute_values(codes, municipality_ids=[work.municipality.pk], start=START, end=END, **kwargs)


def test_help_requests_per_channel_neighbourhood_and_quarter(work):
    value = values(work, ["help_requests"], breakdown=["channel", "neighbourhood", "quarter", "life_domain"])[
        "help_requests"]
    assert value.value == 11 and value.display == "11"
    channel = {c.key: c.display for c in value.by["channel"]}
    assert channel == {"phone": "6", "walk_in": "<5", "email": "<5"}  # two hidden: no secondary needed
    neighbourhood = {c.label: c.display for c in value.by["neighbourhood"]}
    # Veghel (2) is hidden; then Schijndel (9) must be hidden too, or 11 - 9 reveals it.
    assert neighbourhood == {"Schijndel": "x", "Veghel": "<5"}
    quarter = {c.key: c.display for c in value.by["quarter"]}
    assert quarter == {"2025-Q1": "x", "2025-Q2": "<5", "2025-Q3": "0", "2025-Q4": "0"}  # every quarter shown
    domains = {c.key: c.display for c in value.by["life_domain"]}
    assert domains == {"financien": "x", "huisvesting": "<5"}


def test_suppressed_cells_carry_no_value(work):
    value = values(work, ["help_requests"], breakdown="channel")["help_requests"]
    for cell in value.rows:
        if cell.suppressed:
            assert cell.value is None and cell.n == 0
    assert "2" not in [c.display for c in value.rows]


def test_resolved_with_open_access_and_days_to_triage(work):
    result = values(work, ["resolved_open_access_share", "days_to_triage"])
    assert result["resolved_open_access_share"].value == pytest.approx(66.7)
    assert result["resolved_open_access_share"].display == "66,7%"
    assert result["days_to_triage"].value == pytest.approx(14 / 6, abs=0.01)


def test_zrm_change_satisfaction_and_breakthroughs(work):
    result = values(work, ["zrm_change", "satisfaction", "breakthroughs_resolved"], breakdown="life_domain")
    # Only one plan closed with ZRM scores: fewer than 5 cases, so suppressed.
    assert result["zrm_change"].display == "<5" and result["zrm_change"].value is None
    assert result["satisfaction"].value == pytest.approx((8 + 5 * 6) / 6, abs=0.01)
    assert result["breakthroughs_resolved"].value == 5


def test_zrm_change_per_domain_when_enough_plans(work):
    from samenkracht.plans.models import Assessment, AssessmentScore, Household, Plan

    for index in range(4):  # four more plans: financien 1→3 (+2), huisvesting 2→4 (+2)
        household = Household.objects.create(municipality=work.municipality)
        plan = Plan.objects.create(household=household, municipality=work.municipality, coordinator=work.pro_a,
                                   coordinator_organisation=work.welzijn, status="closed",
                                   closed_at=at(date(2025, 7, 1 + index)))
        for moment, on, scores in (("intake", date(2025, 2, 1), (1, 2)), ("closure", date(2025, 7, 1), (3, 4))):
            a = Assessment.objects.create(plan=plan, municipality=work.municipality, moment=moment, assessed_on=on,
                                          assessor=work.pro_a)
            AssessmentScore.objects.create(assessment=a, municipality=work.municipality, life_domain_id="financien",
                                           score=scores[0])
            AssessmentScore.objects.create(assessment=a, municipality=work.municipality,
                                           life_domain_id="huisvesting", score=scores[1])
    value = values(work, ["zrm_change"], breakdown="life_domain")["zrm_change"]
    # 10 domain pairs: financien +2 x5, huisvesting 0 + 2 x4 → (10 + 8) / 10 = 1.8
    assert value.value == pytest.approx(1.8)
    per_domain = {c.key: c.value for c in value.rows}
    assert per_domain["financien"] == pytest.approx(2.0)
    assert per_domain["huisvesting"] == pytest.approx(1.6)


def test_other_municipality_and_period_are_excluded(work, network):
    result = compute.compute_values(["help_requests"], municipality_ids=[network.zwolle.pk], start=START, end=END)
    assert result["help_requests"].value == 0
    result = compute.compute_values(["help_requests"], municipality_ids=[work.municipality.pk],
                                    start=date(2025, 5, 1), end=date(2025, 5, 31))
    assert result["help_requests"].display == "<5"


def test_manual_and_unknown_codes_are_skipped_and_bad_input_refused(work):
    assert values(work, ["activities_held", "nonsense"]) == {}
    with pytest.raises(ValueError):
        compute.compute_values(["help_requests"], municipality_ids=[1], start=END, end=START)
    with pytest.raises(ValueError):
        values(work, ["help_requests"], breakdown="shoe_size")


@pytest.mark.skipif(not referrals_available(), reason="the referrals app has no migration yet")
def test_referral_indicators(work):
    from samenkracht.referrals.models import Referral

    triage = work.requests[0].triage
    household = work.requests[0].household
    if household is None:
        from samenkracht.plans.models import Household

        household = Household.objects.create(municipality=work.municipality)
    monday = at(date(2025, 3, 3))  # a Monday: 5 working days = until next Monday
    for days, completed, seen in ((1, True, True), (3, True, True), (6, True, False), (8, True, True),
                                  (9, False, False), (2, True, True)):
        Referral.objects.create(
            municipality=work.municipality, household=household, triage=triage, sender=work.pro_a,
            sender_organisation=work.welzijn, target_kind="organisation", target_organisation=work.lumens,
            receiving_organisation=work.lumens, status="completed" if completed else "accepted", sent_at=monday,
            accepted_at=monday + timedelta(days=days), completed_at=monday + timedelta(days=20) if completed else None,
            sender_seen_outcome_at=monday + timedelta(days=21) if seen else None)
    result = values(work, ["referrals_accepted_within_5_days", "closed_loop_rate"])
    assert result["referrals_accepted_within_5_days"].value == pytest.approx(round(100 * 4 / 6, 1))
    assert result["closed_loop_rate"].value == pytest.approx(80.0)


def test_every_computed_indicator_answers(work):
    result = values(work, compute.computed_codes(), breakdown="quarter")
    assert set(result) == {c for c, i in CATALOGUE.items() if i.source == "computed"}
    for value in result.values():
        assert value.display


# --- Suppression ----------------------------------------------------------------------------------


def cells(*ns):
    return [Cell(str(i), f"c{i}", float(n), n) for i, n in enumerate(ns)]


def test_primary_suppression_below_five_and_zero_shown():
    out = suppress(cells(0, 1, 4, 5, 20), "count")
    assert [c.display for c in out] == ["0", "<5", "<5", "5", "20"]


def test_secondary_suppression_hides_the_next_smallest_cell():
    out = suppress(cells(3, 12, 7, 30), "count")
    assert [c.display for c in out] == ["<5", "12", "x", "30"]
    assert [c.value for c in out] == [None, 12.0, None, 30.0]


def test_no_secondary_suppression_needed_with_two_hidden_cells():
    out = suppress(cells(3, 2, 40), "count")
    assert [c.display for c in out] == ["<5", "<5", "40"]


def test_single_cell_group():
    assert [c.display for c in suppress(cells(3), "count")] == ["<5"]
    assert [c.display for c in suppress(cells(9), "count")] == ["9"]


# --- Constant number of queries ----------------------------------------------------------------------


def _grow(work, extra: int) -> None:
    for i in range(extra):
        request = add_request(work, when=at(date(2025, 8, 1 + i % 28), 9 + i % 8), channel="phone",
                              neighbourhood=work.veghel)
        add_triage(work, request, days=1, outcome="advice")


@pytest.mark.parametrize("breakdown", [None, "quarter", ["channel", "neighbourhood", "organisation"]])
def test_query_count_does_not_grow_with_rows(work, django_assert_num_queries, breakdown):
    codes = compute.computed_codes()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        values(work, codes, breakdown=breakdown)
    _grow(work, 40)
    with django_assert_num_queries(len(small.captured_queries)):
        values(work, codes, breakdown=breakdown)


def _referral(work, household=None):
    from samenkracht.plans.models import Household
    from samenkracht.referrals.models import Referral

    household = household or Household.objects.create(municipality=work.municipality)
    triage = work.requests[0].triage
    return Referral.objects.create(
        municipality=work.municipality, household=household, triage=triage, sender=work.pro_a,
        sender_organisation=work.welzijn, target_kind="organisation", target_organisation=work.lumens,
        receiving_organisation=work.lumens, status="accepted", sent_at=at(date(2025, 3, 3)))


@pytest.mark.skipif(compute.model("volunteers.HoursEntry") is None, reason="volunteer hours not built yet")
def test_active_volunteers_and_hours(work):
    from samenkracht.volunteers.models import HoursEntry, Volunteer, VolunteerMatch, VolunteerPool

    pool = VolunteerPool.objects.create(organisation=work.welzijn, municipality=work.municipality,
                                        name="Buurtmaatjes", kind=VolunteerPool._meta.get_field("kind").choices[0][0])
    referral = _referral(work)
    for index, hours in enumerate([[2, 3], [1], [4], [2, 2], [1, 1], [5]]):  # 6 volunteers, 21 hours
        volunteer = Volunteer.objects.create(pool=pool, municipality=work.municipality, given_name=f"V{index}",
                                             family_name="Test", status="active")
        match = VolunteerMatch.objects.create(referral=referral, volunteer=volunteer, municipality=work.municipality,
                                              started_on=date(2025, 3, 1))
        for day, h in enumerate(hours):
            HoursEntry.objects.create(match=match, municipality=work.municipality, date=date(2025, 4, 1 + day),
                                      hours=h)
    # One entry outside the period is not counted.
    HoursEntry.objects.create(match=match, municipality=work.municipality, date=date(2026, 1, 2), hours=3)
    result = values(work, ["active_volunteers", "volunteer_hours"], breakdown="organisation")
    assert result["active_volunteers"].value == 6
    assert result["volunteer_hours"].value == 21
    assert {c.label: c.display for c in result["volunteer_hours"].rows} == {"Welzijn De Meierij": "21"}


def test_quarters_clip_the_period():
    assert compute.quarters(date(2025, 2, 15), date(2025, 7, 3)) == [
        (date(2025, 2, 15), date(2025, 3, 31)), (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 7, 3))]
    assert compute.quarters(date(2024, 11, 1), date(2025, 1, 1))[-1] == (date(2025, 1, 1), date(2025, 1, 1))
