import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from blog.models import Post, Resource
from taxonomy.services import set_tags
from tests.factories import (
    CommentFactory,
    EventFactory,
    MemberFactory,
    PostFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _draft(**kwargs):
    return PostFactory(status=Post.Status.DRAFT, published_at=None, **kwargs)


def test_post_list_shows_published_posts_only(client):
    PostFactory(title="Report from Seoul")
    _draft(title="Unfinished draft")
    response = client.get(reverse("blog:list"))
    assert response.status_code == 200
    assert "Report from Seoul" in response.text
    assert "Unfinished draft" not in response.text


def test_post_list_filters_by_tag(client):
    tagged = PostFactory(title="On disasters")
    set_tags(tagged, ["disaster risk management"], language="en")
    PostFactory(title="On statistics")
    response = client.get(reverse("blog:list"), {"tag": "disaster-risk-management"})
    assert response.status_code == 200
    assert "On disasters" in response.text
    assert "On statistics" not in response.text


def test_post_list_page_past_the_end_shows_the_last_page(client):
    PostFactory.create_batch(12)
    for page in ("99", "nonsense"):
        response = client.get(reverse("blog:list"), {"page": page})
        assert response.status_code == 200
    assert "Page 1 of 2" in response.text
    assert "Page 2 of 2" in client.get(reverse("blog:list"), {"page": "99"}).text


@pytest.mark.parametrize("count", [5, 50])
def test_post_list_query_count_is_the_same_for_5_and_50_posts(
    client, django_assert_num_queries, count
):
    event = EventFactory()
    for post in PostFactory.create_batch(count, event=event):
        post.tags.add("knowledge sharing", f"theme {post.pk}")
    Resource.objects.create(title="A resource")
    # count, page of posts with authors and events, their tags, the resources
    with django_assert_num_queries(4):
        response = client.get(reverse("blog:list"))
    assert response.status_code == 200


def test_post_detail_shows_the_post_with_its_comments_and_resources(client):
    event = EventFactory(title="Second High-Level Meeting")
    post = PostFactory(body="A **bold** claim", event=event, view_count=1508)
    post.tags.add("knowledge hubs")
    CommentFactory(target=post, body="Gracias por compartir")
    Resource.objects.create(title="South-South Cooperation Exchange Mechanism")
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text
    assert post.author.profile.display_name in response.text
    assert event.get_absolute_url() in response.text
    assert "knowledge hubs" in response.text
    assert "Gracias por compartir" in response.text
    assert "South-South Cooperation Exchange Mechanism" in response.text
    assert "1,509 views" in response.text


def test_post_detail_sanitises_the_markdown(client):
    post = PostFactory(body="<script>alert(1)</script>[x](javascript:alert(1))")
    response = client.get(post.get_absolute_url())
    assert "<script>alert" not in response.text
    assert "javascript:" not in response.text


def test_post_detail_unknown_slug_is_404(client):
    assert client.get(reverse("blog:detail", args=["no-such-post"])).status_code == 404


def test_post_detail_counts_a_view_once_per_session(client):
    post = PostFactory(view_count=0)
    client.get(post.get_absolute_url())
    client.get(post.get_absolute_url())
    assert Post.objects.get(pk=post.pk).view_count == 1


def test_draft_is_404_for_visitors_and_other_members(client):
    draft = _draft()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(MemberFactory())
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert Post.objects.get(pk=draft.pk).view_count == 0


def test_draft_is_visible_to_its_author_and_moderators(client, moderator):
    draft = _draft(title="Work in progress")
    client.force_login(draft.author)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Work in progress" in response.text
    assert reverse("blog:edit", args=[draft.slug]) in response.text
    client.force_login(moderator)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_new_post_needs_a_verified_member(client):
    url = reverse("blog:new")
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response.url
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403


def test_new_post_saves_a_draft(member_client, member):
    event = EventFactory()
    response = member_client.post(
        reverse("blog:new"),
        {
            "title": "Lessons from the roundtables",
            "summary": "Short",
            "body": "Some *Markdown*",
            "event": event.pk,
            "tags": "measuring results, KS",
            "language": "en",
            "action": "draft",
        },
    )
    post = Post.objects.get()
    assert response.status_code == 302
    assert response.url == post.get_absolute_url()
    assert (post.author, post.status, post.event) == (member, "draft", event)
    assert sorted(post.tags.names()) == ["KS", "measuring results"]


def test_new_post_can_be_submitted_at_once(member_client):
    member_client.post(
        reverse("blog:new"),
        {"title": "Ready", "body": "Text", "language": "es", "action": "submit"},
    )
    post = Post.objects.get()
    assert (post.status, post.language) == ("submitted", "es")


def test_new_post_with_bad_input_shows_the_form_again(member_client):
    response = member_client.post(
        reverse("blog:new"), {"title": "", "body": "Text", "language": "xx"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"title", "language"}
    assert not Post.objects.exists()


def test_author_edits_a_draft_and_submits_it(client):
    draft = _draft(title="First title")
    client.force_login(draft.author)
    url = reverse("blog:edit", args=[draft.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"title": "Better title", "body": "Text", "language": "en", "action": "submit"},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Better title", "submitted")


def test_published_post_cannot_be_edited_by_its_author(client):
    post = PostFactory()
    client.force_login(post.author)
    url = reverse("blog:edit", args=[post.slug])
    response = client.post(url, {"title": "Changed", "body": "X", "language": "en"})
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).title != "Changed"


def test_other_members_cannot_edit_a_post(client):
    post = PostFactory()
    client.force_login(MemberFactory())
    response = client.post(
        reverse("blog:edit", args=[post.slug]),
        {"title": "Changed", "body": "X", "language": "en"},
    )
    assert response.status_code == 403
    draft = _draft()
    assert client.get(reverse("blog:edit", args=[draft.slug])).status_code == 404


def test_feed_lists_published_posts_only(client):
    PostFactory(title="Published report")
    _draft(title="Secret draft")
    PostFactory(title="Waiting post", status=Post.Status.SUBMITTED, published_at=None)
    response = client.get(reverse("blog:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert "Published report" in response.text
    assert "Secret draft" not in response.text
    assert "Waiting post" not in response.text


def test_comment_thread_is_on_the_post(client):
    post = PostFactory()
    CommentFactory(target=post, body="Excelente contribución")
    other = PostFactory()
    CommentFactory(target=other, body="Elsewhere")
    assert ContentType.objects.get_for_model(post)
    response = client.get(post.get_absolute_url())
    assert "Excelente contribución" in response.text
    assert "Elsewhere" not in response.text
