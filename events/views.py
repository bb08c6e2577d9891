"""Event pages: the list, an event with its programme, a session, the calendar,
registration, and the registrants list for moderators."""

import copy
import csv
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import truncatewords
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.pagecache import (
    CONTENT,
    cache_for_visitors,
    cached,
    render_partials,
)
from core.permissions import can_moderate, require_moderator
from core.slugs import url_maker
from core.structured_data import page_data
from core.text import render_markdown
from members.access import can_participate, desk_required, participant_required

from . import lists, services, structured_data
from .exports import event_calendar, events_calendar
from .models import Event, Registration, Session


@cache_for_visitors(scopes=(CONTENT,), params=lists.visitor_params)
def event_list(request):
    return render(request, "events/event_list.html", lists.shared_page(request))


def _programme(event, sessions):
    """Sessions grouped by their day on the calendar of the place of the event."""
    zone = event.zone
    return [
        (day, list(day_sessions))
        for day, day_sessions in groupby(
            sessions,
            key=lambda session: timezone.localtime(session.starts_at, zone).date(),
        )
    ]


def _programme_content(event, absolute) -> dict:
    """What the event page shows to everyone, with every link made once; kept in
    the cache until the content changes (see core.pagecache)."""
    sessions = list(event.sessions.for_programme())
    session_url = url_maker("events:session", event.slug)
    institution_url = url_maker("members:institution")
    case_url = url_maker("cases:detail")
    dimensions_url = reverse("cases:list") + "?dimension="
    discussed = {}
    for session in sessions:
        session.url = session_url(session.slug)
        if session.dimension:
            session.dimension_url = dimensions_url + session.dimension.slug
        for speaker in session.speakers.all():
            if speaker.institution:
                speaker.institution_url = institution_url(speaker.institution.slug)
        for case in session.case_stories.all():
            if case.pk not in discussed:
                case.url = case_url(case.slug)
                discussed[case.pk] = case
    prefetch_related_objects([event], "organisers")
    organisers = list(event.organisers.all())
    for institution in organisers:
        institution.url = institution_url(institution.slug)
    # The programme, documents and case stories read the same for everyone: kept
    # rendered, so a reader's page unpickles no sessions or speakers.
    programme_html = render_to_string(
        "events/includes/programme.html",
        {
            "event": event,
            "programme": _programme(event, sessions),
            "case_stories": list(discussed.values()),
        },
    )
    # Apart, as a past event shows its outcome documents before its programme.
    documents_html = render_to_string(
        "events/includes/documents.html",
        {"documents": list(event.documents.for_list())},
    )
    return {
        "organisers": organisers,
        "reports": list(
            event.reports.published()
            .select_related("author__profile")
            .order_by("-published_at")
        ),
        "structured_data": page_data(
            structured_data.event(event, sessions, absolute=absolute)
        ),
        "body_html": mark_safe(render_markdown(event.body)),  # noqa: S308 — nh3
        "programme_html": programme_html,
        "documents_html": documents_html,
    }


def _shared_page(slug: str, absolute) -> dict | None:
    """The event and its page rendered around the registration box and the
    discussion: the same for every reader until the content changes."""
    event = Event.objects.with_registered_count().filter(slug=slug).first()
    if event is None:
        return None
    # Read by the partials and by the reader's registration box alike.
    shared = {
        "places_left": None
        if event.capacity is None
        else max(event.capacity - event.registered_count, 0),
        "calendar_url": reverse("events:calendar", args=[slug]),
        "register_url": reverse("events:register", args=[slug]),
        "registrants_url": reverse("events:registrants", args=[slug]),
    }
    # A copy renders the programme, so the event kept beside it carries none of
    # what was prefetched for it, and each reader unpickles only the row.
    shown = copy.copy(event)
    context = {
        "event": shown,
        "content": _programme_content(shown, absolute),
        **shared,
    }
    return {
        "event": event,
        "structured_data": context["content"]["structured_data"],
        "description": truncatewords(event.summary, 40),
        **render_partials(
            "events/event_detail.html",
            context,
            "head",
            "header",
            "places_left_note",
            "closing_note",
            "programme",
            "outcomes",
        ),
        **shared,
    }


