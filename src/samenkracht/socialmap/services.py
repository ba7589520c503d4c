"""Every write to the social map: one function per use case, one transaction each.

Each function checks the actor first (deny by default), validates with the model's own rules
(``full_clean``) plus the rules that span several rows (coverage, opening hours, language codes), saves
nothing when anything is wrong, records the change history (who, when, field, old and new value, as
readable text) and re-indexes the service for search before the transaction ends.

Publication (setting SOCIALMAP_REVIEW_REQUIRED, default on): a coordinator's new service is a draft;
submitting it puts it in the review queue; a reviewer (functional administrator or municipality policy
officer, or a token with socialmap:review) publishes it or sends it back with a note. A reviewer's own
submission, and every submission when review is off, is published at once. Edits to a published service
stay published; reviewers follow them in the history.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation
from samenkracht.network.permissions import Actor
from samenkracht.socialmap import search
from samenkracht.socialmap.languages import validate_languages
from samenkracht.socialmap.models import (
    LifeDomain,
    Publication,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceChange,
    ServiceCoverage,
    ServiceStatus,
    TargetGroup,
)

# Plain fields that create_service and update_service accept, in the order the history shows them.
EDITABLE_FIELDS = [
    "name", "alternate_name", "description", "url", "email", "phone", "status", "access_type",
    "eligibility_description", "minimum_age", "maximum_age", "application_process", "cost_kind", "cost_amount",
    "fees_description", "languages", "schedule_description", "tags",
]
# Relations, recorded in the history as one readable line each.
RELATION_FIELDS = ["life_domains", "target_groups", "coverage", "locations", "schedules"]
CREATED = "created"


# --- Helpers --------------------------------------------------------------------------------------


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You may not change this service."))


def _person(actor: Actor):
    """The signed-in user behind the actor, or None for tokens and the system."""
    user = getattr(actor, "user", None)
    return user if getattr(user, "pk", None) else None


def _check_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not an editable service field: {', '.join(sorted(unknown))}")


def _locked(service: Service) -> Service:
    """The stored version of the service, locked for this transaction (PostgreSQL: SELECT ... FOR UPDATE)."""
    return Service.objects.select_for_update().get(pk=service.pk)


def _readable(service: Service, name: str) -> str:
    """One field as the text the history shows."""
    value = getattr(service, name)
    field = Service._meta.get_field(name)
    if value is None:
        return ""
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _schedule_text(schedule: Schedule) -> str:
    text = f"{schedule.get_weekday_display()} {schedule.opens_at:%H:%M}-{schedule.closes_at:%H:%M}"
    return f"{text} ({schedule.description})" if schedule.description else text


def _coverage_text(coverage: ServiceCoverage) -> str:
    if coverage.neighbourhood_id:
        return f"{coverage.municipality.name}: {coverage.neighbourhood.name}"
    return coverage.municipality.name


def snapshot(service: Service) -> dict[str, str]:
    """Every tracked field and relation of a stored service as readable text (in the platform language)."""
    with translation.override(settings.LANGUAGE_CODE):
        values = {name: _readable(service, name) for name in EDITABLE_FIELDS}
        values["life_domains"] = ", ".join(d.name for d in LifeDomain.objects.filter(services=service))
        values["target_groups"] = ", ".join(g.name for g in TargetGroup.objects.filter(services=service))
        values["coverage"] = "; ".join(sorted(
            _coverage_text(c)
            for c in ServiceCoverage.objects.filter(service=service).select_related("municipality", "neighbourhood")
        ))
        values["locations"] = "; ".join(sorted(
            f"{sal.location.name} ({sal.location.city})"
            for sal in ServiceAtLocation.objects.filter(service=service).select_related("location")
        ))
        values["schedules"] = "; ".join(
            _schedule_text(s) for s in Schedule.objects.filter(service=service).order_by("weekday", "opens_at")
        )
    return values


def _record(actor: Actor, service: Service, changes: list[tuple[str, str, str]], when: datetime) -> None:
    user = _person(actor)
    ServiceChange.objects.bulk_create([
        ServiceChange(service=service, changed_by=user, changed_by_label=actor.label[:200], changed_at=when,
                      field=field, old_value=old, new_value=new)
        for field, old, new in changes
    ])


def _record_diff(actor: Actor, service: Service, before: dict[str, str], after: dict[str, str],
                 when: datetime) -> list[str]:
    changed = [name for name in after if before.get(name, "") != after[name]]
    _record(actor, service, [(name, before.get(name, ""), after[name]) for name in changed], when)
    return changed


def _reindex(service: Service) -> None:
    """Keep the search index in step with the write, inside the same transaction."""
    search.index_services([service.pk])


def _publication_label(value: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(Publication(value).label)


def _set_publication(actor: Actor, service: Service, publication: str, *, note: str | None = None) -> Service:
    """Move a locked service to another publication state and record it."""
    when = timezone.now()
    changes = [("publication", _publication_label(service.publication), _publication_label(publication))]
    if note is not None and note != service.review_note:
        changes.append(("review_note", service.review_note, note))
        service.review_note = note
    service.publication = publication
    service.last_modified = when
    service.save(update_fields=["publication", "review_note", "last_modified"])
    _record(actor, service, changes, when)
    _reindex(service)
    return service


# --- Validation of the parts that are not columns of Service ---------------------------------------


def _language_errors(fields: dict[str, Any]) -> dict[str, list[str]]:
    codes = fields.get("languages")
    if isinstance(codes, list):
        try:
            validate_languages(codes)
        except ValidationError as error:
            return {"languages": error.messages}
    return {}


def _coverage_rows(municipalities: Iterable[Municipality], neighbourhoods: Iterable[Neighbourhood]
                   ) -> tuple[list[tuple[Municipality, Neighbourhood | None]], dict[str, list[str]]]:
    whole = {m.pk: m for m in municipalities}
    parts = {n.pk: n for n in neighbourhoods}
    inside = [n for n in parts.values() if n.municipality_id in whole]
    if inside:
        return [], {"neighbourhoods": [
            _("%(name)s already lies in a municipality covered as a whole.") % {"name": inside[0].name}
        ]}
    rows = [(m, None) for m in whole.values()]
    rows += [(n.municipality, n) for n in parts.values()]
    return rows, {}


def _schedule_rows(schedules: Iterable[dict[str, Any]]) -> tuple[list[Schedule], dict[str, list[str]]]:
    """Opening hours given as dicts (weekday, opens_at, closes_at, description), checked by the model."""
    rows, messages = [], []
    for number, entry in enumerate(schedules, start=1):
        schedule = Schedule(weekday=entry.get("weekday"), opens_at=entry.get("opens_at"),
                            closes_at=entry.get("closes_at"), description=entry.get("description") or "")
        try:
            schedule.full_clean(exclude=["service", "service_at_location"])
        except ValidationError as error:
            for field_messages in error.message_dict.values():
                messages += [_("Opening hours %(number)s: %(message)s") % {"number": number, "message": m}
                             for m in field_messages]
        rows.append(schedule)
    return rows, ({"schedules": messages} if messages else {})


def _validate(service: Service, fields: dict[str, Any], extra_errors: dict[str, list[str]]) -> None:
    """Raise one ValidationError with every problem: the model's rules, language codes and the relations."""
    errors: dict[str, list[str]] = {}
    try:
        service.full_clean()
    except ValidationError as error:
        errors.update(error.message_dict)
    if "languages" not in errors:  # the model's own message about the format comes first
        errors.update(_language_errors(fields))
    for key, messages in extra_errors.items():
        errors[key] = [*errors.get(key, []), *messages]
    if errors:
        raise ValidationError(errors)


