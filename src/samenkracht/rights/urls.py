"""Web pages of rights. Numbers in URLs are record ids, never personal data."""

from django.urls import path

from samenkracht.rights import views

app_name = "rights"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("huishouden/<int:pk>/", views.household, name="household"),
    path("huishouden/<int:pk>/verzoek/", views.request_create, name="request_create"),
    path("huishouden/<int:pk>/beperking/", views.restriction, name="restriction"),
    path("verzoek/<int:pk>/", views.request_detail, name="request_detail"),
    path("verzoek/<int:pk>/wissen/", views.erase, name="erase"),
    path("persoon/<int:pk>/inzage.json", views.export_json, name="export_json"),
    path("persoon/<int:pk>/inzage.pdf", views.export_pdf, name="export_pdf"),
    path("persoon/<int:pk>/correctie/", views.correct, name="correct"),
]
