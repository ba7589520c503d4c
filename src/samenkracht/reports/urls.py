"""Web pages of reports. Numbers in URLs are record ids, never personal data."""

from django.urls import path  # noqa: F401

app_name = "reports"

urlpatterns: list = []
