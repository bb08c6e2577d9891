"""What a story's or post's page shows of its versions in other languages, and the
form a member asks for one with."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.models import ReviewStatus
from members.access import can_participate, participant_required

from . import services

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def version_list(item) -> list[dict]:
    """The published versions of ``item``'s group, ``item`` marked, in one query."""
    if item.status != ReviewStatus.PUBLISHED:
        return []
    versions = (
        type(item)
        .objects.published()
        .versions_of(item)
        .only("pk", "slug", "title", "language", "translation_of")
        .order_by("language")
    )
    return [
        {
            "language": version.language,
            "name": LANGUAGE_NAMES.get(version.language, version.language),
            "title": version.title,
            "url": version.get_absolute_url(),
            "current": version.pk == item.pk,
        }
        for version in versions
    ]


def reader_version(versions: list[dict]) -> dict | None:
    """The version in the reader's language, when the page shows another one."""
    reader = get_language()
    return next(
        (v for v in versions if v["language"] == reader and not v["current"]), None
    )


def missing_languages(request, item, versions: list[dict]) -> list[tuple]:
    """The languages a member may ask ``item`` in: those it has no version in."""
    if not (item.status == ReviewStatus.PUBLISHED and can_participate(request.user)):
        return []
    have = {v["language"] for v in versions} | {item.language}
    return [(code, name) for code, name in settings.LANGUAGES if code not in have]


def versions_context(request, item) -> dict:
    versions = version_list(item)
    return {
        "versions": versions if len(versions) > 1 else [],
        "reader_version": reader_version(versions),
        "missing_languages": missing_languages(request, item, versions),
    }


def translation_request_view(model):
    """A POST view for ``model``'s pages: the member asks for the item in the
    language chosen."""

    @participant_required
    @require_POST
    def ask(request, slug):
        item = get_object_or_404(model.objects.published(), slug=slug)
        language = str(request.POST.get("language", ""))[:8]
        try:
            services.request_translation(
                member=request.user, item=item, language=language
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except PermissionDenied as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("Thank you: the moderators will see that you asked for it."),
            )
        return redirect(item)

    return ask
