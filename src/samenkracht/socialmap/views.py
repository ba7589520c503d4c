"""Web pages of the social map. Thin: read through queries and the search, write through services.

Public (no account): the search 'Wat is er in mijn buurt?' and the page of a published service.
Professionals: the same search with maintenance details, the organisation's dashboard, forms, the
review queue and the history of a service.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenkracht.network.models import Organisation
from samenkracht.network.permissions import actor_for_user
from samenkracht.socialmap import queries, search, services
from samenkracht.socialmap.forms import (
    ProfessionalSearchForm,
    PublicSearchForm,
    RejectForm,
    ScheduleFormSet,
    ServiceForm,
    StatusForm,
    schedule_initial,
    schedule_rows,
)
from samenkracht.socialmap.models import Publication, Service, ServiceStatus

PUBLIC_PAGE_SIZE = 20
PROFESSIONAL_PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 100

# Facet of the search result -> the query parameter that filters on it, with its heading.
FACETS = [
    ("life_domains", "life_domain"),
    ("target_groups", "target_group"),
    ("access_type", "access_type"),
    ("provider_kind", "provider_kind"),
    ("free", "free"),
]
TRUE_CODES = {"true", "1", "yes", "free", "on"}


# --- Helpers --------------------------------------------------------------------------------------


def _change_label(field: str) -> str:
    """The name of a field in the history, as the forms call it."""
    special = {
        services.CREATED: _("Created"),
        "coverage": _("Offered in"),
        "locations": _("Locations"),
        "schedules": _("Opening hours"),
        "publication": _("Publication"),
        "review_note": _("Note from the reviewer"),
        "assured_date": _("Last confirmed on"),
    }
    if field in special:
        return special[field]
    try:
        return str(Service._meta.get_field(field).verbose_name).capitalize()
    except FieldDoesNotExist:  # a field that no longer exists keeps its stored name
        return field


def _labelled(changes) -> list:
    changes = list(changes)
    for change in changes:
        change.label = _change_label(change.field)
    return changes


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("page", 1)), 10_000))
    except (TypeError, ValueError):
        return 1


def _query_without(request, *names: str):
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query


def _pages(request, result) -> dict:
    """Previous/next links for a search result (plain links: works without JavaScript)."""
    pages = max(1, math.ceil(result.total / result.per_page)) if result.per_page else 1
    query = _query_without(request, "page")

    def link(number: int) -> str:
        query["page"] = str(number)
        return "?" + query.urlencode()

    return {
        "number": result.page,
        "count": pages,
        "start": (result.page - 1) * result.per_page + 1,
        "previous": link(result.page - 1) if result.page > 1 else None,
        "next": link(result.page + 1) if result.page < pages else None,
    }


def _facet_groups(request, result, form) -> list[dict]:
    """Facet counts as filter links: each link sets one filter and keeps the others."""
    titles = {
        "life_domains": _("Subject"), "target_groups": _("For whom"), "access_type": _("Access"),
        "provider_kind": _("Provider"), "free": _("Costs"),
    }
    groups = []
    for key, param in FACETS:
        facets = result.facets.get(key) or []
        current = request.GET.get(param, "")
        items = []
        for facet in facets:
            code = str(facet.code)
            if param == "free":
                if code.lower() not in TRUE_CODES:
                    continue
                code = "on"
            query = _query_without(request, "page", param)
            query[param] = code
            items.append({"label": facet.label, "count": facet.count, "url": "?" + query.urlencode(),
                          "active": current == code})
        if not items:
            continue
        clear = _query_without(request, "page", param).urlencode() if current else None
        groups.append({"key": key, "title": titles[key], "items": items,
                       "clear_url": None if clear is None else "?" + clear})
    return groups


def _run_search(request, form, *, per_page: int, include_unpublished: bool = False):
    form.is_valid()  # invalid fields are shown next to the field and left out of the search
    params = form.to_params(page=_page_number(request), per_page=per_page, include_unpublished=include_unpublished)
    try:
        result = search.search_services(params)
    except search.InvalidSearch as error:
        # The form checks what a person can type; this catches anything the search itself refuses.
        for problem in error.problems.values():
            form.add_error(None, problem)
        result = search.SearchResult(items=[], total=0, page=1, per_page=per_page)
    prefetch_related_objects(result.items, "organisation", "life_domains", "service_at_locations__location")
    return result


def _maintainer(request, organisation: Organisation):
    actor = actor_for_user(request.user)
    if not actor.can_maintain_services(organisation):
        raise PermissionDenied
    return actor


def _attempt(form, call, aliases: dict[str, str] | None = None):
    """Run a service call; its validation errors become inline errors (unknown fields above the form)."""
    try:
        return call()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, field_errors in error.error_dict.items():
                field = (aliases or {}).get(field, field)
                form.add_error(field if field in form.fields else None, field_errors)
        else:
            form.add_error(None, error)
        return None


def _next_url(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return fallback


# --- Public ---------------------------------------------------------------------------------------


@login_not_required
@require_GET
def public_search(request):
    """'Wat is er in mijn buurt?': search without an account, with distance, facets and pages."""
    form = PublicSearchForm(request.GET)
    result = _run_search(request, form, per_page=PUBLIC_PAGE_SIZE)
    return render(request, "socialmap/search.html", {
        "form": form,
        "result": result,
        "facet_groups": _facet_groups(request, result, form),
        "pages": _pages(request, result),
        "searched": any(value for key, value in request.GET.items() if key != "page"),
    })


@login_not_required
@require_GET
def service_detail(request, pk):
    """A service's own page. Residents see published services; maintainers and reviewers also the rest."""
    actor = actor_for_user(request.user)
    service = queries.with_details(queries.visible_services(actor)).filter(pk=pk).first()
    if service is None:
        raise Http404
    return render(request, "socialmap/service_detail.html", {
        "service": service,
        "can_maintain": actor.can_maintain_services(service.organisation),
        "can_review": actor.can_review_services,
        "professional": queries.can_read_services(actor),
        "visible_to_residents": service.publication == Publication.PUBLISHED and service.status in (
            ServiceStatus.ACTIVE, ServiceStatus.TEMPORARILY_CLOSED),
    })


