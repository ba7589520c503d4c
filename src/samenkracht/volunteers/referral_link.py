"""The one place where volunteers meet referrals (referrals app, H4's access relation REFERRAL).

- The coordinator of a pool's organisation sees which accepted or running referrals point at the pool
  (record ids, sender organisation, dates: no resident data) and deploys a volunteer.
- Resident data (for matching and the printable match card) is read only through the referral's shared
  view: ``privacy.policy.require_referral`` (logged) and ``referrals.queries.shared_data``, i.e. only the
  categories the referral shares, only while it is open, its basis valid and the reader assigned to it.
  Without that relation the volunteer pages show the pool's own data only.
"""

from __future__ import annotations

from django.db.models import Prefetch
from django.http import Http404

from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent
from samenkracht.volunteers.models import MatchStatus, VolunteerMatch

VOLUNTEER_POOL = "volunteer_pool"
# What a volunteer's match card may show of the shared view. Plan goals and ZRM scores stay with the
# professionals even when the referral shares them: the volunteer never sees the plan.
CARD_CATEGORIES = ("contact", "question", "household")


def _running() -> Prefetch:
    return Prefetch("volunteer_matches", queryset=VolunteerMatch.objects.filter(
        status=MatchStatus.ACTIVE).select_related("volunteer").order_by("id"), to_attr="running_matches")


def referrals_to_pools(organisation_ids, statuses) -> list:
    """Referrals to the pools of these organisations in these statuses, with running matches: two queries."""
    from samenkracht.referrals.models import Referral

    return list(Referral.objects.filter(
        target_kind=VOLUNTEER_POOL, target_pool__organisation_id__in=organisation_ids, status__in=statuses,
    ).select_related("target_pool", "target_pool__organisation", "sender_organisation").prefetch_related(
        _running()).order_by("accepted_at", "id"))


def get_referral(pk: int):
    from samenkracht.referrals.models import Referral

    referral = Referral.objects.select_related("target_pool", "target_pool__organisation", "sender_organisation",
                                               "receiving_organisation", "consent", "legal_basis").filter(
        pk=pk).first()
    if referral is None:
        raise Http404
    return referral


def shared_view(actor, referral, *, purpose: str) -> dict | None:
    """The referral's shared data when the actor has the REFERRAL relation (read logged); else None."""
    if policy.referral_relation(actor, referral) is None:
        return None
    from samenkracht.referrals.queries import shared_data

    policy.require_referral(actor, referral, event=AccessEvent.READ, purpose=purpose)
    return shared_data(referral)


def card_data(shared: dict | None) -> dict:
    """The part of the shared view a volunteer's match card shows."""
    if not shared:
        return {}
    return {key: shared[key] for key in CARD_CATEGORIES if shared.get(key)}


def needs_from_shared(shared: dict | None) -> tuple[set[str], str]:
    """(life-domain codes of the shared plan goals, the resident's postcode if shared) for matching."""
    if not shared:
        return set(), ""
    from samenkracht.socialmap.models import LifeDomain

    names = {goal.get("life_domain") for goal in shared.get("plan_goals") or []}
    domains = set(LifeDomain.objects.filter(name__in=names).values_list("code", flat=True)) if names else set()
    postcode = (shared.get("contact") or {}).get("postcode") or ""
    return domains, postcode


def mark_started(actor, referral) -> None:
    """An accepted referral is in progress once a volunteer is deployed (the sender sees it live)."""
    from samenkracht.referrals import services as referral_services

    if referral.status == "accepted":
        referral_services.start(actor, referral, note="")
