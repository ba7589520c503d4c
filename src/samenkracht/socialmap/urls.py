"""Web pages of the social map (public search, professional view, maintenance), under /sociale-kaart/."""

from django.urls import path

from samenkracht.socialmap import views

app_name = "socialmap"

urlpatterns = [
    path("", views.public_search, name="search"),
    path("zoeken/", views.professional_search, name="professional_search"),
    path("beoordelen/", views.review_queue, name="review_queue"),
    path("organisatie/<int:pk>/", views.dashboard, name="dashboard"),
    path("organisatie/<int:pk>/nieuw/", views.service_create, name="service_create"),
    path("aanbod/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("aanbod/<uuid:pk>/bewerken/", views.service_edit, name="service_edit"),
    path("aanbod/<uuid:pk>/status/", views.service_status, name="service_status"),
    path("aanbod/<uuid:pk>/bevestigen/", views.service_confirm, name="service_confirm"),
    path("aanbod/<uuid:pk>/indienen/", views.service_submit, name="service_submit"),
    path("aanbod/<uuid:pk>/goedkeuren/", views.service_approve, name="service_approve"),
    path("aanbod/<uuid:pk>/terugsturen/", views.service_reject, name="service_reject"),
    path("aanbod/<uuid:pk>/geschiedenis/", views.service_history, name="service_history"),
]
