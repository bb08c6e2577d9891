"""Feeds of the comments under a case story and a post: visible comments only,
and only under what anyone may read."""

import xml.etree.ElementTree as ET

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _entries(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 — our own output
    return feed.findall(f"{ATOM}entry")


@pytest.mark.parametrize(
    ("factory", "prefix"),
    [(factories.CaseStoryFactory, "/cases/"), (factories.PostFactory, "/blog/")],
)
def test_comment_feed_holds_the_visible_comments_newest_first(client, factory, prefix):
    target = factory()
    older = factories.CommentFactory(target=target, body="First thought")
    factories.CommentFactory(target=target, body="Second </content> thought")
    factories.CommentFactory(target=target, body="Hidden", status="hidden")
    factories.CommentFactory(target=factory(), body="Elsewhere")

    entries = _entries(client.get(f"{prefix}{target.slug}/comments/feed/"))

    bodies = [entry.findtext(f"{ATOM}summary") for entry in entries]
    assert bodies == ["Second </content> thought", "First thought"]
    link = entries[1].find(f"{ATOM}link").get("href")
    assert link == f"http://testserver{target.get_absolute_url()}#comment-{older.pk}"


def test_comment_feeds_of_unpublished_content_are_not_found(client):
    case = factories.DraftCaseStoryFactory()
    post = factories.PostFactory(status="draft", published_at=None)
    assert client.get(f"/cases/{case.slug}/comments/feed/").status_code == 404
    assert client.get(f"/blog/{post.slug}/comments/feed/").status_code == 404
    assert client.get("/cases/no-such-story/comments/feed/").status_code == 404


def test_story_page_links_its_comment_feed(client):
    case = factories.CaseStoryFactory()
    html = client.get(case.get_absolute_url()).content.decode()
    assert f'href="/cases/{case.slug}/comments/feed/"' in html
