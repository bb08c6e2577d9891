"""What the open data holds: each public entity, the rows it is read from and the
fields of a row, described once for the dumps, the data package and the API.

Only public content is read: published stories and posts, verified institutions,
events with their programme and documents, requests and offers not hidden and
completed exchanges (``exchange_resources``), adoptions shown on their story's page
(``adoption_resources``). No field names a member, an e-mail or anything a profile
hides; moderation state, drafts and comments are not read.
"""

from django.utils.translation import gettext_noop

from blog.models import Post
from cases.models import CaseStory
from events.models import Document, Event, Session, Speaker
from members.models import Institution

from .adoption_resources import ADOPTIONS
from .exchange_resources import EXCHANGES, OFFERS, REQUESTS
from .fields import (
    Field,
    Resource,
    attribute,
    dimensions_field,
    session_id,
    slug_of,
    slugs_of,
    sorted_slugs,
    tag_slugs,
    text_field,
    url_field,
    value_field,
)

STORIES = Resource(
    name="case-stories",
    title=gettext_noop("Case stories"),
    description=gettext_noop(
        "Published case stories: what an institution did to share knowledge."
    ),
    # Every field is a column: a row is a tuple of values, its partners,
    # dimensions and themes arrays in the same query.
    rows=lambda: CaseStory.objects.published().order_by("pk"),
    fields=(
        text_field("slug", "Identifier, also the end of the story's address."),
        text_field("title", "Title."),
        text_field("summary", "Summary in a few sentences."),
        text_field("context", "Context (Markdown)."),
        text_field("challenge", "Challenge (Markdown)."),
        text_field("solution", "Solution (Markdown)."),
        text_field("results", "Results (Markdown)."),
        text_field("lessons", "Lessons learnt (Markdown)."),
        Field(
            "lead_institution",
            "string",
            "Slug of the leading institution.",
            column="lead_institution__slug",
        ),
        Field(
            "partner_institutions",
            "string",
            "Slugs of the partner institutions.",
            is_list=True,
            column=sorted_slugs(CaseStory, "partner_institutions"),
        ),
        Field(
            "countries",
            "string",
            "ISO 3166-1 alpha-2 codes of the countries.",
            is_list=True,
            column="countries",
        ),
        value_field("year", "integer", "Year the experience took place."),
        text_field("language", "Language code (ISO 639-1)."),
        dimensions_field(CaseStory),
        Field(
            "tags",
            "string",
            "Themes.",
            is_list=True,
            column=tag_slugs(CaseStory),
        ),
        value_field("published_at", "datetime", "Publication (UTC)."),
        url_field("cases:detail"),
    ),
)

INSTITUTIONS = Resource(
    name="institutions",
    title=gettext_noop("Institutions"),
    description=gettext_noop("Institutions verified by the moderators."),
    rows=lambda: Institution.objects.verified().defer("search_vector").order_by("pk"),
    fields=(
        text_field("slug", "Identifier."),
        text_field("name", "Name."),
        text_field("acronym", "Acronym."),
        Field(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code.",
            lambda institution: institution.country.code or None,
        ),
        text_field("kind", "Kind of institution."),
        text_field("website", "Website."),
        text_field("description", "Description."),
        url_field(),
    ),
)

EVENTS = Resource(
    name="events",
    title=gettext_noop("Events"),
    description=gettext_noop("High-Level Meetings and other events of the community."),
    rows=lambda: (
        Event.objects.prefetch_related("organisers")
        .defer("search_vector")
        .order_by("pk")
    ),
    fields=(
        text_field("slug", "Identifier."),
        text_field("title", "Title."),
        text_field("short_name", "Short name."),
        text_field("city", "City."),
        Field(
            "country",
            "string",
            "ISO 3166-1 alpha-2 code.",
            lambda event: event.country.code or None,
        ),
        Field("starts_on", "date", "First day.", attribute("starts_on")),
        Field("ends_on", "date", "Last day.", attribute("ends_on")),
        text_field("time_zone", "IANA time zone of the place."),
        text_field("summary", "Summary."),
        Field(
            "organisers",
            "string",
            "Slugs of the organising institutions.",
            slugs_of("organisers"),
            is_list=True,
        ),
        Field(
            "participants_count",
            "integer",
            "Reported participants.",
            attribute("participants_count"),
        ),
        Field(
            "countries_count",
            "integer",
            "Reported countries.",
            attribute("countries_count"),
        ),
        Field(
            "is_example",
            "boolean",
            "Demo content, not a real event.",
            attribute("is_example"),
        ),
        url_field(),
    ),
)

