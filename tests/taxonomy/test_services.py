import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from taggit.models import Tag, TaggedItem

from core.models import AuditEntry
from taxonomy import services
from taxonomy.models import (
    Theme,
    ThemeLabel,
    ThemeRedirect,
    ThemeTag,
    TranslationRequest,
)
from tests.factories import (
    CaseStoryFactory,
    IndexedCaseStoryFactory,
    MemberFactory,
    ModeratorFactory,
)

pytestmark = pytest.mark.django_db


def _theme(slug: str, **labels) -> Theme:
    theme = Theme.objects.create(slug=slug)
    for language, name in labels.items():
        ThemeLabel.objects.create(theme=theme, language=language, name=name)
    return theme


def test_set_tags_gives_a_new_tag_a_theme_labelled_in_the_content_language():
    story = CaseStoryFactory(language="es")
    services.set_tags(story, ["gestión de riesgos"], language="es")
    link = ThemeTag.objects.select_related("theme").get(tag__name="gestión de riesgos")
    assert dict(link.theme.labels.values_list("language", "name")) == {
        "es": "gestión de riesgos"
    }


def test_link_tags_finds_the_theme_a_tag_spells_in_any_language():
    theme = _theme("disaster-risk-management", es="Gestión de riesgos")
    story = CaseStoryFactory(language="es")
    services.set_tags(story, ["gestión de riesgos"], language="es")
    assert ThemeTag.objects.get(tag__name="gestión de riesgos").theme == theme


def test_set_theme_label_translates_then_renames_with_audit_entries():
    moderator = ModeratorFactory()
    theme = _theme("statistics", en="statistics")
    services.set_theme_label(
        theme=theme, language="fr", name="  statistique ", actor=moderator
    )
    services.set_theme_label(
        theme=theme, language="en", name="official statistics", actor=moderator
    )
    assert dict(theme.labels.values_list("language", "name")) == {
        "en": "official statistics",
        "fr": "statistique",
    }
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["theme-translated", "theme-renamed"]


@pytest.mark.parametrize(
    ("language", "name"),
    [("de", "Statistik"), ("en", ""), ("en", "x" * 101), ("en", "a\x00b")],
)
def test_set_theme_label_refuses_bad_input(language, name):
    theme = _theme("statistics", en="statistics")
    with pytest.raises(ValidationError):
        services.set_theme_label(
            theme=theme, language=language, name=name, actor=ModeratorFactory()
        )
    assert theme.labels.count() == 1


def test_theme_changes_are_for_moderators_only():
    theme, other = _theme("a", en="a"), _theme("b", en="b")
    member = MemberFactory()
    with pytest.raises(PermissionDenied):
        services.set_theme_label(theme=theme, language="es", name="x", actor=member)
    with pytest.raises(PermissionDenied):
        services.merge_themes(source=theme, target=other, actor=member)


def test_merge_themes_keeps_every_tagging_and_the_old_address():
    english = CaseStoryFactory(tags=["disaster risk management"])
    spanish = CaseStoryFactory(language="es", tags=["gestión de riesgos"])
    source = ThemeTag.objects.get(tag__name="gestión de riesgos").theme
    target = ThemeTag.objects.get(tag__name="disaster risk management").theme
    before = TaggedItem.objects.count()

    services.merge_themes(source=source, target=target, actor=ModeratorFactory())

    assert TaggedItem.objects.count() == before
    assert not Theme.objects.filter(pk=source.pk).exists()
    assert set(target.labels.values_list("language", flat=True)) == {"en", "es"}
    assert ThemeRedirect.objects.get(old_slug=source.slug).theme == target
    from cases.models import CaseStory

    tagged = CaseStory.objects.with_tag(target.slug)
    assert set(tagged) == {english, spanish}
    assert AuditEntry.objects.filter(action="theme-merged").count() == 1


def test_merge_themes_refuses_a_theme_into_itself():
    theme = _theme("a", en="a")
    with pytest.raises(ValidationError):
        services.merge_themes(source=theme, target=theme, actor=ModeratorFactory())


