"""Web pages of volunteer pools, volunteers, matches and hours, under /vrijwilligers/.

Thin: read through queries, write through services. Pools are visible to everyone in the network; the
volunteers' personal data only to the pool organisation's coordinators and professionals (logged), and
only its coordinators register volunteers, deploy them for referrals and record hours.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenkracht.network.models import Municipality, Organisation
from samenkracht.network.permissions import actor_for_user
from samenkracht.privacy.models import AccessEvent
from samenkracht.volunteers import access, queries, referral_link, services
from samenkracht.volunteers.forms import (
    EndMatchForm,
    HoursForm,
    MatchForm,
    NeedsForm,
    PoolForm,
    StatusForm,
    VolunteerFilterForm,
    VolunteerForm,
    mask_from_slots,
    slots_from_mask,
)
from samenkracht.volunteers.models import MatchStatus


def _actor(request):
    actor = actor_for_user(request.user)
    if not access.can_view_pools(actor):
        raise PermissionDenied(_("Volunteer pools are for members of the network."))
    return actor


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        if name in form.fields and not form.fields[name].widget.is_hidden:
            form.add_error(name, errors)
        else:
            form.add_error(None, errors)


def _attempt(form, call):
    try:
        return call()
    except ValidationError as error:
        _add_errors(form, error)
    return None


def _form_page(request, form, context: dict, status: int | None = None):
    context.setdefault("form", form)
    return render(request, "volunteers/form.html", context, status=status or (422 if form.errors else 200))


# --- Pools ----------------------------------------------------------------------------------------


@require_GET
def pool_list(request):
    actor = _actor(request)
    pools = list(queries.my_pools(actor))
    return render(request, "volunteers/pool_list.html", {
        "pools": pools, "can_create": bool(access.managing_organisation_ids(actor)),
        "can_assign": bool(access.managing_organisation_ids(actor)),
    })


def _pool_form(request, actor, pool=None):
    form = PoolForm(request.POST or None, initial=None if pool is None else {
        "name": pool.name, "kind": pool.kind, "description": pool.description, "active": pool.active})
    if pool is None:
        from django import forms

        managed = access.managing_organisation_ids(actor)
        form.fields["organisation"] = forms.ModelChoiceField(
            label=_("Organisation"), queryset=Organisation.objects.filter(pk__in=managed).order_by("name"))
        form.fields["municipality"] = forms.ModelChoiceField(
            label=_("Municipality"), queryset=Municipality.objects.filter(
                service_areas__organisation_id__in=managed).distinct().order_by("name"))
        form.order_fields(["organisation", "municipality"])
    return form


@require_http_methods(["GET", "POST"])
def pool_create(request):
    actor = _actor(request)
    if not access.managing_organisation_ids(actor):
        raise PermissionDenied(_("Only the coordinators of an organisation manage its volunteer pools."))
    form = _pool_form(request, actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        pool = _attempt(form, lambda: services.create_pool(
            actor, organisation=data["organisation"], municipality=data["municipality"], name=data["name"],
            kind=data["kind"], description=data["description"], active=data["active"]))
        if pool is not None:
            messages.success(request, _("The pool has been created."))
            return redirect("volunteers:pool_detail", pool.pk)
    return _form_page(request, form, {"title": _("New volunteer pool"), "cancel": reverse("volunteers:pool_list")})


@require_http_methods(["GET", "POST"])
def pool_edit(request, pk: int):
    actor = _actor(request)
    pool = queries.get_pool(pk)
    if not access.can_manage_pool(actor, pool):
        raise PermissionDenied(_("Only the coordinators of an organisation manage its volunteer pools."))
    form = _pool_form(request, actor, pool)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.update_pool(actor, pool, **form.cleaned_data)) is not None:
            messages.success(request, _("The pool has been saved."))
            return redirect("volunteers:pool_detail", pool.pk)
    return _form_page(request, form, {"title": _("Edit pool %(name)s") % {"name": pool.name},
                                      "cancel": reverse("volunteers:pool_detail", args=[pool.pk])})


@require_GET
def pool_detail(request, pk: int):
    actor = _actor(request)
    pool = queries.get_pool(pk)
    if not access.can_see_pool_people(actor, pool):
        access.require_see(actor, pool, subject_type="volunteer", subject_id=f"pool {pool.pk}",
                           purpose="volunteers of pool", event=AccessEvent.SEARCH)
    filter_form = VolunteerFilterForm(request.GET or None, pool=pool)
    filters = queries.VolunteerFilters()
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        day, part = (None, None)
        if data["slot"]:
            day, part = (int(x) for x in data["slot"].split("-"))
        filters = queries.VolunteerFilters(
            status=data["status"], domain=data["domain"].code if data["domain"] else "",
            language=(data["language"] or "").strip().lower(),
            neighbourhood=data["neighbourhood"].pk if data["neighbourhood"] else None,
            weekday=day, part=part, free_only=data["free_only"])
    rows = queries.volunteers(pool, filters)
    queries.log_list(actor, pool, len(rows), purpose="volunteers of pool")
    matches = queries.pool_matches(pool, running_only=True)
    return render(request, "volunteers/pool_detail.html", {
        "pool": pool, "rows": rows, "filter_form": filter_form, "matches": matches,
        "can_manage": access.can_manage_pool(actor, pool),
    })


# --- Volunteers -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def volunteer_create(request, pk: int):
    actor = _actor(request)
    pool = queries.get_pool(pk)
    if not access.can_manage_pool(actor, pool):
        access.require_manage(actor, pool, subject_type="volunteer", subject_id="new", purpose="register volunteer",
                              event=AccessEvent.CREATE)
    form = VolunteerForm(request.POST or None, pool=pool)
    if request.method == "POST" and form.is_valid():
        volunteer = _attempt(form, lambda: services.register_volunteer(actor, pool, **form.service_data()))
        if volunteer is not None:
            messages.success(request, _("The volunteer has been registered."))
            return redirect("volunteers:volunteer_detail", volunteer.pk)
    return _form_page(request, form, {"title": _("Register a volunteer in %(pool)s") % {"pool": pool.name},
                                      "cancel": reverse("volunteers:pool_detail", args=[pool.pk])})


@require_GET
def volunteer_detail(request, pk: int):
    actor = _actor(request)
    volunteer, matches = queries.volunteer_page(actor, pk)
    return render(request, "volunteers/volunteer_detail.html", {
        "volunteer": volunteer, "pool": volunteer.pool, "matches": matches,
        "skills": list(volunteer.skills.order_by("position")),
        "neighbourhoods": list(volunteer.neighbourhoods.order_by("name")),
        "availability": queries.availability_label(volunteer.availability),
        "can_manage": access.can_manage_pool(actor, volunteer.pool),
        "can_change_status": bool(services.STATUS_TRANSITIONS.get(volunteer.status)),
    })


@require_http_methods(["GET", "POST"])
def volunteer_edit(request, pk: int):
    actor = _actor(request)
    volunteer = queries.get_volunteer(pk)
    pool = volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer", subject_id=volunteer.pk, purpose="change volunteer",
                          event=AccessEvent.UPDATE)
    initial = {
        "given_name": volunteer.given_name, "family_name": volunteer.family_name, "phone": volunteer.phone,
        "email": volunteer.email, "notes": volunteer.notes, "skills": list(volunteer.skills.all()),
        "languages": ", ".join(volunteer.languages or []), "postcode_area": volunteer.postcode_area,
        "neighbourhoods": list(volunteer.neighbourhoods.all()), "max_distance_km": volunteer.max_distance_km,
        "availability": slots_from_mask(volunteer.availability), "capacity": volunteer.capacity,
    }
    form = VolunteerForm(request.POST or None, initial=initial, pool=pool)
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.update_volunteer(actor, volunteer, **form.service_data())) is not None:
            messages.success(request, _("The volunteer has been saved."))
            return redirect("volunteers:volunteer_detail", volunteer.pk)
    else:
        access.record(actor, pool, event=AccessEvent.READ, subject_type="volunteer", subject_id=volunteer.pk,
                      purpose="edit volunteer")
    return _form_page(request, form, {"title": _("Edit volunteer %(name)s") % {"name": volunteer.full_name},
                                      "cancel": reverse("volunteers:volunteer_detail", args=[volunteer.pk])})


@require_http_methods(["GET", "POST"])
def volunteer_status(request, pk: int):
    actor = _actor(request)
    volunteer = queries.get_volunteer(pk)
    pool = volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer", subject_id=volunteer.pk,
                          purpose="change volunteer status", event=AccessEvent.UPDATE)
    form = StatusForm(request.POST or None, allowed=services.STATUS_TRANSITIONS.get(volunteer.status, ()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.change_status(actor, volunteer, status=data["status"],
                                                         on=data["on"])) is not None:
            messages.success(request, _("The status has been changed."))
            return redirect("volunteers:volunteer_detail", volunteer.pk)
    return _form_page(request, form, {
        "title": _("Status of volunteer %(number)s") % {"number": volunteer.pk},
        "intro": _("Current status: %(status)s.") % {"status": volunteer.get_status_display()},
        "cancel": reverse("volunteers:volunteer_detail", args=[volunteer.pk])})


# --- Deploying volunteers for referrals -----------------------------------------------------------


@require_GET
def assign_list(request):
    """Accepted and running referrals to the pools the coordinator manages: deploy a volunteer here."""
    actor = _actor(request)
    if not access.managing_organisation_ids(actor):
        raise PermissionDenied(_("Only the coordinators of an organisation manage its volunteer pools."))
    referrals = queries.assignable_referrals(actor)
    return render(request, "volunteers/assign_list.html", {"referrals": referrals})


def _needs(request, shared) -> tuple[NeedsForm, queries.Needs]:
    shared_domains, shared_postcode = referral_link.needs_from_shared(shared)
    form = NeedsForm(request.GET or None, initial={"domains": sorted(shared_domains)})
    needs = queries.Needs(domains=set(shared_domains))
    postcode = shared_postcode
    if form.is_valid():
        data = form.cleaned_data
        if "domains" in request.GET or data["domains"]:
            needs.domains = {d.code for d in data["domains"]}
        needs.availability = mask_from_slots(data["availability"])
        needs.language = (data["language"] or "").strip().lower()
        postcode = data["postcode"] or postcode
    needs.origin = queries.origin_for(postcode) if postcode else None
    needs.origin_label = postcode[:4] if postcode and needs.origin else ""
    return form, needs


@require_http_methods(["GET", "POST"])
def match_referral(request, referral_id: int):
    actor = _actor(request)
    referral = referral_link.get_referral(referral_id)
    pool = referral.target_pool
    if pool is None:
        raise PermissionDenied(_("This referral is not for a volunteer pool."))
    access.require_manage(actor, pool, subject_type="volunteer_match", subject_id=f"referral {referral.pk}",
                          purpose="match volunteer", event=AccessEvent.READ)
    matchable = referral.status in queries.MATCHABLE_REFERRAL_STATUSES and referral.basis_is_valid()
    shared = referral_link.shared_view(actor, referral, purpose="match volunteer") if matchable else None
    needs_form, needs = _needs(request, shared)
    match_form = MatchForm(request.POST or None)
    status = 200
    if request.method == "POST" and match_form.is_valid():
        data = match_form.cleaned_data
        volunteer = queries.get_volunteer(data["volunteer"])
        match = _attempt(match_form, lambda: services.create_match(
            actor, referral, volunteer, started_on=data["started_on"], note=data["note"]))
        if match is not None:
            messages.success(request, _("Volunteer %(number)s is deployed for referral %(referral)s.") % {
                "number": volunteer.pk, "referral": referral.pk})
            return redirect("volunteers:match_detail", match.pk)
        status = 422
    elif request.method == "POST":
        status = 422
    ranked, full = queries.rank_volunteers(pool, needs)
    queries.log_list(actor, pool, len(ranked) + len(full), purpose="match volunteer")
    running = queries.pool_matches(pool, running_only=True)
    return render(request, "volunteers/match_referral.html", {
        "referral": referral, "pool": pool, "ranked": ranked, "full": full, "needs_form": needs_form,
        "needs": needs, "match_form": match_form, "matchable": matchable, "has_shared": shared is not None,
        "running": [m for m in running if m.referral_id == referral.pk],
    }, status=status)


@require_GET
def match_detail(request, pk: int):
    actor = _actor(request)
    match = queries.get_match(pk)
    pool = match.volunteer.pool
    access.require_see(actor, pool, subject_type="volunteer_match", subject_id=match.pk, purpose="match details")
    return render(request, "volunteers/match_detail.html", {
        "match": match, "volunteer": match.volunteer, "pool": pool, "hours": queries.match_hours(match),
        "hours_form": HoursForm(), "end_form": EndMatchForm(),
        "can_manage": access.can_manage_pool(actor, pool), "running": match.status == MatchStatus.ACTIVE,
    })


@require_http_methods(["GET", "POST"])
def match_hours(request, pk: int):
    actor = _actor(request)
    match = queries.get_match(pk)
    pool = match.volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer_hours", subject_id=f"match {match.pk}",
                          purpose="record hours", event=AccessEvent.CREATE)
    form = HoursForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if _attempt(form, lambda: services.record_hours(actor, match, date=data["date"], hours=data["hours"],
                                                        note=data["note"])) is not None:
            messages.success(request, _("The hours have been recorded."))
            return redirect("volunteers:match_detail", match.pk)
    return _form_page(request, form, {"title": _("Record hours for match %(number)s") % {"number": match.pk},
                                      "cancel": reverse("volunteers:match_detail", args=[match.pk])})


@require_POST
def match_end(request, pk: int):
    actor = _actor(request)
    match = queries.get_match(pk)
    pool = match.volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer_match", subject_id=match.pk, purpose="end match",
                          event=AccessEvent.UPDATE)
    form = EndMatchForm(request.POST)
    if form.is_valid():
        try:
            services.end_match(actor, match, ended_on=form.cleaned_data["ended_on"])
            messages.success(request, _("The match has ended."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Give the date the match ended."))
    return redirect("volunteers:match_detail", match.pk)


@require_GET
def match_card(request, pk: int):
    """The printable card for the volunteer: their match and only what the referral shares (no plan)."""
    actor = _actor(request)
    match = queries.get_match(pk)
    pool = match.volunteer.pool
    access.require_manage(actor, pool, subject_type="volunteer_match", subject_id=match.pk, purpose="match card",
                          event=AccessEvent.READ)
    access.record(actor, pool, event=AccessEvent.EXPORT, subject_type="volunteer_match", subject_id=match.pk,
                  purpose="match card")
    referral = referral_link.get_referral(match.referral_id)
    shared = None
    if match.status == MatchStatus.ACTIVE:
        shared = referral_link.shared_view(actor, referral, purpose="volunteer match card")
    return render(request, "volunteers/match_card.html", {
        "match": match, "volunteer": match.volunteer, "pool": pool, "referral": referral,
        "card": referral_link.card_data(shared), "has_shared": shared is not None,
        "contact_channel": referral.get_contact_channel_display(),
        "contact_times": referral.contact_times if shared is not None else "",
    })

