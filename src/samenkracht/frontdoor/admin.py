"""Django admin of the front door, for functional administrators.

Help requests, triages and households hold resident data, which functional administrators never see
(privacy.policy): they are not in the admin. Only the rate-limit counter of the public form is, so that a
blocked address (a shared connection of a library or a community centre, say) can be released; it holds
a keyed hash of the address and a time, nothing else.
"""

from __future__ import annotations

from django.contrib import admin

from samenkracht.frontdoor.models import PublicSubmission
from samenkracht.web.admin_site import FunctionalAdminMixin


@admin.register(PublicSubmission)
class PublicSubmissionAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["at", "sender_hash"]
    readonly_fields = ["at", "sender_hash"]
    date_hierarchy = "at"
    ordering = ["-at"]

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False
