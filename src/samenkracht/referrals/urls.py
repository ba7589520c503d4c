"""Web pages of referrals. Numbers in URLs are record ids, never personal data."""

from django.urls import path  # noqa: F401

app_name = "referrals"

urlpatterns: list = []
