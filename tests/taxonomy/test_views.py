import json
import re

import pytest
from django.urls import reverse

from taxonomy import services
from taxonomy.models import Theme, ThemeLabel, ThemeTag, TranslationRequest
from tests.factories import CaseStoryFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_theme(moderator):
    """An English and a Spanish story tagged in their own words, one theme."""
    english = CaseStoryFactory(
        title="Disaster risk in Indonesia", tags=["disaster risk management"]
    )
    spanish = CaseStoryFactory(
        title="Riesgo de desastres en Chile",
        language="es",
        tags=["gestión de riesgos"],
    )
    target = ThemeTag.objects.get(tag__name="disaster risk management").theme
    source = ThemeTag.objects.get(tag__name="gestión de riesgos").theme
    services.merge_themes(source=source, target=target, actor=moderator)
    services.set_theme_label(
        theme=target,
        language="es",
        name="gestión del riesgo de desastres",
        actor=moderator,
    )
    services.set_theme_label(
        theme=target,
        language="fr",
        name="gestion des risques de catastrophe",
        actor=moderator,
    )
    return {"theme": target, "old_slug": source.slug, "en": english, "es": spanish}


@pytest.mark.parametrize(
    ("language", "label"),
    [
        ("en", "disaster risk management"),
        ("es", "gestión del riesgo de desastres"),
        ("fr", "gestion des risques de catastrophe"),
    ],
)
def test_one_theme_lists_both_languages_labelled_for_the_reader(
    client, shared_theme, language, label
):
    theme = shared_theme["theme"]
    response = client.get(
        f"/cases/?tag={theme.slug}", headers={"accept-language": language}
    )
    assert response.status_code == 200
    assert "Disaster risk in Indonesia" in response.text
    assert "Riesgo de desastres en Chile" in response.text
    assert label in response.text  # the facet, the chosen filter and the cards


def test_old_theme_addresses_answer_301(client, shared_theme):
    old, slug = shared_theme["old_slug"], shared_theme["theme"].slug
    response = client.get(f"/cases/?tag={old}&sort=title")
    assert response.status_code == 301
    assert response["Location"] == f"/cases/?tag={slug}&sort=title"
    response = client.get(reverse("cases:tag-feed", args=[old]))
    assert response.status_code == 301
    assert response["Location"] == reverse("cases:tag-feed", args=[slug])
    assert client.get(f"/blog/?tag={old}").status_code == 301
    assert client.get(reverse("cases:tag-feed", args=[slug])).status_code == 200


def test_feed_of_a_theme_is_titled_in_the_reader_language(client, shared_theme):
    theme = shared_theme["theme"]
    response = client.get(
        reverse("cases:tag-feed", args=[theme.slug]),
        headers={"accept-language": "es"},
    )
    assert "gestión del riesgo de desastres" in response.content.decode()


def _versions():
    english = CaseStoryFactory(title="Sharing what worked", language="en")
    spanish = CaseStoryFactory(
        title="Compartir lo que funcionó", language="es", translation_of=english
    )
    return english, spanish


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("es", "Compartir lo que funcionó", "Sharing what worked"),
        ("en", "Sharing what worked", "Compartir lo que funcionó"),
        ("fr", "Sharing what worked", "Compartir lo que funcionó"),
    ],
)
def test_case_list_shows_one_card_per_group(client, language, shown, hidden):
    _versions()
    response = client.get("/cases/", headers={"accept-language": language})
    assert shown in response.text
    assert hidden not in response.text


def test_case_list_chosen_language_shows_every_version_in_it(client):
    _versions()
    response = client.get("/cases/?language=es", headers={"accept-language": "en"})
    assert "Compartir lo que funcionó" in response.text


def test_blog_list_shows_one_card_per_group(client):
    english = PostFactory(title="Report from Seoul", language="en")
    PostFactory(title="Informe de Seúl", language="es", translation_of=english)
    response = client.get("/blog/", headers={"accept-language": "es"})
    assert "Informe de Seúl" in response.text
    assert "Report from Seoul" not in response.text


def test_story_page_offers_the_reader_language(client):
    english, spanish = _versions()
    response = client.get(english.get_absolute_url(), headers={"accept-language": "es"})
    assert f'href="{spanish.get_absolute_url()}" hreflang="es"' in response.text


