from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from samenkracht.accounts.models import ApiToken, User
from samenkracht.web.admin_site import FunctionalAdminMixin


@admin.register(User)
class UserAdmin(FunctionalAdminMixin, DjangoUserAdmin):
    list_display = ["full_name", "email", "is_active", "last_login"]
    search_fields = ["full_name", "email"]
    ordering = ["full_name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Persoon", {"fields": ["full_name", "email"]}),
        ("Status", {"fields": ["is_active", "last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"fields": ["username", "email", "full_name", "password1", "password2"]})]
    readonly_fields = ["last_login", "date_joined"]


@admin.register(ApiToken)
class ApiTokenAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    """Tokens are issued with `samenkracht token create` (the raw value is shown once) and revoked here."""

    list_display = ["name", "organisation", "prefix", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    readonly_fields = ["organisation", "name", "prefix", "scopes", "created_by", "created_at", "last_used_at"]
    fields = ["organisation", "name", "prefix", "scopes", "created_by", "created_at", "expires_at",
              "last_used_at", "revoked_at"]

    def has_add_permission(self, request, *args):
        return False
