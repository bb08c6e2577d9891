import datetime
import uuid

import pytest
from django.utils import timezone

from comments.models import Comment, Flag
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    EventFactory,
    MemberFactory,
    PostFactory,
)

pytestmark = pytest.mark.django_db


def _post_data(target, body="Thank you, very useful.", key=None, label="blog.post"):
    return {
        "target": label,
        "object_id": target.pk,
        "body": body,
        "submission_key": str(key or uuid.uuid4()),
    }


# Who may comment ----------------------------------------------------------------


def test_visitor_crafting_a_comment_post_goes_to_sign_in(client):
    post = PostFactory()
    response = client.post("/comments/post/", _post_data(post))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/?next=")
    assert f"/blog/{post.slug}/" in response.url
    assert Comment.objects.count() == 0


def test_unverified_member_crafting_a_comment_post_gets_403(client, unverified_member):
    client.force_login(unverified_member)
    response = client.post("/comments/post/", _post_data(PostFactory()))
    assert response.status_code == 403
    assert Comment.objects.count() == 0


def test_suspended_member_cannot_comment(client):
    client.force_login(MemberFactory(suspended_at=timezone.now()))
    response = client.post("/comments/post/", _post_data(PostFactory()))
    assert response.status_code in (302, 403)
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("path", ["reply", "edit", "remove", "flag"])
def test_visitors_and_unverified_members_cannot_act_on_comments(
    client, unverified_member, path
):
    comment = CommentFactory()
    data = {"body": "Changed", "reason": "spam", "submission_key": str(uuid.uuid4())}
    response = client.post(f"/comments/{comment.pk}/{path}/", data)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
    client.force_login(unverified_member)
    response = client.post(f"/comments/{comment.pk}/{path}/", data)
    assert response.status_code == 403
    comment.refresh_from_db()
    assert comment.body == "Thank you for sharing."
    assert comment.status == Comment.Status.VISIBLE
    assert Comment.objects.count() == 1
    assert Flag.objects.count() == 0


# Posting ------------------------------------------------------------------------


def test_member_posts_a_comment_and_returns_to_it(member_client):
    post = PostFactory()
    response = member_client.post("/comments/post/", _post_data(post))
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response.url == f"/blog/{post.slug}/#comment-{comment.pk}"
    assert comment.content_object == post


def test_member_comments_on_an_event(member_client):
    event = EventFactory()
    response = member_client.post(
        "/comments/post/", _post_data(event, label="events.event")
    )
    assert response.status_code == 302
    assert Comment.objects.get().content_object == event


def test_double_submit_with_the_same_key_gives_one_comment(member_client):
    post = PostFactory()
    data = _post_data(post)
    first = member_client.post("/comments/post/", data)
    second = member_client.post("/comments/post/", data)
    assert Comment.objects.count() == 1
    assert first.url == second.url


@pytest.mark.parametrize(
    "data",
    [
        {"target": "members.institution", "object_id": "1"},
        {"target": "blog.post", "object_id": "not-a-number"},
        {"target": "blog.post", "object_id": "999999"},
        {},
    ],
)
def test_post_comment_to_an_unknown_target_is_404(member_client, data):
    response = member_client.post(
        "/comments/post/", {**data, "body": "Hello", "submission_key": uuid.uuid4()}
    )
    assert response.status_code == 404
    assert Comment.objects.count() == 0


def test_too_long_comment_is_answered_on_the_form_keeping_the_text(member_client):
    response = member_client.post(
        "/comments/post/", _post_data(PostFactory(), body="word " * 1200)
    )
    assert response.status_code == 400
    assert "at most 5000 characters" in response.text
    assert "word word" in response.text
    assert Comment.objects.count() == 0


def test_rate_limit_is_answered_with_a_message_on_the_form(client, old_member):
    client.force_login(old_member)
    post = PostFactory()
    for n in range(5):
        response = client.post("/comments/post/", _post_data(post, body=f"Note {n}"))
        assert response.status_code == 302
    response = client.post("/comments/post/", _post_data(post, body="Sixth note"))
    assert response.status_code == 429
    assert "5 comments a minute" in response.text
    assert "Sixth note" in response.text  # nothing the member wrote is lost
    assert '<form method="post"' in response.text
    assert Comment.objects.count() == 5


def test_rate_limit_counts_per_member_not_per_address(client):
    post = PostFactory()
    for member in (MemberFactory(), MemberFactory()):
        client.force_login(member)
        for n in range(2):
            response = client.post(
                "/comments/post/",
                _post_data(post, body=f"Note {n}"),
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="10.0.0.2",
            )
            assert response.status_code == 302
    assert Comment.objects.count() == 4


# Replying, editing, removing, flagging -------------------------------------------


