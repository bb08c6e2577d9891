"""A private space's topics never leak: every path a topic could take out."""

import json

import pytest

from comments.models import Comment
from discussions.models import Membership, Space
from discussions.services import refresh_search_vector
from members.services import export_member_data
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquorum"


@pytest.fixture
def secret():
    """A topic in a private working group, with a reply; and an insider."""
    group = factories.SpaceFactory(access=Space.Access.PRIVATE, slug="secret-group")
    insider = factories.MemberFactory(username="insider")
    factories.MembershipFactory(space=group, member=insider)
    topic = factories.TopicFactory(
        space=group, author=insider, title=f"{SECRET} planning", slug="planning"
    )
    topic.tags.add(SECRET.lower())
    refresh_search_vector(topic=topic)
    reply = factories.CommentFactory(target=topic, author=insider, body=f"{SECRET}!")
    return topic, reply, insider


def test_topic_page_not_found_for_outsiders(client, secret):
    topic, _reply, _insider = secret
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(factories.MemberFactory())
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get("/discussions/secret-group/").status_code == 404


def test_topic_page_for_admitted_members_and_space_moderators(client, secret):
    topic, _reply, insider = secret
    client.force_login(insider)
    assert client.get(topic.get_absolute_url()).status_code == 200
    keeper = factories.MemberFactory()
    factories.MembershipFactory(
        space=topic.space, member=keeper, role=Membership.Role.MODERATOR
    )
    client.force_login(keeper)
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_lists_hide_private_topics_from_outsiders(client, secret):
    _topic, _reply, insider = secret
    assert SECRET not in client.get("/discussions/").text
    assert SECRET not in client.get("/discussions/?space=secret-group").text
    assert SECRET not in client.get(f"/discussions/?tag={SECRET.lower()}").text
    client.force_login(factories.MemberFactory())
    assert SECRET not in client.get("/discussions/").text
    client.force_login(insider)
    assert SECRET in client.get("/discussions/").text


def test_an_insiders_list_is_never_served_to_an_outsider(client, secret):
    """The rows of a list are kept, and their SQL too, per what the reader may
    see: an outsider asking the address an insider asked gets their own."""
    _topic, _reply, insider = secret
    client.force_login(insider)
    for address in ("/discussions/", "/discussions/?page=1&sort=new"):
        assert SECRET in client.get(address).text
    client.force_login(factories.MemberFactory())
    for address in ("/discussions/", "/discussions/?page=1&sort=new"):
        assert SECRET not in client.get(address).text


def test_site_search_never_finds_private_topics(client, secret):
    _topic, _reply, insider = secret
    client.force_login(insider)  # not even for a member of the space
    response = client.get(f"/search/?q={SECRET}")
    assert "/discussions/secret-group/" not in response.text
    assert f"{SECRET} planning" not in response.text


def test_site_search_finds_open_topics(client):
    topic = factories.TopicFactory(title="Quorumsensing in open space")
    assert topic.get_absolute_url() in client.get("/search/?q=Quorumsensing").text


def test_private_space_has_no_feed(client, secret):
    _topic, _reply, insider = secret
    client.force_login(insider)
    assert client.get("/discussions/secret-group/feed/").status_code == 404


def test_sitemap_leaves_private_topics_out(client, secret):
    factories.TopicFactory(slug="open-question")
    text = client.get("/sitemap.xml").text
    assert "open-question" in text
    assert "secret-group" not in text


def test_export_of_other_members_holds_no_private_topic(secret):
    topic, _reply, insider = secret
    other = factories.MemberFactory()
    factories.CommentFactory(target=factories.TopicFactory(), author=other)
    assert SECRET not in json.dumps(export_member_data(user=other))
    own = export_member_data(user=insider)
    assert own["topics"][0]["title"] == topic.title


def test_json_ld_only_on_public_topics(client, secret):
    topic, _reply, insider = secret
    client.force_login(insider)
    assert "application/ld+json" not in client.get(topic.get_absolute_url()).text
    public = factories.TopicFactory()
    page = client.get(public.get_absolute_url()).text
    assert "DiscussionForumPosting" in page


def test_home_and_profile_leave_private_replies_out(client, secret):
    _topic, _reply, _insider = secret
    assert SECRET not in client.get("/").text
    assert SECRET not in client.get("/members/insider/").text


def test_comment_forms_on_private_replies_not_found_for_outsiders(client, secret):
    _topic, reply, _insider = secret
    client.force_login(factories.MemberFactory())
    assert client.get(f"/comments/{reply.pk}/reply/").status_code == 404
    assert client.get(f"/comments/{reply.pk}/flag/").status_code == 404
    response = client.post(
        "/comments/post/",
        {
            "target": "discussions.topic",
            "object_id": reply.object_id,
            "body": "Let me in.",
            "submission_key": "7f0b3a3e-4c7b-4c1e-9d8a-2f8f4b1d3c11",
        },
    )
    assert response.status_code == 404
    assert Comment.objects.count() == 1


def test_similar_topics_never_point_into_private_spaces(client, secret):
    public = factories.TopicFactory(title=f"{SECRET} in the open")
    context = client.get(public.get_absolute_url()).context
    assert context["similar_topics"] == []


def test_deleting_an_account_keeps_published_topics_and_drops_pending():
    author = factories.MemberFactory()
    kept = factories.TopicFactory(author=author)
    factories.TopicFactory(author=author, status="pending")
    from members.services import delete_account

    delete_account(user=author)
    kept.refresh_from_db()
    assert kept.author is None
    assert kept.space.topics.count() == 1
