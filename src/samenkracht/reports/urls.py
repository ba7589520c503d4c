"""Web pages of reports. Numbers in URLs are record ids, never personal data."""

from django.urls import path

from samenkracht.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("gemeente/<int:pk>/", views.dashboard, name="dashboard"),
    path("gemeente/<int:pk>/download/<str:fmt>/", views.dashboard_export, name="dashboard_export"),
    path("gemeente/<int:pk>/netwerk/", views.network, name="network"),
    path("gemeente/<int:pk>/gouden-sociale-gemeente/", views.profile, name="profile"),
    path("gemeente/<int:pk>/gouden-sociale-gemeente/download/<str:fmt>/", views.profile_export,
         name="profile_export"),
    path("gemeente/<int:pk>/nominatie/nieuw/", views.nomination_create, name="nomination_create"),
    path("nominatie/<int:pk>/bezoek/nieuw/", views.visit_create, name="visit_create"),
    path("regio/<int:pk>/netwerk/", views.region_network, name="region_network"),
    path("opdracht/<int:pk>/", views.assignment_report, name="assignment_report"),
    path("opdracht/<int:pk>/download/<str:fmt>/", views.assignment_export, name="assignment_export"),
]
