"""The readable PDF of a subject access (inzage): reportlab with its built-in Helvetica (no external fonts).

Renders the document ``services.subject_access`` returns: a title, then one chapter per collector section
with its Dutch label; records become small two-column tables (label, value), lists of records follow each
other, and the access history is one table (time, organisation, role, event, purpose).
"""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from django.utils.translation import override
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_STYLES = getSampleStyleSheet()
_GRID = TableStyle([
    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
])


_SMALL = _STYLES["BodyText"].clone("Small", fontSize=8, leading=10)


def _p(text, style="BodyText") -> Paragraph:
    shown = "—" if text in (None, "") else str(text)
    return Paragraph(escape(shown).replace("\n", "<br/>"), _SMALL if style == "Small" else _STYLES[style])


def _when(text) -> str:
    """ISO time as 'YYYY-MM-DD HH:MM' for reading."""
    return str(text)[:16].replace("T", " ") if text else "—"


def _record(data: dict) -> list:
    """A record as a two-column table; nested lists of records follow as sub-chapters."""
    rows, nested = [], []
    for key, value in data.items():
        if isinstance(value, list):
            nested.append((key, value))
        elif isinstance(value, dict):
            rows.append([_p(key), _p(", ".join(f"{k}: {'—' if v in (None, '') else v}" for k, v in value.items()))])
        else:
            rows.append([_p(key), _p(value)])
    flow: list = []
    if rows:
        table = Table(rows, colWidths=[55 * mm, 115 * mm])
        table.setStyle(_GRID)
        flow += [table, Spacer(1, 3 * mm)]
    for key, items in nested:
        flow.append(_p(key, "Heading4"))
        flow += _items(items)
    return flow


def _items(items: list) -> list:
    if not items:
        return [_p(_("Nothing recorded.")), Spacer(1, 2 * mm)]
    flow: list = []
    for item in items:
        flow += _record(item) if isinstance(item, dict) else [_p(item)]
    return flow


def _log_table(items: list) -> list:
    if not items:
        return [_p(_("Nothing recorded."))]
    keys = list(items[0].keys())
    rows = [[_p(k, "Heading6") for k in keys]] + [
        [_p(_when(item.get(k)) if i == 0 else item.get(k), "Small") for i, k in enumerate(keys)] for item in items]
    table = Table(rows, repeatRows=1, colWidths=[27 * mm, 36 * mm, 20 * mm, 23 * mm, 46 * mm, 18 * mm])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.25, colors.grey), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))
    return [table]


def render(document: dict) -> bytes:
    buffer = io.BytesIO()
    with override("nl"):
        pdf = SimpleDocTemplate(buffer, pagesize=A4, title=document["title"], author="Samenkracht",
                                leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm)
        flow: list = [_p(document["title"], "Title"),
                      _p(_("Made on %(date)s. This overview contains everything Samenkracht holds about this person "
                           "and their household, and who accessed the file and when.")
                         % {"date": document["generated_at"][:16].replace("T", " ")})]
        for name, section in document["sections"].items():
            flow.append(_p(section.get("label", name), "Heading2"))
            for key, value in section.items():
                if key == "label":
                    continue
                if key in ("person", "household", "plans"):
                    flow.append(_p({"person": _("Person"), "household": _("Household"), "plans": _("Plans")}[key],
                                   "Heading3"))
                if name == "access_log" and key == "items":
                    flow += _log_table(value)
                elif key == "items":
                    flow += _items(value)
                elif isinstance(value, list):
                    flow += _items(value)
                elif isinstance(value, dict):
                    flow += _record(value)
                elif key == "other_members":
                    flow.append(_p(_("Other members of the household (their details are not part of this "
                                     "overview): %(count)s") % {"count": value}))
        pdf.build(flow)
    return buffer.getvalue()
