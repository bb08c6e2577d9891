"""A question asked, edited by its author, answered and moved, and a private group
kept private: in a real browser without JavaScript, in the three languages."""

import datetime
import uuid

import pytest
from django.utils import timezone

from comments.models import Comment
from discussions.models import Space, Topic
from tests import factories

expect = pytest.importorskip("playwright.sync_api").expect


def _context(new_context, live_site, user, language):
    context = new_context(javascript=False, user=user)
    context.add_cookies(
        [{"name": "django_language", "value": language, "url": live_site.url}]
    )
    return context.new_page()


def _member(**kwargs):
    joined = timezone.now() - datetime.timedelta(days=30)
    return factories.MemberFactory(date_joined=joined, **kwargs)


@pytest.mark.parametrize("language", ["en", "es", "fr"])
def test_topic_asked_answered_moved_and_private_group_hidden(
    new_context, live_site, language
):
    tag = uuid.uuid4().hex[:8]
    author, replier, outsider = _member(), _member(), _member()
    factories.TopicFactory(author=author)  # not a first topic: no review
    moderator = factories.ModeratorFactory()
    group = factories.SpaceFactory(access=Space.Access.PRIVATE)
    secret = factories.TopicFactory(space=group, title=f"Working group {tag}")
    other = factories.TopicFactory(space=Space.objects.get(slug="measuring-results"))

    page = _context(new_context, live_site, author, language)
    page.goto("/discussions/measuring-results/")
    page.locator("main a[href$='/new/']").first.click()
    page.locator("[name=title]").fill(f"Monitoring tools {tag}")
    page.locator("[name=body]").fill("Which tools do you use to show results?")
    page.locator("main form button[type=submit]").click()
    topic = Topic.objects.get(title=f"Monitoring tools {tag}")
    expect(page.locator("h1")).to_have_text(topic.title)
    page.locator(f"main a[href$='{topic.slug}/edit/']").click()
    page.locator("[name=title]").fill(f"Monitoring tools for results {tag}")
    page.locator("main form button[type=submit]").click()
    topic.refresh_from_db()
    assert topic.title == f"Monitoring tools for results {tag}"
    assert page.url.endswith(topic.get_absolute_url())
    expect(page.locator("h1")).to_have_text(topic.title)

    reply_page = _context(new_context, live_site, replier, language)
    reply_page.goto(topic.get_absolute_url())
    reply_page.locator("#comment-body").fill(f"We use a simple dashboard {tag}.")
    reply_page.locator("form.comment-form button[type=submit]").click()
    reply = Comment.objects.get(body=f"We use a simple dashboard {tag}.")

    page.goto(topic.get_absolute_url())
    page.locator("#answer-comment").select_option(str(reply.pk))
    page.locator("form:has(#answer-comment) button").click()
    expect(page.locator("section.answer")).to_contain_text("simple dashboard")

    mod_page = _context(new_context, live_site, moderator, language)
    mod_page.goto(other.get_absolute_url())
    mod_page.locator("#move-space").select_option("learning-culture")
    mod_page.locator("form:has(#move-space) button").click()
    other.refresh_from_db()
    assert other.space.slug == "learning-culture"
    assert mod_page.url.endswith(other.get_absolute_url())

    outside = _context(new_context, live_site, outsider, language)
    response = outside.goto(secret.get_absolute_url())
    assert response.status == 404
    outside.goto("/discussions/")
    expect(outside.locator("main")).not_to_contain_text(secret.title)
    expect(outside.locator("main")).to_contain_text(topic.title)
