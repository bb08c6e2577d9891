"""Hard rules of the domain hold in the database itself, not only in forms."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction

from cases.models import CaseStory
from tests.factories import (
    CaseStoryFactory,
    EventFactory,
    FlagFactory,
    InstitutionFactory,
    MemberFactory,
    RegistrationFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_registration_is_unique_per_member_and_event():
    registration = RegistrationFactory()
    assert_rejected(
        lambda: RegistrationFactory(
            event=registration.event, member=registration.member
        )
    )


def test_flag_is_unique_per_member_and_comment():
    flag = FlagFactory()
    assert_rejected(lambda: FlagFactory(comment=flag.comment, member=flag.member))


@pytest.mark.parametrize(
    ("factory", "field"),
    [
        (CaseStoryFactory, "slug"),
        (InstitutionFactory, "slug"),
        (EventFactory, "slug"),
    ],
)
def test_slugs_are_unique(factory, field):
    existing = factory()
    assert_rejected(lambda: factory(**{field: getattr(existing, field)}))


def test_session_slug_is_unique_within_its_event_only():
    session = SessionFactory(slug="measuring-results")
    SessionFactory(slug="measuring-results")  # another event: allowed
    assert_rejected(
        lambda: SessionFactory(event=session.event, slug="measuring-results")
    )


def test_case_story_summary_is_limited_to_300_characters_by_the_database():
    story = CaseStoryFactory()
    with pytest.raises(DatabaseError), transaction.atomic():
        CaseStory.objects.filter(pk=story.pk).update(summary="x" * 301)


def test_published_case_story_needs_a_publication_date():
    assert_rejected(lambda: CaseStoryFactory(published_at=None))


def test_event_cannot_end_before_it_starts():
    event = EventFactory.build()
    assert_rejected(
        lambda: EventFactory(
            starts_on=event.starts_on, ends_on=event.starts_on.replace(year=2000)
        )
    )


def test_member_factory_gives_a_verified_member():
    member = MemberFactory()
    assert member.emailaddress_set.get().verified
