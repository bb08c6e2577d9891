from django.contrib import admin

from .models import Follow, InboundMail, Notice, Preference


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["member", "key", "title", "automatic", "created_at"]
    search_fields = ["key", "title", "member__username"]
    raw_id_fields = ["member"]


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "frequency"]
    list_filter = ["kind", "frequency"]
    raw_id_fields = ["member"]


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["member", "kind", "frequency", "title", "created_at", "sent_at"]
    list_filter = ["kind", "frequency"]
    raw_id_fields = ["member"]


@admin.register(InboundMail)
class InboundMailAdmin(admin.ModelAdmin):
    list_display = ["message_id", "outcome", "received_at"]
    list_filter = ["outcome"]
