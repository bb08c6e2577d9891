"""factory_boy factories for every model; tests build just the data they need."""

import datetime
from importlib import import_module

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from factory.django import DjangoModelFactory

from assessment.models import Assessment, DimensionResult
from blog.models import Post
from cases.models import CaseStory, Dimension
from comments.models import Comment, Flag
from discussions.models import Membership, Space, Topic
from events.models import Document, Event, Registration, Session, Speaker
from members.models import (
    MODERATORS_GROUP,
    Institution,
    ModeratorScope,
    Profile,
    User,
)
from taxonomy.services import link_tags

PASSWORD = "correct-horse-battery-staple"


class InstitutionFactory(DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institution {n}")
    acronym = factory.Sequence(lambda n: f"I{n}")
    slug = factory.Sequence(lambda n: f"institution-{n}")
    country = "KR"
    kind = Institution.Kind.GOVERNMENT
    verified = True


class UserFactory(DjangoModelFactory):
    """An unverified account with a profile; see MemberFactory for a verified one."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password(PASSWORD)
    profile = factory.RelatedFactory(
        "tests.factories.ProfileFactory",
        factory_related_name="user",
        display_name=factory.SelfAttribute("..username"),
    )


class ProfileFactory(DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory, profile=None)
    display_name = factory.Sequence(lambda n: f"Member {n}")
    country = "CL"


class MemberFactory(UserFactory):
    """A member whose e-mail address is verified: may comment, submit, register."""

    @factory.post_generation
    def verified_email(user, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=True
            )


def moderators_group() -> Group:
    """The Moderators group with the permissions its migration grants: put back
    when a test with transaction=True flushed the data migrations' rows."""
    from django.contrib.auth.models import Permission

    group, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if created:
        granted = import_module("moderation.migrations.0001_initial")
        for app_label, models in granted.MODERATOR_PERMISSIONS.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label, content_type__model__in=models
                )
            )
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="core", codename="view_auditentry"
            )
        )
    return group


class ModeratorFactory(MemberFactory):
    @factory.post_generation
    def moderator_group(user, create, extracted, **kwargs):
        if create:
            user.groups.add(moderators_group())


class InstitutionEditorFactory(MemberFactory):
    """Pass ``profile__institution``: a confirmed editor of that institution."""

    @factory.post_generation
    def editor_role(user, create, extracted, **kwargs):
        if create:
            Profile.objects.filter(user=user).update(
                institution_confirmed_at=timezone.now(), is_institution_editor=True
            )
            user.profile.refresh_from_db()


class ScopedModeratorFactory(MemberFactory):
    """A moderator within one scope: ``scope=(kind, key)``, by default the
    "measuring results" KS dimension."""

    @factory.post_generation
    def scope(user, create, extracted, **kwargs):
        if create:
            kind, key = extracted or ("dimension", "measuring-results")
            ModeratorScope.objects.create(member=user, kind=kind, key=key)


class DimensionFactory(DjangoModelFactory):
    """The ten dimensions exist from a migration; this fetches them by slug."""

    class Meta:
        model = Dimension
        django_get_or_create = ("slug",)

    slug = "measuring-results"
    name = "Measuring results"
    group = Dimension.Group.OPERATIONAL


class CaseStoryFactory(DjangoModelFactory):
    class Meta:
        model = CaseStory
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Case story {n}")
    slug = factory.Sequence(lambda n: f"case-story-{n}")
    summary = "How an institution learnt to share what worked."
    context = "The context."
    challenge = "The challenge."
    solution = "The solution."
    results = "The results."
    lessons = "The lessons."
    lead_institution = factory.SubFactory(InstitutionFactory)
    countries = factory.LazyFunction(lambda: ["CL"])
    year = 2014
    status = CaseStory.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    author = factory.SubFactory(MemberFactory)

    @factory.post_generation
    def dimensions(case, create, extracted, **kwargs):
        if create and extracted:
            case.dimensions.add(*extracted)

    @factory.post_generation
    def tags(case, create, extracted, **kwargs):
        if create and extracted:
            case.tags.add(*extracted)
            link_tags(case.tags.all(), language=case.language)


