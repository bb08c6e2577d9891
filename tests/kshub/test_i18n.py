"""English, Spanish and French throughout: catalogues complete, strings marked, the
language chosen by visitors and members applied, mail in the recipient's language,
content marked and filtered by its own language."""

import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from blog import services as blog_services
from cases import services as case_services
from cases.models import CaseStory
from comments import services as comment_services
from members.forms import ProfileForm
from tests import factories

pytestmark = pytest.mark.django_db

BASE_DIR = Path(settings.BASE_DIR)
TEMPLATES_DIR = BASE_DIR / "templates"
CATALOGUE_LANGUAGES = ("es", "fr")
# Every app of the project, and the site-wide templates.
APP_DIRS = sorted(path.parent.name for path in BASE_DIR.glob("*/apps.py"))
SOURCE_DIRS = (*APP_DIRS, "templates")
COOKIE = settings.LANGUAGE_COOKIE_NAME


def catalogue(language: str) -> polib.POFile:
    """The site's catalogue with the entries of the apps that keep their own."""
    po = polib.pofile(str(BASE_DIR / "locale" / language / "LC_MESSAGES/django.po"))
    for app in APP_DIRS:
        app_po = BASE_DIR / app / "locale" / language / "LC_MESSAGES/django.po"
        if app_po.exists():
            po.extend(polib.pofile(str(app_po)))
    return po


def reset_translations() -> None:
    """Forget catalogues loaded before the .mo files were (re)built."""
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogues():
    call_command("compile_translations", stdout=io.StringIO())
    reset_translations()


# Catalogues ------------------------------------------------------------------


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_catalogue_has_no_fuzzy_or_untranslated_entry(language):
    po = catalogue(language)
    assert len(po) > 500
    assert po.fuzzy_entries() == []
    assert [entry.msgid for entry in po.untranslated_entries()] == []
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_catalogue_plural_entries_fill_every_form(language):
    po = catalogue(language)
    nplurals = int(re.search(r"nplurals=(\d)", po.metadata["Plural-Forms"])[1])
    plurals = [entry for entry in po if entry.msgid_plural]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr_plural) == list(range(nplurals)), entry.msgid
        assert all(entry.msgstr_plural.values()), entry.msgid


@pytest.mark.parametrize("language", CATALOGUE_LANGUAGES)
def test_catalogue_keeps_the_placeholders_of_each_message(language):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for entry in catalogue(language).translated_entries():
        translations = (
            list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        )
        for text in translations:
            assert set(placeholder.findall(text)) <= set(
                placeholder.findall(entry.msgid + (entry.msgid_plural or ""))
            ), entry.msgid


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="makemessages needs GNU gettext"
)
def test_every_marked_string_is_translated_in_the_committed_catalogues(
    tmp_path, monkeypatch
):
    """A fresh extraction from a copy of the sources finds no string that the
    committed catalogues lack or leave untranslated."""
    for name in SOURCE_DIRS:
        shutil.copytree(
            BASE_DIR / name,
            tmp_path / name,
            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
        )
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        call_command("makemessages", locale=["es"], verbosity=0, stdout=io.StringIO())
    reset_translations()
    fresh = polib.pofile(str(tmp_path / "locale/es/LC_MESSAGES/django.po"))
    assert len(fresh) > 500
    for language in CATALOGUE_LANGUAGES:
        translated = {
            (entry.msgctxt, entry.msgid)
            for entry in catalogue(language).translated_entries()
            if not entry.obsolete
        }
        missing = [
            entry.msgid
            for entry in fresh
            if (entry.msgctxt, entry.msgid) not in translated
        ]
        assert missing == [], f"run `make messages` and translate these ({language})"


