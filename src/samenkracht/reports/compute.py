"""The indicator engine: aggregates of registered work, computed in the database.

`compute_values(codes, municipality_ids=..., start=..., end=..., breakdown=...)` returns one `IndicatorValue`
per computed catalogue code. Every indicator is one aggregate query for its headline value and one grouped
query for a breakdown (per municipality, neighbourhood, organisation, life domain, channel or quarter), so
the number of queries depends on the number of indicators asked, never on the number of rows; no row is
loaded into Python, only the aggregates (a few dozen groups at most).

Small numbers are suppressed before anything leaves this module: a count (or the number of cases behind a
share or average) from 1 to 4 is shown as "<5" and its value is dropped; when exactly one cell of a
breakdown is suppressed, the next smallest cell is suppressed too ("x"), so that the hidden cell can never be
derived from the total minus the other cells. There is no personal data in any result: only counts, sums,
shares and averages with names of municipalities, neighbourhoods, organisations, life domains and channels.

Models of other apps that may not exist yet (referrals, volunteer hours) are looked up by name; an indicator
whose source is missing reports "no data" (`available=False`).
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db.models import (
    Avg,
    Case,
    Count,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.db.models.lookups import LessThan
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.reports.indicators import CATALOGUE

THRESHOLD = 5
PRIMARY = "<5"
SECONDARY = "x"
BREAKDOWNS = ("municipality", "neighbourhood", "organisation", "life_domain", "channel", "quarter")


def breakdown_label(name: str) -> str:
    return {
        "municipality": _("municipality"), "neighbourhood": _("neighbourhood"), "organisation": _("organisation"),
        "life_domain": _("life domain"), "channel": _("channel"), "quarter": _("quarter"),
    }[name]


@dataclass
class Cell:
    """One group of a breakdown. `value` is None when suppressed (never kept, so never leaked)."""

    key: str
    label: str
    value: float | None
    n: int
    suppressed: str = ""  # "", "primary" or "secondary"
    display: str = ""


@dataclass
class IndicatorValue:
    code: str
    value: float | None
    n: int
    display: str
    unit: str
    available: bool = True
    suppressed: bool = False
    breakdown: str | None = None
    rows: list[Cell] = field(default_factory=list)
    by: dict[str, list[Cell]] = field(default_factory=dict)  # every breakdown asked -> its cells

    @property
    def label(self) -> str:
        return str(CATALOGUE[self.code].label)

    def as_dict(self) -> dict:
        return {
            "code": self.code, "label": self.label, "unit": self.unit, "value": self.value, "display": self.display,
            "available": self.available, "suppressed": self.suppressed, "breakdown": self.breakdown,
            "rows": [{"key": c.key, "label": c.label, "value": c.value, "display": c.display} for c in self.rows],
        }


# --- Formatting and suppression -------------------------------------------------------------------


def format_value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "percent":
        return f"{value:.1f}%".replace(".", ",")
    if unit in ("count",):
        return f"{int(round(value)):,}".replace(",", ".")
    if unit == "hours":
        return f"{value:,.0f}".replace(",", ".")
    if unit == "points":
        return f"{value:+.2f}".replace(".", ",")
    return f"{value:.1f}".replace(".", ",")


def _small(n: int) -> bool:
    return 0 < n < THRESHOLD


def suppress(cells: list[Cell], unit: str) -> list[Cell]:
    """Primary suppression of small cells, then secondary suppression when exactly one cell is hidden."""
    for cell in cells:
        if _small(cell.n):
            cell.suppressed = "primary"
    hidden = [c for c in cells if c.suppressed]
    if len(hidden) == 1:
        others = sorted((c for c in cells if not c.suppressed and c.n > 0), key=lambda c: (c.n, c.key))
        if others:
            others[0].suppressed = "secondary"
    for cell in cells:
        if cell.suppressed:
            cell.value, cell.n = None, 0
            cell.display = PRIMARY if cell.suppressed == "primary" else SECONDARY
        else:
            cell.display = format_value(cell.value, unit) if cell.n or unit == "count" else "–"
    return cells


# --- Sources --------------------------------------------------------------------------------------


def model(label: str):
    """A model of another app by its label, or None while that app has not built it (and its migration) yet."""
    try:
        found = apps.get_model(label)
    except LookupError:
        return None
    return found if _migrated(found._meta.app_config.name) else None


@functools.lru_cache(maxsize=None)
def _migrated(app_module: str) -> bool:
    """Whether the app ships a migration (so its tables exist); looked up on disk, never in the database."""
    try:
        package = importlib.import_module(f"{app_module}.migrations")
    except ImportError:
        return False
    folder = Path(package.__file__).parent
    return any(p.name[:1].isdigit() for p in folder.glob("*.py"))


def has_field(model_class, name: str) -> bool:
    try:
        model_class._meta.get_field(name)
        return True
    except FieldDoesNotExist:
        return False


def first_field(model_class, *names: str) -> str | None:
    return next((n for n in names if has_field(model_class, n)), None)


def _range(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (timezone.make_aware(datetime.combine(start, time.min), tz),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min), tz))


@dataclass
class Spec:
    """How one indicator is aggregated.

    kind: "count" (rows), "distinct" (distinct `unit_field`), "sum" (of `value_field`), "share" (percentage of
    rows matching `numerator`), "avg" (average of `value_expr`; n = distinct `unit_field`).
    """

    queryset: object
    kind: str
    date_field: str
    groups: dict[str, tuple[str, str | None]]  # breakdown -> (key field, label field or None)
    numerator: Q | None = None
    value_expr: object = None
    value_field: str = ""
    unit_field: str = "id"
    choices: dict[str, dict] = field(default_factory=dict)  # breakdown -> {key: label}
    date_is_datetime: bool = True


def _aggregates(spec: Spec) -> dict:
    if spec.kind == "count":
        return {"v": Count("id"), "n": Count("id")}
    if spec.kind == "distinct":
        return {"v": Count(spec.unit_field, distinct=True), "n": Count(spec.unit_field, distinct=True)}
    if spec.kind == "sum":
        return {"v": Sum(spec.value_field), "n": Count(spec.unit_field, distinct=True)}
    if spec.kind == "share":
        return {"k": Count("id", filter=spec.numerator), "n": Count("id")}
    if spec.kind == "avg":
        return {"v": Avg(spec.value_expr), "n": Count(spec.unit_field, distinct=True)}
    raise ValueError(spec.kind)


def _number(row: dict, spec: Spec) -> float | None:
    n = row.get("n") or 0
    if spec.kind == "share":
        return round(100.0 * (row.get("k") or 0) / n, 1) if n else None
    value = row.get("v")
    if value is None:
        return 0.0 if spec.kind in ("count", "distinct", "sum") else None
    if isinstance(value, timedelta):
        value = value.total_seconds() / 86400
    return round(float(value), 2)


def quarters(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar quarters touching the period, each clipped to it: [(first day, last day), ...]."""
    out = []
    first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while first <= end:
        month = first.month + 3
        following = date(first.year + (month > 12), (month - 1) % 12 + 1, 1)
        out.append((max(first, start), min(following - timedelta(days=1), end)))
        first = following
    return out


