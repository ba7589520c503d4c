"""Web pages of the partner network. Thin: read through queries, write through services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenkracht.network import queries, services
from samenkracht.network.forms import (
    LocationForm,
    OrganisationFilterForm,
    OrganisationForm,
    OverlapForm,
    ServiceAreaForm,
    TeamFilterForm,
    TeamForm,
)
from samenkracht.network.models import Location, Municipality, Organisation, Team
from samenkracht.network.permissions import actor_for_user

PAGE_SIZE = 50


def _viewer(request):
    actor = actor_for_user(request.user)
    if not actor.can_view_network:
        raise PermissionDenied
    return actor


def _attempt(form, call):
    """Run a service call; turn its validation errors into inline form errors."""
    try:
        return call()
    except ValidationError as error:
        form.add_error(None, error)
        return None


def _split(data: dict, *relations: str) -> tuple[dict, dict]:
    fields = {k: v for k, v in data.items() if k not in relations}
    return fields, {k: list(data[k]) for k in relations if k in data}


# --- Organisations --------------------------------------------------------------------------------


@require_GET
def organisation_list(request):
    actor = _viewer(request)
    form = OrganisationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = queries.organisations(
        kind=filters.get("kind") or None, serves=filters.get("serves"), q=filters.get("q") or None
    )
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "network/organisation_list.html",
                  {"form": form, "page": page, "query": query.urlencode(), "actor": actor})


@require_GET
def organisation_detail(request, pk: int):
    actor = _viewer(request)
    try:
        organisation = queries.organisation_detail(pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    return render(request, "network/organisation_detail.html", {
        "organisation": organisation,
        "can_edit": actor.can_edit_organisation(organisation),
    })


@require_http_methods(["GET", "POST"])
def organisation_create(request):
    actor = _viewer(request)
    if not actor.can_manage_network:
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields, relations = _split(form.cleaned_data, "associations")
        organisation = _attempt(form, lambda: services.create_organisation(actor, **fields, **relations))
        if organisation:
            messages.success(request, _("Organisation %(name)s has been added.") % {"name": organisation.name})
            return redirect("network:organisation_detail", organisation.pk)
    return render(request, "network/form.html", {"form": form, "title": _("New organisation"),
                                                 "cancel_url": "network:organisation_list"})


@require_http_methods(["GET", "POST"])
def organisation_edit(request, pk: int):
    actor = _viewer(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    if not actor.can_edit_organisation(organisation):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        fields, relations = _split(form.cleaned_data, "associations")
        if _attempt(form, lambda: services.update_organisation(actor, organisation, **fields, **relations)):
            messages.success(request, _("The changes have been saved."))
            return redirect("network:organisation_detail", organisation.pk)
    return render(request, "network/form.html", {"form": form, "object": organisation,
                                                 "title": _("Edit %(name)s") % {"name": organisation.name}})


@require_http_methods(["GET", "POST"])
def organisation_service_area(request, pk: int):
    actor = _viewer(request)
    organisation = get_object_or_404(Organisation, pk=pk)
    if not actor.can_edit_organisation(organisation):
        raise PermissionDenied
    areas = list(organisation.service_areas.all())
    initial = {
        "municipalities": [a.municipality_id for a in areas if a.neighbourhood_id is None],
        "neighbourhoods": [a.neighbourhood_id for a in areas if a.neighbourhood_id],
    }
    form = ServiceAreaForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: services.set_service_area(
            actor, organisation, municipalities=form.cleaned_data["municipalities"],
            neighbourhoods=form.cleaned_data["neighbourhoods"],
        ))
        if done is not None:
            messages.success(request, _("The service area has been saved."))
            return redirect("network:organisation_detail", organisation.pk)
    return render(request, "network/form.html", {
        "form": form, "object": organisation,
        "title": _("Service area of %(name)s") % {"name": organisation.name},
    })


@require_GET
def overlap(request):
    _viewer(request)
    form = OverlapForm(request.GET or None)
    result = None
    if form.is_valid():
        result = list(queries.overlap(list(form.cleaned_data["organisations"])))
    return render(request, "network/overlap.html", {"form": form, "result": result})


# --- Municipalities and regions -------------------------------------------------------------------


@require_GET
def municipality_list(request):
    _viewer(request)
    q = request.GET.get("q", "")[:100]
    page = Paginator(queries.municipalities(q=q or None), 100).get_page(request.GET.get("page"))
    query = urlencode({"q": q}) if q else ""
    return render(request, "network/municipality_list.html", {"page": page, "q": q, "query": query})


@require_GET
def municipality_detail(request, code: str):
    _viewer(request)
    municipality = get_object_or_404(Municipality, code=code)
    return render(request, "network/municipality_detail.html", {
        "municipality": municipality,
        "organisations": queries.organisations(serves=municipality),
        "teams": queries.teams(municipality=municipality),
        "locations": queries.locations(municipality=municipality),
        "neighbourhoods": queries.neighbourhoods(municipality=municipality),
        "regions": municipality.regions.all(),
    })


@require_GET
def region_list(request):
    _viewer(request)
    return render(request, "network/region_list.html", {"regions": queries.regions()})


@require_GET
def region_detail(request, pk: int):
    _viewer(request)
    region = get_object_or_404(queries.regions(), pk=pk)
    municipalities = list(region.municipalities.all())
    return render(request, "network/region_detail.html", {
        "region": region,
        "municipalities": municipalities,
        "teams": queries.teams().filter(municipality__in=municipalities),
    })


# --- Locations ------------------------------------------------------------------------------------


@require_GET
def location_list(request):
    actor = _viewer(request)
    page = Paginator(queries.locations(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/location_list.html", {"page": page, "actor": actor})


@require_GET
def location_detail(request, pk: int):
    actor = _viewer(request)
    location = get_object_or_404(queries.locations().prefetch_related("teams"), pk=pk)
    organisations = list(location.organisations.all())
    can_edit = actor.can_manage_network or any(actor.can_edit_organisation(o) for o in organisations)
    return render(request, "network/location_detail.html",
                  {"location": location, "organisations": organisations, "can_edit": can_edit})


@require_http_methods(["GET", "POST"])
def location_create(request):
    actor = _viewer(request)
    if not (actor.can_manage_network or getattr(actor, "coordinated_organisation_ids", None)):
        raise PermissionDenied
    form = LocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields, relations = _split(form.cleaned_data, "organisations")
        location = _attempt(form, lambda: services.create_location(actor, **fields, **relations))
        if location:
            messages.success(request, _("Location %(name)s has been added.") % {"name": location.name})
            return redirect("network:location_detail", location.pk)
    return render(request, "network/form.html", {"form": form, "title": _("New location"),
                                                 "cancel_url": "network:location_list"})


@require_http_methods(["GET", "POST"])
def location_edit(request, pk: int):
    actor = _viewer(request)
    location = get_object_or_404(Location, pk=pk)
    if not (actor.can_manage_network or any(actor.can_edit_organisation(o) for o in location.organisations.all())):
        raise PermissionDenied
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        fields, relations = _split(form.cleaned_data, "organisations")
        try:
            saved = _attempt(form, lambda: services.update_location(actor, location, **fields, **relations))
        except PermissionDenied:
            form.add_error("organisations", _("You may only add or remove your own organisation here."))
            saved = None
        if saved:
            messages.success(request, _("The changes have been saved."))
            return redirect("network:location_detail", location.pk)
    return render(request, "network/form.html", {"form": form, "object": location,
                                                 "title": _("Edit %(name)s") % {"name": location.name}})


# --- Teams ----------------------------------------------------------------------------------------


@require_GET
def team_list(request):
    actor = _viewer(request)
    form = TeamFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    teams = queries.teams(municipality=filters.get("municipality"), kind=filters.get("kind") or None)
    page = Paginator(teams, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/team_list.html", {"form": form, "page": page, "actor": actor})


@require_GET
def team_detail(request, pk: int):
    actor = _viewer(request)
    team = get_object_or_404(queries.teams(), pk=pk)
    return render(request, "network/team_detail.html", {"team": team, "can_edit": actor.can_manage_network})


@require_http_methods(["GET", "POST"])
def team_create(request):
    actor = _viewer(request)
    if not actor.can_manage_network:
        raise PermissionDenied
    form = TeamForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields, relations = _split(form.cleaned_data, "organisations", "neighbourhoods")
        team = _attempt(form, lambda: services.create_team(actor, **fields, **relations))
        if team:
            messages.success(request, _("Team %(name)s has been added.") % {"name": team.name})
            return redirect("network:team_detail", team.pk)
    return render(request, "network/form.html", {"form": form, "title": _("New team"),
                                                 "cancel_url": "network:team_list"})


@require_http_methods(["GET", "POST"])
def team_edit(request, pk: int):
    actor = _viewer(request)
    team = get_object_or_404(Team, pk=pk)
    if not actor.can_manage_network:
        raise PermissionDenied
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and form.is_valid():
        fields, relations = _split(form.cleaned_data, "organisations", "neighbourhoods")
        if _attempt(form, lambda: services.update_team(actor, team, **fields, **relations)):
            messages.success(request, _("The changes have been saved."))
            return redirect("network:team_detail", team.pk)
    return render(request, "network/form.html", {"form": form, "object": team,
                                                 "title": _("Edit %(name)s") % {"name": team.name}})

