"""Who may see which report, and the reports themselves (aggregates only, a fixed number of queries).

- Municipality policy officers and functional administrators of a municipality organisation see every
  report of their municipality: the dashboard, the network view, the Gouden sociale Gemeente profile and the
  accountability report of each assignment.
- Organisation coordinators see the accountability report of assignments their organisation is party to.
- An API token of a municipality organisation (network:read or network:admin) acts for its municipality; a
  token of a party organisation (network:read) sees that assignment's report.
- Everyone else: 403. Nothing here contains personal data: counts, shares and averages with small numbers
  suppressed (`reports.compute`), names of organisations, and for hand-reported values the reporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samenkracht.network.models import Membership, Municipality, Organisation, OrganisationKind, Region, Role
from samenkracht.reports import compute
from samenkracht.reports.compute import PRIMARY, THRESHOLD, breakdown_label, format_value, model
from samenkracht.reports.indicators import CATALOGUE
from samenkracht.reports.report import Chart, Report, Section, Table

READ_SCOPES = {"network:read", "network:admin"}
SUPPRESSION_NOTE = "counts below 5"


# --- Who may ---------------------------------------------------------------------------------------


def _token(actor):
    return getattr(actor, "token", None)


def municipality_ids(actor) -> set[int]:
    """Municipalities whose reports the actor sees in full."""
    token = _token(actor)
    if token is not None:
        if not (READ_SCOPES & set(actor.scopes)):
            return set()
        row = Organisation.objects.filter(pk=actor.organisation_id, kind=OrganisationKind.MUNICIPALITY,
                                          municipality__isnull=False).values_list("municipality_id", flat=True)
        return set(row)
    user = getattr(actor, "user", None)
    if user is None or not getattr(user, "is_active", False):
        return set()
    return set(Membership.objects.filter(
        user=user, active=True, role__in=[Role.POLICY_OFFICER, Role.FUNCTIONAL_ADMIN],
        organisation__kind=OrganisationKind.MUNICIPALITY, organisation__municipality__isnull=False,
    ).values_list("organisation__municipality_id", flat=True))


def party_organisation_ids(actor) -> set[int]:
    """Organisations for which the actor sees reports of agreements they are party to."""
    token = _token(actor)
    if token is not None:
        return {actor.organisation_id} if READ_SCOPES & set(actor.scopes) else set()
    return set(getattr(actor, "coordinated_organisation_ids", set()) or set())


def require_any(actor) -> tuple[set[int], set[int]]:
    municipalities, organisations = municipality_ids(actor), party_organisation_ids(actor)
    if not municipalities and not organisations:
        raise PermissionDenied(_("Reports are for municipality policy officers, functional administrators of a "
                                 "municipality and organisation coordinators."))
    return municipalities, organisations


def require_municipality(actor, municipality_id: int) -> Municipality:
    allowed = municipality_ids(actor)
    if not allowed:
        raise PermissionDenied(_("Only policy officers and administrators of a municipality see its reports."))
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        raise Http404
    if municipality.pk not in allowed:
        raise PermissionDenied(_("This municipality's reports are for its own policy officers."))
    return municipality


def require_region(actor, region_id: int) -> tuple[Region, list[int]]:
    allowed = municipality_ids(actor)
    if not allowed:
        raise PermissionDenied(_("Only policy officers and administrators of a municipality see its reports."))
    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        raise Http404
    ids = list(region.municipalities.values_list("id", flat=True))
    if not allowed & set(ids):
        raise PermissionDenied(_("None of this region's municipalities is yours."))
    return region, ids


def _agreement_models():
    return model("agreements.Assignment"), model("agreements.ResultAgreement"), model("agreements.Party")


def require_assignment(actor, assignment_id: int):
    Assignment, _ra, Party = _agreement_models()  # noqa: N806
    if Assignment is None:
        raise Http404
    municipalities, organisations = require_any(actor)
    assignment = Assignment.objects.select_related("agreement", "municipality").filter(pk=assignment_id).first()
    if assignment is None:
        raise Http404
    if assignment.municipality_id in municipalities:
        return assignment
    if organisations and Party.objects.filter(agreement_id=assignment.agreement_id,
                                              organisation_id__in=organisations).exists():
        return assignment
    raise PermissionDenied(_("This report is for the municipality and the parties to the agreement."))


def visible_assignments(actor) -> list:
    Assignment, _ra, _party = _agreement_models()  # noqa: N806
    if Assignment is None:
        return []
    municipalities, organisations = require_any(actor)
    rows = Assignment.objects.filter(
        Q(municipality_id__in=municipalities) | Q(agreement__parties__organisation_id__in=organisations)
    ).distinct().select_related("agreement", "municipality").order_by("municipality__name", "agreement__title")
    return list(rows)


# --- Periods ---------------------------------------------------------------------------------------


def parse_period(start: str | date | None, end: str | date | None, *, default: tuple[date, date]) -> tuple[date, date]:
    """A period from query parameters; bad input raises ValidationError naming the field."""
    values = {}
    for name, raw, fallback in (("start", start, default[0]), ("end", end, default[1])):
        if raw in (None, ""):
            values[name] = fallback
        elif isinstance(raw, date):
            values[name] = raw
        else:
            try:
                values[name] = date.fromisoformat(str(raw))
            except ValueError:
                raise ValidationError({name: _("Give a date as YYYY-MM-DD.")}) from None
    if values["end"] < values["start"]:
        raise ValidationError({"end": _("The end date must not be before the start date.")})
    if (values["end"] - values["start"]).days > 3660:
        raise ValidationError({"end": _("A report covers at most ten years.")})
    return values["start"], values["end"]


def last_twelve_months() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=364), today


def period_label(start: date, end: date) -> str:
    return _("%(start)s to %(end)s") % {"start": date_format(start, "SHORT_DATE_FORMAT"),
                                        "end": date_format(end, "SHORT_DATE_FORMAT")}


# --- Building blocks -------------------------------------------------------------------------------


def _cells_table(caption: str, first: str, cells, unit_label: str) -> Table:
    return Table(caption, [first, unit_label], [[c.label, c.display] for c in cells])


def _chart(kind: str, title: str, cells, unit: str, target: float | None = None) -> Chart:
    return Chart(kind, title, [c.label for c in cells], [c.value for c in cells], [c.display for c in cells],
                 unit, target)


def unit_label(unit: str) -> str:
    return {"count": _("count"), "percent": _("percent"), "days": _("days"), "points": _("ZRM points"),
            "score": _("score (1-10)"), "hours": _("hours")}.get(unit, unit)


def notes() -> list[str]:
    return [
        _("Counts below 5 are shown as \"<5\"; \"x\" marks a number hidden so that a small number cannot be "
          "derived from the total."),
        _("Aggregates of registered work only: no personal data."),
    ]


# --- Accountability report per assignment ------------------------------------------------------------

STATUS_LABELS = {"met": "met", "on_track": "on track", "not_met": "not met", "no_data": "no data"}


def status_label(status: str) -> str:
    return {"met": _("met"), "on_track": _("on track"), "not_met": _("not met"), "no_data": _("no data")}[status]


def status_of(indicator, actual: float | None, target: Decimal | None, start: date, end: date,
              today: date | None = None) -> str:
    """met / on track / not met / no data. Counts and hours are compared pro rata while the period runs."""
    if actual is None or target is None:
        return "no_data"
    today = today or timezone.localdate()
    goal = float(target)
    running = today < end
    if running and indicator.unit in ("count", "hours"):
        total = max((end - start).days + 1, 1)
        elapsed = min(max((today - start).days + 1, 0), total)
        goal = goal * elapsed / total
    ok = actual >= goal if indicator.higher_is_better else actual <= goal
    if running:
        return "on_track" if ok else "not_met"
    return "met" if ok else "not_met"


@dataclass
class ResultRow:
    pk: int
    code: str
    label: str
    sub_assignment: str
    party: str
    start: date
    end: date
    unit: str
    target: str
    target_value: float | None
    actual: str
    actual_value: float | None
    status: str
    source: str
    reporter: str
    breakdown: str
    breakdown_cells: list
    trend: list

    @property
    def status_label(self) -> str:
        return status_label(self.status)


def _party_name(party) -> str:
    if party is None:
        return ""
    return str(getattr(party, "name", "") or party)


def _manual(ra, start: date, end: date):
    """Sum (counts, hours) or the latest value of the manual values inside the period, and who reported."""
    values = [v for v in ra.manual_values.all() if v.period_start <= end and v.period_end >= start]
    if not values:
        return None, "", []
    indicator = CATALOGUE[ra.indicator]
    if indicator.unit in ("count", "hours"):
        actual = float(sum(v.value for v in values))
    else:
        actual = float(values[-1].value)
    reporters = []
    for v in values:
        who = getattr(v.reported_by, "full_name", "") or (str(v.reported_by) if v.reported_by else "")
        org = v.reported_for.name if v.reported_for_id else ""
        reporters.append(", ".join(p for p in (who, org) if p))
    return actual, "; ".join(dict.fromkeys(r for r in reporters if r)), values


def assignment_report(actor, assignment_id: int, *, start=None, end=None) -> tuple[Report, list[ResultRow]]:
    """The accountability report: every result agreement with target, actual, status, trend and breakdown.

    Queries: a fixed handful for the assignment and its result agreements, then per distinct (period,
    breakdown) of the result agreements one query per indicator plus its breakdown and quarterly trend,
    whatever the number of registered rows."""
    from django.db.models import Prefetch

    assignment = require_assignment(actor, assignment_id)
    _a, ResultAgreement, _p = _agreement_models()  # noqa: N806
    ManualValue = model("agreements.ManualValue")  # noqa: N806
    agreements = list(
        ResultAgreement.objects.filter(assignment=assignment)
        .select_related("sub_assignment", "responsible_party__organisation", "responsible_party__association")
        .prefetch_related(Prefetch("manual_values", queryset=ManualValue.objects.select_related(
            "reported_by", "reported_for").order_by("period_start", "pk")))
        .order_by(F("sub_assignment__position").asc(nulls_first=True), "sub_assignment_id", "period_start", "pk"))
    agreement = assignment.agreement
    starts = [ra.period_start for ra in agreements if ra.period_start]
    ends = [ra.period_end for ra in agreements if ra.period_end]
    default = (min(starts) if starts else (agreement.start_on or last_twelve_months()[0]),
               max(ends) if ends else (agreement.end_on or last_twelve_months()[1]))
    start, end = parse_period(start, end, default=default)
    ids = [assignment.municipality_id]
    # One compute call per distinct clipped period and breakdown.
    groups: dict[tuple, list[str]] = {}
    for ra in agreements:
        indicator = CATALOGUE.get(ra.indicator)
        if indicator is None or indicator.source != "computed":
            continue
        lo, hi = max(ra.period_start or start, start), min(ra.period_end or end, end)
        if hi < lo:
            continue
        wanted = tuple(b for b in ("quarter", ra.breakdown or "") if b)
        groups.setdefault((lo, hi, wanted), []).append(ra.indicator)
    results = {key: compute.compute_values(codes, municipality_ids=ids, start=key[0], end=key[1],
                                           breakdown=list(key[2]))
               for key, codes in groups.items()}
    rows: list[ResultRow] = []
    for ra in agreements:
        indicator = CATALOGUE.get(ra.indicator)
        if indicator is None:
            continue
        lo, hi = max(ra.period_start or start, start), min(ra.period_end or end, end)
        target_value = float(ra.target) if ra.target is not None else None
        breakdown, cells, trend = ra.breakdown or "", [], []
        if indicator.source == "computed":
            wanted = tuple(b for b in ("quarter", ra.breakdown or "") if b)
            value = results.get((lo, hi, wanted), {}).get(ra.indicator)
            actual_value = value.value if value else None
            actual = value.display if value else _("no data")
            if value is not None and not value.available:
                actual = _("no data")
            trend = value.by.get("quarter", []) if value else []
            cells = value.by.get(breakdown, []) if value and breakdown else []
            source, reporter = _("computed from registered work"), ""
        else:
            actual_value, reporter, _values = _manual(ra, lo, hi) if hi >= lo else (None, "", [])
            if (actual_value is not None and indicator.about_people and indicator.unit == "count"
                    and 0 < actual_value < THRESHOLD):
                actual, actual_value = PRIMARY, None
            else:
                actual = format_value(actual_value, indicator.unit) if actual_value is not None else _("no data")
            source = _("reported by hand")
        status = status_of(indicator, actual_value, ra.target, ra.period_start or start, ra.period_end or end)
        rows.append(ResultRow(
            pk=ra.pk, code=ra.indicator, label=str(indicator.label),
            sub_assignment=ra.sub_assignment.title if ra.sub_assignment_id else "",
            party=_party_name(ra.responsible_party), start=lo, end=hi, unit=indicator.unit,
            target=format_value(target_value, indicator.unit) if target_value is not None else "–",
            target_value=target_value, actual=actual, actual_value=actual_value, status=status, source=source,
            reporter=reporter, breakdown=breakdown, breakdown_cells=cells, trend=trend))
    report = Report(
        title=_("Accountability report: %(title)s") % {"title": agreement.title},
        subtitle=_("%(municipality)s, %(period)s") % {"municipality": assignment.municipality.name,
                                                       "period": period_label(start, end)},
        start=start, end=end, notes=notes(), municipality_id=assignment.municipality_id, subject="report",
        subject_id=f"assignment:{assignment.pk}")
    report.summary = Table(
        _("Result agreements against targets"),
        [_("Indicator"), _("Sub-assignment"), _("Responsible party"), _("Period"), _("Target"), _("Actual"),
         _("Status"), _("Source")],
        [[r.label, r.sub_assignment, r.party, period_label(r.start, r.end), r.target, r.actual, r.status_label,
          r.source + (f" ({r.reporter})" if r.reporter else "")] for r in rows])
    for r in rows:
        if r.trend:
            report.sections.append(Section(
                _("%(indicator)s per quarter") % {"indicator": r.label},
                _cells_table(_("%(indicator)s per quarter") % {"indicator": r.label}, _("Quarter"), r.trend,
                             unit_label(r.unit)),
                _chart("line", _("%(indicator)s per quarter") % {"indicator": r.label}, r.trend, r.unit,
                       r.target_value), key=f"ra-{r.pk}-trend"))
        if r.breakdown_cells:
            title = _("%(indicator)s per %(breakdown)s") % {"indicator": r.label,
                                                             "breakdown": breakdown_label(r.breakdown)}
            report.sections.append(Section(
                title, _cells_table(title, breakdown_label(r.breakdown).capitalize(), r.breakdown_cells,
                                    unit_label(r.unit)),
                _chart("bar", title, r.breakdown_cells, r.unit), key=f"ra-{r.pk}-{r.breakdown}"))
    return report, rows


# --- Municipality dashboard --------------------------------------------------------------------------


def _indicator_sections(values: dict, breakdowns: list[str]) -> list[Section]:
    sections = []
    for code, value in values.items():
        indicator = CATALOGUE[code]
        for name in breakdowns:
            cells = value.by.get(name)
            if not cells:
                continue
            title = (_("%(indicator)s per quarter") % {"indicator": indicator.label} if name == "quarter" else
                     _("%(indicator)s per %(breakdown)s") % {"indicator": indicator.label,
                                                             "breakdown": breakdown_label(name)})
            first = _("Quarter") if name == "quarter" else breakdown_label(name).capitalize()
            sections.append(Section(title, _cells_table(title, first, cells, unit_label(indicator.unit)),
                                    _chart("line" if name == "quarter" else "bar", title, cells, indicator.unit),
                                    key=f"{code}-{name}"))
    return sections


DASHBOARD_CHARTS = {
    "help_requests": ["quarter", "channel", "neighbourhood", "life_domain"],
    "resolved_open_access_share": ["quarter"],
    "referrals_accepted_within_5_days": ["organisation"],
    "zrm_change": ["life_domain"],
}


def dashboard(actor, municipality_id: int, *, start=None, end=None) -> tuple[Report, dict]:
    municipality = require_municipality(actor, municipality_id)
    start, end = parse_period(start, end, default=last_twelve_months())
    headline = compute.compute_values(compute.computed_codes(), municipality_ids=[municipality.pk], start=start,
                                      end=end)
    detail_values = {}
    for code, names in DASHBOARD_CHARTS.items():
        detail_values.update(compute.compute_values([code], municipality_ids=[municipality.pk], start=start,
                                                    end=end, breakdown=names))
    report = Report(
        title=_("Dashboard of %(municipality)s") % {"municipality": municipality.name},
        subtitle=period_label(start, end), start=start, end=end, notes=notes(), municipality_id=municipality.pk,
        subject="report", subject_id=f"dashboard:{municipality.pk}")
    report.summary = Table(_("Headline indicators"), [_("Indicator"), _("Value"), _("Unit")],
                           [[v.label, v.display, unit_label(v.unit)] for v in headline.values()])
    for code, names in DASHBOARD_CHARTS.items():
        if code in detail_values:
            report.sections += _indicator_sections({code: detail_values[code]}, names)
    return report, {"municipality": municipality, "headline": headline, "start": start, "end": end,
                    "details": detail_values}


# --- Network view ----------------------------------------------------------------------------------


@dataclass
class Edge:
    a: int
    b: int
    kind: str  # agreement, team, location, referrals
    weight: int
    label: str
    display: str = ""


def network(municipality_ids_: list[int], *, start: date, end: date) -> dict:
    """Organisations linked by agreements, shared teams and locations, and referral flows by volume.

    Six queries whatever the size of the network."""
    from samenkracht.network.models import Location, ServiceArea, Team

    ids = list(municipality_ids_)
    links: dict[tuple, Edge] = {}
    nodes: set[int] = set(ServiceArea.objects.filter(municipality_id__in=ids).values_list("organisation_id",
                                                                                           flat=True))

    def add(a: int, b: int, kind: str, weight: int = 1, label: str = "") -> None:
        if a == b or a is None or b is None:
            return
        key = (min(a, b), max(a, b), kind) if kind != "referrals" else (a, b, kind)
        edge = links.get(key)
        if edge is None:
            links[key] = Edge(key[0], key[1], kind, weight, label)
        else:
            edge.weight += weight
            if label and label not in edge.label:
                edge.label = f"{edge.label}; {label}" if edge.label else label
        nodes.update((a, b))

    Party = model("agreements.Party")  # noqa: N806
    if Party is not None:
        parties: dict[int, tuple[str, list[int]]] = {}
        for agreement_id, title, organisation_id in Party.objects.filter(
                Q(agreement__municipality_id__in=ids) | Q(agreement__municipalities__in=ids),
                organisation__isnull=False).values_list("agreement_id", "agreement__title",
                                                        "organisation_id").distinct():
            parties.setdefault(agreement_id, (title, []))[1].append(organisation_id)
        for title, members in parties.values():
            members = sorted(set(members))
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    add(a, b, "agreement", 1, title)
    for kind, rows in (
        ("team", Team.organisations.through.objects.filter(team__municipality_id__in=ids)
         .values_list("team_id", "team__name", "organisation_id")),
        ("location", Location.organisations.through.objects.filter(location__municipality_id__in=ids)
         .values_list("location_id", "location__name", "organisation_id")),
    ):
        grouped: dict[int, tuple[str, list[int]]] = {}
        for group_id, name, organisation_id in rows:
            grouped.setdefault(group_id, (name, []))[1].append(organisation_id)
        for name, members in grouped.values():
            members = sorted(set(members))
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    add(a, b, kind, 1, name)
    referral = compute.model("referrals.Referral")
    if referral is not None and compute.has_field(referral, "receiving_organisation"):
        lo, hi = compute._range(start, end)
        flows = (referral.objects.filter(municipality_id__in=ids, sent_at__gte=lo, sent_at__lt=hi)
                 .values("sender_organisation_id", "receiving_organisation_id").annotate(n=Count("id"))
                 .order_by())
        for flow in flows:
            add(flow["sender_organisation_id"], flow["receiving_organisation_id"], "referrals", flow["n"])
    names = dict(Organisation.objects.filter(pk__in=nodes).values_list("id", "name"))
    edges = sorted(links.values(), key=lambda e: (e.kind, names.get(e.a, ""), names.get(e.b, "")))
    for edge in edges:
        if edge.kind == "referrals":
            edge.display = PRIMARY if 0 < edge.weight < THRESHOLD else format_value(edge.weight, "count")
            if 0 < edge.weight < THRESHOLD:
                edge.weight = 0
        else:
            edge.display = str(edge.weight)
    ordered = sorted(nodes, key=lambda pk: names.get(pk, ""))
    return {"nodes": [(pk, names.get(pk, "")) for pk in ordered], "edges": edges, "names": names}


def edge_kind_label(kind: str) -> str:
    return {"agreement": _("agreement"), "team": _("shared team"), "location": _("shared location"),
            "referrals": _("referrals")}[kind]


def network_report(title: str, data: dict, *, start: date, end: date, municipality_id: int | None,
                   subject_id: str) -> Report:
    names = data["names"]
    report = Report(title=title, subtitle=period_label(start, end), start=start, end=end, notes=notes(),
                    municipality_id=municipality_id, subject_id=subject_id)
    report.summary = Table(
        _("Links between organisations"),
        [_("Organisation"), _("Organisation"), _("Link"), _("Weight"), _("Through")],
        [[names.get(e.a, ""), names.get(e.b, ""), edge_kind_label(e.kind), e.display, e.label]
         for e in data["edges"]])
    return report


# --- Gouden sociale Gemeente profile -------------------------------------------------------------------

MEETING_DOMAINS = ("sociaal-netwerk", "tijdsbesteding", "maatschappelijke-participatie")


def profile(actor, municipality_id: int, *, start=None, end=None) -> dict:
    """The five criteria, each with figures from the platform. A fixed number of queries."""
    from samenkracht.frontdoor.models import Channel, HelpRequest
    from samenkracht.network.models import Location, Neighbourhood, TeamKind, TeamMember
    from samenkracht.plans.models import Breakthrough
    from samenkracht.reports.models import Nomination
    from samenkracht.socialmap.models import Service

    municipality = require_municipality(actor, municipality_id)
    start, end = parse_period(start, end, default=last_twelve_months())
    lo, hi = compute._range(start, end)
    values = compute.compute_values(["resolved_open_access_share", "breakthroughs_resolved", "help_requests"],
                                    municipality_ids=[municipality.pk], start=start, end=end, breakdown="channel")
    visible = Service.objects.visible_to_residents().filter(life_domains__code__in=MEETING_DOMAINS)
    meeting_places = (Location.objects.filter(municipality=municipality, service_at_locations__service__in=visible)
                      .distinct().count())
    neighbourhoods = Neighbourhood.objects.filter(municipality=municipality).count()
    professionals = (TeamMember.objects.filter(team__municipality=municipality, team__kind__in=[
        TeamKind.NEIGHBOURHOOD_TEAM, TeamKind.AREA_TEAM, TeamKind.SOCIAL_TEAM]).values("user_id").distinct().count())
    sessions = Breakthrough.objects.filter(municipality=municipality, raised_at__gte=lo, raised_at__lt=hi).count()
    signals = HelpRequest.objects.filter(municipality=municipality, registered_at__gte=lo, registered_at__lt=hi,
                                         channel=Channel.SIGNAL).count()
    Agreement = model("agreements.Agreement")  # noqa: N806
    agreements = partners = meetings = 0
    if Agreement is not None:
        scope = Agreement.objects.filter(Q(municipality=municipality) | Q(municipalities=municipality)).distinct()
        counts = scope.aggregate(n=Count("id", distinct=True),
                                 citizen=Count("parties__organisation", distinct=True,
                                               filter=Q(parties__organisation__kind__in=[
                                                   OrganisationKind.CITIZEN_INITIATIVE,
                                                   OrganisationKind.VOLUNTEER_ORGANISATION])))
        agreements, partners = counts["n"], counts["citizen"]
        decision_log = model("agreements.DecisionLog")
        if decision_log is not None:
            meetings = decision_log.objects.filter(agreement__in=scope, meeting_on__gte=start,
                                                   meeting_on__lte=end).count()
    population = municipality.population
    per_10k = round(meeting_places * 10000 / population, 1) if population else None

    def small(n: int) -> str:
        return PRIMARY if 0 < n < THRESHOLD else format_value(n, "count")

    criteria = [
        (_("Learning and collaborating"), [
            (_("Agreements between partners in the municipality"), format_value(agreements, "count")),
            (_("Joint management meetings with a decision log in the period"), format_value(meetings, "count")),
            (_("Breakthrough sessions held in the period"), small(sessions)),
            (_("Breakthroughs resolved in the period"), values["breakthroughs_resolved"].display),
        ]),
        (_("Socially accessible, with participation agreements"), [
            (_("Help requests in the period"), values["help_requests"].display),
            (_("Citizen initiatives and volunteer organisations party to an agreement"),
             format_value(partners, "count")),
        ] + [(_("Help requests through %(channel)s") % {"channel": c.label}, c.display)
             for c in values["help_requests"].rows]),
        (_("Prevention and presence"), [
            (_("Share of requests resolved preventively (information, advice or open-access help)"),
             values["resolved_open_access_share"].display),
            (_("Early signals registered"), small(signals)),
        ]),
        (_("Meeting places"), [
            (_("Meeting places on the sociale kaart"), format_value(meeting_places, "count")),
            (_("Meeting places per 10,000 residents"),
             format_value(per_10k, "score") if per_10k is not None else _("population unknown")),
        ]),
        (_("Visible professionals in neighbourhoods"), [
            (_("Professionals in neighbourhood teams"), format_value(professionals, "count")),
            (_("Neighbourhoods"), format_value(neighbourhoods, "count")),
            (_("Professionals per neighbourhood"),
             format_value(professionals / neighbourhoods, "score") if neighbourhoods else "–"),
        ]),
    ]
    nominations = list(Nomination.objects.filter(municipality=municipality)
                       .select_related("nominating_organisation").prefetch_related("visits"))
    return {"municipality": municipality, "start": start, "end": end, "criteria": criteria,
            "nominations": nominations, "population": population}


def profile_report(data: dict) -> Report:
    report = Report(
        title=_("Gouden sociale Gemeente profile of %(municipality)s") % {"municipality": data["municipality"].name},
        subtitle=period_label(data["start"], data["end"]), start=data["start"], end=data["end"], notes=notes(),
        municipality_id=data["municipality"].pk, subject_id=f"profile:{data['municipality'].pk}")
    for title, figures in data["criteria"]:
        report.sections.append(Section(title, Table(title, [_("Figure"), _("Value")],
                                                    [[label, value] for label, value in figures])))
    return report
