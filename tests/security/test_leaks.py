"""Drafts, stories under review or rejected, and hidden comments never show up in
the public lists, search, feeds, sitemap, profiles or another member's export."""

import pytest
from django.test import Client

from cases.services import refresh_search_vector
from comments.models import Comment
from tests import factories

pytestmark = pytest.mark.django_db

SECRET = {
    "draft": "quarrelsomeplatypus",
    "submitted": "bewilderedanteater",
    "rejected": "melancholicwombat",
    "archived": "forgottenpangolin",
}
POST_SECRET = {"draft": "secretivenarwhal", "rejected": "grumpyokapi"}
HIDDEN_COMMENT = "furtivequokka"
PUBLIC = "cheerfulcapybara"


def companion(word: str) -> str:
    """A second marker next to each word: search pages echo the query, so the
    pages searched for ``word`` are checked for its companion."""
    return word[::-1]


@pytest.fixture
def content(db):
    author = factories.MemberFactory(username="writer")
    published = factories.IndexedCaseStoryFactory(
        author=author,
        title=f"Story about {PUBLIC}",
        summary=f"A {PUBLIC} {companion(PUBLIC)} story.",
    )
    for state, word in SECRET.items():
        case = factories.CaseStoryFactory(
            author=author,
            status=state,
            published_at=None,
            title=f"Story about {word}",
            summary=f"A {word} {companion(word)} story.",
            slug=f"story-{word}",
        )
        refresh_search_vector(case_story=case)
    for state, word in POST_SECRET.items():
        factories.PostFactory(
            author=author,
            status=state,
            published_at=None,
            title=f"Post about {word}",
            slug=f"post-{word}",
            summary=f"{word} {companion(word)}",
            body=f"{word} {companion(word)}",
        )
    factories.PostFactory(author=author, title=f"Post about {PUBLIC}")
    factories.CommentFactory(
        target=published,
        author=author,
        body=f"Hidden: {HIDDEN_COMMENT} {companion(HIDDEN_COMMENT)}",
        status=Comment.Status.HIDDEN,
    )
    factories.CommentFactory(target=published, author=author, body=f"Seen {PUBLIC}")
    return author


def public_pages(client, author) -> dict[str, str]:
    pages = {
        "/": None,
        "/cases/": None,
        "/cases/?sort=recent": None,
        "/cases/feed/": None,
        "/blog/": None,
        "/blog/feed/": None,
        "/sitemap.xml": None,
        f"/members/{author.username}/": None,
    }
    for word in [*SECRET.values(), *POST_SECRET.values(), HIDDEN_COMMENT, PUBLIC]:
        pages[f"/search/?q={word}"] = None
        pages[f"/cases/?q={word}"] = None
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        pages[path] = response.content.decode()
    return pages


def test_hidden_and_draft_content_never_leaks(content):
    other = factories.MemberFactory()
    client = Client()
    pages = public_pages(client, content)
    secrets = [*SECRET.values(), *POST_SECRET.values(), HIDDEN_COMMENT]
    assert leaked(pages, secrets) == []

    # The control: the same pages do show what is public, so absence means hidden.
    for path in ["/cases/", "/cases/feed/", "/blog/feed/", f"/search/?q={PUBLIC}"]:
        assert PUBLIC in pages[path], path
    assert companion(PUBLIC) in pages[f"/search/?q={PUBLIC}"]
    assert f"Seen {PUBLIC}" in pages[f"/members/{content.username}/"]

    client.force_login(other)
    export = client.get("/me/export/").content.decode()
    assert [word for word in [*secrets, PUBLIC] if word in export] == []
    assert leaked(public_pages(client, content), secrets) == []


def leaked(pages: dict[str, str], secrets: list[str]) -> list[tuple[str, str]]:
    found = []
    for path, html in pages.items():
        for word in secrets:
            markers = [companion(word)] if "q=" in path else [word, companion(word)]
            found += [(path, marker) for marker in markers if marker in html]
    return found
