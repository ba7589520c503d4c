"""Django admin of the social map, for functional administrators.

Services are read-only here: changes go through the social map pages (or the API), so that every change
is recorded in the history and the search index stays in step. Deleting is possible for clean-up; the
deleted service leaves the search index too (its history goes with it; the history of existing services
is shown on their history page, not here). Life domains and target groups are reference data kept by
a migration (shown, not edited).
"""

from __future__ import annotations

from django.contrib import admin

from samenkracht.socialmap import search
from samenkracht.socialmap.models import (
    LifeDomain,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    TargetGroup,
)
from samenkracht.web.admin_site import FunctionalAdminMixin


class ReadOnlyMixin(FunctionalAdminMixin):
    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReferenceDataAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "code", "position"]

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(LifeDomain, ReferenceDataAdmin)
admin.site.register(TargetGroup, ReferenceDataAdmin)


class CoverageInline(ReadOnlyMixin, admin.TabularInline):
    model = ServiceCoverage
    extra = 0


class ServiceAtLocationInline(ReadOnlyMixin, admin.TabularInline):
    model = ServiceAtLocation
    extra = 0


class ScheduleInline(ReadOnlyMixin, admin.TabularInline):
    model = Schedule
    extra = 0
    fields = ["weekday", "opens_at", "closes_at", "description"]


@admin.register(Service)
class ServiceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "organisation", "publication", "status", "access_type", "assured_date"]
    list_filter = ["publication", "status", "access_type", "cost_kind", "life_domains"]
    search_fields = ["name", "alternate_name", "organisation__name"]
    list_select_related = ["organisation"]
    date_hierarchy = "last_modified"
    inlines = [CoverageInline, ServiceAtLocationInline, ScheduleInline]

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        search.remove_from_index([pk])

    def delete_queryset(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        search.remove_from_index(ids)
