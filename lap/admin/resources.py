"""Admin pages: resources. Read-mostly: domain writes go through the services and pages."""

from django.contrib import admin

from lap.models import Commitment, Delivery, ExchangeRate, PledgeReminder, ResourceNeed


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ["organization", "amount", "unit", "status", "expected_on", "version"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(ResourceNeed)
class ResourceNeedAdmin(admin.ModelAdmin):
    list_display = ["action", "kind", "amount", "unit", "estimated_value_pen", "period_start"]
    list_filter = ["kind", "unit", "action__state"]
    search_fields = ["action__title", "description"]
    list_select_related = ["action"]
    raw_id_fields = ["action", "created_by"]
    inlines = [CommitmentInline]


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    fields = ["amount", "delivered_on", "note", "document", "recorded_by"]
    readonly_fields = fields
    can_delete = False


@admin.register(Commitment)
class CommitmentAdmin(admin.ModelAdmin):
    list_display = ["organization", "need", "amount", "unit", "status", "expected_on", "version"]
    list_filter = ["status", "unit", "organization__sector", "expected_on"]
    search_fields = ["organization__name", "need__action__title", "note", "cancel_reason"]
    list_select_related = ["organization", "need__action"]
    raw_id_fields = ["need", "organization", "committed_by", "confirmed_by", "cancelled_by"]
    readonly_fields = ["version", "created_at", "confirmed_at", "cancelled_at"]
    date_hierarchy = "expected_on"
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["commitment", "amount", "delivered_on", "recorded_by"]
    list_filter = ["delivered_on", "commitment__organization__sector"]
    search_fields = ["commitment__organization__name", "commitment__need__action__title", "note"]
    list_select_related = ["commitment__organization", "recorded_by"]
    raw_id_fields = ["commitment", "recorded_by"]
    date_hierarchy = "delivered_on"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "date", "rate_to_pen", "entered_by"]
    list_filter = ["currency"]
    search_fields = ["currency"]
    date_hierarchy = "date"
    raw_id_fields = ["entered_by"]


@admin.register(PledgeReminder)
class PledgeReminderAdmin(admin.ModelAdmin):
    list_display = ["commitment", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["commitment__organization__name"]
    list_select_related = ["commitment__organization"]
    raw_id_fields = ["commitment"]
