"""Writes of reports: the nomination record of the Gouden sociale Gemeente predicate (no resident data).

Only policy officers and functional administrators of the municipality record nominations and visits.
"""

from __future__ import annotations

from django.db import transaction

from samenkracht.reports import queries
from samenkracht.reports.models import Nomination, NominationVisit


def record_nomination(actor, municipality_id: int, *, nominating_organisation, nominated_on, outcome="pending",
                      outcome_on=None, note: str = "") -> Nomination:
    municipality = queries.require_municipality(actor, municipality_id)
    nomination = Nomination(municipality=municipality, nominating_organisation=nominating_organisation,
                            nominated_on=nominated_on, outcome=outcome or "pending", outcome_on=outcome_on,
                            note=(note or "").strip(), recorded_by=getattr(actor, "user", None))
    nomination.full_clean()
    with transaction.atomic():
        nomination.save()
    return nomination


def update_outcome(actor, nomination: Nomination, *, outcome: str, outcome_on=None) -> Nomination:
    queries.require_municipality(actor, nomination.municipality_id)
    nomination.outcome, nomination.outcome_on = outcome, outcome_on
    nomination.full_clean()
    with transaction.atomic():
        nomination.save(update_fields=["outcome", "outcome_on"])
    return nomination


def add_visit(actor, nomination: Nomination, *, visited_on, note: str = "") -> NominationVisit:
    queries.require_municipality(actor, nomination.municipality_id)
    visit = NominationVisit(nomination=nomination, visited_on=visited_on, note=(note or "").strip())
    visit.full_clean()
    with transaction.atomic():
        visit.save()
    return visit
