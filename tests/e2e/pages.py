"""Every page type of the portal, as the browser tests visit it.

Paths come from the demo content (and a little moderation work made for the
desk), so they are resolved at run time; the names are fixed for parametrize.
"""

from dataclasses import dataclass

from django.db.models import Count
from django.urls import reverse

from assessment.models import Assessment
from blog.models import Post
from cases.models import CaseStory, Correction, Dimension
from discussions.models import Topic
from events.models import Document, Event
from exchanges.models import Exchange, KnowledgeOffer, KnowledgeRequest
from members.models import Institution, User
from notifications.tokens import unsubscribe_token
from taxonomy.models import Theme

MEMBER = "member"
# An old Ning address marked as gone (made in the page_types fixture).
GONE_NING_ADDRESS = "/group/a-retired-group"
MODERATOR = "moderator"


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    user: str | None = None  # MEMBER or MODERATOR: visited signed in
    submit: str | None = None  # a button pressed with the form left empty
    status: int = 200


PAGE_NAMES = [
    "home",
    "case-list-filtered",
    "event-list",
    "blog-list",
    "member-list",
    "institution-list",
    "search",
    "case-story",
    "case-story-member",
    "event",
    "session",
    "document",
    "open-data",
    "post-member",
    "member-profile",
    "institution",
    "sign-up",
    "sign-up-errors",
    "sign-in",
    "case-form-errors",
    "contact-errors",
    "me",
    "notification-preferences",
    "unsubscribe",
    "moderation-desk",
    "flagged-comments",
    "audit-log",
    "moderation-exchanges",
    "exchange-list",
    "knowledge-request",
    "knowledge-offer",
    "exchange",
    "discussions",
    "space",
    "topic",
    "topic-member",
    "topic-form-errors",
    "assessment",
    "assessment-draft-errors",
    "assessment-result",
    "assessment-benchmark",
    "institution-assessments",
    "institution-assessments-public",
    "recorded-searches",
    "case-history",
    "post-history",
    "suggest-correction",
    "correction-review",
    "due-for-review",
    "broken-links",
    "impact",
    "impact-flows",
    "institution-impact",
    "themes-desk",
    "theme-desk",
    "translations-desk",
    "case-list-theme",
    "case-story-version-member",
    "institution-members",
    "institution-edit",
    "not-found",
    "ning-gone",
]


def _taxonomy_pages() -> list[PageType]:
    """The desk's themes and translations, and a theme shared by stories in two
    languages, with the Spanish version of a story (from the demo's taxonomy)."""
    version = CaseStory.objects.published().exclude(translation_of=None)
    version = version.order_by("pk").first()
    theme = Theme.objects.get(slug="disaster-risk-management")
    return [
        PageType("themes-desk", "/moderation/themes/", user=MODERATOR),
        PageType("theme-desk", f"/moderation/themes/{theme.pk}/", user=MODERATOR),
        PageType("translations-desk", "/moderation/translations/", user=MODERATOR),
        PageType("case-list-theme", theme.get_absolute_url()),
        PageType("case-story-version-member", version.get_absolute_url(), user=MEMBER),
    ]


