"""The weekly digest: what is new in the community, for the members who asked for it.

``send_weekly_digest`` (run weekly by ``manage.py send_weekly_digest``) enqueues one
``send_digest`` task per member whose profile asks for it; the task worker builds
that member's digest in their language, their expertise themes first, and mails it.
"""

import datetime
from dataclasses import dataclass, field
from functools import partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import models, transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from events.models import Event
from members.mail import site_url
from members.models import Profile
from notifications.mail import list_headers, unsubscribe_url
from notifications.models import Frequency, Kind, Preference

WINDOW = datetime.timedelta(days=7)
UPCOMING_WINDOW = datetime.timedelta(days=90)
MAX_STORIES = 6
MAX_EVENTS = 5
MAX_DISCUSSIONS = 5


@dataclass
class Discussion:
    target: models.Model
    comment_count: int
    themes: set[str] = field(default_factory=set)


@dataclass
class News:
    """Everything new in the window, the same for every member."""

    case_stories: list[CaseStory]
    events: list[Event]
    discussions: list[Discussion]


def digest_recipients():
    """Active, unsuspended members with a verified address who chose the digest."""
    verified = EmailAddress.objects.filter(
        user_id=models.OuterRef("user_id"),
        email__iexact=models.OuterRef("user__email"),
        verified=True,
    )
    chosen = Preference.objects.filter(
        member_id=models.OuterRef("user_id"), kind=Kind.DIGEST
    )
    wants = models.Exists(chosen.exclude(frequency=Frequency.OFF)) | (
        models.Q(weekly_digest=True) & ~models.Exists(chosen)
    )
    return (
        Profile.objects.filter(
            wants,
            user__is_active=True,
            user__suspended_at__isnull=True,
        )
        .exclude(user__email="")
        .filter(models.Exists(verified))
        .select_related("user")
        .order_by("pk")
    )


def collect_news(*, now: datetime.datetime | None = None) -> News:
    """What was published, what is coming and what was discussed, in a fixed number
    of queries."""
    now = now or timezone.now()
    since = now - WINDOW
    today = timezone.localdate(now)
    stories = list(
        CaseStory.objects.published()
        .filter(published_at__gte=since, published_at__lte=now)
        .select_related("lead_institution")
        .prefetch_related("tags")
        .order_by("-published_at", "-id")[:50]
    )
    events = list(
        Event.objects.filter(
            ends_on__gte=today, starts_on__lte=today + UPCOMING_WINDOW
        ).order_by("starts_on", "pk")[:MAX_EVENTS]
    )
    return News(
        case_stories=stories, events=events, discussions=_busiest(since=since, now=now)
    )


def _busiest(*, since, now, limit: int = 20) -> list[Discussion]:
    """Content with the most comments in the window; one query per kind of content."""
    rows = list(
        Comment.objects.visible()
        .filter(created_at__gte=since, created_at__lte=now)
        .values("content_type_id", "object_id")
        .annotate(count=models.Count("pk"))
        .order_by("-count", "content_type_id", "object_id")[:limit]
    )
    targets: dict[tuple[int, int], models.Model] = {}
    by_type: dict[int, list[int]] = {}
    for row in rows:
        by_type.setdefault(row["content_type_id"], []).append(row["object_id"])
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        queryset = model._default_manager.filter(pk__in=ids)
        if model in (CaseStory, Post):
            queryset = queryset.filter(status="published").prefetch_related("tags")
        elif any(f.name == "event" for f in model._meta.fields):
            queryset = queryset.select_related("event")
        targets.update({(type_id, obj.pk): obj for obj in queryset})
    discussions = []
    for row in rows:
        target = targets.get((row["content_type_id"], row["object_id"]))
        if target is None:  # unpublished or deleted content is not news
            continue
        themes = (
            {tag.slug for tag in target.tags.all()}
            if hasattr(target, "tags")
            else set()
        )
        discussions.append(Discussion(target, row["count"], themes))
    return discussions


def personalise(news: News, themes: set[str]) -> dict:
    """The member's digest: items in their expertise themes first, then the rest."""

    def story_themes(story: CaseStory) -> set[str]:
        return {tag.slug for tag in story.tags.all()}

    stories = sorted(
        news.case_stories, key=lambda story: not (story_themes(story) & themes)
    )[:MAX_STORIES]
    discussions = sorted(
        news.discussions, key=lambda d: (not (d.themes & themes), -d.comment_count)
    )[:MAX_DISCUSSIONS]
    return {
        "case_stories": [
            {"story": story, "in_themes": bool(story_themes(story) & themes)}
            for story in stories
        ],
        "events": news.events,
        "discussions": [
            {
                "target": d.target,
                "comment_count": d.comment_count,
                "in_themes": bool(d.themes & themes),
            }
            for d in discussions
        ],
    }


def render_digest(profile: Profile, news: News) -> EmailMultiAlternatives | None:
    """The member's digest as a message (text and HTML), or None when nothing is new."""
    context = personalise(news, set(profile.expertise.slugs()))
    if not (context["case_stories"] or context["events"] or context["discussions"]):
        return None
    unsubscribe = unsubscribe_url(member_id=profile.user_id, kind=Kind.DIGEST)
    context |= {
        "profile": profile,
        "site_url": site_url(),
        "site_name": settings.SITE_NAME,
        "unsubscribe_url": unsubscribe,
    }
    with translation.override(profile.preferred_language):
        subject = render_to_string("email/digest_subject.txt", context).strip()
        text = render_to_string("email/digest.txt", context)
        html = render_to_string("email/digest.html", context)
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        text,
        None,
        [profile.user.email],
        headers=list_headers(unsubscribe),
    )
    message.attach_alternative(html, "text/html")
    return message


@task
def send_digest(profile_id: int) -> bool:
    """Build and mail one member's digest; False when there was nothing to send."""
    profile = digest_recipients().filter(pk=profile_id).first()
    if profile is None:  # changed their mind, or was suspended, since enqueued
        return False
    message = render_digest(profile, collect_news())
    if message is None:
        return False
    message.send()
    return True


def send_weekly_digest(*, dry_run: bool = False) -> list[Profile]:
    """Enqueue one digest per member who chose it; returns those members."""
    profiles = list(digest_recipients())
    if not dry_run:
        for profile in profiles:
            transaction.on_commit(partial(send_digest.enqueue, profile.pk))
    return profiles
