"""REST API of reports under /api/v1/reports/: aggregates only, never personal data.

A token of a municipality organisation with `network:read` (or `network:admin`) reads the reports of its
municipality; a token of an organisation that is party to an assignment reads that assignment's report.
Bad periods get 422 naming `start` or `end`.
"""

from __future__ import annotations

from datetime import date

from django.http import Http404
from ninja import Router, Schema

from samenkracht.network.models import Municipality
from samenkracht.reports import queries
from samenkracht.reports.indicators import CATALOGUE

router = Router(tags=["reports"])


class IndicatorOut(Schema):
    code: str
    label: str
    unit: str
    source: str
    higher_is_better: bool


class CellOut(Schema):
    key: str
    label: str
    value: float | None
    display: str


class ResultOut(Schema):
    id: int
    indicator: str
    label: str
    sub_assignment: str
    responsible_party: str
    start: date
    end: date
    unit: str
    target: float | None
    actual: float | None
    actual_display: str
    status: str
    source: str
    reporter: str
    breakdown: str
    breakdown_rows: list[CellOut]
    trend: list[CellOut]


class AssignmentReportOut(Schema):
    assignment: int
    title: str
    municipality: str
    start: date
    end: date
    results: list[ResultOut]
    notes: list[str]


class ValueOut(Schema):
    code: str
    label: str
    unit: str
    value: float | None
    display: str
    available: bool
    rows: list[CellOut] = []


class DashboardOut(Schema):
    municipality: str
    start: date
    end: date
    indicators: list[ValueOut]
    breakdowns: dict[str, dict[str, list[CellOut]]]
    notes: list[str]


def _cells(cells) -> list[dict]:
    return [{"key": c.key, "label": c.label, "value": c.value, "display": c.display} for c in cells]


@router.get("/indicators", response=list[IndicatorOut])
def indicators(request):
    """The indicator catalogue that result agreements measure."""
    return [{"code": i.code, "label": str(i.label), "unit": i.unit, "source": i.source,
             "higher_is_better": i.higher_is_better} for i in CATALOGUE.values()]


@router.get("/assignments/{assignment_id}", response=AssignmentReportOut)
def assignment_report(request, assignment_id: int, start: date | None = None, end: date | None = None):
    """The accountability report of an assignment over a period (default: the result agreements' periods)."""
    report, rows = queries.assignment_report(request.auth, assignment_id, start=start, end=end)
    assignment = queries.require_assignment(request.auth, assignment_id)
    return {
        "assignment": assignment.pk, "title": assignment.agreement.title, "municipality": assignment.municipality.name,
        "start": report.start, "end": report.end, "notes": report.notes,
        "results": [{
            "id": r.pk, "indicator": r.code, "label": r.label, "sub_assignment": r.sub_assignment,
            "responsible_party": r.party, "start": r.start, "end": r.end, "unit": r.unit, "target": r.target_value,
            "actual": r.actual_value, "actual_display": r.actual, "status": r.status, "source": r.source,
            "reporter": r.reporter, "breakdown": r.breakdown, "breakdown_rows": _cells(r.breakdown_cells),
            "trend": _cells(r.trend)} for r in rows],
    }


@router.get("/dashboard", response=DashboardOut)
def dashboard(request, municipality: str, start: date | None = None, end: date | None = None):
    """The municipality dashboard: every computed indicator and the breakdowns shown on the page.
    `municipality` is the CBS code (GMxxxx)."""
    found = Municipality.objects.filter(code=municipality.upper()).values_list("id", flat=True).first()
    if found is None:
        queries.require_any(request.auth)
        raise Http404
    report, data = queries.dashboard(request.auth, found, start=start, end=end)
    details = {code: {name: _cells(cells) for name, cells in value.by.items()}
               for code, value in data["details"].items()}
    return {
        "municipality": data["municipality"].name, "start": data["start"], "end": data["end"], "notes": report.notes,
        "indicators": [{"code": v.code, "label": v.label, "unit": v.unit, "value": v.value, "display": v.display,
                        "available": v.available} for v in data["headline"].values()],
        "breakdowns": details,
    }
