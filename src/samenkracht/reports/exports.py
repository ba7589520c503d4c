"""Exports of a report as PDF (reportlab), XLSX (openpyxl) and CSV; every export is logged.

The helpers take the `Report` data structure, which holds text only with small numbers already
suppressed: an export never shows more than the page. `log_export` writes an EXPORT entry in the access
log (subject "report") for every download, by web or API.
"""

from __future__ import annotations

import csv
import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from samenkracht.privacy import log
from samenkracht.privacy.models import AccessEvent
from samenkracht.reports.report import Report

FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _safe_cell(value: str) -> str:
    """Spreadsheet formula injection: a text starting with = + - @ is prefixed with a quote."""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@") and not _looks_numeric(text):
        return "'" + text
    return text


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(".", "").replace(",", ".").rstrip("%"))
        return True
    except ValueError:
        return False


def report_csv(report: Report) -> str:
    """One CSV with every table: a row with the table caption, the header, the rows, an empty line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([report.title])
    writer.writerow([report.subtitle])
    writer.writerow([])
    for table in report.tables():
        writer.writerow([_safe_cell(table.caption)])
        writer.writerow([_safe_cell(c) for c in table.columns])
        for row in table.rows:
            writer.writerow([_safe_cell(c) for c in row])
        writer.writerow([])
    for note in report.notes:
        writer.writerow([note])
    return buffer.getvalue()


def report_xlsx(report: Report) -> bytes:
    """A workbook with one sheet per table (the first is the summary) and a sheet of notes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    first = True
    used: set[str] = set()
    for index, table in enumerate(report.tables(), start=1):
        sheet = workbook.active if first else workbook.create_sheet()
        first = False
        name = "".join(ch for ch in table.caption if ch not in "[]:*?/\\")[:28] or f"Tabel {index}"
        while name in used:
            name = f"{name[:25]}{index}"
        used.add(name)
        sheet.title = name
        sheet.append([_safe_cell(report.title)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([_safe_cell(report.subtitle)])
        sheet.append([_safe_cell(table.caption)])
        sheet.append([_safe_cell(c) for c in table.columns])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([_safe_cell(c) for c in row])
        for column in sheet.columns:
            letter = column[0].column_letter
            sheet.column_dimensions[letter].width = min(max(len(str(c.value or "")) for c in column[3:] or column)
                                                        + 2, 60)
    notes = workbook.active if first else workbook.create_sheet(_("Notes")[:28])
    for note in report.notes:
        notes.append([note])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def report_pdf(report: Report) -> bytes:
    """A4 PDF: title, period, every table (repeating header rows across pages) and the notes."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from xml.sax.saxutils import escape

    buffer = io.BytesIO()
    wide = any(len(t.columns) > 5 for t in report.tables())
    page = landscape(A4) if wide else A4
    document = SimpleDocTemplate(buffer, pagesize=page, title=report.title, author="Samenkracht",
                                 leftMargin=15 * mm, rightMargin=15 * mm, topMargin=15 * mm, bottomMargin=15 * mm)
    styles = getSampleStyleSheet()
    cell_style = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    story = [Paragraph(escape(report.title), styles["Title"]), Paragraph(escape(report.subtitle), styles["Normal"]),
             Paragraph(escape(_("Made on %(date)s") % {"date": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")}),
                       styles["Normal"]), Spacer(1, 6 * mm)]
    available = page[0] - 30 * mm
    for table in report.tables():
        story.append(Paragraph(escape(table.caption), styles["Heading3"]))
        data = [[Paragraph(f"<b>{escape(str(c))}</b>", cell_style) for c in table.columns]]
        data += [[Paragraph(escape(str(c)), cell_style) for c in row] for row in table.rows]
        if not table.rows:
            data.append([Paragraph(escape(_("No data in this period.")), cell_style)] + [""] * (len(table.columns) - 1))
        widths = [available / max(len(table.columns), 1)] * len(table.columns)
        flowable = LongTable(data, colWidths=widths, repeatRows=1)
        flowable.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#9aa4ad")),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eef2")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))
        story += [flowable, Spacer(1, 5 * mm)]
    for note in report.notes:
        story.append(Paragraph(escape(note), styles["Italic"]))
    document.build(story)
    return buffer.getvalue()


def render(report: Report, fmt: str) -> bytes:
    if fmt == "pdf":
        return report_pdf(report)
    if fmt == "xlsx":
        return report_xlsx(report)
    if fmt == "csv":
        return ("\ufeff" + report_csv(report)).encode("utf-8")
    raise ValueError(fmt)


def log_export(actor, report: Report, fmt: str) -> None:
    log.record(actor, event=AccessEvent.EXPORT, subject_type="report", subject_id=report.subject_id,
               municipality_id=report.municipality_id, purpose="accountability", detail=f"{fmt}")
