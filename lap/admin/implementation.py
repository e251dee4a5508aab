"""Admin pages: implementation, read-only (milestones and updates change only through the pages
and the API, which check who may write, publish or hide, and audit it)."""

from django.contrib import admin

from lap.admin.readonly import ReadOnlyAdmin, ReadOnlyInline
from lap.models import (
    Milestone,
    ProgressAttachment,
    ProgressReminder,
    ProgressUpdate,
    ProgressUpload,
)


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["title", "action", "due_on", "done_on", "done_by"]
    list_filter = ["action__state", "due_on", "done_on"]
    search_fields = ["title", "action__title"]
    list_select_related = ["action", "done_by"]
    date_hierarchy = "due_on"


class ProgressAttachmentInline(ReadOnlyInline):
    model = ProgressAttachment
    fields = readonly_fields = ("file", "created_at")


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyAdmin):
    list_display = ["action", "reported_on", "percent", "status", "organization", "author"]
    list_filter = ["status", "reported_on", "organization__sector"]
    search_fields = ["action__title", "narrative", "organization__name"]
    list_select_related = ["action", "organization", "author"]
    date_hierarchy = "reported_on"
    inlines = [ProgressAttachmentInline]


@admin.register(ProgressReminder)
class ProgressReminderAdmin(ReadOnlyAdmin):
    list_display = ["action", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["action__title"]
    list_select_related = ["action"]


@admin.register(ProgressUpload)
class ProgressUploadAdmin(ReadOnlyAdmin):
    list_display = ["file_name", "created_at", "created_by", "row_count", "committed_at"]
    list_filter = ["committed_at", "created_at"]
    search_fields = ["file_name"]
    list_select_related = ["created_by"]
    date_hierarchy = "created_at"
