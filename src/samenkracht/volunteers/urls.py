"""Web pages of volunteers. Numbers in URLs are record ids, never personal data."""

from django.urls import path

from samenkracht.volunteers import views

app_name = "volunteers"

urlpatterns = [
    path("", views.pool_list, name="pool_list"),
    path("pool/nieuw/", views.pool_create, name="pool_create"),
    path("pool/<int:pk>/", views.pool_detail, name="pool_detail"),
    path("pool/<int:pk>/bewerken/", views.pool_edit, name="pool_edit"),
    path("pool/<int:pk>/aanmelden/", views.volunteer_create, name="volunteer_create"),
    path("vrijwilliger/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("vrijwilliger/<int:pk>/bewerken/", views.volunteer_edit, name="volunteer_edit"),
    path("vrijwilliger/<int:pk>/status/", views.volunteer_status, name="volunteer_status"),
    path("inzetten/", views.assign_list, name="assign_list"),
    path("verwijzing/<int:referral_id>/koppelen/", views.match_referral, name="match_referral"),
    path("koppeling/<int:pk>/", views.match_detail, name="match_detail"),
    path("koppeling/<int:pk>/uren/", views.match_hours, name="match_hours"),
    path("koppeling/<int:pk>/beeindigen/", views.match_end, name="match_end"),
    path("koppeling/<int:pk>/kaart/", views.match_card, name="match_card"),
]
