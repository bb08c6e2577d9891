import datetime
import uuid

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from comments import services
from comments.models import BODY_MAX_LENGTH, Comment, Flag
from core.models import AuditEntry
from tests.factories import (
    CaseStoryFactory,
    CommentFactory,
    DraftCaseStoryFactory,
    EventFactory,
    FlagFactory,
    InstitutionFactory,
    MemberFactory,
    ModeratorFactory,
    PostFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# Posting -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "make_user",
    [
        lambda: AnonymousUser(),
        lambda: UserFactory(),  # e-mail not verified
        lambda: MemberFactory(suspended_at=timezone.now()),
        lambda: MemberFactory(is_active=False),
    ],
    ids=["visitor", "unverified", "suspended", "inactive"],
)
def test_post_comment_refuses_those_who_may_not_participate(make_user):
    post = PostFactory()
    with pytest.raises(PermissionDenied):
        services.post_comment(author=make_user(), target=post, body="Hello there")
    assert Comment.objects.count() == 0


@pytest.mark.parametrize(
    "make_target",
    [CaseStoryFactory, PostFactory, EventFactory, SessionFactory],
    ids=["case", "post", "event", "session"],
)
def test_post_comment_on_every_commentable_kind(member, make_target):
    target = make_target()
    comment = services.post_comment(author=member, target=target, body="Useful.")
    assert comment.content_object == target
    assert comment.status == Comment.Status.VISIBLE


@pytest.mark.parametrize(
    "make_target",
    [
        DraftCaseStoryFactory,
        lambda: PostFactory(status="submitted", published_at=None),
        InstitutionFactory,
    ],
    ids=["draft-case", "submitted-post", "institution"],
)
def test_post_comment_refuses_unpublished_or_unregistered_targets(member, make_target):
    with pytest.raises(ValidationError):
        services.post_comment(author=member, target=make_target(), body="Hello")
    assert Comment.objects.count() == 0


def test_post_comment_reply_to_a_reply_joins_the_top_level_comment(member):
    post = PostFactory()
    top = CommentFactory(target=post)
    reply = CommentFactory(target=post, parent=top)
    answer = services.post_comment(
        author=member, target=post, body="Agreed.", parent=reply
    )
    assert answer.parent == top


def test_post_comment_reply_must_stay_in_the_same_discussion(member):
    other = CommentFactory(target=PostFactory())
    with pytest.raises(ValidationError):
        services.post_comment(
            author=member, target=PostFactory(), body="Hello", parent=other
        )


@pytest.mark.parametrize("body", ["", "   ", "x"])
def test_post_comment_refuses_empty_bodies(member, body):
    with pytest.raises(ValidationError, match="at least"):
        services.post_comment(author=member, target=PostFactory(), body=body)


def test_post_comment_refuses_too_long_bodies_with_the_limit(member):
    with pytest.raises(ValidationError, match=str(BODY_MAX_LENGTH)):
        services.post_comment(
            author=member, target=PostFactory(), body="x" * (BODY_MAX_LENGTH + 1)
        )
    comment = services.post_comment(
        author=member, target=PostFactory(), body="x" * BODY_MAX_LENGTH
    )
    assert len(comment.body) == BODY_MAX_LENGTH


def test_post_comment_same_submission_key_gives_one_comment(member):
    post = PostFactory()
    key = uuid.uuid4()
    first = services.post_comment(
        author=member, target=post, body="Once.", submission_key=key
    )
    second = services.post_comment(
        author=member, target=post, body="Once.", submission_key=str(key)
    )
    assert first.pk == second.pk
    assert Comment.objects.count() == 1


def test_post_comment_submission_key_of_another_member_is_refused(member):
    key = uuid.uuid4()
    services.post_comment(
        author=member, target=PostFactory(), body="Mine.", submission_key=key
    )
    with pytest.raises(ValidationError):
        services.post_comment(
            author=MemberFactory(),
            target=PostFactory(),
            body="Theirs.",
            submission_key=key,
        )
    assert Comment.objects.count() == 1


def test_post_comment_rate_limit_allows_five_a_minute(old_member):
    post = PostFactory()
    for n in range(services.RATE_LIMIT):
        services.post_comment(author=old_member, target=post, body=f"Comment {n}")
    with pytest.raises(services.CommentRateLimited, match="5 comments a minute"):
        services.post_comment(author=old_member, target=post, body="One too many")
    assert Comment.objects.count() == services.RATE_LIMIT
    # Another member is not affected.
    services.post_comment(author=MemberFactory(), target=post, body="My turn")


def test_post_comment_rate_limit_is_lower_for_new_accounts(member):
    post = PostFactory()
    for n in range(services.NEW_ACCOUNT_RATE_LIMIT):
        services.post_comment(author=member, target=post, body=f"Comment {n}")
    with pytest.raises(services.CommentRateLimited):
        services.post_comment(author=member, target=post, body="One too many")
    assert Comment.objects.count() == services.NEW_ACCOUNT_RATE_LIMIT


def test_post_comment_resubmission_does_not_count_against_the_rate_limit(member):
    post = PostFactory()
    key = uuid.uuid4()
    for _ in range(5):
        services.post_comment(
            author=member, target=post, body="Hi!", submission_key=key
        )
    services.post_comment(author=member, target=post, body="A second one")
    assert Comment.objects.count() == 2


def test_post_comment_records_the_language_it_is_written_in(member):
    comment = services.post_comment(
        author=member,
        target=PostFactory(),
        body="Muchas gracias por el informe, nos sirve mucho para nuestro trabajo.",
    )
    comment.refresh_from_db()
    assert comment.language == "es"


