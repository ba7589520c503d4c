"""The indicator catalogue: what a result agreement can measure.

Each indicator has a stable `code` (stored on result agreements), a Dutch label, a unit and a source:
`computed` indicators are calculated from the work registered in the platform (see `reports.compute`);
`manual` indicators cover work that is not in the platform and are reported by hand, with the reporter
recorded. Codes never change meaning; add a new code instead.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str  # "count", "percent", "days", "points", "score", "hours"
    source: str  # "computed" or "manual"
    higher_is_better: bool = True
    # Counts of people (residents, volunteers) are suppressed below 5; counts of activities or trainings
    # reported by hand are not about people and are shown as reported.
    about_people: bool = True


_INDICATORS = [
    Indicator("help_requests", _("Help requests registered"), "count", "computed"),
    Indicator("resolved_open_access_share", _("Share of requests resolved with open-access help"), "percent",
              "computed"),
    Indicator("days_to_triage", _("Average days from registration to triage"), "days", "computed",
              higher_is_better=False),
    Indicator("referrals_accepted_within_5_days", _("Share of referrals accepted within 5 working days"),
              "percent", "computed"),
    Indicator("closed_loop_rate", _("Share of referrals with a closed loop"), "percent", "computed"),
    Indicator("zrm_change", _("Average ZRM change between intake and closure"), "points", "computed"),
    Indicator("satisfaction", _("Average resident satisfaction"), "score", "computed"),
    Indicator("active_volunteers", _("Active volunteers"), "count", "computed"),
    Indicator("volunteer_hours", _("Volunteer hours"), "hours", "computed"),
    Indicator("breakthroughs_resolved", _("Breakthroughs resolved"), "count", "computed"),
    Indicator("activities_held", _("Activities held (reported)"), "count", "manual", about_people=False),
    Indicator("participants_reached", _("Participants reached (reported)"), "count", "manual"),
    Indicator("trainings_given", _("Joint trainings given (reported)"), "count", "manual", about_people=False),
]

CATALOGUE: dict[str, Indicator] = {indicator.code: indicator for indicator in _INDICATORS}


def get_indicator(code: str) -> Indicator | None:
    return CATALOGUE.get(code)
