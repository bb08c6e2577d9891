"""Concurrent requests on real PostgreSQL transactions, one thread each."""

import threading
import uuid

import pytest
from django.core import mail
from django.db import connection

from comments import services
from comments.models import Comment, Flag
from tests.factories import CommentFactory, MemberFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _run_together(functions):
    barrier = threading.Barrier(len(functions))
    results, errors = [], []

    def run(function):
        try:
            barrier.wait()
            results.append(function())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_concurrent_flags_hide_the_comment_exactly_once(settings):
    settings.COMMENT_FLAG_THRESHOLD = 3
    comment = CommentFactory()
    members = [MemberFactory() for _ in range(6)]
    results, errors = _run_together(
        [
            lambda m=m: services.flag_comment(comment=comment, member=m, reason="spam")
            for m in members
        ]
    )
    assert errors == []
    assert len(results) == 6
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert Flag.objects.filter(comment=comment).count() == 6
    # The moderators hear about it once: the status changed once.
    assert len(mail.outbox) == 1


def test_concurrent_double_submit_creates_one_comment():
    member = MemberFactory()
    parent = CommentFactory()
    key = uuid.uuid4()
    results, errors = _run_together(
        [
            lambda: services.post_comment(
                author=member,
                target=parent.content_object,
                body="Sent twice.",
                submission_key=key,
            )
        ]
        * 4
    )
    assert errors == []
    assert len({comment.pk for comment in results}) == 1
    assert Comment.objects.filter(submission_key=key).count() == 1