class DraftCaseStoryFactory(CaseStoryFactory):
    status = CaseStory.Status.DRAFT
    published_at = None


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"High-Level Meeting {n}")
    short_name = factory.Sequence(lambda n: f"HLM{n}")
    slug = factory.Sequence(lambda n: f"hlm-{n}")
    city = "Seoul"
    country = "KR"
    time_zone = "Asia/Seoul"
    starts_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=60)
    )
    ends_on = factory.LazyAttribute(lambda e: e.starts_on + datetime.timedelta(days=2))
    summary = "Institutions meet to share knowledge."
    capacity = 100
    registration_open = True


class SessionFactory(DjangoModelFactory):
    class Meta:
        model = Session

    event = factory.SubFactory(EventFactory)
    slug = factory.Sequence(lambda n: f"session-{n}")
    kind = Session.Kind.ROUNDTABLE
    title = factory.Sequence(lambda n: f"Roundtable {n}")
    starts_at = factory.LazyAttribute(
        lambda s: datetime.datetime.combine(
            s.event.starts_on, datetime.time(9), tzinfo=datetime.UTC
        )
    )
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=1))
    place = "Room 1"


class SpeakerFactory(DjangoModelFactory):
    class Meta:
        model = Speaker

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")
    position = "Director"


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    event = factory.SubFactory(EventFactory)
    title = "Outcome document"
    slug = factory.Sequence(lambda n: f"outcome-document-{n}")
    kind = Document.Kind.OUTCOME


class RegistrationFactory(DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    member = factory.SubFactory(MemberFactory)
    status = Registration.Status.REGISTERED


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Post {n}")
    slug = factory.Sequence(lambda n: f"post-{n}")
    author = factory.SubFactory(MemberFactory)
    body = "A report from the meeting."
    status = Post.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment
        exclude = ["target"]

    target = factory.SubFactory(PostFactory)
    content_type = factory.LazyAttribute(
        lambda c: ContentType.objects.get_for_model(c.target)
    )
    object_id = factory.LazyAttribute(lambda c: c.target.pk)
    author = factory.SubFactory(MemberFactory)
    body = "Thank you for sharing."


class FlagFactory(DjangoModelFactory):
    class Meta:
        model = Flag

    comment = factory.SubFactory(CommentFactory)
    member = factory.SubFactory(MemberFactory)
    reason = Flag.Reason.SPAM


class IndexedCaseStoryFactory(CaseStoryFactory):
    """A published case story whose search vector is built, as the services do."""

    @factory.post_generation
    def search_index(case, create, extracted, **kwargs):
        if create:
            from cases.services import refresh_search_vector

            refresh_search_vector(case_story=case)


class KnowledgeRequestFactory(DjangoModelFactory):
    class Meta:
        model = "exchanges.KnowledgeRequest"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Learning to measure results {n}")
    slug = factory.Sequence(lambda n: f"request-{n}")
    summary = "We want to learn how to measure the results of our programmes."
    body = "What we want to learn, and why."
    institution = factory.SubFactory(InstitutionFactory)
    contact = factory.SubFactory(MemberFactory)
    countries = factory.LazyFunction(lambda: ["PK"])
    languages = factory.LazyFunction(lambda: ["en"])
    modalities = factory.LazyFunction(lambda: ["peer_workshop"])
    needed_by = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=90)
    )

    @factory.post_generation
    def dimensions(item, create, extracted, **kwargs):
        if create and extracted:
            item.dimensions.add(*extracted)

    @factory.post_generation
    def tags(item, create, extracted, **kwargs):
        if create and extracted:
            item.tags.add(*extracted)
            link_tags(item.tags.all(), language="en")


