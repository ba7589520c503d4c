"""The subject-access collector of referrals (registered in apps.py with rights.registry): the household's
referrals with their history, and its consents. The resident sees with whom what was shared and why."""

from __future__ import annotations

from django.utils.translation import gettext as _

from samenkracht.referrals.models import Consent, Referral


def collect(person) -> dict:
    from samenkracht.rights.collectors import record, value

    household = person.household
    referrals = Referral.objects.filter(household=household).select_related(
        "receiving_organisation", "receiving_team", "sender_organisation", "legal_basis").prefetch_related(
        "events__by_organisation").order_by("created_at", "id")
    consents = Consent.objects.filter(household=household).prefetch_related("organisations").order_by(
        "recorded_at", "id")
    return {
        "label": _("Referrals"),
        "referrals": [{
            **record(r, ["status", "target_kind", "receiving_organisation", "receiving_team", "sender_organisation",
                         "handover_note", "contact_channel", "contact_times", "purpose", "basis_kind",
                         "outcome", "outcome_reason", "rejection_reason", "sent_at", "completed_at"],
                     {_("number"): r.pk, _("data shared"): ", ".join(r.data_category_labels()),
                      _("legal basis"): r.legal_basis.label if r.legal_basis_id else None,
                      _("consent"): r.consent_id}),
            "history": [{_("at"): value(e.at), _("status"): e.get_to_status_display(),
                         _("organisation"): e.by_organisation.name if e.by_organisation_id else None,
                         _("reason"): e.get_reason_display() or None} for e in r.events.all()],
        } for r in referrals],
        "consents": [record(c, ["given_on", "valid_until", "withdrawn_at", "given_by_note"], {
            _("number"): c.pk, _("organisations"): ", ".join(o.name for o in c.organisations.all()),
            _("data categories"): ", ".join(c.category_labels()), _("purposes"): ", ".join(c.purpose_labels()),
        }) for c in consents],
    }