def test_compile_translations_builds_mo_files_in_pure_python(tmp_path):
    (tmp_path / "de/LC_MESSAGES").mkdir(parents=True)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    po.append(polib.POEntry(msgid="Hello", msgstr="Hallo"))
    po.append(polib.POEntry(msgid="Maybe", msgstr="Vielleicht", flags=["fuzzy"]))
    po.save(str(tmp_path / "de/LC_MESSAGES/django.po"))
    with override_settings(LOCALE_PATHS=[tmp_path]):
        call_command("compile_translations", stdout=io.StringIO())
    compiled = polib.mofile(str(tmp_path / "de/LC_MESSAGES/django.mo"))
    assert {entry.msgid: entry.msgstr for entry in compiled} == {"Hello": "Hallo"}


# Marking ---------------------------------------------------------------------

# Names and formats that stay the same in every language.
BRANDS = ("KS Hub",)
ALLOWED_TEXT = {"CSV", "JSON", "(.ics)"}
TEMPLATE_TAGS = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(
        r"\{%\s*blocktrans(?:late)?\b.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
    ),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{\{.*?\}\}", re.S),
    re.compile(r"\{%.*?%\}", re.S),
]
VISIBLE_ATTRIBUTES = {"title", "alt", "placeholder", "aria-label", "label"}
WORD = re.compile(r"[^\W\d_]{2,}")


def without_template_code(source: str) -> str:
    """The template with translated blocks, variables and tags blanked out."""
    for pattern in TEMPLATE_TAGS:
        source = pattern.sub(" ", source)
    return source


def needs_translation(text: str) -> bool:
    text = " ".join(text.split())
    for brand in BRANDS:
        text = text.replace(brand, "")
    return text not in ALLOWED_TEXT and bool(WORD.search(text))


