import pytest

from blog.models import Post
from members import contributions, services
from tests import factories

pytestmark = pytest.mark.django_db


def test_contributions_each_content_app_registers_its_own():
    names = [contribution.name for contribution in contributions.registered()]
    core_kinds = ["case_stories", "registrations", "events", "posts", "comments"]

    # In the order of INSTALLED_APPS; apps higher up add their own kinds after.
    assert [name for name in names if name in [*core_kinds, "flags"]] == [
        *core_kinds,
        "flags",
    ]


def test_contributions_a_new_kind_reaches_me_export_and_deletion(member, monkeypatch):
    erased = []
    monkeypatch.setattr(contributions, "_REGISTRY", dict(contributions._REGISTRY))
    contributions.register(
        contributions.Contribution(
            name="exchanges",
            owned=lambda user: ["owned"],
            export=lambda user: [{"username": user.username}],
            erase=erased.append,
        )
    )

    assert contributions.owned_by(member)["exchanges"] == ["owned"]
    data = services.export_member_data(user=member)
    assert data["exchanges"] == [{"username": member.username}]
    services.delete_account(user=member)
    assert erased == [member]


def test_delete_account_removes_unpublished_posts_and_keeps_published(member):
    published = factories.PostFactory(author=member)
    draft = factories.PostFactory(
        author=member, status=Post.Status.DRAFT, published_at=None
    )

    services.delete_account(user=member)

    assert Post.objects.filter(pk=published.pk, author__isnull=True).exists()
    assert not Post.objects.filter(pk=draft.pk).exists()