def test_reply_form_and_reply(member_client):
    comment = CommentFactory()
    response = member_client.get(f"/comments/{comment.pk}/reply/")
    assert response.status_code == 200
    assert 'name="submission_key"' in response.text
    response = member_client.post(
        f"/comments/{comment.pk}/reply/",
        {"body": "A reply.", "submission_key": str(uuid.uuid4())},
    )
    reply = Comment.objects.get(parent=comment)
    assert response.url.endswith(f"#comment-{reply.pk}")


def test_visitor_reply_link_signs_in_and_comes_back(client):
    comment = CommentFactory()
    response = client.get(f"/comments/{comment.pk}/reply/")
    assert response.status_code == 302
    assert f"next=/comments/{comment.pk}/reply/" in response.url


def test_edit_within_the_window(client, member):
    comment = CommentFactory(author=member)
    client.force_login(member)
    response = client.get(f"/comments/{comment.pk}/edit/")
    assert response.status_code == 200
    assert "Thank you for sharing." in response.text
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Fixed typo."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Fixed typo."
    assert comment.edited_at is not None


def test_edit_after_fifteen_minutes_is_refused(client, member):
    comment = CommentFactory(
        author=member, created_at=timezone.now() - datetime.timedelta(minutes=16)
    )
    client.force_login(member)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "Too late."})
    assert response.status_code == 400
    assert "15 minutes" in response.text
    comment.refresh_from_db()
    assert comment.body == "Thank you for sharing."
    response = client.get(f"/comments/{comment.pk}/edit/")
    assert response.status_code == 302


def test_edit_of_someone_elses_comment_is_403(member_client):
    comment = CommentFactory()
    assert member_client.get(f"/comments/{comment.pk}/edit/").status_code == 403
    response = member_client.post(f"/comments/{comment.pk}/edit/", {"body": "Mine"})
    assert response.status_code == 403


def test_remove_own_comment(client, member):
    comment = CommentFactory(author=member)
    client.force_login(member)
    assert client.get(f"/comments/{comment.pk}/remove/").status_code == 405
    response = client.post(f"/comments/{comment.pk}/remove/")
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED


def test_remove_someone_elses_comment_is_403(member_client):
    comment = CommentFactory()
    assert member_client.post(f"/comments/{comment.pk}/remove/").status_code == 403
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_flag_form_and_flag(member_client, member):
    comment = CommentFactory()
    response = member_client.get(f"/comments/{comment.pk}/flag/")
    assert response.status_code == 200
    assert "Off-topic" in response.text
    response = member_client.post(
        f"/comments/{comment.pk}/flag/", {"reason": "off_topic", "note": "Unrelated"}
    )
    assert response.status_code == 302
    flag = Flag.objects.get()
    assert (flag.member, flag.reason, flag.note) == (member, "off_topic", "Unrelated")


def test_flag_with_a_bad_reason_is_answered_on_the_form(member_client):
    comment = CommentFactory()
    response = member_client.post(f"/comments/{comment.pk}/flag/", {"reason": "x"})
    assert response.status_code == 400
    assert Flag.objects.count() == 0


def test_flag_own_comment_is_answered_on_the_form(client, member):
    comment = CommentFactory(author=member)
    client.force_login(member)
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    assert response.status_code == 400
    assert "own comment" in response.text


def test_posted_comment_appears_on_the_case_story_page(member_client):
    case = CaseStoryFactory()
    response = member_client.post(
        "/comments/post/",
        _post_data(case, body="Tried it in Chile.", label="cases.casestory"),
        follow=True,
    )
    assert response.status_code == 200
    assert "Tried it in Chile." in response.text
    assert 'id="comment-' in response.text


def test_comment_posted_in_spanish_is_shown_with_its_language(member_client):
    post = PostFactory()
    body = "Gracias por el resumen: los resultados de la mesa redonda son muy útiles."
    response = member_client.post(
        "/comments/post/", _post_data(post, body=body), follow=True
    )
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.language == "es"
    assert f'<div class="comment-body" lang="es"><p>{body}</p></div>' in response.text


@pytest.mark.parametrize("page", ["reply", "flag"])
def test_the_quoted_comment_keeps_its_language(member_client, page):
    comment = CommentFactory(body="Muy útil, gracias.", language="es")
    response = member_client.get(f"/comments/{comment.pk}/{page}/")
    assert '<div class="comment-body" lang="es"><p>Muy útil, gracias.</p></div>' in (
        response.text
    )


def test_a_comment_of_unknown_language_is_not_marked(member_client):
    comment = CommentFactory(body="OK <b>thanks</b>", language="")
    response = member_client.get(f"/comments/{comment.pk}/flag/")
    assert '<div class="comment-body"><p>OK &lt;b&gt;thanks&lt;/b&gt;</p></div>' in (
        response.text
    )
