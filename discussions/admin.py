from django.contrib import admin

from .models import Membership, Space, Topic


class MembershipInline(admin.TabularInline):
    model = Membership
    raw_id_fields = ["member"]
    extra = 0


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "access", "position"]
    list_filter = ["kind", "access"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["event"]
    inlines = [MembershipInline]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "space", "author", "status", "pinned", "closed"]
    list_filter = ["status", "pinned", "closed", "space"]
    list_select_related = ["space", "author"]
    search_fields = ["title"]
    raw_id_fields = ["author", "answer", "merged_into", "case_stories", "events"]
    readonly_fields = ["reply_count", "view_count", "last_activity_at"]
