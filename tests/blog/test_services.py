import pytest
from django.contrib.postgres.search import SearchQuery
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from blog import services
from blog.models import Post
from core.models import AuditEntry
from tests.factories import EventFactory, MemberFactory, PostFactory, UserFactory

pytestmark = pytest.mark.django_db


def _submitted_post(**kwargs):
    return PostFactory(status=Post.Status.SUBMITTED, published_at=None, **kwargs)


def test_create_post_starts_a_draft_with_a_unique_slug(member):
    event = EventFactory()
    first = services.create_post(
        author=member, title="Notes from Seoul", body="Text", event=event, tags=["KS"]
    )
    second = services.create_post(author=member, title="Notes from Seoul", body="B")
    assert first.status == Post.Status.DRAFT
    assert first.event == event
    assert list(first.tags.names()) == ["KS"]
    assert (first.slug, second.slug) == ("notes-from-seoul", "notes-from-seoul-2")


def test_create_post_refuses_unverified_members():
    with pytest.raises(PermissionDenied):
        services.create_post(author=UserFactory(), title="T", body="B")


def test_create_post_sets_the_search_vector_in_the_post_language(member):
    post = services.create_post(
        author=member,
        title="Gestión del riesgo de desastres",
        body="Compartir conocimientos",
        tags=["resiliencia"],
        language="es",
    )
    found = Post.objects.filter(
        search_vector=SearchQuery("desastre", config="kshub_spanish")
    )
    assert list(found) == [post]
    assert Post.objects.filter(
        search_vector=SearchQuery("resiliencia", config="kshub_spanish")
    ).exists()


def test_update_post_refreshes_the_search_vector(member):
    post = services.create_post(author=member, title="Old title", body="Body")
    services.update_post(post=post, author=member, title="Roundtables", body="Body")
    assert Post.objects.filter(
        search_vector=SearchQuery("roundtable", config="kshub_english")
    ).exists()


def test_update_post_only_by_author_while_draft_or_rejected(member):
    post = services.create_post(author=member, title="Mine", body="Body")
    with pytest.raises(PermissionDenied):
        services.update_post(post=post, author=MemberFactory(), title="X", body="Y")
    services.submit_post(post=post, author=member)
    with pytest.raises(ValidationError):
        services.update_post(post=post, author=member, title="X", body="Y")
    post.status = Post.Status.REJECTED
    post.save()
    services.update_post(post=post, author=member, title="Fixed", body="Y")
    assert Post.objects.get(pk=post.pk).title == "Fixed"


def test_submit_post_tells_the_moderators(member, django_capture_on_commit_callbacks):
    post = services.create_post(author=member, title="For review", body="Body")
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_post(post=post, author=member)
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED
    assert len(mail.outbox) == 1
    assert "For review" in mail.outbox[0].subject


def test_publish_post_by_a_non_moderator_raises_permission_denied(member):
    post = _submitted_post()
    with pytest.raises(PermissionDenied):
        services.publish_post(post=post, moderator=member)
    assert Post.objects.get(pk=post.pk).status == Post.Status.SUBMITTED
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("call", "action"),
    [
        (lambda post, mod: services.publish_post(post=post, moderator=mod), "publish"),
        (
            lambda post, mod: services.reject_post(
                post=post, moderator=mod, reason="Add sources"
            ),
            "reject",
        ),
        (lambda post, mod: services.archive_post(post=post, moderator=mod), "archive"),
    ],
)
def test_moderator_services_write_exactly_one_audit_entry(moderator, call, action):
    post = _submitted_post()
    call(post, moderator)
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.action, entry.target_id) == (moderator, action, post.pk)


@pytest.mark.parametrize(
    ("featured", "action"), [(True, "feature"), (False, "unfeature")]
)
def test_feature_post_writes_exactly_one_audit_entry(moderator, featured, action):
    post = PostFactory(featured=not featured)
    services.feature_post(post=post, moderator=moderator, featured=featured)
    assert Post.objects.get(pk=post.pk).featured is featured
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [action]


def test_feature_post_refuses_unpublished_posts(moderator):
    with pytest.raises(ValidationError):
        services.feature_post(post=_submitted_post(), moderator=moderator)


def test_publish_post_sets_the_date(moderator):
    post = services.publish_post(post=_submitted_post(), moderator=moderator)
    stored = Post.objects.get(pk=post.pk)
    assert stored.status == Post.Status.PUBLISHED
    assert stored.published_at is not None


def test_reject_post_mails_the_reason_to_the_author_on_commit(
    moderator, django_capture_on_commit_callbacks
):
    post = _submitted_post()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.reject_post(post=post, moderator=moderator, reason="Cite sources")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [post.author.email]
    assert "Cite sources" in mail.outbox[0].body
    stored = Post.objects.get(pk=post.pk)
    assert (stored.status, stored.rejection_reason) == ("rejected", "Cite sources")


def test_reject_post_needs_a_reason(moderator):
    with pytest.raises(ValidationError):
        services.reject_post(post=_submitted_post(), moderator=moderator, reason=" ")
    assert not AuditEntry.objects.exists()