def _save_relations(service: Service, *, life_domains=None, target_groups=None, coverage_rows=None,
                    locations=None, schedule_rows=None) -> None:
    if life_domains is not None:
        service.life_domains.set(list(life_domains))
    if target_groups is not None:
        service.target_groups.set(list(target_groups))
    if coverage_rows is not None:
        service.coverage.all().delete()
        ServiceCoverage.objects.bulk_create([
            ServiceCoverage(service=service, municipality=m, neighbourhood=n) for m, n in coverage_rows
        ])
    if locations is not None:
        wanted = {location.pk: location for location in locations}
        service.service_at_locations.exclude(location_id__in=wanted).delete()
        present = set(service.service_at_locations.values_list("location_id", flat=True))
        ServiceAtLocation.objects.bulk_create([
            ServiceAtLocation(service=service, location=location)
            for pk, location in wanted.items() if pk not in present
        ])
    if schedule_rows is not None:
        service.schedules.all().delete()
        for schedule in schedule_rows:
            schedule.service = service
        Schedule.objects.bulk_create(schedule_rows)


# --- Use cases ------------------------------------------------------------------------------------


@transaction.atomic
def create_service(
    actor: Actor,
    organisation: Organisation,
    *,
    life_domains: Iterable[LifeDomain] = (),
    target_groups: Iterable[TargetGroup] = (),
    municipalities: Iterable[Municipality] = (),
    neighbourhoods: Iterable[Neighbourhood] = (),
    locations: Iterable[Location] = (),
    schedules: Iterable[dict[str, Any]] = (),
    submit: bool = False,
    assured_date: date | None = None,
    **fields: Any,
) -> Service:
    """A new service of ``organisation``: a draft, or with ``submit`` on its way to publication.

    ``assured_date`` (when the information was last confirmed) defaults to today, confirmed by the
    actor; an import or the demo may pass the date its source gives.
    """
    _require(actor.can_maintain_services(organisation))
    _check_fields(fields)
    user = _person(actor)
    service = Service(organisation=organisation, **fields)
    service.publication = Publication.DRAFT
    service.assured_date = assured_date or timezone.localdate()
    service.assurer = user
    service.assurer_email = getattr(user, "email", "") or ""
    coverage_rows, coverage_errors = _coverage_rows(municipalities, neighbourhoods)
    schedule_rows, schedule_errors = _schedule_rows(schedules)
    _validate(service, fields, {**coverage_errors, **schedule_errors})
    now = timezone.now()
    service.created_at = service.last_modified = now
    service.save()
    _save_relations(service, life_domains=life_domains, target_groups=target_groups, coverage_rows=coverage_rows,
                    locations=list(locations), schedule_rows=schedule_rows)
    _record(actor, service, [(CREATED, "", service.name)], now)
    if submit:
        _set_publication(actor, service, _submitted_state(actor))
    else:
        _reindex(service)
    return service


