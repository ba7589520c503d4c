from django.contrib import admin

from samenkracht.agreements.models import Agreement, Assignment, Commitment, Party, ResultAgreement


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fk_name = "agreement"
    raw_id_fields = ("joined_through",)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "municipality", "signed_on", "end_on")
    list_filter = ("kind", "status", "open_alliance")
    search_fields = ("title",)
    inlines = [PartyInline, CommitmentInline]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ("agreement", "municipality", "reporting_frequency")


@admin.register(ResultAgreement)
class ResultAgreementAdmin(admin.ModelAdmin):
    list_display = ("assignment", "indicator", "target", "unit", "period_start", "period_end")
