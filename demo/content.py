"""The core demo content, from the seed page on the Second High-Level Meeting on
Knowledge Hubs: institutions, accounts, events, case stories, the blog post.

The content is in ``demo/data/*.yaml``; this module writes it idempotently, keyed on
natural keys (slugs, usernames, titles), and saves a row only when something
differs, so a second run leaves the database as it was. Facts stay within what the
page states; where the portal needs a value the page does not give (session times,
HLM1 and HLM3 days), the texts say so.
"""

from __future__ import annotations

import datetime
import importlib
import os
import pkgutil
from collections.abc import Callable
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from blog.models import Post, Resource
from blog.services import refresh_search_vector as refresh_post_search_vector
from cases.models import CaseStory, Dimension
from cases.services import refresh_search_vector as refresh_case_search_vector
from comments.models import Comment
from events.models import Document, Event, Session, Speaker
from members.models import MODERATORS_GROUP, Institution, Profile, User

from .loading import DemoReport, clock_time, read_data, set_tags, upsert

DEFAULT_PASSWORD = "kshub-demo-2014"  # noqa: S105 - development demo accounts only
LOGIN_URL = "http://127.0.0.1:8000/accounts/login/"
SEOUL = ZoneInfo("Asia/Seoul")

INSTITUTIONS = read_data("institutions")["institutions"]
EXAMPLE_SLUG = read_data("events")["example_event"]["slug"]
POST_SLUG = read_data("posts")["posts"][0]["slug"]

# Keys of an event's data that are not fields of the event itself.
EVENT_PARTS = frozenset({"slug", "organisers", "sessions", "documents"})
EXAMPLE_PARTS = EVENT_PARTS | {"weeks_ahead", "days"}
STORY_TEXTS = ("title", "summary", "context", "challenge", "solution", "results")
# Modules of the demo package that are not an app's loader.
CORE_MODULES = frozenset({"apps", "content", "loading"})


def demo_password() -> str:
    return os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD


# Institutions and accounts ---------------------------------------------------


def _load_institutions(report: DemoReport) -> dict[str, Institution]:
    return {
        row["slug"]: upsert(
            report,
            Institution,
            {"slug": row["slug"]},
            {**{k: v for k, v in row.items() if k != "slug"}, "verified": True},
        )
        for row in INSTITUTIONS
    }


def _user(report: DemoReport, *, username: str, display_name: str, **values) -> User:
    user = upsert(report, User, {"username": username}, values)
    upsert(report, Profile, {"user": user}, {"display_name": display_name})
    return user


