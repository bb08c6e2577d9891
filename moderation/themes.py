"""The desk's themes (rename, translate, merge) and versions in other languages
(what readers of a language lack, what members asked for, linking versions).

Themes are one taxonomy for the whole site, the site-wide moderators' to keep;
versions in other languages are content, and a scoped moderator sees and links
those their scope covers (``members.scopes.within``)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from blog.models import Post
from cases.models import CaseStory
from members.access import desk_required, moderator_required
from members.scopes import within
from taxonomy import services
from taxonomy.filters import clean_slug
from taxonomy.forms import ThemeLabelForm, ThemeMergeForm, TranslationLinkForm
from taxonomy.models import Theme

from .querysets import queue_counts
from .views import _run

THEMES_PAGE_SIZE = 50
# How many stories each language's list of what it lacks shows.
LACKING_SHOWN = 10
KIND_MODELS = {"case": CaseStory, "post": Post}


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@moderator_required
@require_GET
def theme_list(request):
    q = clean_slug(request.GET.get("q")).replace("-", " ")
    themes = Theme.objects.for_desk().order_by("slug")
    if q:
        themes = themes.matching(q)
    page_obj = Paginator(themes, THEMES_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "moderation/themes.html",
        {
            "counts": queue_counts(request.user),
            "page_obj": page_obj,
            "themes": page_obj.object_list,
            "q": q,
            "query_string": f"q={q}" if q else "",
            "languages": settings.LANGUAGES,
        },
    )


@moderator_required
@require_GET
def theme_detail(request, pk: int):
    theme = get_object_or_404(Theme.objects.for_desk(), pk=pk)
    labels = {label.language: label.name for label in theme.labels.all()}
    return render(
        request,
        "moderation/theme.html",
        {
            "counts": queue_counts(request.user),
            "theme": theme,
            "labels": [
                (code, name, labels.get(code, "")) for code, name in settings.LANGUAGES
            ],
            "merge_form": ThemeMergeForm(),
        },
    )


@moderator_required
@require_POST
def theme_label(request, pk: int):
    theme = get_object_or_404(Theme, pk=pk)
    form = ThemeLabelForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        _run(
            request,
            lambda: services.set_theme_label(
                theme=theme, actor=request.user, **form.cleaned_data
            ),
            done=_("Theme name saved."),
        )
    return redirect("moderation:theme", pk=theme.pk)


@moderator_required
@require_POST
def theme_merge(request, pk: int):
    source = get_object_or_404(Theme, pk=pk)
    form = ThemeMergeForm(request.POST)
    target = None
    if form.is_valid():
        target = Theme.objects.filter(slug=form.cleaned_data["target"]).first()
    if target is None:
        messages.error(request, _("Name an existing theme to merge into."))
        return redirect("moderation:theme", pk=source.pk)
    _run(
        request,
        lambda: services.merge_themes(source=source, target=target, actor=request.user),
        done=_("Themes merged: the old addresses lead to this theme."),
    )
    if Theme.objects.filter(pk=source.pk).exists():
        return redirect("moderation:theme", pk=source.pk)
    return redirect("moderation:theme", pk=target.pk)


def _lacking(model, language: str, user, shown: int) -> list:
    items = within(model.objects.lacking(language), user)
    return list(items.only("slug", "title", "language", "view_count")[:shown])


@desk_required
@require_GET
def translations(request):
    """Per language, the stories most asked for and read that have no version in
    it; the posts likewise, fewer: those the moderator's scope covers."""
    lacking = [
        {
            "code": code,
            "name": name,
            "stories": _lacking(CaseStory, code, request.user, LACKING_SHOWN),
            "posts": _lacking(Post, code, request.user, LACKING_SHOWN // 2),
        }
        for code, name in settings.LANGUAGES
    ]
    return render(
        request,
        "moderation/translations.html",
        {
            "counts": queue_counts(request.user),
            "lacking": lacking,
            "form": TranslationLinkForm(),
        },
    )


@desk_required
@require_POST
def translation_link(request):
    form = TranslationLinkForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("moderation:translations")
    model = KIND_MODELS[form.cleaned_data["kind"]]
    original = model.objects.filter(slug=form.cleaned_data["original"]).first()
    translation = model.objects.filter(slug=form.cleaned_data["translation"]).first()
    if original is None or translation is None:
        messages.error(request, _("Name two existing items of the kind chosen."))
        return redirect("moderation:translations")
    _run(
        request,
        lambda: services.link_translation(
            original=original, translation=translation, actor=request.user
        ),
        done=_("Linked: readers of either language find the other version."),
    )
    return redirect("moderation:translations")
