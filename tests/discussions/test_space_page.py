"""A space's page is shared by the readers of one kind, language and situation
in the space (``core.holes.render_shared``): it reads as the template renders it
for each of them alone, private spaces and their moderators included, and one
reader's copy never reaches a reader in another situation."""

from datetime import timedelta

import pytest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from core.pagecache import CONTENT, renew_version
from discussions import views
from discussions.models import Membership, Space, Topic
from tests import factories
from tests.shared_pages import page_as

pytestmark = pytest.mark.django_db
QUERIES = ("", "?sort=new", "?sort=replies&page=2", '?q="><script>x</script>&r=1')


@pytest.fixture
def readers(member, moderator):
    """A private space with its topics, and a reader in each situation there."""
    space = factories.SpaceFactory(
        access=Space.Access.PRIVATE,
        slug="inner-circle",
        description="Results <b>we</b> keep & share",
    )
    insider, keeper = factories.MemberFactory(), factories.MemberFactory()
    factories.MembershipFactory(space=space, member=insider)
    factories.MembershipFactory(
        space=space, member=keeper, role=Membership.Role.MODERATOR
    )
    for n in range(25):
        factories.TopicFactory(space=space, title=f"Whispered framework {n}")
    factories.TopicFactory(space=space, title="Waiting one", status="pending")
    # Rows that read the same on each reading: moved days ago, not seconds.
    moved = timezone.now() - timedelta(days=2, hours=3)
    Topic.objects.update(created_at=moved, last_activity_at=moved)
    return {
        "visitor": None,
        "member": member,
        "moderator": moderator,
        "insider": insider,
        "keeper": keeper,
    }


def _alone(request, template_name, own, situation):
    return render(request, template_name, {**situation.context, **own})


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_space_page_reads_as_the_template_renders_it(
    client, readers, language, monkeypatch
):
    pages = {}
    for who, user in readers.items():
        for slug in ("measuring-results", "inner-circle"):
            for query in QUERIES:
                url = f"/discussions/{slug}/{query}"
                if slug == "inner-circle" and who in ("visitor", "member"):
                    if user is not None:
                        client.force_login(user)
                    assert client.get(url).status_code == 404
                    continue
                pages[who, url] = page_as(user, language, url)
    # Each reader's page again, rendered for them alone, under a new version.
    renew_version(CONTENT)
    monkeypatch.setattr(views, "render_shared", _alone)
    for (who, url), shared in pages.items():
        assert shared == page_as(readers[who], language, url), (who, url)
    members = reverse("discussions:members", args=["inner-circle"])
    assert members in pages["keeper", "/discussions/inner-circle/"]
    assert members not in pages["insider", "/discussions/inner-circle/"]
    assert "<script>x" not in "".join(pages.values())


def test_a_readers_situation_is_not_shared_with_another(client, readers):
    url = "/discussions/inner-circle/"
    client.force_login(readers["keeper"])
    assert "Members of this space" in client.get(url).text
    client.force_login(readers["insider"])
    assert "Members of this space" not in client.get(url).text
    client.force_login(readers["member"])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 404
