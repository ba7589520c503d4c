"""Server-rendered, accessible SVG charts of reports: bars (a breakdown), a line (the quarterly trend) and
the network graph. Same rules and palette as the ZRM chart of plans (`samenkracht.plans.charts`):

- the <svg> has role="img" and is labelled by its <title> and <desc>; the <desc> lists every value in
  words, and the page always shows the data table with the same values beside the chart;
- every bar and point has its own <title> (a tooltip); colours meet 3:1 contrast on white;
- no script, no <style>, no style="" (strict CSP): presentation attributes only.

Suppressed values ("<5", "x") are drawn as an empty slot with their mark, never as a bar of some height.
"""

from __future__ import annotations

import math

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samenkracht.plans.charts import GRID, INK, MUTED, PALETTE
from samenkracht.reports.report import Chart


def _open(chart_id: str, width: int, height: int, title: str, desc: str, css: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="system-ui, sans-serif" font-size="12" class="{css}" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]


def describe(chart: Chart) -> str:
    if not chart.labels:
        return _("No data in this period.")
    parts = "; ".join(f"{label}: {display}" for label, display in zip(chart.labels, chart.displays))
    if chart.target is not None:
        return _("%(values)s. Target: %(target)s.") % {"values": parts, "target": _number(chart.target)}
    return f"{parts}."


def _number(value: float) -> str:
    return (f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}").replace(".", ",")


def _scale_max(values: list[float | None], target: float | None = None) -> float:
    top = max([v for v in values if v is not None] + ([target] if target is not None else []) + [0])
    if top <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(top))
    for step in (1, 2, 2.5, 5, 10):
        if step * magnitude >= top:
            return step * magnitude
    return top


