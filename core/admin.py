from django.contrib import admin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log is written by the services only: nobody edits or deletes it."""

    list_display = ["created_at", "actor", "action", "target_type", "target_repr"]
    list_filter = [
        "action",
        ("actor", admin.RelatedOnlyFieldListFilter),
        "created_at",
        "target_type",
    ]
    list_select_related = ["actor", "target_type"]
    search_fields = ["target_repr", "reason", "actor__username", "actor__email"]
    date_hierarchy = "created_at"
    fields = [
        "created_at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "reason",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