def quarter_key(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_label(day: date) -> str:
    return _("%(year)s Q%(quarter)s") % {"year": day.year, "quarter": (day.month - 1) // 3 + 1}


class DaysBetween(Func):
    """(later - earlier) in days as a float, in plain SQL on both databases (no Python function per row)."""

    output_field = FloatField()
    arity = 2

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(julianday(%(expressions)s))", arg_joiner=") - julianday(",
                           **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
                           arg_joiner=" - ", **extra)


def _quarter_bucket(spec: Spec, start: date, end: date):
    """A CASE expression numbering the quarter of each row: plain comparisons, so it can use an index and
    needs no per-row date function (SQLite's Django date functions run in Python)."""
    spans = quarters(start, end)
    whens = []
    for index, (_first, last) in enumerate(spans):
        bound = last + timedelta(days=1)
        if spec.date_is_datetime:
            bound = _range(bound, bound)[0]
        whens.append(When(**{f"{spec.date_field}__lt": bound}, then=Value(index)))
    return Case(*whens, default=Value(len(spans)), output_field=IntegerField()), spans


ADDITIVE = ("count", "share", "avg")  # kinds whose total is the sum of the quarters (each row in one quarter)


def _quarter_rows(spec: Spec, start: date, end: date) -> tuple[list[dict], list[tuple[date, date]]]:
    aggregates = _aggregates(spec)
    if spec.kind == "avg":  # sum and count instead of the average, so the total follows from the quarters
        aggregates = {"s": Sum(spec.value_expr), "c": Count(spec.value_expr), "n": aggregates["n"]}
    bucket, spans = _quarter_bucket(spec, start, end)
    found = {r["_q"]: r for r in spec.queryset.annotate(_q=bucket).values("_q").annotate(**aggregates).order_by("_q")}
    if spec.kind == "avg":
        for row in found.values():
            row["v"] = float(row["s"]) / row["c"] if row.get("c") else None
    return [found.get(i, {}) for i in range(len(spans))], spans


def _total_of(rows: list[dict], spec: Spec) -> dict:
    """The headline aggregate from the quarter rows (only for ADDITIVE kinds)."""
    total = {"n": sum(r.get("n") or 0 for r in rows)}
    if spec.kind == "count":
        total["v"] = total["n"]
    elif spec.kind == "share":
        total["k"] = sum(r.get("k") or 0 for r in rows)
    else:
        s, c = sum(float(r.get("s") or 0) for r in rows), sum(r.get("c") or 0 for r in rows)
        total["v"] = s / c if c else None
    return total


def _quarter_cells(rows: list[dict], spans, spec: Spec, unit: str) -> list[Cell]:
    cells = [Cell(quarter_key(first), quarter_label(first), _number(row, spec), row.get("n") or 0)
             for row, (first, _last) in zip(rows, spans)]
    return suppress(cells, unit)


def _grouped(spec: Spec, breakdown: str, unit: str, start: date, end: date) -> list[Cell] | None:
    aggregates = _aggregates(spec)
    if breakdown == "quarter":
        rows, spans = _quarter_rows(spec, start, end)
        return _quarter_cells(rows, spans, spec, unit)
    if breakdown not in spec.groups:
        return None
    key_field, label_field = spec.groups[breakdown]
    fields = [key_field] + ([label_field] if label_field else [])
    rows = spec.queryset.values(*fields).annotate(**aggregates).order_by(*fields)
    names = spec.choices.get(breakdown, {})
    cells = []
    for r in rows:
        key = r[key_field]
        label = r[label_field] if label_field else names.get(key, key)
        cells.append(Cell("" if key is None else str(key), str(label) if label not in (None, "") else _("unknown"),
                          _number(r, spec), r["n"] or 0))
    cells.sort(key=lambda c: (c.label == _("unknown"), c.label))
    return suppress(cells, unit)


# --- The computed indicators ----------------------------------------------------------------------


def _help_request_specs(ids, lo, hi) -> dict[str, Spec]:
    from samenkracht.frontdoor.models import Channel, HelpRequest, Triage, TriageOutcome

    channels = {"channel": dict(Channel.choices)}
    requests = HelpRequest.objects.filter(municipality_id__in=ids, registered_at__gte=lo, registered_at__lt=hi)
    triages = Triage.objects.filter(municipality_id__in=ids, held_at__gte=lo, held_at__lt=hi)
    triage_groups = {
        "municipality": ("municipality_id", "municipality__name"),
        "neighbourhood": ("help_request__neighbourhood_id", "help_request__neighbourhood__name"),
        "organisation": ("organisation_a_id", "organisation_a__name"),
        "life_domain": ("help_request__life_domains__code", "help_request__life_domains__name"),
        "channel": ("help_request__channel", None),
    }
    return {
        "help_requests": Spec(requests, "count", "registered_at", {
            "municipality": ("municipality_id", "municipality__name"),
            "neighbourhood": ("neighbourhood_id", "neighbourhood__name"),
            "organisation": ("registered_organisation_id", "registered_organisation__name"),
            "life_domain": ("life_domains__code", "life_domains__name"),
            "channel": ("channel", None),
        }, choices=channels),
        "resolved_open_access_share": Spec(
            triages, "share", "held_at", triage_groups, choices=channels,
            numerator=Q(outcome__in=[TriageOutcome.ADVICE, TriageOutcome.OPEN_ACCESS])),
        "days_to_triage": Spec(
            triages, "avg", "held_at", triage_groups, choices=channels,
            value_expr=DaysBetween(F("held_at"), F("help_request__registered_at"))),
    }


def _referral_specs(ids, lo, hi) -> dict[str, Spec]:
    referral = model("referrals.Referral")
    if referral is None or not has_field(referral, "sent_at"):
        return {}
    receiver = first_field(referral, "receiving_organisation", "receiver_organisation", "to_organisation",
                           "receiver")
    groups = {"municipality": ("municipality_id", "municipality__name")}
    if receiver:
        groups["organisation"] = (f"{receiver}_id", f"{receiver}__name")
    sent = referral.objects.filter(municipality_id__in=ids, sent_at__gte=lo, sent_at__lt=hi)
    # Five working days after a moment on a working day is the same moment a calendar week later (public
    # holidays not counted); for a referral sent in the weekend the week also ends after the fifth working
    # day, so "accepted within 7 calendar days" is the rule, in plain SQL on both databases.
    within = sent
    accepted = Q(LessThan(DaysBetween(F("accepted_at"), F("sent_at")), 7), accepted_at__isnull=False)
    specs = {"referrals_accepted_within_5_days": Spec(within, "share", "sent_at", groups, numerator=accepted)}
    if has_field(referral, "completed_at") and has_field(referral, "sender_seen_outcome_at"):
        completed = referral.objects.filter(municipality_id__in=ids, completed_at__gte=lo, completed_at__lt=hi)
        specs["closed_loop_rate"] = Spec(completed, "share", "completed_at", groups,
                                         numerator=Q(sender_seen_outcome_at__isnull=False))
    return specs


def _plan_specs(ids, lo, hi, start, end) -> dict[str, Spec]:
    from samenkracht.plans.models import AssessmentMoment, AssessmentScore, Breakthrough, BreakthroughStatus, Plan

    intake = (AssessmentScore.objects.filter(assessment__plan_id=OuterRef("assessment__plan_id"),
                                             assessment__moment=AssessmentMoment.INTAKE,
                                             life_domain_id=OuterRef("life_domain_id"))
              .order_by("assessment__assessed_on", "assessment_id").values("score")[:1])
    closure = AssessmentScore.objects.filter(
        municipality_id__in=ids, assessment__moment=AssessmentMoment.CLOSURE,
        assessment__assessed_on__gte=start, assessment__assessed_on__lte=end,
    ).annotate(_intake=Subquery(intake)).filter(_intake__isnull=False)
    plans = Plan.objects.filter(municipality_id__in=ids, closed_at__gte=lo, closed_at__lt=hi,
                                satisfaction__isnull=False)
    decided = Breakthrough.objects.filter(municipality_id__in=ids, decided_at__gte=lo, decided_at__lt=hi,
                                          status__in=[BreakthroughStatus.DECIDED, BreakthroughStatus.CLOSED])
    return {
        "zrm_change": Spec(closure, "avg", "assessment__assessed_on", {
            "municipality": ("municipality_id", "municipality__name"),
            "neighbourhood": ("assessment__plan__household__neighbourhood_id",
                              "assessment__plan__household__neighbourhood__name"),
            "organisation": ("assessment__plan__coordinator_organisation_id",
                             "assessment__plan__coordinator_organisation__name"),
            "life_domain": ("life_domain_id", "life_domain__name"),
        }, value_expr=Cast(F("score") - F("_intake"), FloatField()), unit_field="assessment__plan_id",
            date_is_datetime=False),
        "satisfaction": Spec(plans, "avg", "closed_at", {
            "municipality": ("municipality_id", "municipality__name"),
            "neighbourhood": ("household__neighbourhood_id", "household__neighbourhood__name"),
            "organisation": ("coordinator_organisation_id", "coordinator_organisation__name"),
        }, value_expr=Cast("satisfaction", FloatField())),
        "breakthroughs_resolved": Spec(decided, "count", "decided_at", {
            "municipality": ("municipality_id", "municipality__name"),
            "organisation": ("plan__coordinator_organisation_id", "plan__coordinator_organisation__name"),
        }),
    }


def _volunteer_specs(ids, start, end) -> dict[str, Spec]:
    """Active volunteers: volunteers with hours in the period; hours: their sum."""
    hours = model("volunteers.HoursEntry")
    if hours is None or not has_field(hours, "hours"):
        return {}
    volunteer = "match__volunteer" if has_field(hours, "match") else "volunteer" if has_field(hours, "volunteer") \
        else None
    date_field = first_field(hours, "date", "worked_on", "on")
    if volunteer is None or date_field is None:
        return {}
    tenant = "municipality_id__in" if has_field(hours, "municipality") else f"{volunteer}__municipality_id__in"
    entries = hours.objects.filter(**{tenant: ids, f"{date_field}__gte": start, f"{date_field}__lte": end})
    groups = {
        "municipality": (f"{volunteer}__municipality_id", f"{volunteer}__municipality__name"),
        "organisation": (f"{volunteer}__pool__organisation_id", f"{volunteer}__pool__organisation__name"),
    }
    return {
        "active_volunteers": Spec(entries, "distinct", date_field, groups, unit_field=f"{volunteer}_id"
                                  if volunteer == "volunteer" else f"{volunteer}__id", date_is_datetime=False),
        "volunteer_hours": Spec(entries, "sum", date_field, groups, value_field="hours", date_is_datetime=False,
                                unit_field=f"{volunteer}__id" if volunteer != "volunteer" else "volunteer_id"),
    }


def specs(municipality_ids, start: date, end: date) -> dict[str, Spec]:
    ids = list(municipality_ids)
    lo, hi = _range(start, end)
    out: dict[str, Spec] = {}
    out.update(_help_request_specs(ids, lo, hi))
    out.update(_referral_specs(ids, lo, hi))
    out.update(_plan_specs(ids, lo, hi, start, end))
    out.update(_volunteer_specs(ids, start, end))
    return out


def supported_breakdowns(code: str) -> list[str]:
    """The breakdowns an indicator can be split by (quarter always)."""
    spec = specs([0], date(2000, 1, 1), date(2000, 1, 1)).get(code)  # builds querysets only, runs nothing
    return [b for b in BREAKDOWNS if spec and (b == "quarter" or b in spec.groups)]


def compute_values(codes, *, municipality_ids, start: date, end: date,
                   breakdown: str | list[str] | tuple | None = None) -> dict[str, IndicatorValue]:
    """Every computed code in `codes` → its value over the period, with optional breakdowns.

    `breakdown` is one name of BREAKDOWNS or a list of them (all land in `IndicatorValue.by`; the first one
    also in `rows`). Manual and unknown codes are skipped (manual values come from agreements). One query
    per code, plus one per code and breakdown the indicator supports.
    """
    if end < start:
        raise ValueError("end before start")
    wanted = [breakdown] if isinstance(breakdown, str) else list(breakdown or [])
    for name in wanted:
        if name not in BREAKDOWNS:
            raise ValueError(f"unknown breakdown {name}")
    breakdown = wanted[0] if wanted else None
    available = specs(municipality_ids, start, end)
    result: dict[str, IndicatorValue] = {}
    for code in dict.fromkeys(codes):
        indicator = CATALOGUE.get(code)
        if indicator is None or indicator.source != "computed":
            continue
        spec = available.get(code)
        if spec is None:
            result[code] = IndicatorValue(code, None, 0, _("no data"), indicator.unit, available=False,
                                          breakdown=breakdown)
            continue
        by = {}
        if "quarter" in wanted and spec.kind in ADDITIVE:  # one query for the trend and the total
            quarter_rows, spans = _quarter_rows(spec, start, end)
            row = _total_of(quarter_rows, spec)
            by["quarter"] = _quarter_cells(quarter_rows, spans, spec, indicator.unit)
        else:
            row = spec.queryset.aggregate(**_aggregates(spec))
        n = row.get("n") or 0
        value = _number(row, spec)
        suppressed = _small(n)
        if suppressed:
            value, display = None, PRIMARY
        elif n == 0 and indicator.unit != "count":
            value, display = None, "–"
        else:
            display = format_value(value, indicator.unit)
        for name in wanted:
            if name in by:
                continue
            cells = _grouped(spec, name, indicator.unit, start, end)
            if cells is not None:
                by[name] = cells
        rows = by.get(breakdown) if breakdown else None
        result[code] = IndicatorValue(code, value, 0 if suppressed else n, display, indicator.unit,
                                      suppressed=suppressed,
                                      breakdown=breakdown if rows is not None else None, rows=rows or [], by=by)
    return result


def computed_codes() -> list[str]:
    return [code for code, indicator in CATALOGUE.items() if indicator.source == "computed"]
