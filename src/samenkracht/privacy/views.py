"""The privacy officer's view of the access log: filter, page through, never change."""

from __future__ import annotations

from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from samenkracht.network.models import Membership, Role
from samenkracht.privacy.forms import AccessLogFilterForm
from samenkracht.privacy.models import AccessLogEntry


def officer_municipality_ids(user) -> set[int]:
    """Municipalities whose log a privacy officer may read: the home municipalities of their organisations."""
    return set(
        Membership.objects.filter(user=user, active=True, role=Role.PRIVACY_OFFICER,
                                  organisation__municipality__isnull=False)
        .values_list("organisation__municipality_id", flat=True)
    )


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
