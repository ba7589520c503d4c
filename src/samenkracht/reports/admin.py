from django.contrib import admin

from samenkracht.reports.models import Nomination, NominationVisit


class VisitInline(admin.TabularInline):
    model = NominationVisit
    extra = 0


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["municipality", "nominating_organisation", "nominated_on", "outcome"]
    list_filter = ["outcome"]
    inlines = [VisitInline]
