import re
import uuid

import pytest
from django.urls import reverse

from comments.models import Comment
from discussions.models import Space, Topic
from tests import factories

pytestmark = pytest.mark.django_db

NEW = "/discussions/measuring-results/new/"


@pytest.fixture
def measuring():
    return Space.objects.get(slug="measuring-results")


def _topic_data(**overrides):
    return {
        "title": "Monitoring tools for a cash-transfer programme",
        "body": "Which tools do you use to follow results?",
        "tags": "monitoring, cash transfers",
        "language": "en",
        **overrides,
    }


def test_list_shows_topics_of_visible_spaces_with_counts(client, measuring):
    factories.TopicFactory(space=measuring, title="Indicators for learning")
    response = client.get("/discussions/")
    assert response.status_code == 200
    assert "Indicators for learning" in response.text
    # The aside counts the space's topics.
    assert re.search(
        rf'href="\?space={measuring.slug}">[^<]*</a> <span class="meta">\(1\)',
        response.text,
    )


def test_list_filters_space_unanswered_tag_language(client, measuring):
    answered = factories.TopicFactory(space=measuring, title="Answered question")
    answered.answer = factories.CommentFactory(target=answered)
    answered.save()
    other = factories.TopicFactory(title="Elsewhere question", language="es")
    other.tags.add("monitoring")
    page = client.get("/discussions/?space=measuring-results&unanswered=1").text
    assert "Answered question" not in page
    assert "Elsewhere question" not in page
    assert "Elsewhere question" in client.get("/discussions/?tag=monitoring").text
    assert "Answered question" not in client.get("/discussions/?language=es").text
    assert client.get("/discussions/?space=nope&page=999&tag=%00").status_code == 200


def test_list_queries_bounded(client, member, django_assert_num_queries):
    client.force_login(member)
    factories.TopicFactory.create_batch(3)
    client.get("/discussions/")
    factories.TopicFactory.create_batch(20)
    # Rendered anew: session+user, e-mail, what the member reads, spaces with
    # counts, count, the page with the member's visits.
    with django_assert_num_queries(6):
        client.get("/discussions/")
    # Kept: session+user, e-mail, visits (the unread markers).
    with django_assert_num_queries(3):
        client.get("/discussions/")


def test_space_page_queries_bounded(
    client, member, measuring, django_assert_num_queries
):
    client.force_login(member)
    factories.TopicFactory.create_batch(25, space=measuring)
    # session+user, space, e-mail, what the member reads, count, the page with
    # the member's visits.
    with django_assert_num_queries(6):
        response = client.get("/discussions/measuring-results/")
    assert response.status_code == 200
    assert response.text.count('class="card topic-row"') == 20
    with django_assert_num_queries(3):
        client.get("/discussions/measuring-results/")


def _titles(page: str, *titles: str) -> list[int]:
    return [page.index(title) for title in titles]


def test_space_lists_pinned_first_and_marks_unread(client, member, measuring):
    client.force_login(member)
    old = factories.TopicFactory(space=measuring, title="Pinned question", pinned=True)
    newer = factories.TopicFactory(space=measuring, title="Newer question")
    client.get(old.get_absolute_url())
    response = client.get("/discussions/measuring-results/?sort=new")
    pinned, later = _titles(response.text, "Pinned question", "Newer question")
    assert pinned < later
    rows = response.text.split("<article")
    assert [row for row in rows if "new for you" in row] == [
        row for row in rows if newer.title in row
    ]
    assert response.text.count("new for you") == 1


def test_new_topic_flow_then_reply_and_answer(client, measuring, settings):
    settings.DISCUSSIONS_TOPICS_REVIEWED = 0
    author, replier = factories.MemberFactory(), factories.MemberFactory()
    client.force_login(author)
    response = client.post(NEW, _topic_data())
    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    client.force_login(replier)
    client.post(
        "/comments/post/",
        {
            "target": "discussions.topic",
            "object_id": topic.pk,
            "body": "We use KoBo.",
            "submission_key": uuid.uuid4(),
        },
    )
    reply = Comment.objects.get()
    client.force_login(author)
    answer = reverse("discussions:action", args=[measuring.slug, topic.slug, "answer"])
    assert client.post(answer, {"comment": reply.pk}).status_code == 302
    page = client.get(topic.get_absolute_url()).text
    assert page.index("The answer") < page.index('id="comment-')


def test_new_topic_empty_title_gets_message_and_400(member_client):
    response = member_client.post(NEW, _topic_data(title=""))
    assert response.status_code == 400
    assert "This field is required" in response.text
    assert "Which tools do you use" in response.text  # nothing lost


