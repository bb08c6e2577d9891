"""What members write is bounded: every Markdown field has a length limit at the form
and at the service (a clear message, the text kept in the form), and saving and
previewing case stories and posts are rate-limited per member, tighter for new
accounts."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from blog import services as blog_services
from blog.models import Post
from cases import services as case_services
from cases.models import CaseStory, Dimension
from core.ratelimit import RateLimited
from core.text import MARKDOWN_MAX_LENGTH
from tests import factories

pytestmark = pytest.mark.django_db

TOO_LONG = "word " * (MARKDOWN_MAX_LENGTH // 5) + "more"


def established_member():
    return factories.MemberFactory(
        date_joined=timezone.now() - datetime.timedelta(days=30)
    )


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def story_form(**overrides) -> dict:
    data = {
        "title": "Community radio",
        "summary": "Radio stations share what farmers learnt.",
        "context": "Rural areas.",
        "language": "en",
        "dimensions": [Dimension.objects.get(slug="sharing-modalities").pk],
        "action": "draft",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "section", ["context", "challenge", "solution", "results", "lessons"]
)
def test_case_form_refuses_an_overlong_section_and_keeps_the_text(section):
    client = signed_in(factories.MemberFactory())
    response = client.post("/cases/new/", story_form(**{section: TOO_LONG}))
    assert response.status_code == 400
    assert not CaseStory.objects.exists()
    assert response.context["form"].errors[section]
    assert TOO_LONG.strip() in response.text  # nothing the member wrote is lost
    assert "maxlength" not in str(response.context["form"][section])


def test_case_preview_refuses_an_overlong_section_without_rendering_it():
    client = signed_in(factories.MemberFactory())
    response = client.post(
        "/cases/new/", story_form(action="preview", solution="[" * 40_000)
    )
    assert response.status_code == 400
    assert response.context["preview"] is None


@pytest.mark.parametrize("section", ["context", "lessons"])
def test_case_services_refuse_an_overlong_section(member, section):
    with pytest.raises(ValidationError) as caught:
        case_services.create_case_story(
            author=member, title="T", summary="S", **{section: TOO_LONG}
        )
    assert section in caught.value.message_dict
    story = case_services.create_case_story(author=member, title="T", summary="S")
    with pytest.raises(ValidationError):
        case_services.update_case_story(
            case_story=story, author=member, **{section: TOO_LONG}
        )
    story.refresh_from_db()
    assert getattr(story, section) == ""


def test_case_section_at_the_limit_is_accepted(member):
    text = "x" * MARKDOWN_MAX_LENGTH
    story = case_services.create_case_story(
        author=member, title="T", summary="S", results=text
    )
    assert story.results == text


def test_post_form_refuses_an_overlong_body_and_keeps_the_text():
    client = signed_in(factories.MemberFactory())
    response = client.post(
        "/blog/new/", {"title": "Notes", "body": TOO_LONG, "language": "en"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    assert TOO_LONG.strip() in response.text
    assert not Post.objects.exists()


def test_post_services_refuse_an_overlong_body(member):
    with pytest.raises(ValidationError) as caught:
        blog_services.create_post(author=member, title="T", body=TOO_LONG)
    assert "body" in caught.value.message_dict
    post = blog_services.create_post(author=member, title="T", body="Short")
    with pytest.raises(ValidationError):
        blog_services.update_post(post=post, author=member, title="T", body=TOO_LONG)
    post.refresh_from_db()
    assert post.body == "Short"


def test_creating_case_stories_is_rate_limited_for_new_accounts():
    client = signed_in(factories.MemberFactory())
    codes = [
        client.post("/cases/new/", story_form(title=f"Story {n}")).status_code
        for n in range(12)
    ]
    assert codes == [302] * 10 + [429, 429]
    assert CaseStory.objects.count() == 10


def test_creating_and_editing_case_stories_share_one_limit():
    member = established_member()
    story = factories.DraftCaseStoryFactory(author=member)
    for n in range(30):
        case_services.update_case_story(
            case_story=story, author=member, title=f"Edit {n}"
        )
    with pytest.raises(RateLimited):
        case_services.create_case_story(author=member, title="One more", summary="S")
    response = signed_in(member).post(
        f"/cases/{story.slug}/edit/", story_form(title="Refused")
    )
    assert response.status_code == 429
    story.refresh_from_db()
    assert story.title == "Edit 29"


def test_case_preview_is_rate_limited():
    client = signed_in(factories.MemberFactory())
    codes = [
        client.post("/cases/new/", story_form(action="preview")).status_code
        for _ in range(11)
    ]
    assert codes == [200] * 10 + [429]
    assert (
        "Please wait a few minutes"
        in client.post("/cases/new/", story_form(action="preview")).content.decode()
    )


def test_writing_posts_is_rate_limited():
    member = factories.MemberFactory()
    client = signed_in(member)
    codes = [
        client.post(
            "/blog/new/", {"title": f"Post {n}", "body": "Body", "language": "en"}
        ).status_code
        for n in range(11)
    ]
    assert codes == [302] * 10 + [429]
    assert Post.objects.filter(author=member).count() == 10
    with pytest.raises(RateLimited):
        blog_services.update_post(
            post=Post.objects.first(), author=member, title="T", body="B"
        )
