"""Admin pages: resources, read-only.

Needs, commitments, deliveries and exchange rates change only through the pages and the API
(services), which check permissions, bump the commitment `version` (the 409 check), refuse a
delivery beyond its commitment and write the audit trail. A past exchange rate is never changed
here: it would silently alter old reports.
"""

from django.contrib import admin

from lap.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from lap.models import Commitment, Delivery, ExchangeRate, PledgeReminder, ResourceNeed


class CommitmentInline(ReadOnlyInline):
    model = Commitment
    fields = readonly_fields = (
        "organization",
        "amount",
        "unit",
        "status",
        "expected_on",
        "version",
    )


@admin.register(ResourceNeed)
class ResourceNeedAdmin(ReadOnlyAdmin):
    list_display = ["action", "kind", "amount", "unit", "estimated_value_pen", "period_start"]
    list_filter = ["kind", "unit", "action__state"]
    search_fields = ["action__title", "description"]
    list_select_related = ["action"]
    inlines = [CommitmentInline]


class DeliveryInline(ReadOnlyInline):
    model = Delivery
    fields = readonly_fields = ("amount", "delivered_on", "note", "document", "recorded_by")


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["organization", "need", "amount", "unit", "status", "expected_on", "version"]
    list_filter = ["status", "unit", "organization__sector", "expected_on"]
    search_fields = ["organization__name", "need__action__title", "note", "cancel_reason"]
    list_select_related = ["organization", "need__action"]
    date_hierarchy = "expected_on"
    inlines = [DeliveryInline]


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "amount", "delivered_on", "recorded_by"]
    list_filter = ["delivered_on", "commitment__organization__sector"]
    search_fields = ["commitment__organization__name", "commitment__need__action__title", "note"]
    list_select_related = ["commitment__organization", "recorded_by"]
    date_hierarchy = "delivered_on"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(ReadOnlyAdmin):
    list_display = ["currency", "date", "rate_to_pen", "entered_by"]
    list_filter = ["currency"]
    search_fields = ["currency"]
    list_select_related = ["entered_by"]
    date_hierarchy = "date"


@admin.register(PledgeReminder)
class PledgeReminderAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["commitment__organization__name"]
    list_select_related = ["commitment__organization"]
