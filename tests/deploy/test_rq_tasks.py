"""The RQ task queue (TASKS_BACKEND=rq): production settings hand a comment's e-mail
through Redis to the worker the README tells operators to run."""

import json

import pytest
import redis
from django.db import connection

from tests.deploy.prodenv import database_url, run_python
from tests.factories import MemberFactory, PostFactory

# The subprocesses read what the test writes, so it must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

# A database of its own: other deploy tests use 15, and only this one is flushed.
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def rq_redis():
    """An empty Redis database for the queue; skipped where no Redis answers.
    fakeredis's TCP server cannot stand in: an RQ worker asks CLIENT INFO, whose
    answer from it redis-py fails to parse."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        pytest.skip("no Redis answers at 127.0.0.1:6379")
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


def test_rq_backend_carries_a_comment_notification_to_the_worker(rq_redis, tmp_path):
    post = PostFactory(title="Report from the Seoul meeting")
    commenter = MemberFactory()
    env = {
        "TASKS_BACKEND": "rq",
        "REDIS_URL": REDIS_URL,
        "DATABASE_URL": database_url(connection.settings_dict),
    }

    posted = run_python(
        f"""
        import json
        import django_rq
        from django.contrib.auth import get_user_model
        from django.tasks import task_backends
        from blog.models import Post
        from comments import services
        backend = task_backends["default"]
        services.post_comment(
            author=get_user_model().objects.get(pk={commenter.pk}),
            target=Post.objects.get(pk={post.pk}),
            body="The roundtable on financing models was the most useful.",
        )
        [job] = django_rq.get_queue("default").get_jobs()
        print(json.dumps({{
            "backend": type(backend).__name__,
            "problems": [str(message) for message in backend.check()],
            "job": job.id,
            "task": job.func_name,
        }}))
        """,
        **env,
    )
    assert posted.returncode == 0, posted.stderr
    enqueued = json.loads(posted.stdout.strip().splitlines()[-1])
    assert enqueued["backend"] == "RQBackend"
    assert enqueued["problems"] == []
    assert enqueued["task"] == "comments.tasks.send_comment_notifications"
    # Nothing has run yet: the job waits in Redis for a worker.
    assert rq_redis.llen("rq:queue:default") == 1

    # Another process, as a worker host would be; e-mail to files instead of SMTP.
    worked = run_python(
        f"""
        from django.core.management import call_command
        from django.test import override_settings
        from comments.tasks import send_comment_notifications
        mailers = {{
            "default": {{
                "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "OPTIONS": {{"file_path": {str(tmp_path)!r}}},
            }}
        }}
        with override_settings(MAILERS=mailers):
            call_command(
                "rqworker", "default", "--job-class", "django_tasks_rq.Job", "--burst"
            )
        result = send_comment_notifications.get_result({enqueued["job"]!r})
        print(result.status, result.return_value)
        """,
        **env,
    )
    assert worked.returncode == 0, worked.stderr
    assert worked.stdout.strip().splitlines()[-1] == "SUCCESSFUL True"
    assert rq_redis.llen("rq:queue:default") == 0
    [message] = [path.read_text() for path in tmp_path.iterdir()]
    assert f"To: {post.author.email}" in message
    assert "The roundtable on financing models was the most useful." in message
