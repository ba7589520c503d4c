"""Django admin for functional administrators: pools only in full. Volunteers' names and contact details
are personal data for the pool organisation's own coordinators and professionals, so the admin shows
volunteers, matches and hours by record id and status only, read-only."""

from django.contrib import admin

from samenkracht.volunteers.models import HoursEntry, Volunteer, VolunteerMatch, VolunteerPool


@admin.register(VolunteerPool)
class VolunteerPoolAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "municipality", "active")
    list_filter = ("kind", "active", "municipality")
    search_fields = ("name", "organisation__name")
    raw_id_fields = ("organisation", "municipality")


class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Volunteer)
class VolunteerAdmin(_ReadOnly):
    list_display = ("id", "pool", "status", "capacity", "registered_on", "left_on")
    list_filter = ("status",)
    fields = ("pool", "municipality", "status", "capacity", "registered_on", "active_since", "leaving_on", "left_on")


@admin.register(VolunteerMatch)
class VolunteerMatchAdmin(_ReadOnly):
    list_display = ("id", "volunteer_id", "referral_id", "status", "started_on", "ended_on")
    list_filter = ("status",)
    fields = ("volunteer", "referral", "municipality", "status", "started_on", "ended_on")


@admin.register(HoursEntry)
class HoursEntryAdmin(_ReadOnly):
    list_display = ("id", "match_id", "date", "hours")
    fields = ("match", "municipality", "date", "hours")
