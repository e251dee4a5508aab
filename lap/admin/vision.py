"""Admin pages: vision versions, comments, endorsements, adoptions, objectives and indicators.

The admin is for looking things up: every change goes through the plan's pages or API, where
services check permissions and write the audit trail, so these pages are read-only.
"""

from django.contrib import admin

from lap.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from lap.models import (
    Endorsement,
    Indicator,
    IndicatorMeasurement,
    Objective,
    VisionAdoption,
    VisionComment,
    VisionVersion,
)


@admin.register(VisionVersion)
class VisionVersionAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "state", "is_current", "published_at", "is_demo"]
    list_filter = ["state", "is_current", "is_demo"]
    search_fields = ["title", "body"]
    date_hierarchy = "created_at"


@admin.register(VisionComment)
class VisionCommentAdmin(ReadOnlyAdmin):
    list_display = ["version", "section", "author", "organization", "created_at"]
    list_filter = ["version", "organization__sector"]
    search_fields = ["text", "author__username", "organization__name"]
    list_select_related = ["version", "author", "organization"]


@admin.register(Endorsement)
class EndorsementAdmin(ReadOnlyAdmin):
    list_display = ["version", "organization", "endorsed_by", "created_at", "withdrawn_at"]
    list_filter = ["version", "organization__sector", ("withdrawn_at", admin.EmptyFieldListFilter)]
    search_fields = ["organization__name", "endorsed_by__username", "note"]
    list_select_related = ["version", "organization", "endorsed_by"]


@admin.register(VisionAdoption)
class VisionAdoptionAdmin(ReadOnlyAdmin):
    list_display = ["version", "adopted_at"]
    search_fields = ["version__title"]
    list_select_related = ["version"]


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ["name", "unit", "direction", "series", "target_value", "target_year"]


@admin.register(Objective)
class ObjectiveAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "order", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["code", "title", "description"]
    inlines = [IndicatorInline]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["name", "objective", "unit", "direction", "series", "is_demo"]
    list_filter = ["direction", "series", "objective", "is_demo"]
    search_fields = ["name", "description", "objective__code", "objective__title"]
    list_select_related = ["objective"]


@admin.register(IndicatorMeasurement)
class IndicatorMeasurementAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "measured_on", "value", "source", "recorded_by"]
    list_filter = ["indicator__objective", "measured_on"]
    search_fields = ["indicator__name", "source", "note"]
    list_select_related = ["indicator", "indicator__objective", "recorded_by"]
    date_hierarchy = "measured_on"
