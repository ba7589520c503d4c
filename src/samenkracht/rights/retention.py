"""Retention: how long each kind of record is kept after its care ended, and which records have expired.

Kinds (years after the end moment; defaults below, overridable with ``SAMENKRACHT_RETENTION_YEARS``, e.g.
``youth_care_file=20,wmo_support_plan=15,help_request=2``):

- ``youth_care_file``   a household file with youth care: a plan with a Jeugdwet budget line, or a help
                        request triaged for a Jeugdwet provision. Jeugdwet art. 7.3.10: 20 years after care
                        ends. Care ends when the household has no active plan and no new help request; the
                        end moment is the latest of the plans' closing dates and the triages.
- ``wmo_support_plan``  any other household with a plan (Wmo 2015 support plan): 15 years after the last
                        plan was closed (the municipality's Wmo file practice; Archiefwet selection lists).
- ``help_request``      a household without any plan, or a help request without a household: 2 years after
                        the request was dealt with (triaged; or registered, when it was closed without triage).

Open work is never expired: an active plan or a new (untriaged) help request keeps the whole household.
Rights requests and tombstones hold no personal data and are not purged here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Max
from django.utils import timezone

DEFAULT_YEARS: dict[str, int] = {"youth_care_file": 20, "wmo_support_plan": 15, "help_request": 2}
SETTING = "SAMENKRACHT_RETENTION_YEARS"


def periods() -> dict[str, int]:
    """The defaults with the overrides of the setting applied; a bad value names the variable."""
    years = dict(DEFAULT_YEARS)
    for item in getattr(settings, "RETENTION_YEARS", []) or []:
        kind, sep, number = item.partition("=")
        kind = kind.strip()
        if not sep or kind not in DEFAULT_YEARS:
            raise ImproperlyConfigured(
                f"{SETTING}: {item!r} is not kind=years; kinds are {', '.join(DEFAULT_YEARS)}.")
        try:
            value = int(number.strip())
        except ValueError:
            raise ImproperlyConfigured(f"{SETTING}: {item!r}: the number of years is not a whole number.") from None
        if not 1 <= value <= 100:
            raise ImproperlyConfigured(f"{SETTING}: {item!r}: use 1 to 100 years.")
        years[kind] = value
    return years


def _years_before(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year - years, day=28)


@dataclass
class Expired:
    kind: str
    years: int
    # (subject_type, id, end moment)
    rows: list[tuple[str, int, datetime]] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def oldest(self) -> datetime | None:
        return min((end for _t, _i, end in self.rows), default=None)


def expired(now: datetime | None = None) -> dict[str, Expired]:
    """The records whose retention period has ended, per kind (a fixed number of queries)."""
    from samenkracht.frontdoor.models import HelpRequest, Law, Triage
    from samenkracht.frontdoor.models import RequestStatus as HelpStatus
    from samenkracht.plans.models import BudgetLine, FundingSource, Household, Plan, PlanStatus

    now = now or timezone.now()
    years = periods()
    result = {kind: Expired(kind, years[kind]) for kind in DEFAULT_YEARS}

    open_households = set(Plan.objects.filter(status=PlanStatus.ACTIVE).values_list("household_id", flat=True))
    open_households |= set(HelpRequest.objects.filter(status=HelpStatus.NEW, household__isnull=False).values_list(
        "household_id", flat=True))
    youth = set(BudgetLine.objects.filter(funding_source=FundingSource.JEUGDWET).values_list(
        "plan__household_id", flat=True))
    youth |= set(Triage.objects.filter(law=Law.JEUGDWET, help_request__household__isnull=False).values_list(
        "help_request__household_id", flat=True))
    plan_end = dict(Plan.objects.values("household_id").annotate(end=Max("closed_at")).values_list(
        "household_id", "end"))
    triage_end = dict(Triage.objects.filter(help_request__household__isnull=False).values(
        "help_request__household_id").annotate(end=Max("held_at")).values_list("help_request__household_id", "end"))
    request_end = dict(HelpRequest.objects.filter(household__isnull=False).values("household_id").annotate(
        end=Max("registered_at")).values_list("household_id", "end"))

    for household_id, closed_at, created_at in Household.objects.values_list("pk", "closed_at", "created_at"):
        if household_id in open_households:
            continue
        if household_id in youth:
            kind = "youth_care_file"
        elif household_id in plan_end:
            kind = "wmo_support_plan"
        else:
            kind = "help_request"
        moments = [m for m in (closed_at, plan_end.get(household_id), triage_end.get(household_id),
                               request_end.get(household_id)) if m]
        end = max(moments) if moments else created_at
        if end <= _years_before(now, years[kind]):
            result[kind].rows.append(("household", household_id, end))

    loose = HelpRequest.objects.filter(household__isnull=True).exclude(status=HelpStatus.NEW).annotate(
        held=Max("triage__held_at")).values_list("pk", "held", "registered_at")
    limit = _years_before(now, years["help_request"])
    for pk, held, registered in loose:
        end = held or registered
        if end <= limit:
            result["help_request"].rows.append(("help_request", pk, end))
    return result


def purge(actor, *, dry_run: bool, now: datetime | None = None) -> dict[str, Expired]:
    """Delete every expired record with what cascades from it, all or nothing; one access-log entry and one
    tombstone per record. With ``dry_run`` nothing changes (the report is the same)."""
    from django.db import transaction

    from samenkracht.frontdoor.models import HelpRequest
    from samenkracht.plans.models import Household
    from samenkracht.privacy import log
    from samenkracht.privacy.models import AccessEvent
    from samenkracht.rights.models import ErasureCause, Tombstone
    from samenkracht.rights.services import delete_with_cascade

    report = expired(now)
    if dry_run:
        return report
    models = {"household": Household, "help_request": HelpRequest}
    with transaction.atomic():
        for kind, found in report.items():
            ids: dict[str, list[int]] = {}
            for subject_type, pk, _end in found.rows:
                ids.setdefault(subject_type, []).append(pk)
            for subject_type, pks in ids.items():
                for obj in models[subject_type].objects.filter(pk__in=pks):
                    municipality_id, pk = obj.municipality_id, obj.pk
                    counts = delete_with_cascade(obj, owner_id=pk if subject_type == "household" else None)
                    tombstone = Tombstone.objects.create(
                        municipality_id=municipality_id, cause=ErasureCause.RETENTION, subject_type=subject_type,
                        subject_id=pk, retention_kind=kind, counts=counts)
                    log.record(actor, event=AccessEvent.DELETE, subject_type=subject_type, subject_id=pk,
                               municipality_id=municipality_id, purpose=f"retention period expired: {kind}",
                               detail=f"tombstone:{tombstone.pk}")
    return report


__all__ = ["DEFAULT_YEARS", "periods", "expired", "purge", "Expired"]