@transaction.atomic
def update_service(
    actor: Actor,
    service: Service,
    *,
    life_domains: Iterable[LifeDomain] | None = None,
    target_groups: Iterable[TargetGroup] | None = None,
    municipalities: Iterable[Municipality] | None = None,
    neighbourhoods: Iterable[Neighbourhood] | None = None,
    locations: Iterable[Location] | None = None,
    schedules: Iterable[dict[str, Any]] | None = None,
    **fields: Any,
) -> Service:
    """Change fields and relations (None: leave as it is); one history row per changed field.

    ``municipalities`` and ``neighbourhoods`` together replace the coverage; when only one of them is
    given, the other keeps its current rows. The publication state does not change: a published
    service stays published.
    """
    _require(actor.can_maintain_services(service.organisation))
    _check_fields(fields)
    stored = _locked(service)
    before = snapshot(stored)
    for name, value in fields.items():
        setattr(stored, name, value)

    coverage_rows, coverage_errors = None, {}
    if municipalities is not None or neighbourhoods is not None:
        current = list(stored.coverage.select_related("municipality", "neighbourhood"))
        if municipalities is None:
            municipalities = [c.municipality for c in current if c.neighbourhood_id is None]
        if neighbourhoods is None:
            neighbourhoods = [c.neighbourhood for c in current if c.neighbourhood_id]
        coverage_rows, coverage_errors = _coverage_rows(municipalities, neighbourhoods)
    schedule_rows, schedule_errors = (None, {}) if schedules is None else _schedule_rows(schedules)
    _validate(stored, fields, {**coverage_errors, **schedule_errors})

    stored.save()
    _save_relations(stored, life_domains=life_domains, target_groups=target_groups, coverage_rows=coverage_rows,
                    locations=None if locations is None else list(locations), schedule_rows=schedule_rows)
    now = timezone.now()
    changed = _record_diff(actor, stored, before, snapshot(stored), now)
    if changed:
        stored.last_modified = now
        stored.save(update_fields=["last_modified"])
        _reindex(stored)
    _copy_into(service, stored)
    return service