def test_member_asks_for_a_translation(member_client, member):
    story = CaseStoryFactory(language="en")
    page = member_client.get(story.get_absolute_url())
    assert reverse("cases:ask-translation", args=[story.slug]) in page.text
    response = member_client.post(
        reverse("cases:ask-translation", args=[story.slug]), {"language": "fr"}
    )
    assert response.status_code == 302
    assert TranslationRequest.objects.get().member == member


@pytest.mark.parametrize("language", ["en", "xx", "<script>", "é" * 500, ""])
def test_asking_for_a_translation_refuses_bad_languages(member_client, language):
    story = CaseStoryFactory(language="en")
    response = member_client.post(
        reverse("cases:ask-translation", args=[story.slug]), {"language": language}
    )
    assert response.status_code == 302
    assert not TranslationRequest.objects.exists()


def test_case_list_queries_do_not_grow_with_themes_and_versions(
    client, django_assert_max_num_queries
):
    from django.core.cache import cache

    def add(count):
        for n in range(count):
            original = CaseStoryFactory(tags=[f"theme {n}", "shared"])
            CaseStoryFactory(language="es", translation_of=original, tags=["común"])

    add(3)
    client.get("/cases/")
    cache.clear()
    with django_assert_max_num_queries(12) as few:
        client.get("/cases/", headers={"accept-language": "es"})
    add(12)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/cases/", headers={"accept-language": "es"})
    assert response.text.count('class="card"') == 12


def test_desk_merges_renames_and_translates(moderator_client):
    CaseStoryFactory(tags=["statistics"])
    CaseStoryFactory(language="es", tags=["estadística"])
    keep = ThemeTag.objects.get(tag__name="statistics").theme
    fold = ThemeTag.objects.get(tag__name="estadística").theme
    assert moderator_client.get("/moderation/themes/").status_code == 200
    assert moderator_client.get(f"/moderation/themes/{keep.pk}/").status_code == 200
    response = moderator_client.post(
        f"/moderation/themes/{fold.pk}/merge/", {"target": keep.slug}
    )
    assert response["Location"] == f"/moderation/themes/{keep.pk}/"
    moderator_client.post(
        f"/moderation/themes/{keep.pk}/label/",
        {"language": "fr", "name": "statistique"},
    )
    assert ThemeLabel.objects.get(theme=keep, language="fr").name == "statistique"
    assert not Theme.objects.filter(pk=fold.pk).exists()


def test_desk_merge_refuses_an_unknown_target(moderator_client):
    CaseStoryFactory(tags=["statistics"])
    theme = ThemeTag.objects.get(tag__name="statistics").theme
    moderator_client.post(
        f"/moderation/themes/{theme.pk}/merge/", {"target": "<b>nothing</b>"}
    )
    assert Theme.objects.filter(pk=theme.pk).exists()


def test_desk_lists_what_a_language_lacks_and_links_versions(moderator_client):
    english = CaseStoryFactory(title="Most read story", view_count=90)
    spanish = CaseStoryFactory(language="es", title="Historia")
    page = moderator_client.get("/moderation/translations/")
    section = re.search(
        r'id="lacking-es".*?</section>', page.text, flags=re.DOTALL
    ).group(0)
    assert "Most read story" in section
    moderator_client.post(
        "/moderation/translations/link/",
        {"kind": "case", "original": english.slug, "translation": spanish.slug},
    )
    spanish.refresh_from_db()
    assert spanish.translation_of == english
    page = moderator_client.get("/moderation/translations/")
    section = re.search(
        r'id="lacking-es".*?</section>', page.text, flags=re.DOTALL
    ).group(0)
    assert "Most read story" not in section


def test_search_finds_a_story_by_a_theme_label_in_another_language(client):
    from cases.services import refresh_search_vector

    story = CaseStoryFactory(
        title="Indonesia prepares", tags=["disaster risk management"]
    )
    refresh_search_vector(case_story=story)
    theme = ThemeTag.objects.get(tag__name="disaster risk management").theme
    ThemeLabel.objects.create(theme=theme, language="es", name="gestión de riesgos")
    response = client.get("/search/?q=gestión de riesgos")
    assert "Indonesia prepares" in response.text


def _json_ld(response) -> dict:
    (data,) = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S
    )
    return json.loads(data)


def test_structured_data_names_themes_in_the_reader_language(client, shared_theme):
    post = PostFactory()
    services.set_tags(post, ["disaster risk management"], language="en")
    for item in (shared_theme["en"], post):
        response = client.get(
            item.get_absolute_url(), headers={"accept-language": "fr"}
        )
        keywords = _json_ld(response)["keywords"]
        assert keywords == ["gestion des risques de catastrophe"], item
