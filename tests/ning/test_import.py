"""The import of a Ning export, through its command and its service."""

import re
import shutil
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from blog.models import Post
from comments.models import Comment
from discussions.models import Space, Topic
from events.models import Event
from members.models import Profile, User
from ning import content_import
from ning.models import ImportedItem
from ning.services import import_ning_export

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed"
API = FIXTURES / "api"
TITLE = (
    "Moving from Transactional to Institutional Knowledge Sharing \u2013 Insights from "
    "the Seoul HLM on Knowledge Hubs"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def run_command(*args) -> str:
    out = StringIO()
    call_command("import_ning", *map(str, args), stdout=out)
    return out.getvalue()


def world_size() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (User, Profile, Post, Comment, Topic, Space, Event, ImportedItem)
    }


def test_import_seed_page_shows_post_views_tags_and_dated_comments(client):
    run_command(SEED)
    post = Post.objects.get()
    assert post.title == TITLE
    assert post.status == Post.Status.PUBLISHED
    assert post.view_count == 1509
    assert post.published_at.isoformat() == "2014-07-01T09:00:00+00:00"
    assert sorted(post.tags.names()) == [
        "knowledge hubs",
        "knowledge sharing",
        "south-south cooperation",
    ]
    assert post.author.profile.display_name == "Nils"
    page = client.get(post.get_absolute_url()).content.decode()
    assert TITLE in page
    assert "1,510 views" in page  # 1509 from Ning, and this visit
    assert "Around the world, hundreds of country institutions" in page
    assert "<li>Smart and cost-efficient monitoring" in page
    mirza = page.index("I missed this important meeting")
    neydi = page.index("Excelente contribución para los que no estuvimos ahí")
    assert mirza < neydi  # oldest first, as every thread here reads
    assert "6 July 2014, 13:52" in page
    assert "29 September 2014, 17:24" in page
    assert "Mirza Abdul Shakoor" in page
    assert "Neydi Cruz" in page


def test_import_seed_old_address_leads_to_post(client):
    run_command(SEED)
    post = Post.objects.get()
    old = "/profiles/blogs/" + post.slug
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == post.get_absolute_url()
    detail = client.get("/xn/detail/2115862:BlogPost:51321")
    assert detail["Location"] == post.get_absolute_url()


def test_import_stores_files_present_and_reports_missing(settings):
    output = run_command(SEED)
    post = Post.objects.get()
    assert (
        "[Panel discussion at the HLM2](/media/ning/blogs/hlm2-panel.gif)" in post.body
    )
    assert (Path(settings.MEDIA_ROOT) / "ning/blogs/hlm2-panel.gif").is_file()
    assert "file not in the export: blogs/rt-ks-technologies.jpg" in output
    assert "ning-blogs-local.json, line 2" in output


def test_import_twice_changes_nothing():
    run_command(SEED)
    before = world_size()
    body = Post.objects.get().body
    output = run_command(SEED)
    assert world_size() == before
    assert Post.objects.get().body == body
    assert "members: 3 skip" in output
    assert "blogs: 1 skip" in output
    assert "comments: 2 skip" in output


def test_import_dry_run_counts_and_writes_nothing():
    before = world_size()
    output = run_command(SEED, "--dry-run")
    assert world_size() == before
    assert "Dry run: nothing written." in output
    assert "members: 3 create" in output
    assert "blogs: 1 create" in output
    assert "comments: 2 create" in output


def test_import_updates_what_changed_in_ning(tmp_path):
    folder = tmp_path / "export"
    shutil.copytree(SEED, folder)
    run_command(folder)
    blogs = folder / "ning-blogs-local.json"
    blogs.write_text(
        blogs.read_text().replace('"viewCount": 1509', '"viewCount": 1600')
    )
    output = run_command(folder)
    assert "blogs: 1 update" in output
    assert Post.objects.get().view_count == 1600
    assert Post.objects.count() == 1