# --- Professionals --------------------------------------------------------------------------------


@require_GET
def professional_search(request):
    actor = actor_for_user(request.user)
    if not queries.can_read_services(actor):
        raise PermissionDenied
    form = ProfessionalSearchForm(request.GET, may_include_unpublished=actor.can_review_services)
    include = bool(actor.can_review_services and form.is_valid() and form.cleaned_data.get("include_unpublished"))
    result = _run_search(request, form, per_page=PROFESSIONAL_PAGE_SIZE, include_unpublished=include)
    maintained = Organisation.objects.filter(pk__in=queries.maintained_organisation_ids(actor)).order_by("name")
    return render(request, "socialmap/professional_search.html", {
        "form": form,
        "result": result,
        "facet_groups": _facet_groups(request, result, form),
        "pages": _pages(request, result),
        "maintained": maintained,
        "can_review": actor.can_review_services,
    })


@require_GET
def dashboard(request, pk: int):
    """The organisation's own services: stale ones first, each confirmable in one click."""
    organisation = get_object_or_404(Organisation, pk=pk)
    actor = _maintainer(request, organisation)
    services_ = queries.dashboard_services(organisation)
    stale = [s for s in services_ if s.is_stale]
    return render(request, "socialmap/dashboard.html", {
        "organisation": organisation,
        "stale": stale,
        "current": [s for s in services_ if not s.is_stale],
        "publishes_directly": actor.can_review_services or not settings.SOCIALMAP_REVIEW_REQUIRED,
    })


