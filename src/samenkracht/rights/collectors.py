"""The collectors rights ships (see registry.py): plans, the front door, corrections, rights requests and
the access log. Each returns one JSON-serialisable section with a Dutch label; keys of records are the
Dutch field labels (the export runs with the Dutch catalogue active). They hold what is about this person
or their household, never another resident's personal details.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.plans.models import (
    Action,
    Assessment,
    Breakthrough,
    BudgetLine,
    CoordinatorHandover,
    Goal,
    Plan,
    PlanVersion,
)
from samenkracht.privacy.models import AccessLogEntry


def value(v):
    """A plain JSON value: dates as ISO text, money as text, choices as given."""
    if v is None:
        return None
    if isinstance(v, datetime):
        return timezone.localtime(v).isoformat(timespec="seconds") if timezone.is_aware(v) else v.isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (int, float, bool, str)):
        return v
    return str(v)


def record(instance, names: list[str], extra: dict | None = None) -> dict:
    """{Dutch field label: value} for the named model fields; choices shown with their label."""
    out = {}
    for name in names:
        field = instance._meta.get_field(name)
        if getattr(field, "choices", None):
            raw = getattr(instance, name)
            shown = getattr(instance, f"get_{name}_display")() if raw not in (None, "") else ""
        elif field.is_relation:
            related = getattr(instance, name)
            shown = str(related) if related is not None else None
        else:
            shown = getattr(instance, name)
        out[str(field.verbose_name)] = value(shown)
    for label, v in (extra or {}).items():
        out[str(label)] = value(v)
    return out


def plans(person) -> dict:
    """The person, their household and the household's plans with everything in them."""
    household = person.household
    section = {
        "label": _("Household and plan"),
        "person": record(person, ["given_name", "family_name", "date_of_birth", "role", "phone", "email", "bsn"],
                         {_("number"): person.pk}),
        "household": record(household, ["municipality", "neighbourhood", "holding_team", "address", "postcode",
                                         "strengths", "informal_network", "created_at", "closed_at",
                                         "restricted_at", "restriction_reason"], {_("number"): household.pk}),
        "other_members": household.members.exclude(pk=person.pk).count(),
        "plans": [],
    }
    plan_list = list(Plan.objects.filter(household=household).select_related(
        "coordinator", "coordinator_organisation").order_by("created_at", "id"))
    ids = [p.pk for p in plan_list]
    goals = _by_plan(Goal.objects.filter(plan_id__in=ids).select_related("life_domain"))
    actions = _by_plan(Action.objects.filter(plan_id__in=ids).select_related("organisation", "professional"))
    lines = _by_plan(BudgetLine.objects.filter(plan_id__in=ids))
    assessments = _by_plan(Assessment.objects.filter(plan_id__in=ids).filter(
        Q(person__isnull=True) | Q(person=person)).select_related("assessor").prefetch_related(
        "scores__life_domain"))
    breakthroughs = _by_plan(Breakthrough.objects.filter(plan_id__in=ids))
    handovers = _by_plan(CoordinatorHandover.objects.filter(plan_id__in=ids).select_related(
        "from_user", "to_user", "to_organisation"))
    versions = _by_plan(PlanVersion.objects.filter(plan_id__in=ids))
    for plan in plan_list:
        section["plans"].append({
            **record(plan, ["status", "coordinator", "coordinator_organisation", "summary", "budget_total",
                            "next_evaluation_on", "created_at", "closed_at", "closure_reason", "satisfaction",
                            "satisfaction_comment"], {_("number"): plan.pk}),
            _("Goals"): [record(g, ["life_domain", "description", "current_score", "target_score", "status"])
                         for g in goals.get(plan.pk, [])],
            _("Actions"): [record(a, ["performer", "organisation", "professional", "performer_name", "what",
                                      "due_on", "status"]) for a in actions.get(plan.pk, [])],
            _("Budget"): [record(b, ["funding_source", "allocated", "committed", "spent"])
                          for b in lines.get(plan.pk, [])],
            _("ZRM assessments"): [record(a, ["moment", "assessed_on", "assessor"], {
                _("scores"): {s.life_domain.name: s.score for s in a.scores.all()}})
                for a in assessments.get(plan.pk, [])],
            _("Breakthroughs"): [record(b, ["rule", "obstacle", "decision", "budget_granted", "follow_up",
                                            "status"], {_("raised at"): b.raised_at})
                                 for b in breakthroughs.get(plan.pk, [])],
            _("Coordinator hand-overs"): [{_("time"): value(h.at), _("from"): str(h.from_user),
                                           _("to"): str(h.to_user), _("organisation"): str(h.to_organisation),
                                           _("note"): h.note} for h in handovers.get(plan.pk, [])],
            _("Versions"): [{_("version"): v.version, _("kind"): v.kind, _("time"): value(v.created_at),
                             _("note"): v.note} for v in versions.get(plan.pk, [])],
        })
    return section