def test_import_goes_on_after_an_interruption():
    calls = {"n": 0}
    real_save = content_import._save

    def failing_after_first(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real_save(*args, **kwargs)

    with (
        mock.patch.object(content_import, "_save", failing_after_first),
        pytest.raises(KeyboardInterrupt),
    ):
        import_ning_export(folder=API, batch_size=1)
    assert Post.objects.count() == 0  # the blogs' first batch: the draft
    # The group's batch had committed.
    assert Space.objects.filter(name="Monitoring & Evaluation").count() == 1
    run = import_ning_export(folder=API, batch_size=1)
    assert run.counts["groups"]["skip"] == 1
    assert Topic.objects.count() == 2
    assert Post.objects.count() == 2
    again = import_ning_export(folder=API, batch_size=1)
    assert set(again.counts["blogs"]) == {"skip", "not imported"}


def test_import_members_arrive_unclaimed_and_hidden():
    run_command(API)
    ana = User.objects.get(email="ana@example.org")
    assert not ana.has_usable_password()
    profile = ana.profile
    assert not profile.listed_in_directory
    assert not any(
        getattr(profile, name)
        for name in ("show_bio", "show_country", "show_position", "show_institution")
    )
    assert "What do you work on?: Results measurement & learning" in profile.bio
    address = EmailAddress.objects.get(user=ana)
    assert address.primary
    assert not address.verified
    assert Profile.objects.listed().filter(user=ana).count() == 0
    assert User.objects.get(email="sam@example.org").suspended_at is not None


def test_import_member_with_an_address_taken_is_linked_not_duplicated(member):
    member.email = "ana@example.org"
    member.save()
    EmailAddress.objects.create(user=member, email=member.email, verified=True)
    output = run_command(API)
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    assert Topic.objects.get(title__startswith="Which").author == member
    assert "linked to an account here" in output
    # Two Ning members with one address: one account.
    assert User.objects.filter(email__iexact="ben@example.org").count() == 1


def test_import_dry_run_counts_as_the_import_does():
    dry = run_command(API, "--dry-run")
    real = run_command(API)
    assert "categories: 1 create" in dry
    assert "categories: 1 create" in real
    assert "groups: 1 create" in dry
    assert "discussions: 2 create" in dry


def test_import_api_shapes_groups_discussions_events(client):
    output = run_command(API)
    group = Space.objects.get(name="Monitoring & Evaluation")
    topic = Topic.objects.get(title="Which indicators do you use?")
    assert topic.space == group
    assert topic.reply_count == 2
    assert topic.view_count == 42
    assert sorted(topic.tags.names()) == ["M&E", "indicators"]
    assert topic.last_activity_at.isoformat() == "2014-01-12T09:30:00+00:00"
    assert "script" not in topic.body
    assert "javascript" not in topic.body
    video = Topic.objects.get(title="Video from the workshop")
    assert video.space.name == "Workshops"
    assert "https://www.youtube.com/embed/abc123" in video.body
    assert "[agenda.txt](/media/ning/discussions/agenda.txt)" in video.body
    assert "file not in the export: discussions/missing.pdf" in output
    event = Event.objects.get()
    assert (event.starts_on.isoformat(), event.ends_on.isoformat()) == (
        "2014-05-05",
        "2014-05-06",
    )
    assert Comment.objects.filter(object_id=event.pk, body="I will attend.").exists()
    assert "ning-blogs.json, line 8: 2115862:BlogPost:302: no title" in output
    assert "someone-who-left" in output
    page = client.get(topic.get_absolute_url()).content.decode()
    assert "Former member" in page


def test_import_unknown_author_is_former_member(client):
    run_command(API)
    post = Post.objects.get(title="A post by a former member")
    assert post.author is None
    assert sorted(post.tags.names()) == ["learning", "results"]
    assert "[A photo](http://cdn.example.org/photo.jpg)" in post.body
    page = client.get(post.get_absolute_url()).content.decode()
    assert "By former member" in page


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "ning-blogs-local.json",
            '[{"id": "1",\n "title": }]',
            r"line 2: malformed JSON",
        ),
        (
            "ning-blogs-local.json",
            '[{"id": "1"},\n{"title": "x"}]',
            r"line 2: an item without its id",
        ),
        (
            "ning-blogs-local.json",
            "<html>Not found</html>",
            r"line 1: not a Ning export",
        ),
        (
            "ning-members-local.json",
            '[{"fullName": "x"}]',
            r"line 1: an item without its contributorName",
        ),
    ],
)
def test_import_bad_input_stops_naming_file_and_line(tmp_path, name, content, message):
    folder = tmp_path / "export"
    shutil.copytree(SEED, folder)
    (folder / name).write_text(content)
    before = world_size()
    with pytest.raises(CommandError, match=re.escape(name) + ", " + message):
        run_command(folder)
    assert world_size() == before


def test_import_without_members_file_is_not_an_export(tmp_path):
    with pytest.raises(CommandError, match=r"ning-members-local\.json: missing"):
        run_command(tmp_path)