def _merge_in_thread(source_pk, target_pk, actor, barrier, errors):
    try:
        barrier.wait()
        services.merge_themes(
            source=Theme(pk=source_pk), target=Theme(pk=target_pk), actor=actor
        )
    except ValidationError as error:
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_concurrent_merges_never_lose_a_tagging():
    """A into B and B into C at once, each in its own connection: whichever runs
    first, every tagging ends up on a theme that still exists, and no tagging is
    lost. Run a few times to meet both orders."""
    moderator = ModeratorFactory()
    for round_ in range(3):
        names = [f"a{round_}", f"b{round_}", f"c{round_}"]
        stories = [CaseStoryFactory(tags=[name]) for name in names]
        themes = [ThemeTag.objects.get(tag__name=name).theme for name in names]
        a, b, c = themes
        barrier, errors = threading.Barrier(2), []
        threads = [
            threading.Thread(
                target=_merge_in_thread, args=(a.pk, b.pk, moderator, barrier, errors)
            ),
            threading.Thread(
                target=_merge_in_thread, args=(b.pk, c.pk, moderator, barrier, errors)
            ),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert len(errors) <= 1
        for story, name in zip(stories, names, strict=True):
            tag = Tag.objects.get(name=name)
            assert story.tags.filter(pk=tag.pk).exists()
            link = ThemeTag.objects.get(tag=tag)  # still names an existing theme
            assert Theme.objects.filter(pk=link.theme_id).exists()
        surviving = set(
            ThemeTag.objects.filter(tag__name__in=names).values_list(
                "theme_id", flat=True
            )
        )
        assert c.pk in surviving
        assert len(surviving) <= 2
    assert connection.is_usable()


def test_request_translation_records_once_and_refuses_existing_languages():
    member = MemberFactory()
    story = CaseStoryFactory(language="en")
    services.request_translation(member=member, item=story, language="es")
    services.request_translation(member=member, item=story, language="es")
    assert TranslationRequest.objects.count() == 1
    assert AuditEntry.objects.filter(action="translation-requested").count() == 1
    with pytest.raises(ValidationError):
        services.request_translation(member=member, item=story, language="en")
    with pytest.raises(ValidationError):
        services.request_translation(member=member, item=story, language="xx")


def test_link_translation_groups_versions_and_answers_requests():
    moderator = ModeratorFactory()
    original = CaseStoryFactory(language="en")
    services.request_translation(member=MemberFactory(), item=original, language="es")
    spanish = CaseStoryFactory(language="es")
    services.link_translation(original=original, translation=spanish, actor=moderator)
    spanish.refresh_from_db()
    assert spanish.translation_of == original
    assert not TranslationRequest.objects.exists()
    another = CaseStoryFactory(language="es")
    with pytest.raises(ValidationError):
        services.link_translation(
            original=original, translation=another, actor=moderator
        )
    english = CaseStoryFactory(language="en")
    with pytest.raises(ValidationError):
        services.link_translation(
            original=original, translation=english, actor=moderator
        )


def _found(q: str) -> set:
    from cases.models import CaseStory

    return set(CaseStory.objects.published().matching(q))


def test_renaming_or_translating_a_theme_refreshes_its_stories_vectors():
    moderator = ModeratorFactory()
    tagged = IndexedCaseStoryFactory(title="Counting wells", tags=["water"])
    other = IndexedCaseStoryFactory(title="Counting roads", tags=["roads"])
    theme = ThemeTag.objects.get(tag__name="water").theme

    services.set_theme_label(
        theme=theme, language="en", name="sanitation", actor=moderator
    )
    services.set_theme_label(
        theme=theme, language="fr", name="assainissement", actor=moderator
    )

    assert _found("sanitation") == {tagged}
    assert _found("assainissement") == {tagged}
    # The rest of each vector is rebuilt as it was: the tag, the title.
    assert _found("water") == {tagged}
    assert _found("counting") == {tagged, other}


def test_merging_themes_refreshes_the_stories_of_both():
    moderator = ModeratorFactory()
    source_story = IndexedCaseStoryFactory(title="Counting wells", tags=["wells"])
    target_story = IndexedCaseStoryFactory(title="Counting pumps", tags=["pumps"])
    source = ThemeTag.objects.get(tag__name="wells").theme
    target = ThemeTag.objects.get(tag__name="pumps").theme
    services.set_theme_label(theme=source, language="es", name="pozos", actor=moderator)

    services.merge_themes(source=source, target=target, actor=moderator)

    # Both carry the merged theme's labels: the target's, and the Spanish one the
    # source brought.
    assert _found("pumps") == {source_story, target_story}
    assert _found("pozos") == {source_story, target_story}
