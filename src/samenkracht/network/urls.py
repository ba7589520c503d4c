from django.urls import path

from samenkracht.network import views

app_name = "network"

urlpatterns = [
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/nieuw/", views.organisation_create, name="organisation_create"),
    path("organisaties/overlap/", views.overlap, name="overlap"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisaties/<int:pk>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("organisaties/<int:pk>/werkgebied/", views.organisation_service_area, name="organisation_service_area"),
    path("gemeenten/", views.municipality_list, name="municipality_list"),
    path("gemeenten/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("regios/", views.region_list, name="region_list"),
    path("regios/<int:pk>/", views.region_detail, name="region_detail"),
    path("locaties/", views.location_list, name="location_list"),
    path("locaties/nieuw/", views.location_create, name="location_create"),
    path("locaties/<int:pk>/", views.location_detail, name="location_detail"),
    path("locaties/<int:pk>/bewerken/", views.location_edit, name="location_edit"),
    path("teams/", views.team_list, name="team_list"),
    path("teams/nieuw/", views.team_create, name="team_create"),
    path("teams/<int:pk>/", views.team_detail, name="team_detail"),
    path("teams/<int:pk>/bewerken/", views.team_edit, name="team_edit"),
]
