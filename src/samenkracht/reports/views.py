"""Web pages of reports under /verantwoording/: thin views over reports.queries (aggregates only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from samenkracht.network.models import Municipality
from samenkracht.network.permissions import actor_for_user
from samenkracht.reports import charts, exports, queries, services
from samenkracht.reports.forms import NominationForm, PeriodForm, VisitForm
from samenkracht.reports.models import Nomination


def _actor(request):
    return actor_for_user(request.user)


def _period(request):
    """start/end from the query string; a bad period shows the default period and the message."""
    form = PeriodForm(request.GET or None)
    start, end = request.GET.get("start") or None, request.GET.get("end") or None
    error = ""
    try:
        queries.parse_period(start, end, default=queries.last_twelve_months())
    except ValidationError as exc:
        error = " ".join(m for messages_ in exc.message_dict.values() for m in messages_)
        start = end = None
    return form, start, end, error


def _with_charts(report) -> list[dict]:
    return [{"section": s, "svg": charts.render(s.chart, chart_id=f"chart-{i}")}
            for i, s in enumerate(report.sections)]


def _download(actor, report, fmt: str) -> HttpResponse:
    if fmt not in exports.FORMATS:
        raise Http404
    body = exports.render(report, fmt)
    exports.log_export(actor, report, fmt)
    response = HttpResponse(body, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report.filename}.{fmt}"'
    return response


@require_GET
def index(request):
    actor = _actor(request)
    municipality_ids, _organisations = queries.require_any(actor)
    municipalities = Municipality.objects.filter(pk__in=municipality_ids).order_by("name")
    return render(request, "reports/index.html", {
        "municipalities": municipalities, "assignments": queries.visible_assignments(actor)})


@require_GET
def dashboard(request, pk: int):
    actor = _actor(request)
    form, start, end, error = _period(request)
    report, data = queries.dashboard(actor, pk, start=start, end=end)
    return render(request, "reports/dashboard.html", {
        "report": report, "sections": _with_charts(report), "form": form, "period_error": error,
        "municipality": data["municipality"], "headline": data["headline"].values(),
        "query": request.GET.urlencode()})


@require_GET
def dashboard_export(request, pk: int, fmt: str):
    actor = _actor(request)
    _form, start, end, _error = _period(request)
    report, _data = queries.dashboard(actor, pk, start=start, end=end)
    return _download(actor, report, fmt)


@require_GET
def assignment_report(request, pk: int):
    actor = _actor(request)
    form, start, end, error = _period(request)
    report, rows = queries.assignment_report(actor, pk, start=start, end=end)
    assignment = queries.require_assignment(actor, pk)
    return render(request, "reports/assignment_report.html", {
        "report": report, "rows": rows, "sections": _with_charts(report), "form": form, "period_error": error,
        "assignment": assignment, "query": request.GET.urlencode()})


@require_GET
def assignment_export(request, pk: int, fmt: str):
    actor = _actor(request)
    _form, start, end, _error = _period(request)
    report, _rows = queries.assignment_report(actor, pk, start=start, end=end)
    return _download(actor, report, fmt)


def _network_page(request, *, title: str, ids: list[int], municipality_id, subject_id: str, context: dict):
    form, start, end, error = _period(request)
    start, end = queries.parse_period(start, end, default=queries.last_twelve_months())
    data = queries.network(ids, start=start, end=end)
    report = queries.network_report(title, data, start=start, end=end, municipality_id=municipality_id,
                                    subject_id=subject_id)
    return render(request, "reports/network.html", {
        "report": report, "form": form, "period_error": error, "data": data,
        "svg": charts.network_graph(data["nodes"], data["edges"], title=title), **context})


@require_GET
def network(request, pk: int):
    municipality = queries.require_municipality(_actor(request), pk)
    return _network_page(request, title=_("Network of %(name)s") % {"name": municipality.name},
                         ids=[municipality.pk], municipality_id=municipality.pk, subject_id=f"network:{pk}",
                         context={"municipality": municipality})


@require_GET
def region_network(request, pk: int):
    region, ids = queries.require_region(_actor(request), pk)
    return _network_page(request, title=_("Network of %(name)s") % {"name": region.name}, ids=ids,
                         municipality_id=None, subject_id=f"region-network:{pk}", context={"region": region})


@require_GET
def profile(request, pk: int):
    actor = _actor(request)
    form, start, end, error = _period(request)
    data = queries.profile(actor, pk, start=start, end=end)
    return render(request, "reports/profile.html", {**data, "form": form, "period_error": error,
                                                    "query": request.GET.urlencode()})


@require_GET
def profile_export(request, pk: int, fmt: str):
    actor = _actor(request)
    _form, start, end, _error = _period(request)
    report = queries.profile_report(queries.profile(actor, pk, start=start, end=end))
    return _download(actor, report, fmt)


def _add_errors(form, error: ValidationError) -> None:
    for field, messages_ in getattr(error, "message_dict", {"__all__": error.messages}).items():
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def nomination_create(request, pk: int):
    actor = _actor(request)
    municipality = queries.require_municipality(actor, pk)
    form = NominationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_nomination(actor, municipality.pk, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The nomination has been recorded."))
            return redirect("reports:profile", pk=municipality.pk)
    return render(request, "reports/form.html", {
        "form": form, "title": _("Record a nomination for %(name)s") % {"name": municipality.name},
        "back": ("reports:profile", municipality.pk)})


@require_http_methods(["GET", "POST"])
def visit_create(request, pk: int):
    actor = _actor(request)
    nomination = get_object_or_404(Nomination.objects.select_related("municipality"), pk=pk)
    queries.require_municipality(actor, nomination.municipality_id)
    form = VisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_visit(actor, nomination, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The visit has been recorded."))
            return redirect("reports:profile", pk=nomination.municipality_id)
    return render(request, "reports/form.html", {
        "form": form, "title": _("Record a visit for the nomination of %(name)s") % {
            "name": nomination.municipality.name}, "back": ("reports:profile", nomination.municipality_id)})