def bar_chart(chart: Chart, *, chart_id: str) -> SafeString:
    """Horizontal bars, one per group, with the value written at the end of each bar."""
    label_w, plot_w, right, bar_h, gap = 220, 400, 70, 16, 8
    width = label_w + plot_w + right
    top = 24
    height = top + max(len(chart.labels), 1) * (bar_h + gap) + 24
    scale = _scale_max(chart.values, chart.target)
    out = _open(chart_id, width, height, chart.title, describe(chart), "report-chart")
    for i in range(5):
        value = scale * i / 4
        x = label_w + plot_w * i / 4
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 18}" stroke="{GRID}"/>')
        out.append(f'<text x="{x:.1f}" y="{height - 4}" text-anchor="middle" fill="{MUTED}">{_number(value)}</text>')
    if not chart.labels:
        out.append(f'<text x="{label_w}" y="{top + 12}" fill="{MUTED}">{escape(_("No data in this period."))}</text>')
    for row, (label, value, display) in enumerate(zip(chart.labels, chart.values, chart.displays)):
        y = top + row * (bar_h + gap)
        out.append(f'<text x="{label_w - 8}" y="{y + bar_h - 4}" text-anchor="end" fill="{INK}">'
                   f'{escape(label[:34])}</text>')
        tip = escape(f"{label}: {display}")
        if value is None:
            out.append(f'<text x="{label_w + 4}" y="{y + bar_h - 4}" fill="{MUTED}"><title>{tip}</title>'
                       f'{escape(display)}</text>')
            continue
        w = max(plot_w * max(value, 0) / scale, 1)
        out.append(f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{PALETTE[0]}">'
                   f'<title>{tip}</title></rect>')
        out.append(f'<text x="{label_w + w + 4:.1f}" y="{y + bar_h - 4}" fill="{INK}">{escape(display)}</text>')
    if chart.target is not None:
        x = label_w + plot_w * chart.target / scale
        out.append(f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 18}" stroke="{PALETTE[1]}" '
                   f'stroke-width="2" stroke-dasharray="6 3"><title>{escape(_("target"))}</title></line>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def line_chart(chart: Chart, *, chart_id: str) -> SafeString:
    """The quarterly trend: points joined by a line; a suppressed quarter breaks the line."""
    left, plot_w, right, top, plot_h = 60, 560, 30, 24, 200
    width, height = left + plot_w + right, top + plot_h + 60
    scale = _scale_max(chart.values, chart.target)
    n = max(len(chart.labels), 1)
    step = plot_w / max(n - 1, 1)
    out = _open(chart_id, width, height, chart.title, describe(chart), "report-chart")

    def y_of(value: float) -> float:
        return top + plot_h - plot_h * max(value, 0) / scale

    for i in range(5):
        value = scale * i / 4
        y = y_of(value)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{_number(value)}</text>')
    if not chart.labels:
        out.append(f'<text x="{left + 8}" y="{top + 20}" fill="{MUTED}">{escape(_("No data in this period."))}</text>')
    points: list[tuple[float, float]] = []
    segments: list[list[tuple[float, float]]] = [points]
    for i, (label, value, display) in enumerate(zip(chart.labels, chart.values, chart.displays)):
        x = left + (i * step if n > 1 else plot_w / 2)
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="{INK}" font-size="11">'
                   f'{escape(label)}</text>')
        if value is None:
            out.append(f'<text x="{x:.1f}" y="{top + plot_h - 6}" text-anchor="middle" fill="{MUTED}">'
                       f'<title>{escape(f"{label}: {display}")}</title>{escape(display)}</text>')
            points = []
            segments.append(points)
            continue
        points.append((x, y_of(value)))
    for segment in segments:
        if len(segment) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in segment)
            out.append(f'<polyline points="{path}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    index = 0
    for label, value, display in zip(chart.labels, chart.values, chart.displays):
        x = left + (index * step if n > 1 else plot_w / 2)
        index += 1
        if value is None:
            continue
        y = y_of(value)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{PALETTE[0]}">'
                   f'<title>{escape(f"{label}: {display}")}</title></circle>')
        out.append(f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" fill="{INK}" font-size="11">'
                   f'{escape(display)}</text>')
    if chart.target is not None:
        y = y_of(chart.target)
        out.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{PALETTE[1]}" '
                   f'stroke-width="2" stroke-dasharray="6 3"><title>{escape(_("target"))}</title></line>')
        out.append(f'<text x="{left + plot_w}" y="{y - 4:.1f}" text-anchor="end" fill="{PALETTE[1]}">'
                   f'{escape(_("target"))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def render(chart: Chart | None, *, chart_id: str) -> SafeString:
    if chart is None:
        return mark_safe("")
    return line_chart(chart, chart_id=chart_id) if chart.kind == "line" else bar_chart(chart, chart_id=chart_id)


EDGE_STYLE = {"agreement": (PALETTE[0], ""), "team": (PALETTE[2], "4 3"), "location": (PALETTE[3], "1 3"),
              "referrals": (PALETTE[1], "")}


def network_graph(nodes: list[tuple[int, str]], edges, *, title: str, chart_id: str = "network-graph") -> SafeString:
    """Organisations on a circle; lines per link kind (colour and dash pattern, so colour is not the only cue),
    referral lines thicker with volume. The page shows the same links as a table."""
    from samenkracht.reports.queries import edge_kind_label

    size = 720
    cx = cy = size / 2
    radius = size / 2 - 150
    names = dict(nodes)
    position = {}
    for i, (pk, _name) in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        position[pk] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    desc = _("%(organisations)s organisations and %(links)s links; the table below lists every link.") % {
        "organisations": len(nodes), "links": len(edges)}
    out = _open(chart_id, size, size + 40, title, desc, "report-chart network-graph")
    top_referrals = max([e.weight for e in edges if e.kind == "referrals"] + [1])
    for edge in edges:
        if edge.a not in position or edge.b not in position:
            continue
        (x1, y1), (x2, y2) = position[edge.a], position[edge.b]
        colour, dash = EDGE_STYLE[edge.kind]
        width = 1.5 + (5 * edge.weight / top_referrals if edge.kind == "referrals" else 0)
        tip = f"{names[edge.a]} – {names[edge.b]}: {edge_kind_label(edge.kind)} ({edge.display})"
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{colour}" '
                   f'stroke-width="{width:.1f}"{dash_attr}><title>{escape(tip)}</title></line>')
    for pk, name in nodes:
        x, y = position[pk]
        anchor = "start" if x >= cx else "end"
        dx = 10 if x >= cx else -10
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{INK}"><title>{escape(name)}</title></circle>')
        out.append(f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" text-anchor="{anchor}" fill="{INK}" font-size="11">'
                   f'{escape(name[:30])}</text>')
    legend_y = size + 10
    for i, kind in enumerate(("agreement", "team", "location", "referrals")):
        colour, dash = EDGE_STYLE[kind]
        x = 20 + i * 170
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<line x1="{x}" y1="{legend_y + 6}" x2="{x + 30}" y2="{legend_y + 6}" stroke="{colour}" '
                   f'stroke-width="3"{dash_attr}/>')
        out.append(f'<text x="{x + 36}" y="{legend_y + 10}" fill="{INK}">{escape(edge_kind_label(kind))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
