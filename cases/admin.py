from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from taxonomy.services import link_tags

from . import services
from .models import Attachment, CaseStory, Correction, Dimension


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ["name", "group", "position", "slug"]
    list_filter = ["group"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "name" in form.changed_data:
            # The stories' search vectors hold the dimension's names.
            services.refresh_search_vectors(CaseStory.objects.filter(dimensions=obj))


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["original_name", "content_type", "size", "created_at"]
    readonly_fields = fields
    can_delete = True

    def has_add_permission(self, request, obj=None):
        # Uploads go through the service, which checks the content.
        return False


class CaseStoryAdminForm(forms.ModelForm):
    class Meta:
        model = CaseStory
        fields = [
            "title",
            "slug",
            "summary",
            "context",
            "challenge",
            "solution",
            "results",
            "lessons",
            "lead_institution",
            "partner_institutions",
            "countries",
            "year",
            "language",
            "dimensions",
            "tags",
            "status",
            "featured",
            "author",
            "rejection_reason",
            "published_at",
        ]

    def clean(self):
        cleaned = super().clean()
        lead = cleaned.get("lead_institution")
        partners = cleaned.get("partner_institutions") or []
        if lead and lead in partners:
            self.add_error(
                "partner_institutions",
                _("The lead institution is already counted; remove it here."),
            )
        return cleaned


@admin.register(CaseStory)
class CaseStoryAdmin(SimpleHistoryAdmin):
    form = CaseStoryAdminForm
    list_display = [
        "title",
        "status",
        "featured",
        "lead_institution",
        "language",
        "year",
        "view_count",
        "published_at",
        "author",
    ]
    list_filter = ["status", "featured", "language", "dimensions", "year"]
    list_select_related = ["lead_institution", "author"]
    search_fields = ["title", "summary", "slug", "lead_institution__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["author"]
    filter_horizontal = ["partner_institutions", "dimensions"]
    readonly_fields = ["view_count", "created_at", "updated_at"]
    inlines = [AttachmentInline]
    actions = ["publish", "feature", "unfeature", "archive"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Tags typed here name themes, as the members' forms do.
        link_tags(form.instance.tags.all(), language=form.instance.language)
        services.refresh_search_vector(case_story=form.instance)

    def _apply(self, request, queryset, service, verb, **kwargs):
        done = 0
        for case_story in queryset:
            try:
                service(case_story=case_story, moderator=request.user, **kwargs)
            except ValidationError as error:
                problem = " ".join(error.messages)
                self.message_user(request, f"{case_story}: {problem}", messages.WARNING)
            except PermissionDenied as error:
                self.message_user(request, str(error), messages.ERROR)
                return
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d case story %(verb)s.",
                "%(count)d case stories %(verb)s.",
                done,
            )
            % {"count": done, "verb": verb},
        )

    @admin.action(description=_("Publish the selected case stories"))
    def publish(self, request, queryset):
        self._apply(request, queryset, services.publish_case_story, _("published"))

    @admin.action(description=_("Feature the selected case stories"))
    def feature(self, request, queryset):
        self._apply(request, queryset, services.feature_case_story, _("featured"))

    @admin.action(description=_("Stop featuring the selected case stories"))
    def unfeature(self, request, queryset):
        self._apply(
            request,
            queryset,
            services.feature_case_story,
            _("no longer featured"),
            featured=False,
        )

    @admin.action(description=_("Archive the selected case stories"))
    def archive(self, request, queryset):
        self._apply(request, queryset, services.archive_case_story, _("archived"))


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Read only: corrections are decided on the story's correction page."""

    list_display = ["case_story", "proposer", "status", "created_at", "decided_by"]
    list_filter = ["status"]
    list_select_related = ["case_story", "proposer", "decided_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
