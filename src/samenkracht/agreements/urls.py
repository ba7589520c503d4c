"""Web pages of agreements. Numbers in URLs are record ids, never personal data."""

from django.urls import path  # noqa: F401

app_name = "agreements"

urlpatterns: list = []
