from django.contrib import admin
from django.urls import include, path

from samenkracht.api import api
from samenkracht.socialmap.hsds.api import hsds_api

urlpatterns = [
    path("", include("samenkracht.accounts.urls")),
    path("", include("samenkracht.web.urls")),
    path("netwerk/", include("samenkracht.network.urls")),
    path("plannen/", include("samenkracht.plans.urls")),
    path("privacy/", include("samenkracht.privacy.urls")),
    path("beheer/", admin.site.urls),
    path("sociale-kaart/", include("samenkracht.socialmap.urls")),
    path("voordeur/", include("samenkracht.frontdoor.urls")),
    path("hulp-vragen/", include("samenkracht.frontdoor.public_urls")),
    path("doorverwijzingen/", include("samenkracht.referrals.urls")),
    path("vrijwilligers/", include("samenkracht.volunteers.urls")),
    path("rechten/", include("samenkracht.rights.urls")),
    path("afspraken/", include("samenkracht.agreements.urls")),
    path("verantwoording/", include("samenkracht.reports.urls")),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_api.urls),
]
