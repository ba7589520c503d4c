"""Journey of issue 6: a policy officer of Meierijstad opens the municipality's assignment, sees the result
agreements against their targets (computed from a year of synthetic work, the demo builder), and downloads
the accountability report as PDF and XLSX; both downloads are in the access log."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from samenkracht.privacy.models import AccessLogEntry
from tests.e2e.conftest import sign_in_as_demo

pytestmark = pytest.mark.e2e

ASSIGNMENT = "Meer dan de som der delen – werkplan Sociaal Werk Meierijstad"


@pytest.fixture
def demo_assignment(demo_network):
    from samenkracht.agreements.demo import build_demo_agreements
    from samenkracht.reports.demo import build_demo_report_work

    build_demo_agreements()
    build_demo_report_work(only=["Meierijstad"], volume=400)


def test_policy_officer_downloads_the_accountability_report(page, demo_assignment):
    sign_in_as_demo(page, "beleid")
    page.goto("/verantwoording/")
    page.get_by_role("link", name=ASSIGNMENT).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(ASSIGNMENT)
    table = page.get_by_test_id("result-agreements")
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    assert rows.count() >= 10
    help_requests = rows.filter(has=page.get_by_role("rowheader", name="Geregistreerde hulpvragen"))
    expect(help_requests.locator("td").nth(3)).to_have_text("400")  # the target
    expect(help_requests.locator("td").nth(4)).to_have_text(re.compile(r"^\d"))  # computed from synthetic work
    expect(table.locator(".status-met, .status-on_track, .status-not_met").first).to_be_visible()
    expect(page.locator("svg[role=img]").first).to_be_visible()

    with page.expect_download() as pdf:
        page.get_by_role("link", name=re.compile("PDF")).click()
    assert pdf.value.suggested_filename.endswith(".pdf")
    with open(pdf.value.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    with page.expect_download() as xlsx:
        page.get_by_role("link", name=re.compile("XLSX")).click()
    with open(xlsx.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    text = " ".join(str(c.value) for row in workbook.worksheets[0].iter_rows() for c in row if c.value)
    assert ASSIGNMENT in text
    assert AccessLogEntry.objects.filter(event="export", subject_type="report").count() == 2
