"""The blog list as its caches serve it: one copy for the addresses that read
alike, a member's own unpublished posts on a shared page, a new post at once,
cards escaped and in the reader's language."""

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blog.models import Post
from tests import factories
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_addresses_that_read_alike_share_one_copy():
    PostFactory(title="In Spanish", language="es")
    visitor = Client()
    visitor.get("/blog/?language=es&page=1")
    for address in ("/blog/?page=1&language=es&r=1", "/blog/?language=es&utm=x"):
        assert visitor.get(address)["X-Cache"] == "hit", address

    member = Client()
    member.force_login(factories.MemberFactory())
    member.get("/blog/?language=es")
    with CaptureQueriesContext(connection) as queries:
        page = member.get("/blog/?language=es&r=2")
    assert "In Spanish" in page.text
    assert not [q for q in queries.captured_queries if '"blog_post"' in q["sql"]]


def test_member_sees_their_own_unpublished_posts_on_a_shared_page():
    author = factories.MemberFactory()
    PostFactory(title="Everyone reads this")
    PostFactory(
        title="My draft", author=author, status=Post.Status.DRAFT, published_at=None
    )
    Client().get("/blog/")  # the shared page kept by a visitor's request
    member = Client()
    member.force_login(author)
    other = Client()
    other.force_login(factories.MemberFactory())

    mine = member.get("/blog/").text
    theirs = other.get("/blog/").text

    assert "Everyone reads this" in mine
    assert "Everyone reads this" in theirs
    assert "My draft" in mine
    assert "My draft" not in theirs


def test_a_new_post_is_listed_at_once():
    member = Client()
    member.force_login(factories.MemberFactory())
    member.get("/blog/")

    PostFactory(title="Fresh news")

    assert "Fresh news" in member.get("/blog/").text


def test_post_card_escapes_and_speaks_the_readers_language():
    event = factories.EventFactory(short_name="HLM2")
    PostFactory(title="<i>Seoul</i> & after", summary="**Bold** start", event=event)
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    html = visitor.get("/blog/").text

    assert "&lt;i&gt;Seoul&lt;/i&gt; &amp; after" in html
    assert "<i>Seoul</i>" not in html
    assert ">HLM2</a>" in html
    assert "Bold start" in html
    assert "Par " in html
