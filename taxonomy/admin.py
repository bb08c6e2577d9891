from django.contrib import admin

from .models import Theme, ThemeLabel, ThemeRedirect, TranslationRequest


class ThemeLabelInline(admin.TabularInline):
    model = ThemeLabel
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ("slug", "created_at")
    search_fields = ("slug", "labels__name")
    inlines = [ThemeLabelInline]


@admin.register(ThemeRedirect)
class ThemeRedirectAdmin(admin.ModelAdmin):
    list_display = ("old_slug", "theme")
    search_fields = ("old_slug",)
    raw_id_fields = ("theme",)


@admin.register(TranslationRequest)
class TranslationRequestAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "language", "member", "created_at")
    list_filter = ("language",)
    raw_id_fields = ("member",)
