"""The author edits their topic within the comments' edit window; the address
stays; every edit leaves an audit entry; nobody else edits it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEntry
from core.search import matches
from discussions import services
from discussions.models import Space, Topic
from tests import factories

pytestmark = pytest.mark.django_db

TEXT = {
    "title": "Monitoring tools for a cash-transfer programme",
    "body": "Which tools do you use to follow results?",
}


@pytest.fixture
def topic(member):
    return services.start_topic(
        author=member,
        space=Space.objects.get(slug="measuring-results"),
        review=False,
        tags=["monitoring"],
        **TEXT,
    )


def _edit(topic, author, **changes):
    return services.edit_topic(topic=topic, author=author, **{**TEXT, **changes})


def test_edit_topic_changes_text_keeps_the_address_and_audits(topic, member):
    slug = topic.slug
    edited = _edit(topic, member, title="Monitoring tools for cash transfers", tags=[])
    assert edited.slug == slug
    assert edited.edited_at is not None
    assert not edited.tags.exists()
    assert Topic.objects.filter(pk=topic.pk).filter(matches("transfers")).exists()
    entry = AuditEntry.objects.get(action="edit_topic")
    assert entry.reason == TEXT["title"]
    assert entry.actor == member


def test_edit_topic_refuses_others_late_edits_closed_and_bad_text(
    topic, member, moderator
):
    with pytest.raises(PermissionDenied):
        _edit(topic, factories.MemberFactory())
    with pytest.raises(PermissionDenied):
        _edit(topic, moderator)
    with pytest.raises(ValidationError):
        _edit(topic, member, title="")
    late = timezone.now() - datetime.timedelta(minutes=16)
    Topic.objects.filter(pk=topic.pk).update(created_at=late, last_activity_at=late)
    topic.refresh_from_db()
    assert not services.can_edit(topic, member)
    with pytest.raises(ValidationError):
        _edit(topic, member)
    now = timezone.now()
    Topic.objects.filter(pk=topic.pk).update(created_at=now, last_activity_at=now)
    services.close_topic(topic=topic, moderator=moderator)
    with pytest.raises(ValidationError):
        _edit(topic, member)
    topic.refresh_from_db()
    assert topic.title == TEXT["title"]


def test_edit_page_for_the_author_only(client, topic, member):
    url = f"{topic.get_absolute_url()}edit/"
    assert client.get(url)["Location"].startswith("/accounts/login/")
    client.force_login(factories.MemberFactory())
    assert client.get(url).status_code == 403
    assert "/edit/" not in client.get(topic.get_absolute_url()).text
    client.force_login(member)
    assert f'href="{url}"' in client.get(topic.get_absolute_url()).text
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["tags"].initial == "monitoring"
    bad = client.post(url, {"title": "", "body": "<script>x</script> more text"})
    assert bad.status_code == 400
    assert "&lt;script&gt;" in bad.text
    done = client.post(url, {**TEXT, "title": "A clearer title for the topic"})
    assert done["Location"] == topic.get_absolute_url()
    page = client.get(topic.get_absolute_url()).text
    assert "A clearer title for the topic" in page
    assert "edited" in page


def test_edit_page_of_a_private_space_topic_is_404_outside(client, member):
    space = factories.SpaceFactory(access="private")
    factories.MembershipFactory(space=space, member=member)
    topic = services.start_topic(author=member, space=space, review=False, **TEXT)
    client.force_login(factories.MemberFactory())
    assert client.get(f"{topic.get_absolute_url()}edit/").status_code == 404
