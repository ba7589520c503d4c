"""Web pages of volunteers. Numbers in URLs are record ids, never personal data."""

from django.urls import path  # noqa: F401

app_name = "volunteers"

urlpatterns: list = []
