"""The accountability report, dashboard, network view and profile: contents, permissions, exports, the
access log and query counts."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from samenkracht.network.permissions import actor_for_user
from samenkracht.privacy.models import AccessLogEntry
from samenkracht.reports import exports, queries
from tests.conftest import sign_in
from tests.reports.conftest import END, START, add_request, at

pytestmark = pytest.mark.django_db


def test_assignment_report_rows_targets_actuals_and_status(assignment, people):
    report, rows = queries.assignment_report(actor_for_user(people.policy), assignment.assignment.pk)
    by_code = {r.code: r for r in rows}
    assert (by_code["help_requests"].actual, by_code["help_requests"].target, by_code["help_requests"].status) == (
        "11", "10", "met")
    assert by_code["resolved_open_access_share"].status == "met"
    assert by_code["days_to_triage"].status == "met"  # 2.33 days against at most 3
    assert by_code["satisfaction"].status == "not_met"  # 6.33 against 7
    assert by_code["zrm_change"].status == "no_data" and by_code["zrm_change"].actual == "<5"
    manual = by_code["activities_held"]
    assert manual.actual == "24" and manual.status == "met" and "Anna Rapport" in manual.reporter
    assert {c.key: c.display for c in by_code["help_requests"].breakdown_cells} == {
        "phone": "6", "walk_in": "<5", "email": "<5"}
    assert [c.key for c in by_code["help_requests"].trend] == ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]
    assert report.summary.rows[0][0] == by_code["help_requests"].label
    assert report.start == START and report.end == END


def test_status_while_the_period_runs_is_pro_rata():
    from samenkracht.reports.indicators import CATALOGUE

    count = CATALOGUE["help_requests"]
    half_way = date(2025, 7, 2)
    assert queries.status_of(count, 60, 100, START, END, today=half_way) == "on_track"
    assert queries.status_of(count, 40, 100, START, END, today=half_way) == "not_met"
    assert queries.status_of(count, 40, 100, START, END, today=date(2026, 1, 5)) == "not_met"
    assert queries.status_of(count, None, 100, START, END) == "no_data"
    lower = CATALOGUE["days_to_triage"]
    assert queries.status_of(lower, 2.5, 3, START, END, today=date(2026, 1, 5)) == "met"


def test_report_query_count_is_constant(assignment, work, people, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.reports.conftest import add_triage

    actor = actor_for_user(people.policy)
    queries.assignment_report(actor, assignment.assignment.pk)  # warm the actor's memberships
    with CaptureQueriesContext(connection) as first:
        queries.assignment_report(actor, assignment.assignment.pk)
    for i in range(30):
        request = add_request(work, when=at(date(2025, 10, 1 + i % 28)), channel="email", neighbourhood=work.veghel)
        add_triage(work, request, days=3, outcome="plan")
    with django_assert_num_queries(len(first.captured_queries)):
        queries.assignment_report(actor, assignment.assignment.pk)
    assert len(first.captured_queries) < 40


def test_bad_period_is_refused_with_the_field(assignment, people):
    actor = actor_for_user(people.policy)
    with pytest.raises(ValidationError) as error:
        queries.assignment_report(actor, assignment.assignment.pk, start="2025-06-01", end="2025-01-01")
    assert "end" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        queries.assignment_report(actor, assignment.assignment.pk, start="gisteren")
    assert "start" in error.value.message_dict


@pytest.mark.parametrize("persona, allowed", [
    ("policy", True), ("coordinator", True), ("admin", False), ("mee_coordinator", False), ("professional", False),
    ("privacy", False), ("outsider", False),
])
def test_who_sees_the_assignment_report(assignment, people, persona, allowed):
    actor = actor_for_user(people.by_name(persona))
    if allowed:
        queries.assignment_report(actor, assignment.assignment.pk)
    else:
        with pytest.raises(PermissionDenied):
            queries.assignment_report(actor, assignment.assignment.pk)


def test_dashboard_only_for_the_municipality(work, people, network):
    queries.dashboard(actor_for_user(people.policy), work.municipality.pk)
    with pytest.raises(PermissionDenied):
        queries.dashboard(actor_for_user(people.admin), work.municipality.pk)  # admin of Zwolle
    queries.dashboard(actor_for_user(people.admin), network.zwolle.pk)
    with pytest.raises(PermissionDenied):
        queries.dashboard(actor_for_user(people.coordinator), work.municipality.pk)


def test_dashboard_page_shows_headlines_and_charts_with_tables(client, work, people):
    sign_in(client, people.policy)
    response = client.get(reverse("reports:dashboard", args=[work.municipality.pk]),
                          {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="img"' in html and "<desc" in html and "<caption>" in html
    assert "Schijndel" in html
    import re
    import xml.etree.ElementTree as ET

    svgs = re.findall(r"<svg .*?</svg>", html, flags=re.S)
    assert len(svgs) >= 3
    for svg in svgs:
        root = ET.fromstring(svg)  # well-formed
        assert root.get("role") == "img" and "style" not in svg
    assert "Testvraag" not in html and "Anna Rapport" not in html  # no personal data or free text


def test_dashboard_bad_period_shows_message(client, work, people):
    sign_in(client, people.policy)
    response = client.get(reverse("reports:dashboard", args=[work.municipality.pk]),
                          {"start": "2025-12-31", "end": "2025-01-01"})
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_assignment_page_and_forbidden(client, assignment, people):
    url = reverse("reports:assignment_report", args=[assignment.assignment.pk])
    sign_in(client, people.policy)
    response = client.get(url)
    assert response.status_code == 200
    assert 'data-testid="result-agreements"' in response.content.decode()
    client.logout()
    sign_in(client, people.mee_coordinator)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("fmt", ["pdf", "xlsx", "csv"])
def test_exports_parse_and_are_logged(client, assignment, people, fmt):
    sign_in(client, people.policy)
    before = AccessLogEntry.objects.filter(event="export", subject_type="report").count()
    response = client.get(reverse("reports:assignment_export", args=[assignment.assignment.pk, fmt]))
    assert response.status_code == 200
    body = response.content
    if fmt == "pdf":
        assert body.startswith(b"%PDF")
    elif fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(body))
        sheet = workbook.worksheets[0]
        values = [c.value for row in sheet.iter_rows() for c in row]
        assert "Opdracht sociale basis Meierijstad" in " ".join(str(v) for v in values if v)
        assert "<5" in values
    else:
        text = body.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert any(row[:2] == ["Indicator", "Sub-assignment"] or row[:2] == ["Indicator", "Deelopdracht"]
                   for row in rows)
    entries = AccessLogEntry.objects.filter(event="export", subject_type="report")
    assert entries.count() == before + 1
    entry = entries.order_by("-id").first()
    assert entry.subject_id == f"assignment:{assignment.assignment.pk}" and entry.detail == fmt


def test_export_unknown_format_is_404(client, assignment, people):
    sign_in(client, people.policy)
    assert client.get(reverse("reports:assignment_export", args=[assignment.assignment.pk, "doc"])).status_code == 404


def test_export_helpers_directly(assignment, people):
    report, _rows = queries.assignment_report(actor_for_user(people.policy), assignment.assignment.pk)
    assert exports.report_pdf(report).startswith(b"%PDF")
    assert load_workbook(io.BytesIO(exports.report_xlsx(report))).worksheets
    text = exports.report_csv(report)
    assert text.splitlines()[0].startswith("Accountability report") or text.splitlines()[0].startswith(
        "Verantwoordingsrapport")


def test_csv_neutralises_formulas():
    from samenkracht.reports.report import Report, Table

    report = Report("t", "s", START, END)
    report.summary = Table("c", ["a"], [["=HYPERLINK(\"x\")"], ["-5"]])
    text = exports.report_csv(report)
    assert "'=HYPERLINK" in text and "\n-5" in text.replace("\r", "")


def test_network_view(client, assignment, work, people):
    sign_in(client, people.policy)
    response = client.get(reverse("reports:network", args=[work.municipality.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Welzijn De Meierij" in html and "Lumens" in html and "<table" in html
    data = queries.network([work.municipality.pk], start=START, end=END)
    kinds = {e.kind for e in data["edges"]}
    assert {"agreement", "team"} <= kinds


def test_network_query_count_constant(assignment, work, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        queries.network([work.municipality.pk], start=START, end=END)
    for i in range(10):
        add_request(work, when=at(date(2025, 9, 1 + i)), channel="phone", neighbourhood=work.veghel)
    with django_assert_num_queries(len(first.captured_queries)):
        queries.network([work.municipality.pk], start=START, end=END)


def test_profile_and_nomination(client, work, people):
    sign_in(client, people.policy)
    url = reverse("reports:profile", args=[work.municipality.pk])
    response = client.get(url, {"start": "2025-01-01", "end": "2025-12-31"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<section") >= 5
    create = reverse("reports:nomination_create", args=[work.municipality.pk])
    response = client.post(create, {"nominating_organisation": work.welzijn.pk, "nominated_on": "2025-03-01",
                                    "outcome": "awarded", "outcome_on": ""})
    assert response.status_code == 200 and "outcome_on" in response.content.decode()  # date of the outcome
    from samenkracht.reports.models import Nomination

    assert not Nomination.objects.exists()
    response = client.post(create, {"nominating_organisation": work.welzijn.pk, "nominated_on": "2025-03-01",
                                    "outcome": "pending"})
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    visit = reverse("reports:visit_create", args=[nomination.pk])
    assert client.post(visit, {"visited_on": "2025-02-01"}).status_code == 200  # before the nomination
    assert client.post(visit, {"visited_on": "2025-05-01", "note": "Buurthuis"}).status_code == 302
    assert nomination.visits.count() == 1


def test_profile_forbidden_for_coordinator(client, work, people):
    sign_in(client, people.coordinator)
    assert client.get(reverse("reports:profile", args=[work.municipality.pk])).status_code == 403
    assert client.post(reverse("reports:nomination_create", args=[work.municipality.pk]),
                       {"nominating_organisation": work.welzijn.pk, "nominated_on": "2025-03-01",
                        "outcome": "pending"}).status_code == 403
