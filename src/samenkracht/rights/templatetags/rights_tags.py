"""{% load rights_tags %}{% rights_panel household %}: the 'Rights of the resident' block on a household page
(shown only on pages that checked the relation already): restriction banner, open requests, link."""

from django import template

from samenkracht.rights.models import RequestStatus, RightsRequest

register = template.Library()


@register.inclusion_tag("rights/_panel.html")
def rights_panel(household):
    open_requests = RightsRequest.objects.filter(
        household=household, status__in=[RequestStatus.RECEIVED, RequestStatus.IN_PROGRESS]).count()
    return {"household": household, "open_requests": open_requests}
