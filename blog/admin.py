from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from taxonomy.services import link_tags

from . import services
from .models import Post, Resource


@admin.register(Post)
class PostAdmin(SimpleHistoryAdmin):
    list_display = [
        "title",
        "author",
        "status",
        "featured",
        "event",
        "language",
        "published_at",
        "view_count",
    ]
    list_filter = ["status", "featured", "language", "event"]
    list_select_related = ["author", "event"]
    search_fields = ["title", "summary", "body", "author__profile__display_name"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["author", "event"]
    readonly_fields = ["view_count", "created_at", "updated_at"]
    date_hierarchy = "published_at"
    actions = ["publish", "archive"]

    @admin.action(description=_("Publish the selected posts"))
    def publish(self, request, queryset):
        self._moderate(request, queryset, services.publish_post)

    @admin.action(description=_("Archive the selected posts"))
    def archive(self, request, queryset):
        self._moderate(request, queryset, services.archive_post)

    def _moderate(self, request, queryset, service):
        # Through the services, so every change is checked and in the audit log.
        done = 0
        for post in queryset:
            try:
                service(post=post, moderator=request.user)
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{post}: {error}", messages.WARNING)
            else:
                done += 1
        self.message_user(request, _("%(count)d posts changed.") % {"count": done})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags typed here name themes, as the members' forms do.
        link_tags(form.instance.tags.all(), language=form.instance.language)
        services.refresh_search_vector(post=form.instance)


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["title", "url", "position"]
    list_editable = ["position"]
    search_fields = ["title", "description"]
