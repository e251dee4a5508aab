from django.contrib import admin

from lap.models.audit import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor", "entered_by", "organization", "verb", "object_repr")
    list_filter = ("verb", "content_type")
    search_fields = ("object_repr", "actor__username", "verb")
    list_select_related = ("actor", "entered_by", "organization")
    readonly_fields = [field.name for field in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # the audit trail is append-only

    def has_delete_permission(self, request, obj=None):
        return False
