"""Server-rendered, accessible SVG chart of a household's ZRM scores.

One horizontal bar group per life domain (the 13 domains of ZRM 2017), one bar per assessment (intake,
evaluations, closure), on the 1-5 scale. Scores only: the instrument's criteria texts are not copied.

Accessibility and the content security policy:
- the <svg> has role="img" and is labelled by its own <title> and <desc>; the <desc> summarises the change
  per domain in words, and the page shows a data table with the same scores beside the chart;
- every bar has its own <title> (a tooltip naming domain, moment, date and score);
- colours meet 3:1 contrast on white and the legend names each assessment, so colour is not the only cue
  (the bars of one domain are always in the same order as the legend);
- no script, no <style> and no style="" attributes (CSP forbids inline styles): presentation attributes only.
"""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Dark enough for 3:1 contrast against white (WCAG 1.4.11), distinguishable for common colour blindness.
PALETTE = ["#0b5c7a", "#b35900", "#1d6b35", "#7a3d8f", "#a61b4a", "#4a5560"]
INK, MUTED, GRID = "#1b1f24", "#4a5560", "#c9d1d9"
MAX_ASSESSMENTS = len(PALETTE)


def _score_name(score: int) -> str:
    return {1: _("acute"), 2: _("not self-reliant"), 3: _("limited"), 4: _("sufficient"),
            5: _("fully self-reliant")}[score]


def _label(column) -> str:
    assessment = column.assessment
    return f"{date_format(assessment.assessed_on, 'SHORT_DATE_FORMAT')} {assessment.get_moment_display()}"


def describe(domains, columns) -> str:
    """A sentence per scored domain: from the first to the last score shown."""
    if not columns:
        return _("No ZRM assessments recorded yet.")
    parts = []
    for domain in domains:
        scored = [c.scores[domain.code] for c in columns if domain.code in c.scores]
        if not scored:
            continue
        if len(scored) == 1:
            parts.append(_("%(domain)s %(score)s") % {"domain": domain.name, "score": scored[0]})
        else:
            parts.append(_("%(domain)s from %(first)s to %(last)s") % {
                "domain": domain.name, "first": scored[0], "last": scored[-1]})
    first, last = columns[0].assessment.assessed_on, columns[-1].assessment.assessed_on
    intro = _("ZRM scores (1 acute to 5 fully self-reliant) per life domain in %(count)s assessment(s) from "
              "%(first)s to %(last)s.") % {"count": len(columns), "first": date_format(first, "SHORT_DATE_FORMAT"),
                                          "last": date_format(last, "SHORT_DATE_FORMAT")}
    return f"{intro} {'; '.join(parts)}." if parts else intro


def zrm_chart(domains, columns, *, chart_id: str = "zrm-chart") -> SafeString:
    """The bar chart as inline SVG markup. `columns`: plans.queries.ZrmColumn, oldest first."""
    columns = list(columns)[-MAX_ASSESSMENTS:]
    domains = list(domains)
    label_w, plot_w, right = 200, 440, 40
    width = label_w + plot_w + right
    bar_h, bar_gap, group_gap = 11, 2, 12
    legend_h = 22 * max(len(columns), 1) + 8
    axis_y = legend_h + 16
    top = axis_y + 8
    group_h = max(len(columns), 1) * (bar_h + bar_gap) + group_gap
    height = top + group_h * len(domains) + 24
    unit = plot_w / 5

    def x_of(score: float) -> float:
        return label_w + unit * score

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="system-ui, sans-serif" font-size="12" class="zrm-chart" id="{chart_id}">',
        f'<title id="{chart_id}-title">{escape(_("ZRM scores per life domain"))}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(domains, columns))}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
    ]
    # Legend: one line per assessment, in the order of the bars.
    for index, column in enumerate(columns):
        y = 8 + index * 22
        out.append(f'<rect x="{label_w}" y="{y}" width="14" height="14" fill="{PALETTE[index]}"/>')
        out.append(f'<text x="{label_w + 20}" y="{y + 11}" fill="{INK}">{escape(_label(column))}</text>')
    if not columns:
        out.append(f'<text x="{label_w}" y="20" fill="{MUTED}">{escape(_("No ZRM assessments recorded yet."))}</text>')
    # Scale 1-5 with grid lines.
    for score in range(1, 6):
        x = x_of(score)
        out.append(f'<line x1="{x:.1f}" y1="{axis_y + 4}" x2="{x:.1f}" y2="{height - 20}" stroke="{GRID}" '
                   f'stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{axis_y}" text-anchor="middle" fill="{MUTED}">{score}</text>')
        out.append(f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" fill="{MUTED}">{score}</text>')
    out.append(f'<line x1="{label_w}" y1="{axis_y + 4}" x2="{label_w}" y2="{height - 20}" stroke="{MUTED}" '
               f'stroke-width="1"/>')
    # One group per domain.
    for row, domain in enumerate(domains):
        y0 = top + row * group_h
        label_y = y0 + (group_h - group_gap) / 2 + 4
        out.append(f'<text x="{label_w - 8}" y="{label_y:.1f}" text-anchor="end" fill="{INK}">'
                   f'{escape(domain.name)}</text>')
        for index, column in enumerate(columns):
            y = y0 + index * (bar_h + bar_gap)
            score = column.scores.get(domain.code)
            if score is None:
                out.append(f'<text x="{label_w + 4}" y="{y + bar_h - 2}" font-size="10" fill="{MUTED}">–</text>')
                continue
            tip = _("%(domain)s, %(assessment)s: %(score)s (%(name)s)") % {
                "domain": domain.name, "assessment": _label(column), "score": score, "name": _score_name(score)}
            out.append(f'<rect x="{label_w}" y="{y}" width="{unit * score:.1f}" height="{bar_h}" '
                       f'fill="{PALETTE[index]}"><title>{escape(tip)}</title></rect>')
            out.append(f'<text x="{x_of(score) + 4:.1f}" y="{y + bar_h - 2}" font-size="10" fill="{INK}">'
                       f'{score}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
