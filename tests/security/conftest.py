"""A small world with one object in every state, and a signed-in client per role."""

from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import Client
from hypothesis import settings as hypothesis_settings

from comments.models import Comment
from discussions.models import Space
from members.models import Institution
from moderation.models import ContactMessage
from ning.models import ImportedItem, Redirect
from tests import factories

ROLES = (
    "visitor",
    "unverified",
    "member",
    "other",
    "moderator",
    "staff",
    "editor",  # an editor of the verified institution, which leads every story
    "scoped",  # a moderator scoped to "measuring results", every story's dimension
)
CASE_STATES = ("draft", "submitted", "published", "rejected")
MEASURING = "measuring-results"


@dataclass
class World:
    users: dict = field(default_factory=dict)
    cases: dict = field(default_factory=dict)
    posts: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    event: object = None
    institution: object = None
    proposed_institution: object = None
    message: object = None
    attachments: dict = field(default_factory=dict)
    thread: object = None
    listings: dict = field(default_factory=dict)
    topics: dict = field(default_factory=dict)
    assessments: dict = field(default_factory=dict)
    adoption: object = None
    correction: object = None
    broken_link: object = None
    broken_link_on_story: object = None


def build_world() -> World:
    world = World()
    author = factories.MemberFactory(username="author")
    world.users = {
        "visitor": None,
        "unverified": factories.UserFactory(username="unverified"),
        "member": author,
        "other": factories.MemberFactory(username="other"),
        "moderator": factories.ModeratorFactory(username="moderator"),
        "staff": factories.MemberFactory(
            username="staff", is_staff=True, is_superuser=True
        ),
    }
    world.institution = factories.InstitutionFactory(slug="verified-institution")
    world.users["editor"] = factories.InstitutionEditorFactory(
        username="editor", profile__institution=world.institution
    )
    world.users["scoped"] = factories.ScopedModeratorFactory(
        username="scoped", scope=("dimension", MEASURING)
    )
    for state in CASE_STATES:
        dates = {} if state == "published" else {"published_at": None}
        world.cases[state] = factories.CaseStoryFactory(
            slug=f"case-{state}",
            status=state,
            author=author,
            lead_institution=world.institution,
            dimensions=[factories.DimensionFactory()],
            **dates,
        )
        world.posts[state] = factories.PostFactory(
            slug=f"post-{state}", status=state, author=author, **dates
        )
    published = world.cases["published"]
    world.comments["visible"] = factories.CommentFactory(
        target=published, author=author, body="A visible comment."
    )
    world.comments["hidden"] = factories.CommentFactory(
        target=published,
        author=author,
        body="A hidden comment.",
        status=Comment.Status.HIDDEN,
    )
    factories.FlagFactory(
        comment=world.comments["visible"], member=world.users["other"]
    )
    world.event = factories.EventFactory(slug="meeting")
    world.document = factories.DocumentFactory(
        event=world.event, slug="communique", text="What was agreed."
    )
    factories.RegistrationFactory(event=world.event, member=world.users["other"])
    world.proposed_institution = Institution.objects.create(
        name="Proposed institute",
        slug="proposed-institute",
        country="KR",
        kind=Institution.Kind.GOVERNMENT,
        verified=False,
        proposed_by=author,
    )
    build_assessments(world)
    world.message = ContactMessage.objects.create(
        name="Someone", email="someone@example.org", subject="Hello", body="Hi."
    )
    world.topics = build_discussions(author, world.users["other"])
    _knowledge_exchange(world)
    _adoption(world)
    _curation(world)
    _ning_addresses(world)
    return world


def _curation(world: World) -> None:
    """A correction "other" suggests to the published story; a dead link found
    nowhere the scoped moderator covers, and one found in the published story."""
    from django.utils import timezone

    from cases.models import Correction
    from moderation.models import BrokenLink, BrokenLinkPlace

    published = world.cases["published"]
    world.correction = Correction.objects.create(
        case_story=published,
        proposer=world.users["other"],
        proposed={"summary": "A corrected summary."},
        original={"summary": published.summary},
    )
    world.broken_link = BrokenLink.objects.create(
        url="https://gone.example.org/page",
        host="gone.example.org",
        status_code=404,
        last_checked_at=timezone.now(),
    )
    world.broken_link_on_story = BrokenLink.objects.create(
        url="https://gone.example.org/story-source",
        host="gone.example.org",
        status_code=404,
        last_checked_at=timezone.now(),
        found_on=[{"label": "Case story", "title": published.title, "url": ""}],
    )
    BrokenLinkPlace.objects.create(
        link=world.broken_link_on_story,
        content_type=ContentType.objects.get_for_model(published),
        object_id=published.pk,
    )


def _ning_addresses(world: World) -> None:
    """Old Ning addresses of a published and a draft post, a member, a visible and
    a hidden comment, and one a moderator marked as gone."""
    author = world.users["member"]
    kind = ImportedItem.Kind
    for record_kind, ning_id, path, target in (
        (
            kind.BLOG_POST,
            "1:BlogPost:1",
            "/profiles/blogs/post-published",
            world.posts["published"],
        ),
        (
            kind.BLOG_POST,
            "1:BlogPost:2",
            "/profiles/blogs/post-draft",
            world.posts["draft"],
        ),
        (kind.COMMENT, "1:Comment:8", "", world.comments["visible"]),
        (kind.COMMENT, "1:Comment:9", "", world.comments["hidden"]),
        (kind.MEMBER, "author", "/profile/author", author),
    ):
        ImportedItem.objects.create(
            kind=record_kind,
            ning_id=ning_id,
            content_type=ContentType.objects.get_for_model(target),
            object_id=target.pk,
            ning_path=path,
        )
    Redirect.objects.create(old_path="/group/closed-group")


