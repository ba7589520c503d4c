from django.contrib import admin

from samenkracht.network.models import (
    Association,
    Location,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Region,
    ServiceArea,
    Team,
    TeamMember,
)
from samenkracht.web.admin_site import FunctionalAdminMixin


@admin.register(Municipality)
class MunicipalityAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "active", "population"]
    list_filter = ["active"]
    search_fields = ["name", "code"]


@admin.register(Region)
class RegionAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]
    filter_horizontal = ["municipalities"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "cbs_code"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality__name", "cbs_code"]
    autocomplete_fields = ["municipality"]


@admin.register(Association)
class AssociationAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]


class ServiceAreaInline(FunctionalAdminMixin, admin.TabularInline):
    model = ServiceArea
    extra = 0
    autocomplete_fields = ["municipality", "neighbourhood"]


class MembershipInline(FunctionalAdminMixin, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality", "informal"]
    list_filter = ["kind", "informal"]
    search_fields = ["name", "kvk_number"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["associations"]
    inlines = [ServiceAreaInline, MembershipInline]


@admin.register(Location)
class LocationAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "city", "postcode", "municipality"]
    search_fields = ["name", "city", "postcode"]
    autocomplete_fields = ["municipality", "neighbourhood"]
    filter_horizontal = ["organisations"]


class TeamMemberInline(FunctionalAdminMixin, admin.TabularInline):
    model = TeamMember
    extra = 0
    autocomplete_fields = ["user", "organisation"]


@admin.register(Team)
class TeamAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind"]
    search_fields = ["name", "municipality__name"]
    autocomplete_fields = ["municipality", "location"]
    filter_horizontal = ["organisations", "neighbourhoods"]
    inlines = [TeamMemberInline]


@admin.register(Membership)
class MembershipAdmin(FunctionalAdminMixin, admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "job_title", "active"]
    list_filter = ["role", "active"]
    search_fields = ["user__full_name", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