def resolve_page_types(*, member_email: str) -> dict[str, PageType]:
    story = CaseStory.objects.published().order_by("-published_at", "pk").first()
    dimension = (
        story.dimensions.order_by("position").first() or Dimension.objects.first()
    )
    event = (
        Event.objects.annotate(session_count=Count("sessions"))
        .order_by("-session_count", "pk")
        .first()
    )
    session = event.sessions.order_by("starts_at", "pk").first()
    post = Post.objects.published().order_by("pk").first()
    member = User.objects.select_related("profile").get(email=member_email)
    institution = (
        Institution.objects.verified()
        .annotate(story_count=Count("led_case_stories"))
        .order_by("-story_count", "pk")
        .first()
    )
    knowledge_request = KnowledgeRequest.objects.listed().order_by("pk").first()
    knowledge_offer = KnowledgeOffer.objects.listed().order_by("pk").first()
    exchange = Exchange.objects.completed().order_by("pk").first()
    topic = Topic.objects.public().select_related("space").order_by("pk").first()
    space = topic.space
    draft = Assessment.objects.drafts().get(filled_by=member)
    result = Assessment.objects.submitted().filter(institution=draft.institution)
    result = result.order_by("-submitted_at").first()
    # The institution that shows the most assessments to everyone (FOSIS, twice).
    shown = (
        Institution.objects.filter(
            assessments__status="submitted", assessments__visibility="public"
        )
        .annotate(shown=Count("assessments"))
        .order_by("-shown", "pk")
        .first()
    )
    correction = Correction.objects.select_related("case_story").order_by("pk").first()
    corrected = correction.case_story.get_absolute_url()
    pages = [
        PageType("home", "/"),
        PageType("case-list-filtered", f"/cases/?dimension={dimension.slug}"),
        PageType("event-list", "/events/"),
        PageType("blog-list", "/blog/"),
        PageType("member-list", "/members/"),
        PageType("institution-list", "/institutions/"),
        PageType("search", "/search/?q=knowledge"),
        PageType("case-story", story.get_absolute_url()),
        PageType("case-story-member", story.get_absolute_url(), user=MEMBER),
        PageType("event", event.get_absolute_url()),
        PageType("session", session.get_absolute_url()),
        PageType(
            "document", Document.objects.order_by("pk").first().get_absolute_url()
        ),
        PageType("open-data", "/data/"),
        PageType("post-member", post.get_absolute_url(), user=MEMBER),
        PageType("member-profile", member.profile.get_absolute_url()),
        PageType("institution", institution.get_absolute_url()),
        PageType("sign-up", "/accounts/signup/"),
        PageType("sign-up-errors", "/accounts/signup/", submit="Join"),
        PageType("sign-in", "/accounts/login/"),
        PageType(
            "case-form-errors",
            "/cases/new/",
            user=MEMBER,
            submit="Submit for review",
            status=400,
        ),
        PageType("contact-errors", "/contact/", submit="Send message", status=400),
        PageType("me", "/me/", user=MEMBER),
        PageType("notification-preferences", "/me/notifications/", user=MEMBER),
        PageType(
            "unsubscribe",
            reverse(
                "notifications:unsubscribe",
                args=[unsubscribe_token(member_id=member.pk, kind="comments")],
            ),
        ),
        PageType("moderation-desk", "/moderation/", user=MODERATOR),
        PageType("flagged-comments", "/moderation/comments/", user=MODERATOR),
        PageType("audit-log", "/moderation/audit/", user=MODERATOR),
        PageType("moderation-exchanges", "/moderation/exchanges/", user=MODERATOR),
        PageType("exchange-list", "/exchange/"),
        PageType("knowledge-request", knowledge_request.get_absolute_url()),
        PageType("knowledge-offer", knowledge_offer.get_absolute_url(), user=MEMBER),
        PageType("exchange", exchange.get_absolute_url()),
        PageType("discussions", "/discussions/"),
        PageType("space", space.get_absolute_url()),
        PageType("topic", topic.get_absolute_url()),
        PageType("topic-member", topic.get_absolute_url(), user=MEMBER),
        PageType(
            "topic-form-errors",
            f"{space.get_absolute_url()}new/",
            user=MEMBER,
            submit="Start the topic",
            status=400,
        ),
        PageType("assessment", "/assessment/"),
        PageType(
            "assessment-draft-errors",
            draft.get_absolute_url(),
            user=MEMBER,
            submit="Submit the assessment",
            status=400,
        ),
        PageType("assessment-result", result.get_absolute_url(), user=MEMBER),
        PageType("assessment-benchmark", "/assessment/benchmark/"),
        PageType(
            "institution-assessments",
            f"/institutions/{draft.institution.slug}/assessments/",
            user=MEMBER,
        ),
        PageType(
            "institution-assessments-public", f"/institutions/{shown.slug}/assessments/"
        ),
        PageType("recorded-searches", "/moderation/searches/", user=MODERATOR),
        PageType("case-history", f"{corrected}history/"),
        PageType("post-history", f"{post.get_absolute_url()}history/"),
        PageType("suggest-correction", f"{corrected}suggest/", user=MEMBER),
        PageType("correction-review", correction.get_absolute_url(), user=MODERATOR),
        PageType("due-for-review", "/moderation/reviews/", user=MODERATOR),
        PageType("broken-links", "/moderation/links/", user=MODERATOR),
        PageType("impact", "/impact/"),
        PageType("impact-flows", "/impact/flows/?region=latin-america-caribbean"),
        PageType("institution-impact", f"/institutions/{institution.slug}/impact/"),
        *_taxonomy_pages(),
        # A site-wide moderator may do what an institution's editors do.
        PageType(
            "institution-members",
            f"/institutions/{draft.institution.slug}/members/",
            user=MODERATOR,
        ),
        PageType(
            "institution-edit",
            f"/institutions/{draft.institution.slug}/edit/",
            user=MODERATOR,
        ),
        PageType("not-found", "/no-such-page/", status=404),
        PageType("ning-gone", GONE_NING_ADDRESS, status=410),
    ]
    resolved = {page.name: page for page in pages}
    assert list(resolved) == PAGE_NAMES
    return resolved
