"""Admin pages: actions, their transitions, comments, concerned communities and consent.

The admin reads; changes of state go through the pages and the API (services), so the
lifecycle and the consent rules cannot be bypassed here.
"""

from django.contrib import admin

from lap.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from lap.models.actions import (
    Action,
    ActionComment,
    ActionTransition,
    ConcernedCommunity,
    ConsentProcess,
    ConsentRecord,
)


class TransitionInline(ReadOnlyInline):
    model = ActionTransition
    fields = ("created_at", "verb", "from_state", "to_state", "actor", "reason", "automatic")
    readonly_fields = fields


class ConcernedInline(ReadOnlyInline):
    model = ConcernedCommunity
    fields = ("community", "origin", "removed_at", "removal_reason")
    readonly_fields = fields


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ("title", "state", "objective", "proposing_organization", "created_at")
    list_filter = ("state", "objective", "proposing_organization__sector", "districts")
    search_fields = ("title", "description", "proposing_organization__name")
    list_select_related = ("objective", "proposing_organization")
    date_hierarchy = "created_at"
    inlines = [ConcernedInline, TransitionInline]


@admin.register(ActionComment)
class ActionCommentAdmin(ReadOnlyAdmin):
    list_display = ("action", "author", "organization", "entered_by", "created_at")
    list_filter = ("organization__sector", "created_at")
    search_fields = ("body", "action__title", "author__username", "organization__name")
    list_select_related = ("action", "author", "organization", "entered_by")


class ConsentRecordInline(ReadOnlyInline):
    model = ConsentRecord
    fields = ("created_at", "from_state", "state", "recorded_by", "organization", "document")
    readonly_fields = fields


@admin.register(ConsentProcess)
class ConsentProcessAdmin(ReadOnlyAdmin):
    list_display = ("concerned", "state", "assembly_date", "updated_at")
    list_filter = ("state", "concerned__community__district")
    search_fields = ("concerned__community__name", "concerned__action__title", "conditions")
    list_select_related = ("concerned__community", "concerned__action")
    inlines = [ConsentRecordInline]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ("process", "from_state", "state", "recorded_by", "organization", "created_at")
    list_filter = ("state", "organization")
    search_fields = ("process__concerned__community__name", "process__concerned__action__title")
    list_select_related = (
        "process__concerned__community",
        "process__concerned__action",
        "recorded_by",
        "organization",
    )


@admin.register(ConcernedCommunity)
class ConcernedCommunityAdmin(ReadOnlyAdmin):
    list_display = ("community", "action", "origin", "removed_at")
    list_filter = ("origin", "community__district")
    search_fields = ("community__name", "action__title", "removal_reason")
    list_select_related = ("community", "action")


@admin.register(ActionTransition)
class ActionTransitionAdmin(ReadOnlyAdmin):
    list_display = ("action", "verb", "from_state", "to_state", "actor", "automatic", "created_at")
    list_filter = ("verb", "to_state", "automatic")
    search_fields = ("action__title", "reason", "actor__username")
    list_select_related = ("action", "actor")