def _by_plan(queryset) -> dict:
    grouped: dict[int, list] = {}
    for row in queryset:
        grouped.setdefault(row.plan_id, []).append(row)
    return grouped


def frontdoor(person) -> dict:
    """The household's help requests and their triages."""
    requests = list(HelpRequest.objects.filter(household_id=person.household_id).select_related(
        "team", "neighbourhood").prefetch_related("life_domains").order_by("registered_at", "id"))
    triages = {t.help_request_id: t for t in Triage.objects.filter(help_request__in=requests).select_related(
        "professional_a", "professional_b", "organisation_a", "organisation_b", "service")}
    items = []
    for help_request in requests:
        item = record(help_request, ["reference", "team", "channel", "signal_source", "signal_topic", "question",
                                     "neighbourhood", "urgency", "status", "contact_name", "contact_phone",
                                     "contact_email", "registered_at"],
                      {_("life domains"): ", ".join(d.name for d in help_request.life_domains.all())})
        triage = triages.get(help_request.pk)
        if triage is not None:
            item[_("Triage")] = record(triage, ["held_at", "outcome", "notes", "service", "law"], {
                _("professionals"): f"{triage.professional_a} ({triage.organisation_a}), "
                                    f"{triage.professional_b} ({triage.organisation_b})"})
        items.append(item)
    return {"label": _("Help requests"), "items": items}


def corrections(person) -> dict:
    from samenkracht.rights.models import Correction

    rows = Correction.objects.filter(person=person).select_related("by")
    return {"label": _("Corrections"), "items": [
        {_("time"): value(c.at), _("field"): c.field, _("old value"): c.old_value, _("new value"): c.new_value,
         _("by"): str(c.by)} for c in rows]}


def rights_requests(person) -> dict:
    from samenkracht.rights.models import RightsRequest

    rows = RightsRequest.objects.filter(household_id=person.household_id).select_related("organisation")
    return {"label": _("Rights requests"), "items": [
        record(r, ["kind", "received_at", "received_via", "deadline", "status", "organisation", "completed_at"],
               {_("number"): r.pk}) for r in rows]}


def access_subjects(person) -> Q:
    """The access-log subjects that concern this person: their household, its help requests, plans and
    triages, and this person (never another member as a person)."""
    household = person.household
    request_ids = [str(pk) for pk in HelpRequest.objects.filter(household=household).values_list("pk", flat=True)]
    plan_ids = [str(pk) for pk in Plan.objects.filter(household=household).values_list("pk", flat=True)]
    triage_ids = [str(pk) for pk in Triage.objects.filter(help_request__household=household).values_list(
        "pk", flat=True)]
    return (Q(subject_type="household", subject_id=str(household.pk))
            | Q(subject_type="help_request", subject_id__in=request_ids)
            | Q(subject_type="plan", subject_id__in=plan_ids)
            | Q(subject_type="triage", subject_id__in=triage_ids)
            | Q(subject_type="person", subject_id=str(person.pk)))


def access_log(person) -> dict:
    """Who accessed this file and when: time, organisation, role, event, purpose, outcome."""
    entries = AccessLogEntry.objects.filter(access_subjects(person),
                                            municipality_id_value=person.household.municipality_id).order_by("at", "id")
    return {"label": _("Who accessed this file and when"), "items": [
        {_("time"): value(e.at), _("organisation"): e.organisation_label or "—", _("role"): e.role or "—",
         _("event"): e.get_event_display(), _("purpose or basis"): e.purpose, _("outcome"): e.get_outcome_display()}
        for e in entries.only("at", "organisation_label", "role", "event", "purpose", "outcome").iterator()]}
