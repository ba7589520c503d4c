"""Retention periods and `samenkracht purge_expired`: the dry run changes nothing, the real run removes exactly
the expired records (all or nothing, logged, with tombstones), and purged data is gone from lists and exports."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import Client, override_settings
from django.utils import timezone

from samenkracht.frontdoor.models import HelpRequest
from samenkracht.plans.models import Assignment, BudgetLine, Household, Person, Plan
from samenkracht.privacy.models import AccessLogEntry
from samenkracht.rights import retention
from samenkracht.rights.apps import check_retention
from samenkracht.rights.models import Tombstone
from tests.api_helpers import api_with_token

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
NOW = timezone.now()


def years_ago(years: float):
    return NOW - timedelta(days=round(365.25 * years))


def _household(case, *, closed_years=None, youth=False, active=False, assign=False):
    municipality = case.household.municipality
    household = Household.objects.create(municipality=municipality, created_at=years_ago(40))
    Person.objects.create(household=household, municipality=municipality, given_name="Oud", family_name="Dossier")
    if closed_years is not None or active:
        plan = Plan.objects.create(household=household, municipality=municipality,
                                   coordinator=case.coordinator_user,
                                   coordinator_organisation=case.household.plans.get().coordinator_organisation,
                                   status="active" if active else "closed",
                                   closed_at=None if active else years_ago(closed_years))
        if youth:
            BudgetLine.objects.create(plan=plan, municipality=municipality, funding_source="jeugdwet", allocated=10)
    if assign:
        Assignment.objects.create(household=household, municipality=municipality, user=case.coordinator_user,
                                  organisation=case.household.plans.get().coordinator_organisation)
    return household


def _request(case, *, status, years, household=None, reference):
    return HelpRequest.objects.create(
        reference=reference, municipality=case.household.municipality, team=case.team, household=household,
        channel="phone", question="Oude vraag", status=status, registered_at=years_ago(years),
        triage_due_at=years_ago(years))


@pytest.fixture
def archive(case):
    h = {
        "wmo_expired": _household(case, closed_years=16, assign=True),
        "wmo_kept": _household(case, closed_years=10),
        "youth_kept": _household(case, closed_years=16, youth=True),
        "youth_expired": _household(case, closed_years=21, youth=True),
        "active_old": _household(case, active=True),
        "no_plan_expired": _household(case),
    }
    _request(case, status="closed", years=3, household=h["no_plan_expired"], reference="HV-OLD-1")
    _request(case, status="closed", years=3, reference="HV-OLD-2")          # no household: expired
    _request(case, status="closed", years=1, reference="HV-NEW-1")          # within 2 years: kept
    _request(case, status="new", years=5, reference="HV-OPEN-1")           # open work is never expired
    return h


def _state():
    return (sorted(Household.objects.values_list("pk", flat=True)), sorted(HelpRequest.objects.values_list(
        "reference", flat=True)), Person.objects.count(), Plan.objects.count(), Tombstone.objects.count())


def test_dry_run_changes_nothing_and_reports(case, archive):
    before = _state()
    log_before = AccessLogEntry.objects.count()
    out = StringIO()
    call_command("purge_expired", "--dry-run", stdout=out)
    assert _state() == before and AccessLogEntry.objects.count() == log_before
    text = out.getvalue()
    assert "Dry run" in text
    rows = {m[0]: int(m[2]) for m in re.findall(r"^(\w+)\s+(\d+)\s+(\d+)\s", text, re.M)}
    assert rows == {"youth_care_file": 1, "wmo_support_plan": 1, "help_request": 2}
    assert "4 record(s) would be deleted" in text


def test_real_run_removes_exactly_the_expired(case, archive, network):
    from tests.rights.conftest import actor
    from samenkracht.rights import services

    person = archive["wmo_expired"].members.get()
    api = api_with_token(Client(), network.mee, "households:read")
    api.headers["HTTP_X_ON_BEHALF_OF"] = case.coordinator_user.email
    ids = {item["id"] for item in api.get("/plans/households").json()["items"]}
    assert archive["wmo_expired"].pk in ids
    assert services.subject_access(actor(case.coordinator_user), person)["person"] == person.pk

    out = StringIO()
    call_command("purge_expired", stdout=out)
    gone = {archive[k].pk for k in ("wmo_expired", "youth_expired", "no_plan_expired")}
    kept = {archive[k].pk for k in ("wmo_kept", "youth_kept", "active_old")}
    kept |= {case.household.pk, case.other_household.pk}
    remaining = set(Household.objects.values_list("pk", flat=True))
    assert remaining == kept and not (gone & remaining)
    assert set(HelpRequest.objects.values_list("reference", flat=True)) == {"HV-TEST-1", "HV-NEW-1", "HV-OPEN-1"}
    assert Tombstone.objects.filter(cause="retention").count() == 4
    assert AccessLogEntry.objects.filter(event="delete", source="cli", purpose__startswith="retention").count() == 4
    assert "4 record(s) deleted" in out.getvalue()
    # gone from lists, search and exports
    ids = {item["id"] for item in api.get("/plans/households").json()["items"]}
    assert archive["wmo_expired"].pk not in ids
    assert api.get(f"/rights/persons/{person.pk}/access").status_code == 404
    # a second run finds nothing
    out = StringIO()
    call_command("purge_expired", stdout=out)
    assert "0 record(s) deleted" in out.getvalue()


def test_purge_is_all_or_nothing(case, archive, monkeypatch):
    from samenkracht.rights import services

    calls = {"n": 0}
    real = services.delete_with_cascade

    def failing(obj, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        return real(obj, **kwargs)

    monkeypatch.setattr(services, "delete_with_cascade", failing)
    before = _state()
    with pytest.raises(RuntimeError):
        call_command("purge_expired", stdout=StringIO())
    assert _state() == before


def test_periods_can_be_overridden_by_the_setting(case, archive):
    assert retention.periods() == retention.DEFAULT_YEARS
    with override_settings(RETENTION_YEARS=["wmo_support_plan=5", "help_request=10"]):
        assert retention.periods() == {"youth_care_file": 20, "wmo_support_plan": 5, "help_request": 10}
        found = retention.expired()
        assert found["wmo_support_plan"].count == 2 and found["help_request"].count == 0
    for bad in (["wmo=5"], ["help_request=two"], ["help_request=0"], ["help_request"]):
        with override_settings(RETENTION_YEARS=bad):
            with pytest.raises(ImproperlyConfigured, match="SAMENKRACHT_RETENTION_YEARS"):
                retention.periods()
            assert check_retention()[0].id == "rights.E001"


def test_documented_defaults_match_the_code():
    text = (ROOT / "docs" / "privacy.md").read_text(encoding="utf-8")
    documented = {kind: int(years) for kind, years in re.findall(r"^\| `(\w+)` \| (\d+) years? \|", text, re.M)}
    assert documented == retention.DEFAULT_YEARS
    configuration = (ROOT / "docs" / "configuration.md").read_text(encoding="utf-8")
    default = ",".join(f"{k}={v}" for k, v in retention.DEFAULT_YEARS.items())
    assert f"`SAMENKRACHT_RETENTION_YEARS` | `{default}`" in configuration
