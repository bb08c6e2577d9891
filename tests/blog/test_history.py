"""A post's history: every saved version, who made it and what it changed, for
whoever may read the post (django-simple-history keeps the versions)."""

import datetime
import re

import pytest
from django.urls import reverse

from blog import services
from blog.models import Post
from core import curation
from tests.factories import MemberFactory, ModeratorFactory, PostFactory

pytestmark = pytest.mark.django_db


def _written_then_published(client):
    """A draft its author rewrites, then a moderator publishes and marks outdated."""
    author = MemberFactory()
    client.force_login(author)
    client.post(
        reverse("blog:new"),
        {"title": "Report from Seoul", "body": "Day one.", "language": "en"},
    )
    post = Post.objects.get()
    client.post(
        reverse("blog:edit", args=[post.slug]),
        {
            "title": "Report from Seoul",
            "body": "Day one <b>and two</b>.",
            "language": "en",
        },
    )
    post.refresh_from_db()
    moderator = ModeratorFactory()
    services.publish_post(post=post, moderator=moderator)
    curation.mark_outdated(post, reviewer=moderator, note="A newer report exists.")
    return post, author


def test_post_history_shows_who_changed_what_escaped(client):
    post, author = _written_then_published(client)
    page = client.get(reverse("blog:history", args=[post.slug]))
    assert page.status_code == 200
    name = author.profile.display_name
    assert f"Written by {name}" in page.text
    assert f"Changed by {name}" in page.text
    assert "Day <del>one.</del>" in page.text
    assert "<ins>one &lt;b&gt;and two&lt;/b&gt;.</ins>" in page.text
    assert "<ins>A newer report exists.</ins>" in page.text
    # Written, rewritten, published, marked outdated: newest first.
    changed = re.findall(r"<p>Changed: (.*?)</p>", page.text)
    assert changed == ["why it is outdated", "status", "body"]


def test_post_page_links_its_history_once_published(client):
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    client.force_login(post.author)
    history = reverse("blog:history", args=[post.slug])
    assert history not in client.get(post.get_absolute_url()).text
    published = PostFactory(last_reviewed_at=datetime.date(2026, 3, 1))
    page = client.get(published.get_absolute_url()).text
    assert reverse("blog:history", args=[published.slug]) in page
    assert "Last reviewed 1 March 2026" in page


def test_post_history_of_a_draft_is_for_its_author_and_moderators(client):
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    url = reverse("blog:history", args=[post.slug])
    assert client.get(url).status_code == 404
    client.force_login(MemberFactory())
    assert client.get(url).status_code == 404
    client.force_login(post.author)
    assert client.get(url).status_code == 200
    client.force_login(ModeratorFactory())
    assert client.get(url).status_code == 200


def test_post_history_reads_a_bounded_number_of_queries(
    client, django_assert_max_num_queries
):
    post = PostFactory()
    moderator = ModeratorFactory()
    for number in range(8):
        curation.mark_outdated(post, reviewer=moderator, note=f"Version {number}.")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("blog:history", args=[post.slug]))
    assert response.text.count("Version") >= 8
