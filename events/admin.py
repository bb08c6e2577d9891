"""Admin for events: a moderator prepares the programme, documents and registration."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import services
from .forms import DocumentForm
from .models import Document, Event, Registration, Session, Speaker


class SessionInline(admin.TabularInline):
    model = Session
    fields = ["starts_at", "ends_at", "kind", "title", "slug", "place", "dimension"]
    prepopulated_fields = {"slug": ["title"]}
    show_change_link = True
    extra = 0


class DocumentInline(admin.TabularInline):
    """The event's documents, listed: each is added and edited on its own admin
    page, where its file is checked and its text read."""

    model = Document
    fields = ["title", "kind", "language", "session", "content_type"]
    readonly_fields = fields
    show_change_link = True
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class SpeakerInline(admin.TabularInline):
    model = Speaker
    fields = ["order", "name", "position", "institution"]
    raw_id_fields = ["institution"]
    extra = 0


class SessionDocumentInline(DocumentInline):
    fk_name = "session"


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "short_name",
        "starts_on",
        "ends_on",
        "city",
        "country",
        "registration_open",
        "capacity",
        "registered",
        "is_example",
    ]
    list_filter = ["registration_open", "is_example", "country", "starts_on"]
    search_fields = ["title", "short_name", "slug", "city", "summary"]
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["organisers"]
    inlines = [SessionInline, DocumentInline]
    actions = ["close_registration", "open_registration"]
    fieldsets = [
        (None, {"fields": ["title", "short_name", "slug", "is_example"]}),
        (
            _("When and where"),
            {"fields": ["starts_on", "ends_on", "time_zone", "city", "country"]},
        ),
        (_("About"), {"fields": ["organisers", "summary", "body"]}),
        (_("Figures"), {"fields": ["participants_count", "countries_count"]}),
        (
            _("Registration"),
            {"fields": ["capacity", "registration_open", "registration_closes_at"]},
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_registered_count()

    @admin.display(description=_("registered"), ordering="registered_count")
    def registered(self, event):
        return event.registered_count

    def _change_registration(self, request, queryset, service, done):
        changed = 0
        for event in queryset:
            try:
                service(event=event, moderator=request.user)
            except ValidationError as error:
                self.message_user(
                    request, f"{event}: {' '.join(error.messages)}", messages.ERROR
                )
            else:
                changed += 1
        if changed:
            self.message_user(request, done % {"count": changed}, messages.SUCCESS)

    @admin.action(description=_("Close registration"))
    def close_registration(self, request, queryset):
        self._change_registration(
            request,
            queryset,
            services.close_registration,
            _("Registration closed for %(count)d event(s)."),
        )

    @admin.action(description=_("Open registration"))
    def open_registration(self, request, queryset):
        self._change_registration(
            request,
            queryset,
            services.open_registration,
            _("Registration opened for %(count)d event(s)."),
        )


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ["title", "event", "kind", "starts_at", "place", "dimension"]
    list_filter = ["kind", "dimension", "event"]
    list_select_related = ["event", "dimension"]
    search_fields = ["title", "description", "place", "event__title", "speakers__name"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["event", "case_stories"]
    inlines = [SpeakerInline, SessionDocumentInline]
    ordering = ["event", "starts_at"]


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "institution", "session"]
    list_select_related = ["institution", "session__event"]
    list_filter = ["session__event"]
    search_fields = ["name", "position", "institution__name", "institution__acronym"]
    raw_id_fields = ["session", "institution"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
    list_display = ["title", "event", "kind", "date", "content_type", "language"]
    list_filter = ["kind", "language", "event"]
    list_select_related = ["event"]
    search_fields = ["title", "event__title"]
    raw_id_fields = ["event", "session", "original"]
    prepopulated_fields = {"slug": ["title"]}

    def save_model(self, request, obj, form, change):
        detected = getattr(form, "detected_type", None)
        if detected:
            services.fill_document_file_details(document=obj, content_type=detected)
        super().save_model(request, obj, form, change)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["member", "member_email", "event", "status", "created_at"]
    list_filter = ["status", "event"]
    list_select_related = ["member", "event"]
    search_fields = [
        "member__email",
        "member__username",
        "member__profile__display_name",
        "event__title",
    ]
    fields = ["event", "member", "status", "created_at", "updated_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"
    actions = ["cancel"]

    # Places are taken and given only through the services, which keep the
    # capacity and the waiting list right.
    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Cancel selected registrations"))
    def cancel(self, request, queryset):
        cancelled = 0
        for registration in queryset.select_related("event", "member"):
            try:
                if services.cancel_registration(
                    event=registration.event, member=registration.member
                ):
                    cancelled += 1
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{registration}: {' '.join(error.messages)}",
                    messages.ERROR,
                )
        self.message_user(
            request,
            _("%(count)d registration(s) cancelled.") % {"count": cancelled},
            messages.SUCCESS,
        )

    @admin.display(description=_("e-mail"), ordering="member__email")
    def member_email(self, registration):
        return registration.member.email