def build_discussions(author, other) -> dict:
    """An open and a pending topic in "Measuring results"; three private working
    groups where the author is admitted and "other" is outside, admitted, or the
    space's moderator."""
    measuring = Space.objects.get(slug="measuring-results")
    topics = {
        "open": factories.TopicFactory(
            space=measuring, slug="open-topic", author=author
        ),
        "pending": factories.TopicFactory(
            space=measuring, slug="pending-topic", author=author, status="pending"
        ),
    }
    for name, role in (
        ("outside", None),
        ("member", "member"),
        ("moderated", "moderator"),
    ):
        space = factories.SpaceFactory(slug=f"private-{name}", access="private")
        factories.MembershipFactory(space=space, member=author)
        if role:
            factories.MembershipFactory(space=space, member=other, role=role)
        topics[name] = factories.TopicFactory(space=space, slug="inside", author=author)
    return topics


def _knowledge_exchange(world: World) -> None:
    """The author speaks for the verified institution, the other member for
    another; a request and an offer of each kind of state, a private thread the
    other member is not in, and an agreed and a completed exchange."""
    from django.utils import timezone

    from exchanges.models import Exchange, ExchangeParty, Thread

    author, other = world.users["member"], world.users["other"]
    theirs = factories.InstitutionFactory(slug="other-institution")
    third = factories.InstitutionFactory(slug="third-institution")
    for user, institution in ((author, world.institution), (other, theirs)):
        user.profile.institution = institution
        user.profile.save(update_fields=["institution"])
    dimension = factories.DimensionFactory()
    mine = {"institution": world.institution, "contact": author}
    request = factories.KnowledgeRequestFactory(
        slug="request-open", dimensions=[dimension], **mine
    )
    world.listings = {
        "request_open": request,
        "request_hidden": factories.KnowledgeRequestFactory(
            slug="request-hidden", hidden=True, **mine
        ),
        "request_held": factories.KnowledgeRequestFactory(
            slug="request-held", awaiting_review=True, **mine
        ),
        "offer_open": factories.KnowledgeOfferFactory(
            slug="offer-open", dimensions=[dimension], **mine
        ),
    }
    factories.KnowledgeOfferFactory(
        slug="offer-other", institution=theirs, contact=other, dimensions=[dimension]
    )
    helper = factories.MemberFactory(username="helper")
    world.thread = Thread.objects.create(
        request=request, seeker=world.institution, provider=third, started_by=helper
    )
    world.thread.participants.add(author, helper)
    world.thread.messages.create(author=helper, body="We can help.")
    for slug, status in (("exchange-agreed", "agreed"), ("exchange-done", "completed")):
        exchange = Exchange.objects.create(
            title=slug,
            slug=slug,
            modality="virtual",
            starts_on=timezone.localdate(),
            ends_on=timezone.localdate(),
            status=status,
            completed_at=timezone.now() if status == "completed" else None,
        )
        ExchangeParty.objects.create(
            exchange=exchange, institution=world.institution, side="seeker"
        )
        ExchangeParty.objects.create(
            exchange=exchange, institution=theirs, side="provider"
        )


def build_assessments(world: World) -> None:
    """The author answers for the verified institution: its draft, and a submitted
    assessment at each visibility."""
    author = world.users["member"]
    author.profile.institution = world.institution
    author.profile.save(update_fields=["institution"])
    world.assessments["draft"] = factories.AssessmentFactory(
        institution=world.institution, filled_by=author
    )
    for visibility in ("private", "members", "public"):
        world.assessments[visibility] = factories.submitted_assessment(
            institution=world.institution, visibility=visibility, filled_by=author
        )


@pytest.fixture
def world(db):
    return build_world()


class RoleClients:
    """One client per role, signed in once; cookies are restored after each request
    so a request that signs out (account deletion) does not affect the next."""

    def __init__(self, users: dict, **client_kwargs):
        self.clients = {}
        self.cookies = {}
        for role, user in users.items():
            client = Client(**client_kwargs)
            if user is not None:
                client.force_login(user)
            self.clients[role] = client
            self.cookies[role] = client.cookies.output(header="", sep=";")

    def request(self, role: str, method: str, path: str, data=None, **extra):
        client = self.clients[role]
        client.cookies = SimpleCookie(self.cookies[role])
        cache.clear()  # rate-limit windows from earlier requests do not carry over
        send = getattr(client, method.lower())
        return send(path, data or {}, **extra)


@pytest.fixture
def role_clients(world):
    return RoleClients(world.users)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06"
    b"\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05"
    b"\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def attachments(world, media):
    """A PNG attached to the draft and to the published story; their addresses."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from cases.models import Attachment

    for state in ("draft", "published"):
        case = world.cases[state]
        attachment = Attachment(
            case_story=case,
            token=f"token{state}",
            original_name="pixel.png",
            content_type="image/png",
            size=len(PNG),
        )
        attachment.file.save("pixel.png", SimpleUploadedFile("pixel.png", PNG))
        world.attachments[state] = f"/cases/{case.slug}/attachments/{attachment.token}/"
    return world.attachments


def close_response(response) -> None:
    """Close a (file) response without closing the test's database connection, as
    the test client does for streamed responses."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


# Hypothesis keeps no example store in the working tree.
hypothesis_settings.register_profile("kshub-security", database=None)
hypothesis_settings.load_profile("kshub-security")


def _adoption(world: World) -> None:
    """The other member's institution adapted the published story."""
    other = world.users["other"]
    world.adoption = factories.AdoptionFactory(
        case_story=world.cases["published"],
        institution=other.profile.institution,
        author=other,
    )
