"""A topic's page is shared by the readers in the same situation
(``discussions.topic_page``), its reply thread rendered for each of them: each
reader's page reads as the template renders it for them alone; and a member's
visit is written only when the topic moved since the last one."""

import datetime

import pytest

from comments.models import Comment
from discussions import services, topic_page
from discussions.models import Membership, Space, Visit
from tests import factories
from tests.shared_pages import (
    assert_each_reads_as_alone,
    pages_read_twice,
    rendered_inline,
)

pytestmark = pytest.mark.django_db
EVIL = '"><script>alert(1)</script> kshub-hole-csrf kshub-hole-own-thread'


@pytest.fixture
def readers():
    space = factories.SpaceFactory(access=Space.Access.PRIVATE, slug="inner-circle")
    insider, commenter, flagger = factories.MemberFactory.create_batch(3)
    factories.MembershipFactory(space=space, member=insider)
    factories.TopicFactory(space=space, title="Whispered monitoring framework")
    topic = factories.TopicFactory(title="Monitoring tools for a results framework")
    services.refresh_search_vector(topic=topic)
    comment = factories.CommentFactory(target=topic, author=commenter)
    factories.CommentFactory(target=topic, body="Another <b>view</b>.")
    factories.FlagFactory(comment=comment, member=flagger)
    keeper = factories.MemberFactory()
    factories.MembershipFactory(
        space=topic.space, member=keeper, role=Membership.Role.MODERATOR
    )
    readers = {
        "visitor": None,
        "member": factories.MemberFactory(),
        "member of the private space": insider,
        "commenter": commenter,
        "flagger": flagger,
        "author": topic.author,
        "moderator of the space": keeper,
        "moderator": factories.ModeratorFactory(),
    }
    url = topic.get_absolute_url()
    return readers, [url, f"{url}?q={EVIL}", f"{url}?comments=all"]


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_a_topic_page_reads_as_the_template_renders_it_for_each_reader(
    readers, language, monkeypatch
):
    readers, urls = readers
    # A view counted changes the figure the page shows; not what is compared.
    monkeypatch.setattr(topic_page, "will_count_view", lambda request, item: False)
    pages = pages_read_twice(readers, urls, language)
    monkeypatch.setattr(topic_page, "render_shared", rendered_inline)
    assert_each_reads_as_alone(pages, readers, language)
    # The readers' situations differ where the comparison would show a leak.
    topic_url = urls[0]
    assert "Whispered" in pages["member of the private space", topic_url]
    assert "Whispered" not in pages["member", topic_url]
    answer_form = f'action="{topic_url}answer/"'
    assert answer_form in pages["author", topic_url]
    assert answer_form not in pages["member", topic_url]


def test_a_view_counted_shows_on_that_readers_page_only(client):
    """A shared copy holds the views its page shows: a reader whose view is
    counted never gets a copy made for one whose view was not, and back."""
    topic = factories.TopicFactory(view_count=41)
    client.force_login(factories.MemberFactory())
    assert "42 views" in client.get(topic.get_absolute_url()).text  # counted
    assert "41 views" in client.get(topic.get_absolute_url()).text  # seen before


def test_a_visit_is_written_again_only_once_the_topic_moved(
    client, member, django_assert_num_queries
):
    topic = factories.TopicFactory()
    services.record_visit(member=member, topic=topic)
    seen = Visit.objects.get(member=member, topic=topic).seen_at
    with django_assert_num_queries(0):
        services.record_visit(member=member, topic=topic)
    topic.last_activity_at = seen
    with django_assert_num_queries(0):
        services.record_visit(member=member, topic=topic)
    topic.last_activity_at = seen + datetime.timedelta(seconds=1)  # a reply
    services.record_visit(member=member, topic=topic)
    assert Visit.objects.get(member=member, topic=topic).seen_at > seen


def test_an_answer_hidden_leaves_every_readers_page_at_once(client, member):
    topic = factories.TopicFactory()
    answer = factories.CommentFactory(target=topic, body="Use a theory of change.")
    topic.answer = answer
    topic.save()
    client.force_login(member)
    assert 'id="answer-heading"' in client.get(topic.get_absolute_url()).text
    answer.status = Comment.Status.HIDDEN  # a moderator's decision: no topic saved
    answer.save()
    assert 'id="answer-heading"' not in client.get(topic.get_absolute_url()).text