def _service_form_page(request, *, organisation: Organisation, service: Service | None):
    actor = _maintainer(request, organisation)
    stored_name = service.name if service is not None else ""
    instance = service if service is not None else Service(organisation=organisation)
    data = request.POST if request.method == "POST" else None
    form = ServiceForm(data, instance=instance, organisation=organisation)
    schedules = ScheduleFormSet(data, prefix="schedules",
                                initial=schedule_initial(service) if service is not None else None)
    if request.method == "POST":
        form_ok = form.is_valid()
        schedules_ok = schedules.is_valid()
        if form_ok and schedules_ok:
            arguments = form.service_arguments()
            arguments["schedules"] = schedule_rows(schedules)
            submit = request.POST.get("action") == "submit"
            if service is None:
                saved = _attempt(form, lambda: services.create_service(
                    actor, organisation, submit=submit, **arguments))
            else:
                saved = _attempt(form, lambda: services.update_service(actor, service, **arguments))
                if saved is not None and submit and saved.publication in (Publication.DRAFT, Publication.REJECTED):
                    saved = _attempt(form, lambda: services.submit_for_review(actor, saved))
            if saved is not None:
                messages.success(request, _message_after_save(saved))
                return redirect("socialmap:service_detail", saved.pk)
    return render(request, "socialmap/service_form.html", {
        "form": form,
        "schedules": schedules,
        "organisation": organisation,
        "service": service,
        "stored_name": stored_name,
        "publishes_directly": actor.can_review_services or not settings.SOCIALMAP_REVIEW_REQUIRED,
        "can_submit": service is None or service.publication in (Publication.DRAFT, Publication.REJECTED),
    })


def _message_after_save(service: Service) -> str:
    if service.publication == Publication.PENDING_REVIEW:
        return _("The service has been saved and is awaiting review.")
    if service.publication == Publication.PUBLISHED:
        return _("The service has been saved and is published.")
    return _("The service has been saved as a draft.")


@require_http_methods(["GET", "POST"])
def service_create(request, pk: int):
    organisation = get_object_or_404(Organisation, pk=pk)
    return _service_form_page(request, organisation=organisation, service=None)


@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    return _service_form_page(request, organisation=service.organisation, service=service)


@require_http_methods(["GET", "POST"])
def service_status(request, pk):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    actor = _maintainer(request, service.organisation)
    form = StatusForm(request.POST or None, initial={"status": service.status})
    if request.method == "POST" and form.is_valid():
        if _attempt(form, lambda: services.set_status(actor, service, form.cleaned_data["status"])):
            messages.success(request, _("The status is now: %(status)s.") % {"status": service.get_status_display()})
            return redirect("socialmap:service_detail", service.pk)
    return render(request, "socialmap/status_form.html", {"form": form, "service": service})


@require_POST
def service_confirm(request, pk):
    """'Nog actueel': one click from the dashboard."""
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    actor = _maintainer(request, service.organisation)
    services.confirm_current(actor, service)
    messages.success(request, _("Thank you: %(name)s is confirmed as up to date.") % {"name": service.name})
    return redirect(_next_url(request, reverse("socialmap:dashboard", args=[service.organisation_id])))


@require_POST
def service_submit(request, pk):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    actor = _maintainer(request, service.organisation)
    try:
        services.submit_for_review(actor, service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _message_after_save(service))
    return redirect(_next_url(request, reverse("socialmap:dashboard", args=[service.organisation_id])))


@require_GET
def service_history(request, pk):
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    actor = actor_for_user(request.user)
    if not (actor.can_maintain_services(service.organisation) or actor.can_review_services):
        raise PermissionDenied
    return render(request, "socialmap/history.html", {
        "service": service,
        "changes": _labelled(queries.history(service)[:HISTORY_PAGE_SIZE]),
    })


# --- Review ---------------------------------------------------------------------------------------


def _reviewer(request):
    actor = actor_for_user(request.user)
    if not actor.can_review_services:
        raise PermissionDenied
    return actor


@require_GET
def review_queue(request):
    _reviewer(request)
    return render(request, "socialmap/review_queue.html", {
        "pending": queries.review_queue(),
        "changes": _labelled(queries.recent_changes()),
    })


@require_POST
def service_approve(request, pk):
    actor = _reviewer(request)
    service = get_object_or_404(Service, pk=pk)
    try:
        services.approve(actor, service)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is published.") % {"name": service.name})
    return redirect("socialmap:review_queue")


@require_http_methods(["GET", "POST"])
def service_reject(request, pk):
    actor = _reviewer(request)
    service = get_object_or_404(Service.objects.select_related("organisation"), pk=pk)
    form = RejectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = _attempt(form, lambda: services.reject(actor, service, form.cleaned_data["note"]),
                        aliases={"review_note": "note"})
        if done is not None:
            messages.success(request, _("%(name)s has been sent back to %(organisation)s.")
                             % {"name": service.name, "organisation": service.organisation.name})
            return redirect("socialmap:review_queue")
    return render(request, "socialmap/reject_form.html", {"form": form, "service": service})
