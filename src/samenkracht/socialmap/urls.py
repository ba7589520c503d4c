"""Web pages of the social map (public search, professional view, maintenance)."""

from django.urls import path  # noqa: F401

app_name = "socialmap"

urlpatterns: list = []