SESSIONS = Resource(
    name="sessions",
    title=gettext_noop("Sessions"),
    description=gettext_noop("The programme of each event."),
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
        Field("id", "string", "Identifier: event slug / session slug.", session_id),
        Field("event", "string", "Slug of the event.", slug_of("event")),
        text_field("slug", "Slug, unique within the event."),
        text_field("kind", "Format of the session."),
        text_field("title", "Title."),
        text_field("description", "Description (Markdown)."),
        Field("starts_at", "datetime", "Start (UTC).", attribute("starts_at")),
        Field("ends_at", "datetime", "End (UTC).", attribute("ends_at")),
        text_field("place", "Room or place."),
        Field("dimension", "string", "Slug of its KS dimension.", slug_of("dimension")),
        url_field(),
    ),
)

SPEAKERS = Resource(
    name="speakers",
    title=gettext_noop("Speakers"),
    description=gettext_noop("Who spoke in each session, as the programme shows them."),
    rows=lambda: Speaker.objects.select_related(
        "session__event", "institution"
    ).order_by("pk"),
    primary_key="id",
    fields=(
        Field("id", "integer", "Identifier.", attribute("pk")),
        Field(
            "session",
            "string",
            "The session: event slug / session slug.",
            lambda speaker: session_id(speaker.session),
        ),
        text_field("name", "Name."),
        text_field("position", "Position."),
        Field(
            "institution", "string", "Slug of the institution.", slug_of("institution")
        ),
    ),
)

DOCUMENTS = Resource(
    name="documents",
    title=gettext_noop("Documents"),
    description=gettext_noop(
        "Outcome documents, reports and presentations of the events."
    ),
    rows=lambda: (
        Document.objects.select_related("event", "session", "original")
        .defer("search_vector")
        .order_by("pk")
    ),
    fields=(
        text_field("slug", "Identifier."),
        text_field("title", "Title."),
        text_field("kind", "Kind of document."),
        Field("date", "date", "Date of the document.", attribute("date")),
        text_field("language", "Language code (ISO 639-1)."),
        Field("event", "string", "Slug of the event.", slug_of("event")),
        Field(
            "session",
            "string",
            "The session: event slug / session slug.",
            lambda document: document.session and session_id(document.session),
        ),
        Field(
            "original",
            "string",
            "Slug of the document it translates.",
            slug_of("original"),
        ),
        Field(
            "text_is_summary",
            "boolean",
            "True when the text summarises the document rather than giving it.",
            attribute("text_is_summary"),
        ),
        text_field("text", "Text of the document, or its summary (Markdown)."),
        text_field("content_type", "Media type of the file."),
        url_field(),
    ),
)

POSTS = Resource(
    name="posts",
    title=gettext_noop("Blog posts"),
    description=gettext_noop("Published blog posts."),
    rows=lambda: (
        Post.objects.published()
        .select_related("event")
        .defer("search_vector", "event__body", "event__search_vector")
        .order_by("pk")
    ),
    fields=(
        text_field("slug", "Identifier."),
        text_field("title", "Title."),
        text_field("summary", "Summary."),
        text_field("body", "Body (Markdown)."),
        text_field("language", "Language code (ISO 639-1)."),
        Field("event", "string", "Slug of the event it reports on.", slug_of("event")),
        Field(
            "published_at", "datetime", "Publication (UTC).", attribute("published_at")
        ),
        url_field(),
    ),
)

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
