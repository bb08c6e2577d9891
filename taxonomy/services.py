"""Write layer for themes and versions in other languages: one function an action,
each atomic, each moderator or member action recorded in the audit log."""

import unicodedata
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from taggit.models import Tag

from core.audit import record
from core.models import ReviewStatus
from core.pagecache import CONTENT, bump_content_version
from core.permissions import require_moderator
from core.slugs import unique_slug
from members.access import require_participant

from .models import (
    LANGUAGE_CODES,
    Theme,
    ThemeLabel,
    ThemeRedirect,
    ThemeTag,
    TranslationRequest,
)

LABEL_MAX_LENGTH = 100
# What higher apps keep that holds the themes' names (a story's search vector),
# each a function of the ids of the tags whose theme a moderator renamed,
# translated or merged, registered from the app's AppConfig.ready(): called in
# the same transaction, as a dimension's rename refreshes its stories.
THEME_NAME_HOLDERS: list[Callable[[list[int]], object]] = []


def on_theme_names_changed(refresh: Callable[[list[int]], object]) -> None:
    if refresh not in THEME_NAME_HOLDERS:
        THEME_NAME_HOLDERS.append(refresh)


def _theme_names_changed(theme: Theme) -> None:
    tag_ids = list(ThemeTag.objects.filter(theme=theme).values_list("tag", flat=True))
    if tag_ids:
        for refresh in THEME_NAME_HOLDERS:
            refresh(tag_ids)


def _require_moderator(user) -> None:
    if not (user.is_authenticated and user.is_moderator):
        raise PermissionDenied(_("Only moderators may change themes."))


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise ValidationError(_("Choose English, Spanish or French."))


