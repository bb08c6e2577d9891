"""A published story's page, for a signed-in member, is shared by the members in
the same situation before it, and its adoptions block by the readers of one
situation (``cases.story_page``, ``impact.templatetags.impact``): each reader's
page reads as the template renders it for them alone."""

import pytest

from cases import story_page
from core.pagecache import CONTENT, renew_version
from impact.models import Adoption
from impact.templatetags import impact
from notifications.followable import object_key
from notifications.services import follow
from tests import factories
from tests.shared_pages import (
    assert_each_reads_as_alone,
    pages_read_twice,
    rendered_inline,
)

pytestmark = pytest.mark.django_db
EVIL = '"><script>alert(1)</script> kshub-hole-csrf kshub-hole-own-reader'


def _not_kept(name, parts, compute, **options):
    return compute()


@pytest.fixture
def readers():
    story = factories.CaseStoryFactory(
        lead_institution=factories.InstitutionFactory(country="KR", slug="lead")
    )
    commenter, flagger, follower = factories.MemberFactory.create_batch(3)
    comment = factories.CommentFactory(target=story, author=commenter)
    factories.CommentFactory(target=story, body="Another <b>view</b>.")
    factories.FlagFactory(comment=comment, member=flagger)
    follow(member=follower, key=object_key(story))
    adopter = factories.MemberFactory(
        profile__institution=factories.InstitutionFactory(country="MX", slug="mx")
    )
    factories.AdoptionFactory(case_story=story, author=adopter)
    hidden_author = factories.MemberFactory()
    factories.AdoptionFactory(
        case_story=story,
        author=hidden_author,
        status=Adoption.Status.HIDDEN,
        institution=factories.InstitutionFactory(country="PE", slug="pe"),
    )
    may_adopt = factories.MemberFactory(
        profile__institution=factories.InstitutionFactory(country="KE", slug="ke")
    )
    readers = {
        "visitor": None,
        "member": factories.MemberFactory(),
        "commenter": commenter,
        "flagger": flagger,
        "follower": follower,
        "adopter": adopter,
        "author of a hidden adoption": hidden_author,
        "member who may adopt": may_adopt,
        "author": story.author,
        "moderator": factories.ModeratorFactory(),
    }
    url = story.get_absolute_url()
    return readers, [url, f"{url}?q={EVIL}", f"{url}?comments=all"]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_story_page_reads_as_the_template_renders_it_for_each_reader(
    readers, language, monkeypatch
):
    readers, urls = readers
    # A view counted changes the figure the page shows; not what is compared.
    monkeypatch.setattr(story_page, "will_count_view", lambda request, item: False)
    monkeypatch.setattr(story_page, "count_view", lambda request, response, item: 0)
    pages = pages_read_twice(readers, urls, language)
    renew_version(CONTENT)  # each page again, rendered for its reader alone
    monkeypatch.setattr(story_page, "render_shared", rendered_inline)
    monkeypatch.setattr(story_page.readerfacts, "read", lambda member, item: {})
    monkeypatch.setattr(impact, "cached", _not_kept)
    assert_each_reads_as_alone(pages, readers, language)
    # The readers' situations differ where the comparison would show a leak.
    story_url = urls[0]
    assert 'aria-pressed="true"' in pages["follower", story_url]
    assert 'aria-pressed="true"' not in pages["member", story_url]
    adapt = "/impact/adapt/"
    assert adapt in pages["member who may adopt", story_url]
    assert adapt not in pages["member", story_url]
    hidden = f'id="adoption-{Adoption.objects.get(status="hidden").pk}"'
    assert hidden in pages["author of a hidden adoption", story_url]
    assert hidden in pages["moderator", story_url]
    assert hidden not in pages["member", story_url]
