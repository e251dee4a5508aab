from django.contrib import admin

from lap.admin.readonly import ReadOnlyAdmin
from lap.models.audit import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """The audit trail is append-only: nobody edits or deletes it, the superuser included."""

    list_display = ("created_at", "actor", "entered_by", "organization", "verb", "object_repr")
    list_filter = ("verb", "content_type")
    search_fields = ("object_repr", "actor__username", "verb")
    list_select_related = ("actor", "entered_by", "organization")