def _load_authors(report: DemoReport) -> None:
    """Accounts that only hold authorship: nobody signs in with them."""
    for row in read_data("members")["authors"]:
        user = _user(
            report,
            username=row["username"],
            display_name=row["display_name"],
            is_active=row["active"],
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if "preferred_language" in row:
            upsert(
                report,
                Profile,
                {"user": user},
                {"preferred_language": row["preferred_language"]},
            )


def _load_accounts(report: DemoReport, password: str) -> None:
    for row in read_data("members")["accounts"]:
        moderator = row["role"] == "moderator"
        user = _user(
            report,
            username=row["username"],
            display_name=row["display_name"],
            email=row["email"],
            is_active=True,
            is_staff=moderator,
        )
        if not user.check_password(password):
            user.set_password(password)
            user.save(update_fields=["password"])
        upsert(
            report,
            EmailAddress,
            {"user": user, "email": row["email"]},
            {"verified": True, "primary": True},
        )
        if moderator:
            user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        report.sign_in.append((row["role"], row["email"], password))


# Events ----------------------------------------------------------------------


def _session(report, event, row, *, day: datetime.date, zone, dimensions) -> Session:
    starts_at = datetime.datetime.combine(day, clock_time(row["time"]), tzinfo=zone)
    return upsert(
        report,
        Session,
        {"event": event, "slug": row["slug"]},
        {
            "kind": row["kind"],
            "title": row["title"],
            "description": row.get("description", ""),
            "starts_at": starts_at,
            "ends_at": starts_at + datetime.timedelta(minutes=row["minutes"]),
            "place": "",
            "dimension": dimensions[row["dimension"]] if "dimension" in row else None,
        },
    )


def _speakers(report, session: Session, rows, institutions) -> None:
    for order, row in enumerate(rows, start=1):
        upsert(
            report,
            Speaker,
            {"session": session, "name": row["name"]},
            {
                "position": row["position"],
                "institution": institutions[row["institution"]],
                "order": order,
            },
        )


def _load_event(report, row, institutions, dimensions) -> Event:
    fields = {k: v for k, v in row.items() if k not in EVENT_PARTS}
    event = upsert(report, Event, {"slug": row["slug"]}, fields)
    if "organisers" in row:
        event.organisers.set([institutions[slug] for slug in row["organisers"]])
    zone = ZoneInfo(event.time_zone)
    for session_row in row.get("sessions", []):
        session = _session(
            report,
            event,
            session_row,
            day=session_row["day"],
            zone=zone,
            dimensions=dimensions,
        )
        _speakers(report, session, session_row.get("speakers", []), institutions)
    for document in row.get("documents", []):
        upsert(
            report,
            Document,
            {"event": event, "title": document["title"]},
            {
                "kind": document["kind"],
                "session": None,
                "language": document["language"],
            },
        )
    return event


def example_event_dates(
    today: datetime.date, *, weeks_ahead: int, days: int
) -> tuple[datetime.date, datetime.date]:
    """The first Monday ``weeks_ahead`` weeks or a little more after ``today``."""
    ahead = today + datetime.timedelta(weeks=weeks_ahead)
    starts_on = ahead + datetime.timedelta(days=(7 - ahead.weekday()) % 7)
    return starts_on, starts_on + datetime.timedelta(days=days - 1)


def _load_example_event(report, row, today: datetime.date, dimensions) -> Event:
    """An event always ahead: it keeps its dates until it has passed."""
    existing = Event.objects.filter(slug=row["slug"]).first()
    if existing is not None and existing.ends_on >= today:
        starts_on, ends_on = existing.starts_on, existing.ends_on
    else:
        starts_on, ends_on = example_event_dates(
            today, weeks_ahead=row["weeks_ahead"], days=row["days"]
        )
    zone = ZoneInfo(row["time_zone"])
    fields = {k: v for k, v in row.items() if k not in EXAMPLE_PARTS}
    event = upsert(
        report,
        Event,
        {"slug": row["slug"]},
        {
            **fields,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "registration_closes_at": datetime.datetime.combine(
                starts_on, datetime.time(0, 0), tzinfo=zone
            ),
        },
    )
    for session_row in row["sessions"]:
        day = starts_on + datetime.timedelta(days=session_row["day"])
        _session(report, event, session_row, day=day, zone=zone, dimensions=dimensions)
    return event


def _load_events(report, institutions, dimensions, today) -> dict[str, Event]:
    data = read_data("events")
    events = {
        row["slug"]: _load_event(report, row, institutions, dimensions)
        for row in data["events"]
    }
    example = _load_example_event(report, data["example_event"], today, dimensions)
    events[example.slug] = example
    return events


# Case stories and the post ---------------------------------------------------


def _load_case_stories(report, institutions, dimensions, events) -> list[CaseStory]:
    data = read_data("case_stories")
    roundtables = {
        session.dimension.slug: session
        for session in events[data["discussed_at"]]
        .sessions.filter(kind=Session.Kind.ROUNDTABLE)
        .select_related("dimension")
    }
    stories = []
    for row in data["case_stories"]:
        story = upsert(
            report,
            CaseStory,
            {"slug": row["slug"]},
            {
                **{name: row[name] for name in (*STORY_TEXTS, "lessons")},
                "lead_institution": institutions[row["lead_institution"]],
                "countries": row["countries"],
                "year": row["year"],
                "language": row["language"],
                "status": CaseStory.Status.PUBLISHED,
                "featured": row["featured"],
                "published_at": row["published_at"],
            },
        )
        story.dimensions.set([dimensions[slug] for slug in row["dimensions"]])
        set_tags(story, row["tags"])
        for slug in row["dimensions"]:
            roundtables[slug].case_stories.add(story)
        stories.append(story)
    return stories


def _load_comments(report, post: Post, rows) -> None:
    post_type = ContentType.objects.get_for_model(Post)
    for row in rows:
        upsert(
            report,
            Comment,
            {
                "content_type": post_type,
                "object_id": post.pk,
                "author": User.objects.get(username=row["author"]),
                "parent": None,
            },
            {
                "body": row["body"],
                "language": row["language"],
                "created_at": row["created_at"],
            },
            create_only={"status": Comment.Status.VISIBLE},
        )


def _load_posts(report: DemoReport, events: dict[str, Event]) -> list[Post]:
    data = read_data("posts")
    posts = []
    for row in data["posts"]:
        event = events[row["event"]]
        post = upsert(
            report,
            Post,
            {"slug": row["slug"]},
            {
                "title": row["title"],
                "author": User.objects.get(username=row["author"]),
                "summary": row["summary"],
                "body": row["body"].replace("{event_url}", event.get_absolute_url()),
                "event": event,
                "language": row["language"],
                "status": Post.Status.PUBLISHED,
                "published_at": row["published_at"],
                "rejection_reason": "",
            },
            # Views counted since the demo was loaded are kept on a second run.
            create_only={"view_count": row["views"], "featured": row["featured"]},
        )
        set_tags(post, row["tags"])
        _load_comments(report, post, row["comments"])
        posts.append(post)
    for position, row in enumerate(data["resources"], start=1):
        upsert(
            report,
            Resource,
            {"title": row["title"]},
            {"description": row["description"], "url": "", "position": position},
        )
    return posts


# The whole demo --------------------------------------------------------------


def extra_loaders() -> list[Callable[[], None]]:
    """``load()`` of every other module of the demo package (``demo/<app>.py``), in
    the order of their names: each app's demo content, loaded after the core."""
    import demo

    loaders = []
    for module_info in sorted(
        pkgutil.iter_modules(demo.__path__), key=lambda m: m.name
    ):
        if module_info.ispkg or module_info.name in CORE_MODULES:
            continue
        module = importlib.import_module(f"demo.{module_info.name}")
        load = getattr(module, "load", None)
        if callable(load):
            loaders.append(load)
    return loaders


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> DemoReport:
    """Load the whole demo content; safe to run any number of times."""
    today = today or timezone.localdate()
    report = DemoReport()
    institutions = _load_institutions(report)
    dimensions = {dimension.slug: dimension for dimension in Dimension.objects.all()}
    events = _load_events(report, institutions, dimensions, today)
    stories = _load_case_stories(report, institutions, dimensions, events)
    _load_authors(report)
    posts = _load_posts(report, events)
    _load_accounts(report, demo_password())
    for post in posts:
        refresh_post_search_vector(post=post)
    for story in stories:
        refresh_case_search_vector(case_story=story)
    for load in extra_loaders():
        load()
    return report
