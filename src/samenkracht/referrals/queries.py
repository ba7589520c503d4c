"""Reads of referrals: lists with a fixed number of queries, details through the access policy, figures.

- The inbox (per receiving organisation and team) and the sent list (per professional) show no personal
  data of the resident (record ids, organisations, status, dates) and are logged once as a SEARCH.
- A detail is read by the sending side through ``policy.require_household`` (they hold the file), or by
  the receiving side through ``policy.require_referral`` (relation REFERRAL): then only the data
  categories the referral shares are read, never the rest of the household or its plan.
- ``organisation_referral_figures`` gives plain numbers per receiving organisation and period.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from samenkracht.network.models import Membership, Organisation, Team, TeamMember
from samenkracht.privacy import policy
from samenkracht.privacy.models import AccessEvent
from samenkracht.referrals import services
from samenkracht.referrals.models import (
    FINAL_STATUSES,
    OPEN_STATUSES,
    TRANSITIONS,
    Consent,
    DataCategory,
    LegalBasis,
    Outcome,
    Referral,
    ReferralEvent,
    Side,
    Status,
)

LIST_RELATED = ("receiving_organisation", "receiving_team", "sender_organisation", "sender", "target_service",
                "target_pool", "consent", "legal_basis")


def require_professional(actor):
    user = policy.acting_professional(actor)
    if user is None:
        raise PermissionDenied(_("Only professionals see referrals."))
    return user


def _list_related(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(*LIST_RELATED).prefetch_related("consent__organisations")


def receiving_organisations(actor) -> list[Organisation]:
    user = require_professional(actor)
    if getattr(actor, "token", None) is not None:
        return list(Organisation.objects.filter(pk=actor.organisation_id))
    ids = Membership.objects.filter(user=user, active=True, role__in=policy.CARE_ROLES).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=ids).order_by("name"))


def receiving_teams(actor) -> list[Team]:
    user = require_professional(actor)
    return list(Team.objects.filter(pk__in=TeamMember.objects.filter(user=user).values("team_id")).order_by("name"))


def inbox(actor, *, organisation_id: int | None = None, team_id: int | None = None, state: str = "open") -> list:
    """Received referrals of the actor's organisations (or one of them, or one team): open or closed."""
    organisations = receiving_organisations(actor)
    ids = {o.pk for o in organisations}
    if organisation_id is not None:
        ids &= {organisation_id}
    queryset = Referral.objects.filter(receiving_organisation_id__in=ids).exclude(status=Status.DRAFT)
    if team_id is not None:
        queryset = queryset.filter(receiving_team_id=team_id)
    if state == "open":
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    elif state == "closed":
        queryset = queryset.filter(status__in=FINAL_STATUSES)
    rows = list(_list_related(queryset).order_by("-sent_at", "-id")[:500])
    _log_list(actor, rows, purpose="referral inbox")
    return rows


def sent(actor) -> list:
    """The professional's own referrals, newest first; final ones whose outcome is unseen come first."""
    user = require_professional(actor)
    queryset = Referral.objects.filter(sender=user)
    if getattr(actor, "token", None) is not None:
        queryset = queryset.filter(sender_organisation_id=actor.organisation_id)
    rows = list(_list_related(queryset).order_by("-created_at", "-id")[:500])
    _log_list(actor, rows, purpose="sent referrals")
    return rows


def unseen_outcomes(rows: list) -> list:
    return [r for r in rows if r.is_final and r.sender_seen_outcome_at is None]


def _log_list(actor, rows: list, *, purpose: str) -> None:
    municipalities = {row.municipality_id for row in rows}
    policy.log_search(actor, subject_type="referral",
                      municipality_id=municipalities.pop() if len(municipalities) == 1 else None,
                      purpose=purpose, count=len(rows))


# --- One referral ---------------------------------------------------------------------------------


@dataclass
class ReferralPage:
    referral: Referral
    side: str
    actions: list  # [(to_status, label)]
    events: list
    shared: dict = field(default_factory=dict)
    basis_valid: bool = True
    previous: Referral | None = None
    next_referrals: list = field(default_factory=list)
    can_refer_elsewhere: bool = False
    can_acknowledge: bool = False


def _get(pk: int) -> Referral:
    related = ["household", "household__municipality", "triage", "triage__help_request", "action", "action__plan"]
    referral = _list_related(Referral.objects.filter(pk=pk)).select_related(*related).first()
    if referral is None:
        raise Http404
    return referral


