"""Template tags that put referrals on other apps' pages with one line each.

- ``{% household_referrals household %}`` on the household page (which has passed require_household):
  the household's referral history for its timeline, "Doorverwijzen" links for the open plan actions and a
  link to the consent page.
- ``{% triage_referral_link triage %}`` on a help request's page: "Doorverwijzen" from the triage.
"""

from __future__ import annotations

from django import template

register = template.Library()


@register.inclusion_tag("referrals/_household.html")
def household_referrals(household):
    from samenkracht.plans.models import Action, ActionStatus, PlanStatus
    from samenkracht.referrals.queries import household_referrals as history

    actions = list(Action.objects.filter(plan__household=household, plan__status=PlanStatus.ACTIVE,
                                         status__in=[ActionStatus.PLANNED, ActionStatus.ONGOING]).order_by("id"))
    return {"household": household, "referrals": history(household), "actions": actions}


@register.inclusion_tag("referrals/_triage_link.html")
def triage_referral_link(triage):
    return {"triage": triage, "has_household": bool(triage and triage.help_request.household_id)}