def _clean_name(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ValidationError(_("A theme needs a name."))
    plain = all(unicodedata.category(char)[0] != "C" for char in name)
    if len(name) > LABEL_MAX_LENGTH or not plain:
        raise ValidationError(
            _("A theme's name is at most %(limit)d plain characters.")
            % {"limit": LABEL_MAX_LENGTH}
        )
    return name


def _new_theme_slug(text: str) -> str:
    taken = ThemeRedirect.objects.values_list("old_slug", flat=True)
    return unique_slug(
        Theme.objects, text, fallback="theme", max_length=100, reserved=set(taken)
    )


@transaction.atomic
def link_tags(tags: Iterable[Tag], *, language: str) -> None:
    """Give each tag without a theme one: the theme one of whose labels it spells
    (capitals aside), else a new theme labelled with it in ``language``."""
    unlinked = [tag for tag in tags if not ThemeTag.objects.filter(tag=tag).exists()]
    for tag in unlinked:
        label = ThemeLabel.objects.filter(name__iexact=tag.name).first()
        if label is not None:
            theme = label.theme
        else:
            theme = Theme.objects.create(slug=_new_theme_slug(tag.slug or tag.name))
            ThemeLabel.objects.create(
                theme=theme,
                language=language if language in LANGUAGE_CODES else "en",
                name=tag.name[:LABEL_MAX_LENGTH],
            )
        ThemeTag.objects.get_or_create(tag=tag, defaults={"theme": theme})


@transaction.atomic
def set_theme_label(*, theme: Theme, language: str, name: str, actor) -> ThemeLabel:
    """Rename a theme in one language, or translate it into one more."""
    _require_moderator(actor)
    _check_language(language)
    name = _clean_name(name)
    Theme.objects.select_for_update().filter(pk=theme.pk).first()
    label, created = ThemeLabel.objects.update_or_create(
        theme=theme, language=language, defaults={"name": name}
    )
    _theme_names_changed(theme)
    record(
        actor=actor,
        action="theme-translated" if created else "theme-renamed",
        target=theme,
        reason=f"{language}: {name}",
    )
    return label


@transaction.atomic
def merge_themes(*, source: Theme, target: Theme, actor, reason: str = "") -> Theme:
    """Fold ``source`` into ``target``: its tags name ``target`` from now on, its
    labels fill the languages ``target`` lacks, its old slug answers 301.

    Both themes are locked in one order (by id), so two merges touching a theme
    run one after the other, and the second sees what the first did. No tagging
    is moved or deleted: a merge only points tags at another theme."""
    _require_moderator(actor)
    if source.pk == target.pk:
        raise ValidationError(_("A theme cannot be merged into itself."))
    locked = {
        theme.pk: theme
        for theme in Theme.objects.select_for_update()
        .filter(pk__in=[source.pk, target.pk])
        .order_by("pk")
    }
    if len(locked) < 2:
        raise ValidationError(_("This theme was merged or removed meanwhile."))
    source, target = locked[source.pk], locked[target.pk]
    target_languages = set(target.labels.values_list("language", flat=True))
    ThemeLabel.objects.filter(theme=source).exclude(
        language__in=target_languages
    ).update(theme=target)
    ThemeTag.objects.filter(theme=source).update(theme=target)
    ThemeRedirect.objects.filter(theme=source).update(theme=target)
    ThemeRedirect.objects.create(old_slug=source.slug, theme=target)
    old = str(source)
    source.delete()
    _theme_names_changed(target)
    record(actor=actor, action="theme-merged", target=target, reason=reason or old)
    bump_content_version(CONTENT)
    return target


@transaction.atomic
def request_translation(*, member, item, language: str) -> TranslationRequest:
    """A member asks for ``item`` (a published story or post) in ``language``."""
    require_participant(member)
    _check_language(language)
    if item.status != ReviewStatus.PUBLISHED:
        raise ValidationError(_("Only published content can be translated."))
    versions = type(item).objects.published().versions_of(item)
    if versions.filter(language=language).exists():
        raise ValidationError(_("A version in this language exists already."))
    original = versions.filter(translation_of__isnull=True).first() or item
    wanted, created = TranslationRequest.objects.get_or_create(
        content_type=_content_type(original),
        object_id=original.pk,
        language=language,
        member=member,
    )
    if created:
        record(
            actor=member,
            action="translation-requested",
            target=original,
            reason=language,
        )
    return wanted


def _content_type(item):
    return ContentType.objects.get_for_model(item)


@transaction.atomic
def link_translation(*, original, translation, actor):
    """Make ``translation`` a version of ``original``'s group: for a moderator of
    ``translation``, the item that changes (site-wide, or within a scope)."""
    require_moderator(actor, translation)
    model = type(original)
    if type(translation) is not model or original.pk == translation.pk:
        raise ValidationError(_("Choose two different items of one kind."))
    rows = model.objects.select_for_update().filter(
        pk__in=[original.pk, translation.pk, original.translation_of_id or 0]
    )
    locked = {row.pk: row for row in rows.order_by("pk")}
    original = locked.get(original.translation_of_id) or locked[original.pk]
    translation = locked[translation.pk]
    if model.objects.filter(translation_of=translation).exists():
        raise ValidationError(_("This item has versions of its own."))
    if (
        model.objects.versions_of(original)
        .exclude(pk=translation.pk)
        .filter(language=translation.language)
        .exists()
    ):
        raise ValidationError(_("This group has a version in that language already."))
    translation.translation_of = original
    translation.save(update_fields=["translation_of"])
    TranslationRequest.objects.filter(
        content_type=_content_type(original),
        object_id=original.pk,
        language=translation.language,
    ).delete()
    record(
        actor=actor,
        action="translation-linked",
        target=translation,
        reason=str(original)[:200],
    )
    return translation


def set_tags(item, names: Iterable[str], *, language: str) -> None:
    """Replace ``item``'s tags with ``names`` (kept as written), each naming a
    theme: those new to the site name a new theme labelled in ``language``."""
    item.tags.set([name.strip() for name in names if name.strip()])
    link_tags(item.tags.all(), language=language)
