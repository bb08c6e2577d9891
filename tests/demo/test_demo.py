import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from blog.models import Post, Resource
from cases.models import CaseStory
from comments.models import Comment
from demo import content as demo
from events.models import Document, Event, Session
from members.models import Institution, User
from tests.shared_demo import demo_for_a_group

pytestmark = pytest.mark.django_db


def _snapshot() -> dict[str, list[dict]]:
    """Every row of every table the project knows, in primary key order."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def _load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_load_demo_twice_changes_nothing():
    _load()
    before = _snapshot()
    output = _load()
    after = _snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {
        label: len(rows) for label, rows in before.items()
    }
    assert after == before
    assert "nothing new" in output


def test_load_demo_prints_how_to_sign_in():
    output = _load()
    assert "http://127.0.0.1:8000/accounts/login/" in output
    assert "moderator@kshub.example" in output
    assert "member@kshub.example" in output
    assert demo.DEFAULT_PASSWORD in output


def test_demo_password_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "another-long-password")
    output = _load()
    assert "another-long-password" in output
    assert User.objects.get(username="demo-member").check_password(
        "another-long-password"
    )


def test_demo_post_keeps_views_counted_since_it_was_loaded():
    _load()
    Post.objects.filter(slug=demo.POST_SLUG).update(view_count=1600)
    _load()
    assert Post.objects.get(slug=demo.POST_SLUG).view_count == 1600


def test_demo_example_event_moves_only_once_it_has_passed():
    today = timezone.localdate()
    demo.load_demo(today=today)
    first = Event.objects.get(slug=demo.EXAMPLE_SLUG).starts_on
    demo.load_demo(today=today + datetime.timedelta(days=30))
    assert Event.objects.get(slug=demo.EXAMPLE_SLUG).starts_on == first
    later = first + datetime.timedelta(days=10)
    demo.load_demo(today=later)
    example = Event.objects.get(slug=demo.EXAMPLE_SLUG)
    assert example.starts_on > later
    assert min(s.starts_at.date() for s in example.sessions.all()) >= example.starts_on


def test_load_demo_runs_each_apps_demo_loader_after_the_core(tmp_path, monkeypatch):
    import sys

    import demo as demo_package

    (tmp_path / "zz_sample.py").write_text(
        "from cases.models import CaseStory\n"
        "CALLS = []\n"
        "def load() -> None:\n"
        "    CALLS.append(CaseStory.objects.count())\n"
    )
    monkeypatch.setattr(
        demo_package, "__path__", [*demo_package.__path__, str(tmp_path)]
    )
    monkeypatch.delitem(sys.modules, "demo.zz_sample", raising=False)
    _load()
    assert sys.modules["demo.zz_sample"].CALLS == [16]


@pytest.fixture(scope="class")
def loaded(django_db_setup, django_db_blocker):
    with demo_for_a_group(django_db_blocker):
        yield


@pytest.mark.usefixtures("loaded")
class TestTheLoadedDemo:
    """What the demo holds, loaded once for these tests."""

    def test_demo_accounts_sign_in_with_verified_email(self, client):
        for email in ("moderator@kshub.example", "member@kshub.example"):
            response = client.post(
                "/accounts/login/", {"login": email, "password": demo.DEFAULT_PASSWORD}
            )
            assert response.status_code == 302, email
            user = User.objects.get(email=email)
            assert user.emailaddress_set.get().verified
            assert user.profile.display_name
            client.logout()
        assert User.objects.get(email="moderator@kshub.example").is_moderator
        assert not User.objects.get(email="member@kshub.example").is_moderator

    def test_demo_contains_hlm2_with_its_programme(self):
        hlm2 = Event.objects.get(short_name="HLM2")
        assert (hlm2.city, str(hlm2.country), hlm2.time_zone) == (
            "Seoul",
            "KR",
            "Asia/Seoul",
        )
        assert (hlm2.starts_on, hlm2.ends_on) == (
            datetime.date(2014, 6, 23),
            datetime.date(2014, 6, 26),
        )
        assert (hlm2.participants_count, hlm2.countries_count) == (500, 76)
        assert {i.slug for i in hlm2.organisers.all()} == {
            "mosf-korea",
            "ksp",
            "world-bank",
        }

        roundtables = hlm2.sessions.filter(kind=Session.Kind.ROUNDTABLE)
        assert roundtables.count() == 10
        assert roundtables.values("dimension").distinct().count() == 10
        assert hlm2.sessions.filter(kind=Session.Kind.TRAINING).count() == 5

        panel = hlm2.sessions.get(kind=Session.Kind.POLICY_PANEL)
        assert panel.starts_at.astimezone(demo.SEOUL).date() == datetime.date(
            2014, 6, 23
        )
        assert [s.name for s in panel.speakers.all()] == [
            "Oh-Seok Hyun",
            "Sanjay Pradhan",
            "Julia Duncan-Cassell",
            "Wismana Adi Suryabrata",
            "Brijesh Pandey",
            "Wang Ying",
        ]
        communique = Document.objects.get(event=hlm2, slug="seoul-communique")
        assert communique.title == "Seoul Communiqué"
        assert communique.kind == Document.Kind.COMMUNIQUE
        assert communique.text_is_summary
        assert "investing in country institutions" in communique.text
        assert not communique.file

        assert Event.objects.filter(short_name="HLM1", city="Bali").exists()
        assert "planned for 2016" in Event.objects.get(short_name="HLM3").summary

    def test_demo_contains_the_post_with_its_views_and_comments(self):
        post = Post.objects.get(slug=demo.POST_SLUG)
        assert post.status == Post.Status.PUBLISHED
        assert post.view_count == 1509
        assert post.event.short_name == "HLM2"
        assert post.author.profile.display_name == "Nils"
        comments = list(Comment.objects.on(post).select_related("author__profile"))
        assert [
            (c.author.profile.display_name, c.created_at.date()) for c in comments
        ] == [
            ("Mirza Abdul Shakoor", datetime.date(2014, 7, 6)),
            ("Neydi Cruz", datetime.date(2014, 9, 29)),
        ]
        assert comments[1].body == (
            "Excelente contribución para los que no estuvimos ahí. Gracias Nils!!"
        )
        assert comments[1].language == "es"
        assert not any(
            c.author.is_active or c.author.has_usable_password() for c in comments
        )
        assert Resource.objects.count() == 4
        assert not Resource.objects.exclude(url="").exists()

    def test_demo_case_stories_are_published_and_discussed_at_roundtables(self):
        stories = CaseStory.objects.all()
        assert stories.count() == 16  # with the Spanish version of BNPB's story
        assert not stories.exclude(status=CaseStory.Status.PUBLISHED).exists()
        assert stories.filter(featured=True).count() == 3
        originals = stories.filter(translation_of__isnull=True)
        assert not originals.filter(sessions__isnull=True).exists()
        assert not stories.filter(search_vector__isnull=True).exists()
        bnpb = stories.get(slug="bnpb-capturing-packaging-exchanging-knowledge")
        assert bnpb.lead_institution.acronym == "BNPB"
        assert bnpb.countries == ["ID"]
        assert "disaster risk management" in bnpb.tags.names()
        assert all(len(story.summary) <= 300 for story in stories)
        assert Institution.objects.filter(verified=True).count() == len(
            demo.INSTITUTIONS
        )

    def test_demo_example_event_is_upcoming_and_open(self):
        example = Event.objects.get(slug=demo.EXAMPLE_SLUG)
        assert example.is_example
        assert "Example" in example.title
        assert example in Event.objects.upcoming()
        assert example.starts_on > timezone.localdate() + datetime.timedelta(days=90)
        assert example.starts_on.weekday() == 0
        assert (example.registration_open, example.capacity) == (True, 40)
        assert 3 <= example.sessions.count() <= 4

    def test_demo_spanish_and_english_stories_share_a_theme_in_each_language(self):
        from taxonomy.querysets import themes_by_object

        english = CaseStory.objects.get(
            slug="bnpb-capturing-packaging-exchanging-knowledge"
        )
        spanish = english.translations.get(language="es")
        assert "gestión de riesgos" in spanish.tags.names()
        ids = [english.pk, spanish.pk]
        for language, label in (
            ("en", "disaster risk management"),
            ("es", "gestión del riesgo de desastres"),
            ("fr", "gestion des risques de catastrophe"),
        ):
            themes = themes_by_object(CaseStory, ids, language)
            for pk in ids:
                assert {"slug": "disaster-risk-management", "name": label} in themes[pk]

    def test_demo_shows_curation_over_time(self, client):
        """A story due for review on the desk, one marked outdated with a link to
        its successor, and a member's correction the author accepted, in the
        story's history."""
        moderator = User.objects.get(username="demo-moderator")
        client.force_login(moderator)
        queue = client.get("/moderation/reviews/")
        assert CaseStory.objects.due_for_review().exists()
        assert CaseStory.objects.due_for_review().first().title in queue.text
        outdated = CaseStory.objects.get(outdated=True)
        assert outdated.successor_url == "/cases/fosis-monitoring-and-evaluation/"
        page = client.get(outdated.get_absolute_url())
        assert "This content is out of date." in page.text
        assert 'href="/cases/fosis-monitoring-and-evaluation/"' in page.text
        corrected = CaseStory.objects.get(slug="dane-knowledge-vision-and-strategy")
        correction = corrected.corrections.get()
        assert correction.status == "accepted"
        assert correction.decided_by == corrected.author
        assert corrected.author.username == "demo-member"
        assert "Departamento Administrativo" in corrected.summary
        history = client.get(f"{corrected.get_absolute_url()}history/")
        assert "Demo Reader" in history.text
        assert "accepted by Demo Member" in history.text
