"""Web pages of rights under /rechten/. Thin: read through queries, write through services.

Pages about one household or person need a relation with the household (the access policy decides and
logs); the worklist and a request's page show no personal data and are for the organisation handling the
request and the municipality's privacy officers and administrators.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenkracht.network.permissions import actor_for_user
from samenkracht.plans.models import Person
from samenkracht.rights import queries, services
from samenkracht.rights.forms import AdvanceForm, CorrectionForm, ErasureForm, RequestForm, RestrictionForm
from samenkracht.rights.models import RequestKind, RequestStatus, RightsRequest

PAGE_SIZE = 50


def _actor(request):
    return actor_for_user(request.user)


def _errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _household_url(pk: int) -> str:
    return reverse("rights:household", args=[pk])


def _open_requests(household, kind):
    return list(RightsRequest.objects.filter(household=household, kind=kind,
                                             status__in=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS]))


@require_GET
def worklist(request):
    actor = _actor(request)
    status = request.GET.get("status", "open")
    if status not in ("open", "", *RequestStatus.values):
        status = "open"
    page = Paginator(queries.worklist(actor, status=status), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rights/worklist.html", {"page": page, "rows": list(page.object_list), "status": status,
                                                    "statuses": RequestStatus.choices, "now": timezone.now()})


@require_GET
def household(request, pk: int):
    actor = _actor(request)
    house = queries.get_household(actor, pk, purpose="rights of the resident")
    context = queries.household_rights(house)
    context.update({"household": house, "form": RequestForm(members=[m for m, _c in context["members"]]),
                    "now": timezone.now()})
    return render(request, "rights/household.html", context)


@require_http_methods(["GET", "POST"])
def request_create(request, pk: int):
    actor = _actor(request)
    house = queries.get_household(actor, pk, purpose="register rights request")
    members = list(house.members.order_by("id"))
    form = RequestForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = next((m for m in members if m.pk == data["person"]), None)
        try:
            services.register_request(actor, house, kind=data["kind"], received_via=data["received_via"],
                                      received_at=data["received_on"], person=person)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The request has been registered."))
            return redirect(_household_url(house.pk))
    return render(request, "rights/form.html", {"form": form, "household": house,
                                                "title": _("Register a rights request")})


@require_http_methods(["GET", "POST"])
def request_detail(request, pk: int):
    actor = _actor(request)
    rights_request = queries.get_request(actor, pk)
    form = AdvanceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.advance_request(actor, rights_request, status=form.cleaned_data["status"],
                                     refusal_reason=form.cleaned_data["refusal_reason"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The request has been updated."))
            return redirect(reverse("rights:request_detail", args=[rights_request.pk]))
    return render(request, "rights/request_detail.html", {
        "rr": rights_request, "form": form, "now": timezone.now(),
        "can_erase": rights_request.kind == RequestKind.ERASURE and rights_request.is_open
        and rights_request.household_id is not None})


def _person_for_export(request, pk: int) -> Person:
    return queries.get_person(_actor(request), pk, purpose="", event=None)


@require_GET
def export_json(request, pk: int):
    person = _person_for_export(request, pk)
    document = services.subject_access(_actor(request), person, fmt="json")
    response = HttpResponse(json.dumps(document, ensure_ascii=False, indent=2),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="inzage-persoon-{person.pk}.json"'
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def export_pdf(request, pk: int):
    person = _person_for_export(request, pk)
    response = HttpResponse(services.subject_access_pdf(_actor(request), person), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="inzage-persoon-{person.pk}.pdf"'
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    actor = _actor(request)
    person = queries.get_person(actor, pk, purpose="correction form")
    house = person.household
    requests = _open_requests(house, RequestKind.CORRECTION)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    initial.update(address=house.address, postcode=house.postcode)
    form = CorrectionForm(request.POST if request.method == "POST" else None, initial=initial, requests=requests)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in services.CORRECTABLE if name in form.changed_data}
        chosen = next((r for r in requests if r.pk == data["request"]), None)
        try:
            services.correct_person(actor, person, changes=changes, rights_request=chosen)
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The correction has been saved; the old values are kept in the history."))
            return redirect(reverse("rights:correct", args=[person.pk]))
    return render(request, "rights/correct.html", {"form": form, "person": person, "household": house,
                                                   "history": services.correction_history(person)})


@require_http_methods(["GET", "POST"])
def restriction(request, pk: int):
    actor = _actor(request)
    house = queries.get_household(actor, pk, purpose="restriction form")
    requests = _open_requests(house, RequestKind.RESTRICTION)
    form = RestrictionForm(request.POST if request.method == "POST" else None, requests=requests)
    if request.method == "POST" and form.is_valid():
        try:
            if house.restricted_at is None:
                chosen = next((r for r in requests if r.pk == form.cleaned_data["request"]), None)
                services.restrict(actor, house, reason=form.cleaned_data["reason"], rights_request=chosen)
                messages.success(request, _("Processing is now restricted: the data is kept but cannot be changed."))
            else:
                services.lift_restriction(actor, house)
                messages.success(request, _("The restriction has been lifted."))
        except ValidationError as error:
            _errors(form, error)
        else:
            return redirect(_household_url(house.pk))
    return render(request, "rights/restriction.html", {"form": form, "household": house})


@require_http_methods(["GET", "POST"])
def erase(request, pk: int):
    actor = _actor(request)
    rights_request = RightsRequest.objects.select_related("household", "person").filter(pk=pk).first()
    if rights_request is None or rights_request.household_id is None:
        raise Http404
    queries.get_household(actor, rights_request.household_id, purpose="erasure form")
    scope = "person" if rights_request.person_id else "household"
    form = ErasureForm(request.POST if request.method == "POST" else None, initial={"scope": scope})
    if request.method == "POST" and form.is_valid():
        try:
            services.erase(actor, rights_request, scope=form.cleaned_data["scope"])
        except ValidationError as error:
            _errors(form, error)
        else:
            messages.success(request, _("The data has been erased. What remains is a record without personal "
                                        "data: the request, the date and how many records of which kind."))
            return redirect(reverse("rights:request_detail", args=[rights_request.pk]))
    return render(request, "rights/erase.html", {"form": form, "rr": rights_request})
