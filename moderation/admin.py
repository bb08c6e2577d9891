from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import BrokenLink, ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["subject", "name", "email", "sender", "created_at", "handled_at"]
    list_filter = [("handled_at", admin.EmptyFieldListFilter), "created_at"]
    list_select_related = ["sender"]
    search_fields = ["subject", "body", "name", "email"]
    date_hierarchy = "created_at"
    readonly_fields = ["sender", "name", "email", "subject", "body", "created_at"]
    actions = ["mark_handled"]

    @admin.action(description=_("Mark the selected messages as handled"))
    def mark_handled(self, request, queryset):
        count = queryset.filter(handled_at__isnull=True).update(
            handled_at=timezone.now()
        )
        self.message_user(
            request, _("%(count)d messages marked as handled.") % {"count": count}
        )

    def has_add_permission(self, request):
        return False


@admin.register(BrokenLink)
class BrokenLinkAdmin(admin.ModelAdmin):
    """Read only: the link checker writes these (``moderation.links``)."""

    list_display = ["url", "status_code", "failures", "last_checked_at", "dismissed_at"]
    search_fields = ["url", "host"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