def allowed_actions(actor, referral: Referral, side: str) -> list[str]:
    """The next statuses this side may choose now (the table, restricted to the side)."""
    if side == Side.SENDER:
        return [to for to, who in TRANSITIONS.get(referral.status, {}).items() if who == Side.SENDER]
    if side == Side.RECEIVER:
        return [to for to, who in TRANSITIONS.get(referral.status, {}).items() if who == Side.RECEIVER]
    return []


def referral_for(actor, pk: int, *, purpose: str, event: str = AccessEvent.READ) -> tuple[Referral, str]:
    """The referral and the actor's side, after the policy (logged): the sender side through the household
    relation, the receiving side through the REFERRAL relation. Refusals are logged and raise 403."""
    require_professional(actor)
    referral = _get(pk)
    if services.is_sender_side(actor, referral):
        if referral.sender_id == policy.acting_professional(actor).pk and not policy.relation_to_household(
                actor, referral.household):
            # The sender keeps seeing their own referral (status and outcome) after their relation ended.
            services._record(actor, event=event, subject_type="referral", subject_id=referral.pk,
                             municipality_id=referral.municipality_id, purpose=f"{purpose} (sender)")
        else:
            policy.require_household(actor, referral.household, event=event, purpose=purpose)
        return referral, Side.SENDER
    policy.require_referral(actor, referral, event=event, purpose=purpose)
    return referral, Side.RECEIVER


def referral_page(actor, pk: int) -> ReferralPage:
    referral, side = referral_for(actor, pk, purpose="referral detail")
    events = list(referral.events.select_related("by", "by_organisation"))
    page = ReferralPage(referral=referral, side=side, actions=allowed_actions(actor, referral, side), events=events,
                        basis_valid=referral.basis_is_valid() if referral.status != Status.DRAFT or referral.basis_kind
                        else False)
    page.shared = shared_data(referral)
    page.previous = referral.previous
    page.next_referrals = list(referral.next_referrals.select_related("receiving_organisation"))
    if side == Side.SENDER:
        page.can_refer_elsewhere = referral.status in services.REFER_ELSEWHERE_FROM
        page.can_acknowledge = referral.is_final and referral.sender_seen_outcome_at is None
    return page


def _applicant(members):
    for member in members:
        if member.role == "applicant":
            return member
    return members[0] if members else None


def shared_data(referral: Referral) -> dict:
    """Only the categories the referral shares, read from the household, its request and its plan."""
    from samenkracht.plans.models import Assessment, Goal, Plan

    categories = set(referral.data_categories)
    shared: dict = {}
    household = referral.household
    members = list(household.members.order_by("id")) if categories & {DataCategory.CONTACT,
                                                                         DataCategory.HOUSEHOLD} else []
    if DataCategory.CONTACT in categories:
        applicant = _applicant(members)
        shared["contact"] = {
            "name": f"{applicant.given_name} {applicant.family_name}" if applicant else "",
            "phone": applicant.phone if applicant else "", "email": applicant.email if applicant else "",
            "address": household.address, "postcode": household.postcode,
        }
    if DataCategory.QUESTION in categories:
        if referral.triage_id:
            shared["question"] = referral.triage.help_request.question
        else:
            shared["question"] = referral.action.what
    if DataCategory.HOUSEHOLD in categories:
        shared["household"] = [{"given_name": m.given_name, "family_name": m.family_name,
                                "role": m.get_role_display(), "role_code": m.role,
                                "date_of_birth": m.date_of_birth} for m in members]
    plan = None
    if categories & {DataCategory.PLAN_GOALS, DataCategory.ZRM}:
        plan = (Plan.objects.filter(household=household, status="active").first()
                or Plan.objects.filter(household=household).order_by("-created_at").first())
    if DataCategory.PLAN_GOALS in categories:
        goals = list(Goal.objects.filter(plan=plan).select_related("life_domain")) if plan else []
        shared["plan_goals"] = [{"life_domain": g.life_domain.name, "description": g.description,
                                 "current_score": g.current_score, "target_score": g.target_score,
                                 "status": g.status} for g in goals]
    if DataCategory.ZRM in categories:
        assessment = (Assessment.objects.filter(plan=plan).order_by("-assessed_on", "-id")
                      .prefetch_related("scores__life_domain").first() if plan else None)
        shared["zrm"] = ({"assessed_on": assessment.assessed_on,
                          "scores": [{"life_domain": s.life_domain.name, "score": s.score}
                                     for s in sorted(assessment.scores.all(), key=lambda s: s.life_domain.position)]}
                         if assessment else None)
    return shared