def _submitted_state(actor: Actor) -> str:
    if actor.can_review_services or not settings.SOCIALMAP_REVIEW_REQUIRED:
        return Publication.PUBLISHED
    return Publication.PENDING_REVIEW


@transaction.atomic
def submit_for_review(actor: Actor, service: Service) -> Service:
    """A draft (or a service sent back) goes to the reviewers; published at once when no review is needed."""
    _require(actor.can_maintain_services(service.organisation))
    stored = _locked(service)
    if stored.publication not in (Publication.DRAFT, Publication.REJECTED):
        raise ValidationError({"publication": _("Only a draft or a service sent back can be submitted.")})
    _set_publication(actor, stored, _submitted_state(actor))
    return _copy_into(service, stored)


@transaction.atomic
def approve(actor: Actor, service: Service) -> Service:
    _require(actor.can_review_services)
    stored = _locked(service)
    if stored.publication != Publication.PENDING_REVIEW:
        raise ValidationError({"publication": _("Only a service awaiting review can be approved.")})
    _set_publication(actor, stored, Publication.PUBLISHED, note="")
    return _copy_into(service, stored)


@transaction.atomic
def reject(actor: Actor, service: Service, note: str) -> Service:
    """Send a service awaiting review back to its organisation, with a note saying what to change."""
    _require(actor.can_review_services)
    stored = _locked(service)
    note = " ".join((note or "").split())
    if stored.publication != Publication.PENDING_REVIEW:
        raise ValidationError({"publication": _("Only a service awaiting review can be sent back.")})
    limit = Service._meta.get_field("review_note").max_length
    if not note:
        raise ValidationError({"review_note": _("Say what needs to change before it can be published.")})
    if len(note) > limit:
        raise ValidationError({"review_note": _("Keep the note under %(limit)s characters.") % {"limit": limit}})
    _set_publication(actor, stored, Publication.REJECTED, note=note)
    return _copy_into(service, stored)


@transaction.atomic
def confirm_current(actor: Actor, service: Service) -> Service:
    """'Nog actueel': the information is checked today, by this person (or token)."""
    _require(actor.can_maintain_services(service.organisation))
    stored = _locked(service)
    user = _person(actor)
    before = (stored.assured_date, stored.assurer_id, stored.assurer_email)
    stored.assured_date = timezone.localdate()
    stored.assurer = user
    stored.assurer_email = getattr(user, "email", "") or ""
    if (stored.assured_date, stored.assurer_id, stored.assurer_email) != before:
        now = timezone.now()
        stored.last_modified = now
        stored.save(update_fields=["assured_date", "assurer", "assurer_email", "last_modified"])
        old = before[0].isoformat() if before[0] else ""
        _record(actor, stored, [("assured_date", old, stored.assured_date.isoformat())], now)
        _reindex(stored)
    return _copy_into(service, stored)


@transaction.atomic
def set_status(actor: Actor, service: Service, status: str) -> Service:
    """Active, temporarily closed, inactive or defunct (no longer offered)."""
    _require(actor.can_maintain_services(service.organisation))
    if status not in ServiceStatus.values:
        raise ValidationError({"status": _("Choose one of the listed statuses.")})
    return update_service(actor, service, status=status)


def _copy_into(target: Service, source: Service) -> Service:
    """Let the caller's object show the stored state (the service functions work on a locked copy)."""
    if target is not source:
        for field in Service._meta.concrete_fields:
            setattr(target, field.attname, getattr(source, field.attname))
        for cache in ("_prefetched_objects_cache",):
            target.__dict__.pop(cache, None)
        target._state.fields_cache.clear()
    return target