class KnowledgeOfferFactory(DjangoModelFactory):
    class Meta:
        model = "exchanges.KnowledgeOffer"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Monitoring and evaluation tools {n}")
    slug = factory.Sequence(lambda n: f"offer-{n}")
    summary = "We can share how we monitor and evaluate our programmes."
    body = "What we did and can share."
    institution = factory.SubFactory(InstitutionFactory)
    contact = factory.SubFactory(MemberFactory)
    countries = factory.LazyFunction(lambda: ["CL"])
    languages = factory.LazyFunction(lambda: ["en", "es"])
    modalities = factory.LazyFunction(lambda: ["peer_workshop", "virtual"])

    @factory.post_generation
    def dimensions(item, create, extracted, **kwargs):
        if create and extracted:
            item.dimensions.add(*extracted)

    @factory.post_generation
    def tags(item, create, extracted, **kwargs):
        if create and extracted:
            item.tags.add(*extracted)
            link_tags(item.tags.all(), language="en")


class SpaceFactory(DjangoModelFactory):
    """A space for a working group, open unless told otherwise."""

    class Meta:
        model = Space

    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    kind = Space.Kind.WORKING_GROUP
    access = Space.Access.OPEN
    description = "A space for a working group."


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    space = factory.SubFactory(SpaceFactory, access=Space.Access.PRIVATE)
    member = factory.SubFactory(MemberFactory)
    role = Membership.Role.MEMBER


class TopicFactory(DjangoModelFactory):
    """A published topic whose search vector is built, as start_topic does."""

    class Meta:
        model = Topic
        skip_postgeneration_save = True

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"A question about monitoring {n}")
    slug = factory.Sequence(lambda n: f"question-{n}")
    author = factory.SubFactory(MemberFactory)
    body = "Has anyone set up a results framework for a cash-transfer programme?"
    status = Topic.Status.PUBLISHED

    @factory.post_generation
    def search_index(topic, create, extracted, **kwargs):
        if create:
            from discussions.services import refresh_search_vector

            refresh_search_vector(topic=topic)


class AssessmentFactory(DjangoModelFactory):
    """A draft self-assessment; see submitted_assessment for one with scores."""

    class Meta:
        model = Assessment

    institution = factory.SubFactory(InstitutionFactory)
    version = "2026-1"


def submitted_assessment(
    *, institution=None, score: float = 2.0, scores: dict | None = None, **values
) -> Assessment:
    """A submitted assessment with the same score on every dimension, except those
    named in ``scores`` (dimension slug: score)."""
    values.setdefault("submitted_at", timezone.now())
    assessment = AssessmentFactory(
        institution=institution or InstitutionFactory(), status="submitted", **values
    )
    scores = scores or {}
    DimensionResult.objects.bulk_create(
        DimensionResult(
            assessment=assessment,
            dimension=dimension,
            score=scores.get(dimension.slug, score),
        )
        for dimension in Dimension.objects.all()
    )
    return assessment


def completed_exchange(
    *, provider, recipient, modality: str = "virtual", completed_at=None, **values
):
    """A completed exchange: ``provider`` shared with ``recipient``."""
    from exchanges.models import Exchange, ExchangeParty

    completed_at = completed_at or timezone.now()
    day = completed_at.date()
    exchange = Exchange.objects.create(
        title=values.pop("title", f"Exchange with {recipient.slug}"),
        slug=values.pop("slug", f"exchange-{provider.slug}-{recipient.slug}-{day}"),
        modality=modality,
        starts_on=day,
        ends_on=day,
        status="completed",
        completed_at=completed_at,
        **values,
    )
    ExchangeParty.objects.create(
        exchange=exchange, institution=provider, side="provider"
    )
    ExchangeParty.objects.create(
        exchange=exchange, institution=recipient, side="seeker"
    )
    return exchange


class AdoptionFactory(DjangoModelFactory):
    class Meta:
        model = "impact.Adoption"

    case_story = factory.SubFactory(CaseStoryFactory)
    institution = factory.SubFactory(InstitutionFactory, country="MX")
    author = factory.SubFactory(MemberFactory)
    note = "We took the **peer review** and it worked."
