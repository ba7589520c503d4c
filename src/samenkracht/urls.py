from django.contrib import admin
from django.urls import include, path

from samenkracht.api import api

urlpatterns = [
    path("", include("samenkracht.accounts.urls")),
    path("", include("samenkracht.web.urls")),
    path("netwerk/", include("samenkracht.network.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", api.urls),
]
