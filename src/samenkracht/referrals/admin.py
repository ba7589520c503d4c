"""Legal bases are configured per municipality by functional administrators in the Django admin.

Referrals and consents are resident data and deliberately not in the admin: it would bypass the access
policy and the access log (see plans/admin.py)."""

from django.contrib import admin

from samenkracht.referrals.models import LegalBasis
from samenkracht.web.admin_site import FunctionalAdminMixin


@admin.register(LegalBasis)
class LegalBasisAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ("label", "municipality", "active")
    list_filter = ("active",)
    search_fields = ("label",)
    autocomplete_fields = ()
    raw_id_fields = ("municipality",)
