"""Pages of the front door for professionals, under /voordeur/ (Dutch paths; no personal data in them)."""

from django.urls import path

from samenkracht.frontdoor import views

app_name = "frontdoor"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("hulpvragen/nieuw/", views.request_create, name="request_create"),
    path("hulpvragen/<int:pk>/", views.request_detail, name="request_detail"),
    path("hulpvragen/<int:pk>/triage/", views.triage, name="triage"),
    path("hulpvragen/<int:pk>/huishouden/", views.household_create, name="household_create"),
    path("hulpvragen/<int:pk>/huishouden/koppelen/", views.household_link, name="household_link"),
]
