from django.contrib import admin

from .models import Answer, Assessment, DimensionResult


class AnswerInline(admin.TabularInline):
    model = Answer
    extra = 0
    readonly_fields = ["statement", "dimension", "level"]
    can_delete = False


class DimensionResultInline(admin.TabularInline):
    model = DimensionResult
    extra = 0
    readonly_fields = ["dimension", "score"]
    fields = ["dimension", "score", "note"]
    can_delete = False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["institution", "version", "status", "visibility", "submitted_at"]
    list_filter = ["status", "visibility", "version"]
    search_fields = ["institution__name", "institution__acronym"]
    list_select_related = ["institution"]
    raw_id_fields = ["institution", "filled_by"]
    readonly_fields = ["created_at", "updated_at", "submitted_at"]
    inlines = [DimensionResultInline, AnswerInline]
