from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samenkracht.network.models import Location, Membership, Organisation, ServiceArea, Team
from samenkracht.network.permissions import actor_for_user


@require_GET
def home(request):
    actor = actor_for_user(request.user)
    memberships = Membership.objects.filter(user=request.user, active=True).select_related("organisation")
    counts = {}
    if actor.can_view_network:
        counts = {
            "organisations": Organisation.objects.count(),
            "teams": Team.objects.count(),
            "locations": Location.objects.count(),
            "municipalities_served": ServiceArea.objects.values("municipality").distinct().count(),
        }
    return render(request, "web/home.html", {"memberships": memberships, "counts": counts})


@login_not_required
@require_GET
def health(request):
    """Liveness and database check for load balancers and monitoring."""
    Organisation.objects.exists()
    return JsonResponse({"status": "ok"})