def test_post_comment_too_short_to_tell_has_no_language(member):
    comment = services.post_comment(author=member, target=PostFactory(), body="Ok!")
    assert comment.language == ""


# Editing and removing -----------------------------------------------------------


def test_edit_comment_within_the_window_marks_it_edited(member):
    comment = CommentFactory(author=member)
    services.edit_comment(comment=comment, author=member, body="Better words.")
    comment.refresh_from_db()
    assert comment.body == "Better words."
    assert comment.edited_at is not None


def test_edit_comment_detects_the_language_again(member):
    comment = services.post_comment(
        author=member,
        target=PostFactory(),
        body="Thank you, this is what we needed for the workshop.",
    )
    assert comment.language == "en"
    services.edit_comment(
        comment=comment,
        author=member,
        body="Merci, c'est ce dont nous avions besoin pour l'atelier.",
    )
    comment.refresh_from_db()
    assert comment.language == "fr"
    services.edit_comment(comment=comment, author=member, body="Merci !")
    comment.refresh_from_db()
    assert comment.language == ""


def test_edit_comment_after_fifteen_minutes_is_refused(member, settings):
    comment = CommentFactory(
        author=member,
        created_at=timezone.now()
        - datetime.timedelta(minutes=settings.COMMENT_EDIT_WINDOW_MINUTES, seconds=1),
    )
    with pytest.raises(ValidationError, match="15 minutes"):
        services.edit_comment(comment=comment, author=member, body="Too late.")
    comment.refresh_from_db()
    assert comment.body == "Thank you for sharing."
    assert comment.edited_at is None


def test_edit_comment_window_follows_the_clock(member, monkeypatch):
    comment = CommentFactory(author=member)
    later = comment.created_at + datetime.timedelta(minutes=16)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with pytest.raises(ValidationError):
        services.edit_comment(comment=comment, author=member, body="Too late.")


def test_edit_comment_only_by_its_author(member):
    comment = CommentFactory()
    with pytest.raises(PermissionDenied):
        services.edit_comment(comment=comment, author=member, body="Not mine.")


def test_remove_comment_keeps_a_placeholder_and_the_replies(member):
    comment = CommentFactory(author=member)
    reply = CommentFactory(target=comment.content_object, parent=comment)
    services.remove_comment(comment=comment, author=member)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert list(Comment.objects.on(comment.content_object).thread()) == [comment]
    assert reply in comment.replies.all()


def test_remove_comment_only_by_its_author(member):
    comment = CommentFactory()
    with pytest.raises(PermissionDenied):
        services.remove_comment(comment=comment, author=member)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


# Flags ----------------------------------------------------------------------------


def test_flag_comment_hides_at_exactly_the_threshold(settings):
    settings.COMMENT_FLAG_THRESHOLD = 3
    comment = CommentFactory()
    for _ in range(2):
        services.flag_comment(comment=comment, member=MemberFactory(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE
    services.flag_comment(comment=comment, member=MemberFactory(), reason="abuse")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_flag_comment_repeat_by_the_same_member_changes_nothing(settings, member):
    settings.COMMENT_FLAG_THRESHOLD = 2
    comment = CommentFactory()
    first = services.flag_comment(comment=comment, member=member, reason="spam")
    again = services.flag_comment(
        comment=comment, member=member, reason="abuse", note="Really"
    )
    assert first.pk == again.pk
    assert Flag.objects.get().reason == "spam"
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


def test_flag_comment_refuses_own_comment_and_unknown_reasons(member):
    with pytest.raises(ValidationError):
        services.flag_comment(
            comment=CommentFactory(author=member), member=member, reason="spam"
        )
    with pytest.raises(ValidationError):
        services.flag_comment(comment=CommentFactory(), member=member, reason="meh")
    assert Flag.objects.count() == 0


def test_flag_comment_refuses_unverified_members():
    with pytest.raises(PermissionDenied):
        services.flag_comment(
            comment=CommentFactory(), member=UserFactory(), reason="spam"
        )


def test_flag_comment_dismissed_flags_do_not_count(settings):
    settings.COMMENT_FLAG_THRESHOLD = 2
    comment = CommentFactory()
    FlagFactory(comment=comment, dismissed_at=timezone.now())
    services.flag_comment(comment=comment, member=MemberFactory(), reason="spam")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.VISIBLE


# Moderation -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "call", "status"),
    [
        (
            "hide",
            lambda c, m: services.hide_comment(comment=c, moderator=m, reason="Rude"),
            Comment.Status.HIDDEN,
        ),
        (
            "restore",
            lambda c, m: services.restore_comment(comment=c, moderator=m),
            Comment.Status.VISIBLE,
        ),
        (
            "dismiss_flags",
            lambda c, m: services.dismiss_flags(comment=c, moderator=m),
            Comment.Status.VISIBLE,
        ),
    ],
)
def test_moderator_actions_leave_exactly_one_audit_entry(action, call, status):
    moderator = ModeratorFactory()
    comment = CommentFactory(status=Comment.Status.PENDING)
    FlagFactory(comment=comment)
    call(comment, moderator)
    comment.refresh_from_db()
    assert comment.status == status
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (
        moderator,
        action,
        comment.pk,
    )
    if action != "hide":
        assert not comment.flags.filter(dismissed_at__isnull=True).exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda c, m: services.hide_comment(comment=c, moderator=m),
        lambda c, m: services.restore_comment(comment=c, moderator=m),
        lambda c, m: services.dismiss_flags(comment=c, moderator=m),
    ],
)
def test_moderator_actions_refuse_members(member, call):
    comment = CommentFactory(status=Comment.Status.PENDING)
    with pytest.raises(PermissionDenied):
        call(comment, member)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert AuditEntry.objects.count() == 0
