"""The discussion pages are rendered once per content version for every reader
who sees the same topics (``discussions.pages``): what one reader's copy holds
never reaches another, and a change shows at once."""

import uuid

import pytest

from discussions import services
from discussions.models import Membership, Space, Topic
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    """A private space with a topic, and a member admitted to it."""
    space = factories.SpaceFactory(access=Space.Access.PRIVATE, slug="inner-circle")
    insider = factories.MemberFactory()
    factories.MembershipFactory(space=space, member=insider)
    factories.TopicFactory(space=space, title="Whispered results framework")
    return space, insider


def _reads(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.text


def test_unread_markers_are_each_members_own(client):
    topic = factories.TopicFactory(title="Indicators for learning")
    reader, newcomer = factories.MemberFactory(), factories.MemberFactory()
    client.force_login(reader)
    client.get(topic.get_absolute_url())
    assert "new for you" not in _reads(client, reader, "/discussions/")
    assert "new for you" in _reads(client, newcomer, "/discussions/")
    assert "new for you" not in _reads(client, reader, "/discussions/")
    client.logout()
    assert "new for you" not in client.get("/discussions/").text


def test_a_reply_marks_the_topic_unread_again_and_moves_it_up(client, member):
    topic = factories.TopicFactory(title="Older question")
    factories.TopicFactory(title="Newer question")
    client.force_login(member)
    client.get(topic.get_absolute_url())
    page = _reads(client, member, "/discussions/")
    assert page.index("Newer question") < page.index("Older question")
    client.force_login(factories.MemberFactory())
    client.post(
        "/comments/post/",
        {
            "target": "discussions.topic",
            "object_id": topic.pk,
            "body": "We used a theory of change.",
            "submission_key": uuid.uuid4(),
        },
    )
    page = _reads(client, member, "/discussions/")
    assert page.index("Older question") < page.index("Newer question")
    assert "1 reply" in page
    assert "new for you" in page[: page.index("Newer question")]


def test_a_new_topic_shows_at_once_on_cached_lists(client, member, measuring_space):
    _reads(client, member, "/discussions/")
    _reads(client, member, measuring_space.get_absolute_url())
    factories.TopicFactory(space=measuring_space, title="Fresh monitoring question")
    assert "Fresh monitoring question" in _reads(client, member, "/discussions/")
    space_page = _reads(client, member, measuring_space.get_absolute_url())
    assert "Fresh monitoring question" in space_page


@pytest.fixture
def measuring_space():
    return Space.objects.get(slug="measuring-results")


def test_private_topics_never_reach_a_shared_copy(client, group):
    _space, insider = group
    outsider = factories.MemberFactory()
    assert "Whispered" in _reads(client, insider, "/discussions/")
    assert "Whispered" not in _reads(client, outsider, "/discussions/")
    client.logout()
    assert "Whispered" not in client.get("/discussions/").text
    # The outsider read the list first this time: the insider still sees theirs.
    factories.TopicFactory(title="A change to the content")
    assert "Whispered" not in _reads(client, outsider, "/discussions/")
    assert "Whispered" in _reads(client, insider, "/discussions/")


def test_a_removed_member_loses_the_space_at_once(client, group, moderator):
    space, insider = group
    assert "Whispered" in _reads(client, insider, "/discussions/")
    assert "Whispered" in _reads(client, insider, space.get_absolute_url())
    services.remove_member(space=space, member=insider, moderator=moderator)
    assert "Whispered" not in _reads(client, insider, "/discussions/")
    client.force_login(insider)
    assert client.get(space.get_absolute_url()).status_code == 404


def test_similar_topics_on_a_topic_page_follow_the_reader(client, group):
    _space, insider = group
    topic = factories.TopicFactory(title="Whispered framework in the open")
    Topic.objects.update(search_vector=None)
    for each in Topic.objects.all():
        services.refresh_search_vector(topic=each)
    url = topic.get_absolute_url()
    assert "Whispered results framework" in _reads(client, insider, url)
    outsider = factories.MemberFactory()
    assert "Whispered results framework" not in _reads(client, outsider, url)


def test_waiting_topics_reach_moderators_and_their_author_only(
    client, measuring_space, moderator
):
    author, reader = factories.MemberFactory(), factories.MemberFactory()
    factories.TopicFactory(
        space=measuring_space, author=author, title="Waiting question", status="pending"
    )
    url = measuring_space.get_absolute_url()
    assert "Waiting question" in _reads(client, moderator, url)
    assert "Waiting for review" in _reads(client, moderator, url)
    assert "Waiting question" not in _reads(client, reader, url)
    assert "Waiting question" in _reads(client, author, url)
    assert "Waiting question" not in _reads(client, reader, url)


def test_space_moderators_see_the_members_link_others_do_not(client, group):
    space, insider = group
    keeper = factories.MemberFactory()
    factories.MembershipFactory(
        space=space, member=keeper, role=Membership.Role.MODERATOR
    )
    assert "Members of this space" not in _reads(
        client, insider, space.get_absolute_url()
    )
    assert "Members of this space" in _reads(client, keeper, space.get_absolute_url())
    assert "Members of this space" not in _reads(
        client, insider, space.get_absolute_url()
    )