@cache_for_visitors
def event_detail(request, slug):
    site = request.build_absolute_uri("/")
    # One read a request (from the process's memory once it has read it) for all
    # that is not the reader's own: per content version (registrations are
    # content, so the places left stay current), language (of the links) and site
    # address (of the JSON-LD).
    page = cached(
        "event-page",
        (slug, get_language(), site),
        lambda: _shared_page(slug, request.build_absolute_uri),
        scopes=(CONTENT,),
        in_process=True,
    )
    if page is None:
        raise Http404("No such event.")
    event = page["event"]
    user = request.user
    status = position = None
    if user.is_authenticated:
        status, position = Registration.objects.standing_of(event, user)
    # Asked by several branches of the registration box: once a request, and
    # never from the shared copy, as the calendar moves on without a new version.
    has_ended = event.has_ended
    context = {
        "event": event,
        "page": page,
        "structured_data": page["structured_data"],
        "registration_status": status,
        "waitlist_position": position,
        "has_ended": has_ended,
        "accepts_registrations": event.accepts_registrations,
        "can_participate": can_participate(user),
        # Site-wide moderators, and those scoped to this event.
        "moderates_event": can_moderate(user, event),
    }
    return render(request, "events/event_detail.html", context)


def session_detail(request, event_slug, slug):
    session = get_object_or_404(
        Session.objects.select_related("event", "dimension").prefetch_related(
            "speakers__institution"
        ),
        event__slug=event_slug,
        slug=slug,
    )
    speakers = session.speakers.all()
    context = {
        "event": session.event,
        "session": session,
        "structured_data": page_data(
            structured_data.session(session, absolute=request.build_absolute_uri)
        ),
        "speakers": speakers,
        "case_stories": session.case_stories.published().for_cards(),
        "documents": session.documents.for_list(),
    }
    return render(request, "events/session_detail.html", context)


def calendar(request, slug):
    event = get_object_or_404(Event, slug=slug)
    sessions = event.sessions.select_related("dimension").prefetch_related(
        "speakers__institution"
    )
    content = event_calendar(
        event,
        sessions,
        host=request.get_host().split(":")[0],
        absolute=request.build_absolute_uri,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{event.slug}.ics"
    )
    return response


@cache_for_visitors(scopes=(CONTENT,))
def upcoming_calendar(request):
    """Every upcoming event and its sessions, for calendar apps to subscribe to."""
    content = events_calendar(
        Event.objects.upcoming().for_calendar(),
        name=_("KS Hub events"),
        host=request.get_host().split(":")[0],
        absolute=request.build_absolute_uri,
    )
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")


@require_http_methods(["GET", "POST"])
@participant_required
def register(request, slug):
    """POST registers, or cancels with action=cancel; GET changes nothing."""
    event = get_object_or_404(Event, slug=slug)
    if request.method != "POST":
        return redirect(event)
    try:
        if request.POST.get("action") == "cancel":
            if services.cancel_registration(event=event, member=request.user):
                messages.success(request, _("Your registration is cancelled."))
            else:
                messages.info(request, _("You were not registered for this event."))
        else:
            registration = services.register_for_event(event=event, member=request.user)
            if registration.status == Registration.Status.REGISTERED:
                messages.success(request, _("You are registered. See you there!"))
            else:
                messages.info(
                    request,
                    _(
                        "The event is full: you are on the waiting list. We will "
                        "e-mail you if a place becomes free."
                    ),
                )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(event)


@require_http_methods(["GET", "POST"])
@desk_required
def registrants(request, slug):
    """The registrants of an event; POST action=open|close changes registration."""
    event = get_object_or_404(Event.objects.with_registered_count(), slug=slug)
    require_moderator(request.user, event)
    if request.method == "POST":
        action = request.POST.get("action")
        reason = request.POST.get("reason", "")[:500]
        try:
            if action == "close":
                services.close_registration(
                    event=event, moderator=request.user, reason=reason
                )
                messages.success(request, _("Registration is closed."))
            elif action == "open":
                services.open_registration(
                    event=event, moderator=request.user, reason=reason
                )
                messages.success(request, _("Registration is open."))
            else:
                return HttpResponse(status=400)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("events:registrants", slug=event.slug)
    registrations = event.registrations.for_registrants_list()
    context = {
        "event": event,
        "registrations": registrations,
        "waitlisted_count": sum(
            1 for r in registrations if r.status == Registration.Status.WAITLISTED
        ),
    }
    return render(request, "events/registrants.html", context)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    """A spreadsheet cell that can never run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


@desk_required
def registrants_csv(request, slug):
    event = get_object_or_404(Event, slug=slug)
    require_moderator(request.user, event)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"{event.slug}-registrants.csv"
    )
    writer = csv.writer(response)
    writer.writerow(
        [_("Name"), _("E-mail"), _("Institution"), _("Status"), _("Registered at")]
    )
    for registration in event.registrations.for_registrants_list():
        member = registration.member
        profile = getattr(member, "profile", None)
        institution = profile.institution if profile else None
        writer.writerow(
            _cell(value)
            for value in (
                profile.display_name if profile else member.get_username(),
                member.email,
                institution.name if institution else "",
                registration.get_status_display(),
                timezone.localtime(registration.created_at, event.zone).strftime(
                    "%Y-%m-%d %H:%M"
                ),
            )
        )
    return response
