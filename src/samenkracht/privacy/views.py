"""The privacy officer's pages: the access log (filter, page through, never change) and the review of
emergency accesses. Both are limited to the municipalities of the officer's organisations."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenkracht.privacy import services
from samenkracht.privacy.forms import AccessLogFilterForm, EmergencyReviewForm
from samenkracht.privacy.models import AccessLogEntry, EmergencyAccess
from samenkracht.privacy.services import officer_municipality_ids


@require_GET
def access_log(request):
    municipalities = officer_municipality_ids(request.user)
    if not municipalities:
        raise PermissionDenied
    form = AccessLogFilterForm(request.GET or None)
    entries = AccessLogEntry.objects.filter(municipality_id_value__in=municipalities)
    if form.is_valid():
        data = form.cleaned_data
        if data["user"]:
            entries = entries.filter(user_label__icontains=data["user"])
        if data["subject_id"]:
            entries = entries.filter(subject_id=data["subject_id"])
        if data["event"]:
            entries = entries.filter(event=data["event"])
        if data["outcome"]:
            entries = entries.filter(outcome=data["outcome"])
        if data["date_from"]:
            entries = entries.filter(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min)))
        if data["date_to"]:
            entries = entries.filter(at__lte=timezone.make_aware(datetime.combine(data["date_to"], time.max)))
    page = Paginator(entries.order_by("-at", "-id"), 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "privacy/access_log.html", {"form": form, "page": page, "query": query.urlencode()})


@require_GET
def emergency_list(request):
    """Every emergency access in the officer's municipalities, unreviewed first, with what was done."""
    municipalities = officer_municipality_ids(request.user)
    if not municipalities:
        raise PermissionDenied
    page = Paginator(services.emergency_accesses(municipalities), 25).get_page(request.GET.get("page"))
    accesses = services.attach_log_entries(page.object_list)
    return render(request, "privacy/emergency_list.html", {
        "page": page, "accesses": accesses, "unreviewed": services.unreviewed_count(municipalities),
        "query": "",
    })


@require_http_methods(["GET", "POST"])
def emergency_review(request, pk: int):
    services.require_officer(request.user)
    access = get_object_or_404(EmergencyAccess.objects.select_related("user", "organisation", "reviewed_by"), pk=pk)
    services.require_officer(request.user, access.municipality_id)
    form = EmergencyReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_emergency_access(request.user, access, outcome=form.cleaned_data["review_outcome"],
                                             note=form.cleaned_data["review_note"])
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, _("The review has been recorded."))
            return redirect("privacy:emergency_list")
    access = services.attach_log_entries([access])[0]
    return render(request, "privacy/emergency_review.html", {"access": access, "form": form})
