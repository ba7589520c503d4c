"""The public online form for residents, under /hulp-vragen/: no account needed."""

from django.urls import path

from samenkracht.frontdoor import views

app_name = "public_request"

urlpatterns = [
    path("", views.public_form, name="form"),
    path("verstuurd/", views.public_sent, name="sent"),
]