def test_new_topic_in_private_space_refused_to_outsider(member_client):
    group = factories.SpaceFactory(access=Space.Access.PRIVATE, slug="group-x")
    assert member_client.get("/discussions/group-x/new/").status_code == 404
    factories.MembershipFactory(space=group, member=factories.MemberFactory())
    assert (
        member_client.post("/discussions/group-x/new/", _topic_data()).status_code
        == 404
    )
    assert not Topic.objects.exists()


def test_reply_to_closed_topic_gets_message_and_400(member_client):
    topic = factories.TopicFactory(closed=True)
    response = member_client.post(
        "/comments/post/",
        {
            "target": "discussions.topic",
            "object_id": topic.pk,
            "body": "Keep this.",
            "submission_key": uuid.uuid4(),
        },
    )
    assert response.status_code == 400
    assert "Keep this." in response.text


def test_move_to_missing_space_gets_400(moderator_client):
    topic = factories.TopicFactory()
    url = reverse("discussions:action", args=[topic.space.slug, topic.slug, "move"])
    response = moderator_client.post(url, {"space": "no-such-space"})
    assert response.status_code == 400
    assert "There is no such space" in response.text


def test_moderator_moves_topic_between_spaces(moderator_client, measuring):
    topic = factories.TopicFactory()
    url = reverse("discussions:action", args=[topic.space.slug, topic.slug, "move"])
    response = moderator_client.post(url, {"space": measuring.slug})
    topic.refresh_from_db()
    assert topic.space == measuring
    assert response["Location"] == topic.get_absolute_url()


def test_pending_topic_seen_by_author_and_moderators_only(client, moderator):
    topic = factories.TopicFactory(status=Topic.Status.PENDING)
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(topic.author)
    assert client.get(topic.get_absolute_url()).status_code == 200
    client.force_login(moderator)
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_feed_lists_new_topics_of_a_space(client, measuring):
    factories.TopicFactory(space=measuring, title="Indicators for learning")
    response = client.get("/discussions/measuring-results/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert b"Indicators for learning" in response.content


def test_similar_topics_and_related_stories(client):
    topic = factories.TopicFactory(title="Monitoring results frameworks")
    factories.TopicFactory(title="Results frameworks for ministries")
    factories.IndexedCaseStoryFactory(title="A results framework for FOSIS")
    context = client.get(topic.get_absolute_url()).context
    assert [t.title for t in context["similar_topics"]] == [
        "Results frameworks for ministries"
    ]
    assert context["related_stories"][0].title == "A results framework for FOSIS"


def test_space_members_page_admits_members(moderator_client):
    factories.SpaceFactory(access=Space.Access.PRIVATE, slug="group-y")
    newcomer = factories.MemberFactory(username="newcomer")
    response = moderator_client.post(
        "/discussions/group-y/members/", {"username": "newcomer", "action": "admit"}
    )
    assert response.status_code == 302
    assert newcomer.space_memberships.filter(space__slug="group-y").exists()
    bad = moderator_client.post("/discussions/group-y/members/", {"username": "nobody"})
    assert bad.status_code == 400


def test_moderation_desk_lists_topics_waiting_for_review(moderator_client):
    topic = factories.TopicFactory(status=Topic.Status.PENDING, title="First question")
    page = moderator_client.get("/moderation/").text
    assert "First question" in page
    assert topic.get_absolute_url() in page


def test_flagged_reply_under_a_topic_reaches_the_desk(moderator_client):
    topic = factories.TopicFactory()
    reply = factories.CommentFactory(target=topic, status=Comment.Status.PENDING)
    page = moderator_client.get("/moderation/comments/").text
    assert f"{topic.get_absolute_url()}#comment-{reply.pk}" in page


def test_list_rows_say_state_author_and_replies_escaped_in_each_language(
    client, measuring
):
    author = factories.MemberFactory()
    author.profile.display_name = "Ana <b>Pérez</b>"
    author.profile.save()
    factories.TopicFactory(
        space=measuring,
        title="<script>alert(1)</script> Indicators",
        author=author,
        pinned=True,
        closed=True,
        reply_count=1,
    )
    factories.TopicFactory(space=measuring, title="Orphan question", author=None)
    page = client.get("/discussions/").text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Indicators" in page
    assert "started by Ana &lt;b&gt;Pérez&lt;/b&gt;" in page
    assert "started by former member" in page
    assert '<span class="badge">pinned</span><span class="badge">closed</span>' in page
    assert "1 reply" in page
    assert "0 replies" in page
    assert f'href="{measuring.get_absolute_url()}"' in page
    spanish = client.get("/discussions/measuring-results/", HTTP_ACCEPT_LANGUAGE="es")
    assert "iniciado por Ana &lt;b&gt;Pérez&lt;/b&gt;" in spanish.text
    assert "respuesta" in spanish.text
