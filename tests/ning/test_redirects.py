"""Old Ning addresses: 301 to the imported item's page, 410 when it is gone."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from blog.models import Post
from comments.models import Comment
from demo import ning as demo_ning
from discussions.models import Topic
from events.models import Event
from members.models import User
from ning.forms import RedirectForm
from ning.models import Redirect
from tests import factories

pytestmark = pytest.mark.django_db

API = Path(__file__).parent / "fixtures" / "api"


@pytest.fixture
def imported(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("import_ning", str(API), stdout=StringIO())


def location(client, path: str) -> tuple[int, str]:
    response = client.get(path)
    return response.status_code, response.get("Location", "")


def test_redirects_lead_each_kind_to_its_page(client, imported):
    topic = Topic.objects.get(title="Which indicators do you use?")
    event = Event.objects.get()
    ana = User.objects.get(email="ana@example.org")
    post = Post.objects.get(title="A post by a former member")
    assert location(client, "/forum/topics/which-indicators-do-you-use") == (
        301,
        topic.get_absolute_url(),
    )
    assert location(client, "/events/regional-workshop-on-results") == (
        301,
        event.get_absolute_url(),
    )
    assert location(client, "/profile/ana-example") == (
        301,
        f"/members/{ana.username}/",
    )
    assert location(client, "/profiles/blogs/a-post-by-a-former-member") == (
        301,
        post.get_absolute_url(),
    )
    assert location(client, "/group/monitoring-evaluation")[0] == 301


def test_redirects_ignore_trailing_slash_case_and_query(client, imported):
    topic = Topic.objects.get(title="Which indicators do you use?")
    for path in (
        "/forum/topics/which-indicators-do-you-use/",
        "/forum/topics/Which-Indicators-Do-You-Use?xg_source=activity",
    ):
        assert location(client, path) == (301, topic.get_absolute_url())


def test_redirects_comment_leads_to_its_place_in_the_thread(client, imported):
    comment = Comment.objects.get(body="I will attend.")
    status, target = location(client, "/xn/detail/2115862:Comment:401")
    assert status == 301
    assert target == f"{Event.objects.get().get_absolute_url()}#comment-{comment.pk}"


def test_redirects_hidden_or_deleted_items_are_gone(client, imported):
    # A draft on Ning stays a draft here: its address answers 410.
    assert location(client, "/profiles/blogs/notes-in-progress")[0] == 410
    topic = Topic.objects.get(title="Which indicators do you use?")
    topic.status = Topic.Status.HIDDEN
    topic.save()
    response = client.get("/forum/topics/which-indicators-do-you-use")
    assert response.status_code == 410
    assert "No longer here" in response.content.decode()
    Event.objects.all().delete()
    assert location(client, "/events/regional-workshop-on-results")[0] == 410
    # A new import leaves it deleted, and adds no comment to it.
    comments = Comment.objects.count()
    output = StringIO()
    call_command("import_ning", str(API), stdout=output)
    assert "deleted here since it was imported" in output.getvalue()
    assert not Event.objects.exists()
    assert Comment.objects.count() == comments
    User.objects.filter(email="sam@example.org").update(is_active=False)
    assert location(client, "/profile/sam-suspended")[0] == 410


def test_redirects_unknown_old_addresses_are_not_found(client, imported):
    assert location(client, "/profiles/blogs/never-there")[0] == 404
    assert location(client, "/xn/detail/2115862:BlogPost:999")[0] == 404


def test_redirects_keep_real_event_addresses(client, imported):
    event = Event.objects.create(
        title="A meeting",
        slug="a-meeting",
        starts_on="2030-01-01",
        ends_on="2030-01-02",
        summary="A meeting.",
    )
    assert client.get(event.get_absolute_url()).status_code == 200
    assert location(client, "/events/a-meeting") == (301, "/events/a-meeting/")
    assert client.get("/events/a-meeting/calendar.ics").status_code == 200
    # As Django's APPEND_SLASH answered before: the slash, then the 404.
    assert location(client, "/events/nothing-here") == (301, "/events/nothing-here/")
    assert client.get("/events/nothing-here/").status_code == 404


def test_redirects_set_by_hand_win_and_may_say_gone(client, imported):
    Redirect.objects.create(
        old_path="/forum/topics/which-indicators-do-you-use", new_path="/discussions/"
    )
    Redirect.objects.create(old_path="/profiles/blogs/a-post-by-a-former-member")
    assert location(client, "/forum/topics/which-indicators-do-you-use") == (
        301,
        "/discussions/",
    )
    assert location(client, "/profiles/blogs/a-post-by-a-former-member")[0] == 410
    Redirect.objects.create(old_path="/profile/old-admin", new_path="/about/")
    assert location(client, "/profile/old-admin") == (301, "/about/")


@pytest.mark.parametrize(
    "new_path", ["//evil.example.org/x", "https://evil.example.org/", "javascript:x"]
)
def test_redirects_form_refuses_other_hosts(new_path):
    form = RedirectForm(data={"old_path": "profile/x/", "new_path": new_path})
    assert not form.is_valid()
    assert "new_path" in form.errors


def test_redirects_form_keeps_paths_as_records_do():
    form = RedirectForm(data={"old_path": "profile/x/", "new_path": "/about/"})
    assert form.is_valid()
    assert form.cleaned_data["old_path"] == "/profile/x"


def test_redirects_only_answer_reads(client, imported):
    response = client.post("/forum/topics/which-indicators-do-you-use")
    assert response.status_code == 405


def test_redirects_admin_lists_and_edits_them(admin_client, imported):
    assert admin_client.get("/admin/ning/redirect/").status_code == 200
    response = admin_client.post(
        "/admin/ning/redirect/add/",
        {"old_path": "/profiles/blogs/x", "new_path": "/blog/", "note": ""},
    )
    assert response.status_code == 302
    assert Redirect.objects.filter(old_path="/profiles/blogs/x").exists()
    assert admin_client.get("/admin/ning/importeditem/").status_code == 200


def test_redirects_demo_keeps_the_seed_post_old_address(client):
    post = factories.PostFactory(
        slug="moving-from-transactional-to-institutional-knowledge-sharing"
    )
    demo_ning.load()
    demo_ning.load()
    assert Redirect.objects.count() == 1
    old = "/profiles/blogs/moving-from-transactional-to-institutional-knowledge-sharing"
    assert location(client, old) == (301, post.get_absolute_url())
