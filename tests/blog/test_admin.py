import pytest
from django.urls import reverse

from blog.models import Post
from core.models import AuditEntry
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_post_admin_lists_posts(admin_client):
    PostFactory(title="Report from Seoul")
    response = admin_client.get(reverse("admin:blog_post_changelist"))
    assert response.status_code == 200
    assert "Report from Seoul" in response.text


def test_post_admin_publish_action_goes_through_the_service(admin_client, admin_user):
    post = PostFactory(status=Post.Status.SUBMITTED, published_at=None)
    response = admin_client.post(
        reverse("admin:blog_post_changelist"),
        {"action": "publish", "_selected_action": [post.pk]},
    )
    assert response.status_code == 302
    assert Post.objects.get(pk=post.pk).status == Post.Status.PUBLISHED
    assert AuditEntry.objects.get().actor == admin_user
