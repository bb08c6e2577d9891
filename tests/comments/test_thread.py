"""The thread under any content: ``{% load comments %}{% comment_thread obj %}``."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Comment
from members.models import User
from tests.factories import (
    CommentFactory,
    FlagFactory,
    MemberFactory,
    PostFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

THREAD = Template("{% load comments %}{% comment_thread obj %}")


def render_thread(rf, obj, user=None):
    request = rf.get(obj.get_absolute_url())
    request.user = user or AnonymousUser()
    context = Context(
        {"obj": obj, "request": request, "user": request.user, "csrf_token": "t"}
    )
    return THREAD.render(context)


def test_thread_invites_visitors_to_join_or_sign_in_and_come_back(rf):
    post = PostFactory()
    CommentFactory(target=post, body="First!")
    html = render_thread(rf, post)
    assert "First!" in html
    assert f"/accounts/signup/?next=/blog/{post.slug}/%23comments" in html
    assert f"/accounts/login/?next=/blog/{post.slug}/%23comments" in html
    assert 'name="body"' not in html


def test_thread_tells_unverified_members_to_confirm_their_email(rf, unverified_member):
    html = render_thread(rf, PostFactory(), unverified_member)
    assert "Confirm your e-mail address" in html
    assert 'name="body"' not in html


def test_thread_gives_members_a_form_with_a_fresh_submission_key(rf, member):
    post = PostFactory()
    first = render_thread(rf, post, member)
    second = render_thread(rf, post, member)
    key = re.compile(r'name="submission_key" value="([0-9a-f-]{36})"')
    assert 'name="target" value="blog.post"' in first
    assert f'name="object_id" value="{post.pk}"' in first
    assert key.search(first).group(1) != key.search(second).group(1)


def test_thread_shows_replies_under_their_comment_and_removed_placeholders(rf):
    session = SessionFactory()
    top = CommentFactory(target=session, status=Comment.Status.REMOVED, body="Gone")
    CommentFactory(target=session, parent=top, body="Still here")
    CommentFactory(target=session, status=Comment.Status.HIDDEN, body="Hidden one")
    html = render_thread(rf, session)
    assert "Comment removed" in html
    assert "Gone" not in html
    assert "Still here" in html
    assert "Hidden one" not in html
    assert html.index("Comment removed") < html.index("Still here")


def test_thread_marks_edited_comments_and_offers_own_controls(rf, member):
    post = PostFactory()
    own = CommentFactory(target=post, author=member, edited_at=timezone.now())
    old_own = CommentFactory(
        target=post,
        author=member,
        created_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    other = CommentFactory(target=post)
    flagged = CommentFactory(target=post)
    FlagFactory(comment=flagged, member=member)
    html = render_thread(rf, post, member)
    assert "edited" in html
    assert f"/comments/{own.pk}/edit/" in html
    assert f"/comments/{own.pk}/remove/" in html
    assert f"/comments/{old_own.pk}/edit/" not in html  # window closed
    assert f"/comments/{old_own.pk}/remove/" in html
    assert f"/comments/{other.pk}/flag/" in html
    assert f"/comments/{own.pk}/flag/" not in html
    assert f"/comments/{flagged.pk}/flag/" not in html
    assert "You flagged this comment." in html


def test_members_share_one_rendering_of_the_thread_but_not_their_controls(rf, member):
    post = PostFactory()
    own = CommentFactory(target=post, author=member)
    other = CommentFactory(target=post)
    reader = MemberFactory()

    first = render_thread(rf, post, reader)  # renders and keeps the shared copy
    mine = render_thread(rf, post, member)
    again = render_thread(rf, post, reader)

    key = re.compile(r'name="submission_key" value="[^"]*"')
    assert key.sub("", first) == key.sub("", again)
    for html in (first, again):
        assert f"/comments/{own.pk}/flag/" in html
        assert f"/comments/{own.pk}/remove/" not in html
    assert f"/comments/{own.pk}/remove/" in mine
    assert f"/comments/{own.pk}/flag/" not in mine
    assert f"/comments/{other.pk}/flag/" in mine
    assert "<!--reader:" not in first + mine


def test_thread_never_renders_scripts_or_javascript_links_as_active(rf):
    post = PostFactory()
    CommentFactory(
        target=post,
        body=(
            '<script>alert("x")</script> <a href="javascript:alert(1)">click</a>\n'
            "javascript:alert(2) and https://example.org/page"
        ),
    )
    html = render_thread(rf, post)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert not re.search(r"<a\s[^>]*javascript:", html)  # only escaped text
    assert "&lt;a href=" in html
    assert 'href="https://example.org/page"' in html
    assert 'rel="nofollow ugc noopener"' in html


def _thread_with(count):
    post = PostFactory()
    tops = [CommentFactory(target=post) for _ in range(count)]
    for top in tops[::2]:
        CommentFactory(target=post, parent=top)
    return post


@pytest.mark.parametrize("signed_in", [False, True])
def test_thread_query_count_does_not_grow_with_the_thread(rf, signed_in):
    member = MemberFactory()
    small, large = _thread_with(5), _thread_with(30)
    render_thread(rf, small)  # warm the content type cache

    def count(post):
        user = User.objects.get(pk=member.pk) if signed_in else None
        cache.clear()  # the uncached cost: the thread is kept per content version
        with CaptureQueriesContext(connection) as queries:
            render_thread(rf, post, user)
        return len(queries)

    assert count(small) == count(large)
    # thread + replies (+ verified e-mail and who has a part in the thread, when
    # signed in)
    assert count(large) == (4 if signed_in else 2)


def test_a_reader_with_no_part_in_the_thread_costs_no_query(rf):
    post = _thread_with(3)
    reader = MemberFactory()
    render_thread(rf, post, reader)
    with CaptureQueriesContext(connection) as queries:
        render_thread(rf, post, reader)
    assert len(queries) == 0


def test_a_new_flag_shows_to_its_member_at_once(rf):
    post = _thread_with(2)
    comment = Comment.objects.on(post).first()
    reader = MemberFactory()
    assert "You flagged this comment." not in render_thread(rf, post, reader)
    services.flag_comment(comment=comment, member=reader, reason="spam")
    assert "You flagged this comment." in render_thread(rf, post, reader)
