"""No mail inside a request: sign-up, password reset and submitting a post answer at
once and store what they should when the mail server is down or never answers; the
mail goes from a task, retried with a growing delay, once the server is back, and
never twice."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from blog.models import Post
from members.mail import deliver_message, queue_message, render_message
from members.models import User
from tests import factories
from tests.security.mailfaults import free_port, silent_mail_server, smtp_mailers

# Real commits, as in production: the request's transaction and its hooks run.
pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "blue-Harbour-lantern-42"
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


@pytest.fixture
def queue(settings):
    """Production's task queue: tasks are rows that a worker runs later."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def queued_mail() -> list[DBTaskResult]:
    return list(
        DBTaskResult.objects.filter(task_path="members.mail.deliver_message").order_by(
            "enqueued_at"
        )
    )


def sign_up(client: Client):
    return client.post(
        reverse("account_signup"),
        {
            "display_name": "Ana Pérez",
            "email": "ana@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "country": "CL",
            "institution": factories.InstitutionFactory().pk,
        },
    )


def test_sign_up_succeeds_while_the_mail_server_is_down(settings, queue):
    settings.MAILERS = smtp_mailers(free_port())  # nothing listens there
    response = sign_up(Client())
    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="ana@example.org").exists()
    [task] = queued_mail()
    assert task.status == "READY"

    # The worker tries while the server is still down: a retry is set for later.
    run_worker()
    first, retry = queued_mail()
    assert first.status == "FAILED" or first.status == "SUCCESSFUL"
    assert retry.status == "READY"
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=30)
    assert retry.args_kwargs["args"][1] == 2  # the second attempt

    # The server is back and the delay is over: the mail goes, once.
    settings.MAILERS = LOCMEM
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())
    run_worker()
    run_worker()
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    assert re.search(r"/accounts/confirm-email/\S+/", mail.outbox[0].body)


def test_password_reset_never_waits_for_a_mail_server_that_does_not_answer(
    settings, queue
):
    factories.MemberFactory(email="known@example.org")
    with silent_mail_server() as (port, connections):
        settings.MAILERS = smtp_mailers(port)
        response = Client().post(
            reverse("account_reset_password"), {"email": "known@example.org"}
        )
        assert response.status_code == 302
        # The request never even opened a connection to the mail server.
        assert connections() == 0
    assert len(queued_mail()) == 1
    settings.MAILERS = LOCMEM
    run_worker()
    assert [m.to for m in mail.outbox] == [["known@example.org"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_submitting_a_post_succeeds_when_the_moderators_mail_fails(settings):
    # The in-process task backend of the tests: the mail is tried at once and fails.
    settings.MAILERS = smtp_mailers(free_port())
    client = Client()
    client.force_login(factories.MemberFactory())
    response = client.post(
        "/blog/new/",
        {"title": "Notes", "body": "Body", "language": "en", "action": "submit"},
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.status == Post.Status.SUBMITTED
    assert post.slug == "notes"


def test_a_failing_mail_leaves_nothing_unsaid_in_a_rolled_back_request(queue):
    from django.db import transaction

    message = render_message(
        language="en",
        subject_template="blog/email/submitted_subject.txt",
        body_template="blog/email/submitted_body.txt",
        context={"post": factories.PostFactory()},
        to=["moderators@example.org"],
    )
    with transaction.atomic():
        queue_message(message)
        transaction.set_rollback(True)
    assert queued_mail() == []


def test_a_message_delivered_twice_is_sent_once(settings, queue):
    settings.MAILERS = LOCMEM
    message = render_message(
        language="en",
        subject_template="blog/email/submitted_subject.txt",
        body_template="blog/email/submitted_body.txt",
        context={"post": factories.PostFactory()},
        to=["moderators@example.org"],
    )
    queue_message(message)
    [task] = queued_mail()
    # A worker that died after sending runs the same task again.
    deliver_message.call(*task.args_kwargs["args"])
    deliver_message.call(*task.args_kwargs["args"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"].startswith("<")
