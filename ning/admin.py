from django.contrib import admin

from .forms import RedirectForm
from .models import ImportedItem, Redirect


@admin.register(Redirect)
class RedirectAdmin(admin.ModelAdmin):
    form = RedirectForm
    list_display = ["old_path", "new_path", "note", "updated_at"]
    search_fields = ["old_path", "new_path", "note"]


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    list_display = ["ning_id", "kind", "ning_path", "imported_at", "claimed_at"]
    list_filter = ["kind"]
    search_fields = ["ning_id", "ning_path"]
    readonly_fields = ["fingerprint"]
    list_select_related = ["content_type"]
