"""What the open data holds: each public entity, the rows it is read from and the
fields of a row, described once for the dumps, the data package and the API.

Only public content is read: published stories and posts, verified institutions,
events with their programme and documents, requests and offers not hidden and
completed exchanges (``exchange_resources``), adoptions shown on their story's page
(``adoption_resources``). No field names a member, an e-mail or anything a profile
hides; moderation state, drafts and comments are not read.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from blog.models import Post
from cases.models import CaseStory
from events.models import Document, Event, Session, Speaker
from members.models import Institution

# Rows read from the database at a time: memory stays flat however many there are.
CHUNK = 2000
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, date, datetime, boolean
    description: str
    read: Callable
    is_list: bool = False


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    rows: Callable[[], QuerySet]
    fields: tuple[Field, ...]
    primary_key: str = "slug"
    extra: dict = field(default_factory=dict)

    def record(self, obj, absolute: Callable[[str], str]) -> dict:
        """One row as JSON values: lists stay lists, dates are ISO 8601 strings."""
        row = {}
        for column in self.fields:
            value = column.read(obj)
            if column.name == "url" and value:
                value = absolute(value)
            row[column.name] = _json_value(value)
        return row

    def iterate(self):
        return self.rows().iterator(chunk_size=CHUNK)


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [str(item) for item in value]
    return value


def _slug_of(name: str, *, public: Callable = lambda related: True) -> Callable:
    """The slug of the related ``name``, or None when there is none or when it is
    not ``public`` (a hidden listing, an unverified institution, a draft)."""

    def read(obj):
        related = getattr(obj, name)
        return related.slug if related is not None and public(related) else None

    return read


def _slugs_of(name: str) -> Callable:
    """The slugs of the many-to-many ``name``: from the list ``listed(name)``
    prefetched, else through its manager."""

    def read(obj):
        items = getattr(obj, f"{name}_list", None)
        if items is None:
            items = getattr(obj, name).all()
        return sorted(item.slug for item in items)

    return read


def listed(name: str) -> Prefetch:
    """The many-to-many ``name`` prefetched into a list: handing prefetched rows
    to a manager makes one per row, which costs more than the rows."""
    return Prefetch(name, to_attr=f"{name}_list")


def _attr(name: str) -> Callable:
    return lambda obj: getattr(obj, name)


def _text(name: str, description: str, **kw) -> Field:
    return Field(name, "string", description, _attr(name), **kw)


def _session_id(session) -> str:
    return f"{session.event.slug}/{session.slug}"


def _url() -> Field:
    return Field("url", "string", "The page on the KS Hub.", _get_url)


def _get_url(obj) -> str:
    return obj.get_absolute_url()


def _dimensions() -> Field:
    return Field(
        "dimensions",
        "string",
        "Slugs of the KS dimensions.",
        _slugs_of("dimensions"),
        is_list=True,
    )


STORIES = Resource(
    name="case-stories",
    title="Case stories",
    description="Published case stories: what an institution did to share knowledge.",
    rows=lambda: (
        CaseStory.objects.published()
        .select_related("lead_institution")
        # Into a list: taggit's manager builds a query per story when the
        # prefetched tags are handed to it.
        .prefetch_related(
            listed("partner_institutions"),
            listed("dimensions"),
            Prefetch("tags", to_attr="themes"),
        )
        .defer("search_vector", "rejection_reason", "lead_institution__search_vector")
        .order_by("pk")
    ),
    fields=(
        _text("slug", "Identifier, also the end of the story's address."),
        _text("title", "Title."),
        _text("summary", "Summary in a few sentences."),
        _text("context", "Context (Markdown)."),
        _text("challenge", "Challenge (Markdown)."),
        _text("solution", "Solution (Markdown)."),
        _text("results", "Results (Markdown)."),
        _text("lessons", "Lessons learnt (Markdown)."),
        Field(
            "lead_institution",
            "string",
            "Slug of the leading institution.",
            _slug_of("lead_institution"),
        ),
        Field(
            "partner_institutions",
            "string",
            "Slugs of the partner institutions.",
            _slugs_of("partner_institutions"),
            is_list=True,
        ),
        Field(
            "countries",
            "string",
            "ISO 3166-1 alpha-2 codes of the countries.",
            lambda story: list(story.countries),
            is_list=True,
        ),
        Field("year", "integer", "Year the experience took place.", _attr("year")),
        _text("language", "Language code (ISO 639-1)."),
        _dimensions(),
        Field(
            "tags",
            "string",
            "Themes.",
            lambda story: sorted(tag.slug for tag in story.themes),
            is_list=True,
        ),
        Field("published_at", "datetime", "Publication (UTC).", _attr("published_at")),
        _url(),
    ),
)

INSTITUTIONS = Resource(
    name="institutions",
    title="Institutions",
    description="Institutions verified by the moderators.",
    rows=lambda: Institution.objects.verified().defer("search_vector").order_by("pk"),
    fields=(
        _text("slug", "Identifier."),
        _text("name", "Name."),
        _text("acronym", "Acronym."),
        Field(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code.",
            lambda institution: institution.country.code or None,
        ),
        _text("kind", "Kind of institution."),
        _text("website", "Website."),
        _text("description", "Description."),
        _url(),
    ),
)

EVENTS = Resource(
    name="events",
    title="Events",
    description="High-Level Meetings and other events of the community.",
    rows=lambda: (
        Event.objects.prefetch_related("organisers")
        .defer("search_vector")
        .order_by("pk")
    ),
    fields=(
        _text("slug", "Identifier."),
        _text("title", "Title."),
        _text("short_name", "Short name."),
        _text("city", "City."),
        Field(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code.",
            lambda event: event.country.code or None,
        ),
        Field("starts_on", "date", "First day.", _attr("starts_on")),
        Field("ends_on", "date", "Last day.", _attr("ends_on")),
        _text("time_zone", "IANA time zone of the place."),
        _text("summary", "Summary."),
        Field(
            "organisers",
            "string",
            "Slugs of the organising institutions.",
            _slugs_of("organisers"),
            is_list=True,
        ),
        Field(
            "participants_count",
            "integer",
            "Reported participants.",
            _attr("participants_count"),
        ),
        Field(
            "countries_count",
            "integer",
            "Reported countries.",
            _attr("countries_count"),
        ),
        Field(
            "is_example",
            "boolean",
            "Demo content, not a real event.",
            _attr("is_example"),
        ),
        _url(),
    ),
)

SESSIONS = Resource(
    name="sessions",
    title="Sessions",
    description="The programme of each event.",
    rows=lambda: (
        Session.objects.select_related("event", "dimension")
        .only(
            "event__slug",
            "slug",
            "kind",
            "title",
            "description",
            "starts_at",
            "ends_at",
            "place",
            "dimension__slug",
        )
        .order_by("pk")
    ),
    primary_key="id",
    fields=(
        Field("id", "string", "Identifier: event slug / session slug.", _session_id),
        Field("event", "string", "Slug of the event.", _slug_of("event")),
        _text("slug", "Slug, unique within the event."),
        _text("kind", "Format of the session."),
        _text("title", "Title."),
        _text("description", "Description (Markdown)."),
        Field("starts_at", "datetime", "Start (UTC).", _attr("starts_at")),
        Field("ends_at", "datetime", "End (UTC).", _attr("ends_at")),
        _text("place", "Room or place."),
        Field(
            "dimension", "string", "Slug of its KS dimension.", _slug_of("dimension")
        ),
        _url(),
    ),
)

SPEAKERS = Resource(
    name="speakers",
    title="Speakers",
    description="Who spoke in each session, as the programme shows them.",
    rows=lambda: Speaker.objects.select_related(
        "session__event", "institution"
    ).order_by("pk"),
    primary_key="id",
    fields=(
        Field("id", "integer", "Identifier.", _attr("pk")),
        Field(
            "session",
            "string",
            "The session: event slug / session slug.",
            lambda speaker: _session_id(speaker.session),
        ),
        _text("name", "Name."),
        _text("position", "Position."),
        Field(
            "institution", "string", "Slug of the institution.", _slug_of("institution")
        ),
    ),
)

DOCUMENTS = Resource(
    name="documents",
    title="Documents",
    description="Outcome documents, reports and presentations of the events.",
    rows=lambda: (
        Document.objects.select_related("event", "session", "original")
        .defer("search_vector")
        .order_by("pk")
    ),
    fields=(
        _text("slug", "Identifier."),
        _text("title", "Title."),
        _text("kind", "Kind of document."),
        Field("date", "date", "Date of the document.", _attr("date")),
        _text("language", "Language code (ISO 639-1)."),
        Field("event", "string", "Slug of the event.", _slug_of("event")),
        Field(
            "session",
            "string",
            "The session: event slug / session slug.",
            lambda document: document.session and _session_id(document.session),
        ),
        Field(
            "original",
            "string",
            "Slug of the document it translates.",
            _slug_of("original"),
        ),
        Field(
            "text_is_summary",
            "boolean",
            "True when the text summarises the document rather than giving it.",
            _attr("text_is_summary"),
        ),
        _text("text", "Text of the document, or its summary (Markdown)."),
        _text("content_type", "Media type of the file."),
        _url(),
    ),
)

POSTS = Resource(
    name="posts",
    title="Blog posts",
    description="Published blog posts.",
    rows=lambda: (
        Post.objects.published()
        .select_related("event")
        .defer("search_vector", "event__body", "event__search_vector")
        .order_by("pk")
    ),
    fields=(
        _text("slug", "Identifier."),
        _text("title", "Title."),
        _text("summary", "Summary."),
        _text("body", "Body (Markdown)."),
        _text("language", "Language code (ISO 639-1)."),
        Field("event", "string", "Slug of the event it reports on.", _slug_of("event")),
        Field("published_at", "datetime", "Publication (UTC).", _attr("published_at")),
        _url(),
    ),
)

# Read from the fields and helpers above, so imported once they are defined.
from .adoption_resources import ADOPTIONS  # noqa: E402
from .exchange_resources import EXCHANGES, OFFERS, REQUESTS  # noqa: E402

RESOURCES = {
    resource.name: resource
    for resource in (
        STORIES,
        INSTITUTIONS,
        EVENTS,
        SESSIONS,
        SPEAKERS,
        DOCUMENTS,
        POSTS,
        REQUESTS,
        OFFERS,
        EXCHANGES,
        ADOPTIONS,
    )
}
