from django.contrib import admin

from .models import (
    Exchange,
    ExchangeParty,
    KnowledgeOffer,
    KnowledgeRequest,
    Message,
    Thread,
)


class ListingAdmin(admin.ModelAdmin):
    list_display = ["title", "institution", "status", "hidden", "awaiting_review"]
    list_filter = ["status", "hidden", "awaiting_review", "dimensions"]
    search_fields = ["title", "summary", "institution__name", "institution__acronym"]
    raw_id_fields = ["institution", "contact"]
    filter_horizontal = ["dimensions"]
    readonly_fields = ["created_at", "updated_at"]
    list_select_related = ["institution"]


@admin.register(KnowledgeRequest)
class KnowledgeRequestAdmin(ListingAdmin):
    list_display = [*ListingAdmin.list_display, "needed_by"]


@admin.register(KnowledgeOffer)
class KnowledgeOfferAdmin(ListingAdmin):
    raw_id_fields = [*ListingAdmin.raw_id_fields, "case_stories"]


class MessageInline(admin.TabularInline):
    model = Message
    extra = 0
    fields = ["author", "body", "created_at"]
    readonly_fields = fields


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = ["__str__", "seeker", "provider", "last_message_at"]
    raw_id_fields = [
        "request",
        "offer",
        "seeker",
        "provider",
        "started_by",
        "introduced_by",
        "participants",
    ]
    inlines = [MessageInline]
    list_select_related = ["request", "offer", "seeker", "provider"]


class PartyInline(admin.TabularInline):
    model = ExchangeParty
    extra = 0
    raw_id_fields = ["institution", "results_by"]


@admin.register(Exchange)
class ExchangeAdmin(admin.ModelAdmin):
    list_display = ["title", "modality", "status", "starts_on", "ends_on"]
    list_filter = ["status", "modality"]
    search_fields = ["title"]
    raw_id_fields = ["request", "offer", "thread", "case_story"]
    inlines = [PartyInline]