class VisibleText(HTMLParser):
    """Text nodes and human-facing attributes, outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            if value and name in VISIBLE_ATTRIBUTES:
                self._check(value)
        if tag == "input" and attributes.get("type") in {"submit", "button"}:
            self._check(attributes.get("value") or "")
        if tag == "meta" and attributes.get("name") == "description":
            self._check(attributes.get("content") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self._check(data)

    def _check(self, text):
        if needs_translation(text):
            self.found.append(" ".join(text.split()))


def unmarked_text(path: Path) -> list[str]:
    source = without_template_code(path.read_text(encoding="utf-8"))
    if path.suffix == ".txt":
        return [line.strip() for line in source.splitlines() if needs_translation(line)]
    parser = VisibleText()
    parser.feed(source)
    return parser.found


def test_unmarked_text_finder_catches_plain_text_and_attributes(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}<h1>{% translate "Fine" %}</h1><p>Not marked</p>'
        '<img alt="A photo"><a title="{% translate \'ok\' %}">{{ name }}</a>'
        "{% blocktranslate trimmed %}Also fine{% endblocktranslate %} · KS Hub"
    )
    assert unmarked_text(page) == ["Not marked", "A photo"]


def test_templates_have_no_visible_text_outside_translation_tags():
    folders = [TEMPLATES_DIR, *(BASE_DIR / app / "templates" for app in APP_DIRS)]
    templates = [
        path
        for folder in folders
        for pattern in ("*.html", "*.txt")
        for path in sorted(folder.rglob(pattern))
    ]
    assert len(templates) > 50
    found = {
        str(path.relative_to(BASE_DIR)): text
        for path in templates
        if (text := unmarked_text(path))
    }
    assert found == {}


# The visitor's language ------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Historias de caso"), ("fr", "Récits de cas"), ("en", "Case stories")],
)
def test_pages_follow_the_browser_language(client, language, expected):
    response = client.get("/cases/", headers={"accept-language": language})
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.text
    assert f"<h1>{expected}</h1>" in response.text or expected in response.text


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Iniciar sesión"), ("fr", "Se connecter")],
)
def test_language_cookie_wins_over_the_browser(client, language, expected):
    client.cookies[COOKIE] = language
    response = client.get("/", headers={"accept-language": "en"})
    assert f'<html lang="{language}">' in response.text
    assert expected in response.text


def test_language_switcher_sets_the_cookie_and_returns_to_the_page(client):
    response = client.post(
        reverse("set_language"), {"language": "fr", "next": "/blog/?tag=water"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/blog/?tag=water"
    assert response.cookies[COOKIE].value == "fr"
    assert response.cookies[COOKIE]["max-age"] == 365 * 24 * 60 * 60
    page = client.get("/blog/?tag=water")
    assert '<html lang="fr">' in page.text


def test_urls_stay_the_same_in_every_language(client):
    client.cookies[COOKIE] = "es"
    assert client.get("/cases/").status_code == 200
    with translation.override("fr"):
        assert reverse("cases:list") == "/cases/"


def test_not_found_page_is_translated(client):
    response = client.get("/no-such-page/", headers={"accept-language": "es"})
    assert response.status_code == 404
    assert "No encontramos esa página" in response.text


def test_allauth_pages_are_translated(client):
    response = client.get(reverse("account_login"), headers={"accept-language": "fr"})
    assert "Mot de passe oublié ?" in response.text


def test_form_errors_are_translated(client):
    response = client.post(
        reverse("contact"),
        {"name": "", "email": "not-an-address", "topic": "question"},
        headers={"accept-language": "es"},
    )
    assert response.status_code == 400
    assert "Este campo es obligatorio." in response.text


# The member's language -------------------------------------------------------


def french_member():
    member = factories.MemberFactory()
    member.profile.preferred_language = "fr"
    member.profile.save()
    return member


def test_member_preferred_language_applies_from_sign_in(client):
    member = french_member()
    response = client.post(
        reverse("account_login"),
        {"login": member.email, "password": factories.PASSWORD},
        headers={"accept-language": "en"},
    )
    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "fr"
    page = client.get("/", headers={"accept-language": "en"})
    assert '<html lang="fr">' in page.text


def test_changing_preferred_language_on_profile_applies_at_once(client):
    member = factories.MemberFactory()
    client.force_login(member)
    form = ProfileForm(instance=member.profile, user=member)
    data = {
        name: value
        for name in form.fields
        if (value := form[name].value()) not in (None, "")
    }
    data["expertise"] = ""
    data["preferred_language"] = "es"
    response = client.post(reverse("members:me"), data)
    assert response.status_code == 302, response.content
    assert response.cookies[COOKIE].value == "es"
    page = client.get(reverse("members:me"))
    assert '<html lang="es">' in page.text
    assert "Su perfil se guardó." in page.text


def test_sign_up_keeps_the_language_the_visitor_browsed_in(client):
    institution = factories.InstitutionFactory()
    response = client.post(
        reverse("account_signup"),
        {
            "display_name": "Ana Pérez",
            "email": "ana@example.org",
            "password1": factories.PASSWORD,
            "password2": factories.PASSWORD,
            "country": "CL",
            "institution": institution.pk,
        },
        headers={"accept-language": "es"},
    )
    assert response.status_code == 302
    from members.models import User

    user = User.objects.get(email="ana@example.org")
    assert user.profile.preferred_language == "es"
    assert len(mail.outbox) == 1
    assert "confirme su dirección" in mail.outbox[0].subject


# Mail in the recipient's language --------------------------------------------


def test_rejection_mail_from_english_moderator_reaches_spanish_member_in_spanish(
    django_capture_on_commit_callbacks,
):
    moderator = factories.ModeratorFactory()
    author = factories.MemberFactory()
    author.profile.preferred_language = "es"
    author.profile.save()
    case = factories.CaseStoryFactory(
        author=author, status=CaseStory.Status.SUBMITTED, published_at=None
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        case_services.reject_case_story(
            case_story=case, moderator=moderator, reason="Añada resultados."
        )
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [author.email]
    assert (
        message.subject
        == f'[KS Hub] Su historia de caso "{case.title}" necesita cambios'
    )
    assert "Un moderador la revisó" in message.body
    assert "Añada resultados." in message.body


def test_post_rejection_mail_is_in_the_author_language(
    django_capture_on_commit_callbacks,
):
    moderator = factories.ModeratorFactory()
    author = french_member()
    post = factories.PostFactory(author=author, status="submitted", published_at=None)
    with translation.override("es"), django_capture_on_commit_callbacks(execute=True):
        blog_services.reject_post(post=post, moderator=moderator, reason="Sources ?")
    assert [message.subject for message in mail.outbox] == [
        f"[KS Hub] Votre article doit être modifié : {post.title}"
    ]


def test_reply_notification_is_in_the_parent_author_language(
    django_capture_on_commit_callbacks,
):
    case = factories.CaseStoryFactory()
    parent_author = french_member()
    parent = factories.CommentFactory(target=case, author=parent_author)
    replier = factories.MemberFactory()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        comment_services.post_comment(
            author=replier, target=case, body="Gracias por compartir.", parent=parent
        )
    sent = [message for message in mail.outbox if message.to == [parent_author.email]]
    assert len(sent) == 1
    assert "a répondu à votre commentaire" in sent[0].subject
    assert "Gracias por compartir." in sent[0].body


def test_password_reset_mail_is_in_the_account_owner_language(client):
    member = french_member()
    client.post(
        reverse("account_reset_password"),
        {"email": member.email},
        headers={"accept-language": "en"},
    )
    assert len(mail.outbox) == 1
    assert "réinitialisation" in mail.outbox[0].subject


def test_contact_mail_reaches_the_moderators_in_the_site_language(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("contact"),
            {
                "name": "Ana",
                "email": "ana@example.org",
                "topic": "question",
                "subject": "Hola",
                "body": "¿Cómo se unen las agencias?",
                "website": "",
            },
            headers={"accept-language": "es"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "wrote through the contact form" in mail.outbox[0].body


# Content in its own language -------------------------------------------------


def test_case_list_filters_by_language_and_marks_it(client):
    spanish = factories.CaseStoryFactory(title="Aprender juntos", language="es")
    english = factories.CaseStoryFactory(title="Learning together", language="en")
    response = client.get("/cases/?language=es")
    assert response.status_code == 200
    assert spanish.title in response.text
    assert english.title not in response.text
    assert 'lang="es"' in response.text
    facet = client.get("/cases/")
    assert "?language=es" in facet.text


def test_case_list_ignores_an_unknown_language(client):
    story = factories.CaseStoryFactory(language="en")
    response = client.get("/cases/?language=xx")
    assert response.status_code == 200
    assert story.title in response.text


def test_blog_list_filters_by_language(client):
    french = factories.PostFactory(title="Retour de Séoul", language="fr")
    english = factories.PostFactory(title="Back from Seoul", language="en")
    response = client.get("/blog/?language=fr")
    assert french.title in response.text
    assert english.title not in response.text
    assert '<h2 lang="fr">' in response.text


def test_case_detail_marks_the_story_language(client):
    story = factories.CaseStoryFactory(language="es")
    response = client.get(story.get_absolute_url(), headers={"accept-language": "fr"})
    assert '<html lang="fr">' in response.text
    assert f'<h1 lang="es">{story.title}</h1>' in response.text


def test_dates_and_country_names_follow_the_active_language(client):
    story = factories.CaseStoryFactory(countries=["DE"])
    response = client.get(story.get_absolute_url(), headers={"accept-language": "es"})
    assert "Alemania" in response.text
    month = story.published_at.month
    with translation.override("es"):
        from django.utils.dates import MONTHS

        assert str(MONTHS[month]) in response.text


def test_case_form_country_names_follow_the_active_language(client):
    client.force_login(factories.MemberFactory())
    response = client.get(reverse("cases:new"), headers={"accept-language": "fr"})
    assert '<option value="DE">Allemagne</option>' in response.text


def test_dimension_names_follow_the_active_language(client):
    story = factories.CaseStoryFactory(
        dimensions=[factories.DimensionFactory(slug="measuring-results")]
    )
    response = client.get(story.get_absolute_url(), headers={"accept-language": "es"})
    assert "Medición de resultados" in response.text
    facets = client.get("/cases/", headers={"accept-language": "fr"})
    assert "Mesure des résultats" in facets.text