# --- The household's referral history (its timeline) ----------------------------------------------


def household_referrals(household) -> list[Referral]:
    """For a page that has already passed ``require_household`` (the household page)."""
    return list(_list_related(Referral.objects.filter(household=household)).prefetch_related(
        Prefetch("events", queryset=ReferralEvent.objects.select_related("by_organisation"))).order_by(
        "-created_at", "-id"))


def consents_of(household) -> list[Consent]:
    return list(Consent.objects.filter(household=household).select_related("person", "recorded_by",
                                                                               "recorded_organisation")
                .prefetch_related("organisations"))


def valid_consents(household) -> list[Consent]:
    return [c for c in consents_of(household) if c.is_valid()]


def legal_bases(municipality_id: int) -> list[LegalBasis]:
    return list(LegalBasis.objects.filter(municipality_id=municipality_id, active=True).order_by("label"))


# --- Figures --------------------------------------------------------------------------------------


def _hours(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600


def organisation_referral_figures(organisation, period_start, period_end) -> dict:
    """Plain numbers for referrals *sent* to the organisation in [period_start, period_end).

    received, accepted, rejected, expired, cancelled, open, acceptance_rate (accepted / answered or expired,
    0..1 or None), hours_to_accept_median / _avg (None without acceptances), completed, helped, not_helped,
    completion_reasons {reason: count}, rejection_reasons {reason: count}, loops_closed.
    """
    if isinstance(period_start, datetime) is False:
        period_start = timezone.make_aware(datetime.combine(period_start, datetime.min.time()))
    if isinstance(period_end, datetime) is False:
        period_end = timezone.make_aware(datetime.combine(period_end, datetime.min.time()))
    organisation_id = getattr(organisation, "pk", organisation)
    rows = list(Referral.objects.filter(
        receiving_organisation_id=organisation_id, sent_at__gte=period_start, sent_at__lt=period_end,
    ).exclude(status=Status.ENTERED_IN_ERROR).values(
        "status", "sent_at", "accepted_at", "rejected_at", "completed_at", "outcome", "outcome_reason",
        "rejection_reason", "sender_seen_outcome_at"))
    accepted = [r for r in rows if r["accepted_at"]]
    rejected = [r for r in rows if r["status"] == Status.REJECTED]
    expired = [r for r in rows if r["status"] == Status.EXPIRED]
    completed = [r for r in rows if r["status"] == Status.COMPLETED]
    decided = len(accepted) + len(rejected) + len(expired)
    hours = [_hours(r["sent_at"], r["accepted_at"]) for r in accepted]
    reasons: dict[str, int] = {}
    for r in completed:
        if r["outcome_reason"]:
            reasons[r["outcome_reason"]] = reasons.get(r["outcome_reason"], 0) + 1
    rejection_reasons: dict[str, int] = {}
    for r in rejected:
        rejection_reasons[r["rejection_reason"]] = rejection_reasons.get(r["rejection_reason"], 0) + 1
    return {
        "received": len(rows),
        "accepted": len(accepted),
        "rejected": len(rejected),
        "expired": len(expired),
        "cancelled": sum(1 for r in rows if r["status"] == Status.CANCELLED),
        "open": sum(1 for r in rows if r["status"] in OPEN_STATUSES),
        "acceptance_rate": round(len(accepted) / decided, 4) if decided else None,
        "hours_to_accept_median": round(statistics.median(hours), 2) if hours else None,
        "hours_to_accept_avg": round(sum(hours) / len(hours), 2) if hours else None,
        "completed": len(completed),
        "helped": sum(1 for r in completed if r["outcome"] == Outcome.HELPED),
        "not_helped": sum(1 for r in completed if r["outcome"] == Outcome.NOT_HELPED),
        "completion_reasons": reasons,
        "rejection_reasons": rejection_reasons,
        "loops_closed": sum(1 for r in rows if r["status"] in FINAL_STATUSES and r["sender_seen_outcome_at"]),
    }

