"""The pack page: a selection of the case list, downloadable for reading offline."""

from urllib.parse import urlencode

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.pagecache import CONTENT, cache_for_visitors, cached
from core.ratelimit import over_limit

from .forms import CaseFilterForm
from .models import CaseStory
from .packs import FORMATS, MAX_STORIES, Pack, build_pack, pack_stories

# Building a pack is costly: a client may ask for this many per period (served
# from the cache or not, so hammering costs nothing).
PACK_LIMIT = 20
PACK_PERIOD = 10 * 60


def case_pack(request):
    """Without ``format``, what the pack of the selection holds and its downloads;
    with ``format`` (zip, pdf, epub), the pack itself, built once per content
    version."""
    active = CaseFilterForm(request.GET).values()
    active.pop("sort", None)
    fmt = request.GET.get("format", "")
    if fmt not in FORMATS:
        return _pack_page(request, active)
    if over_limit(
        f"case-pack:{request.META.get('REMOTE_ADDR', '')}",
        limit=PACK_LIMIT,
        period=PACK_PERIOD,
    ):
        response = render(request, "429.html", status=429)
        response["Retry-After"] = str(PACK_PERIOD)
        return response
    content = cached(
        "case-pack",
        (tuple(sorted(active.items())), fmt, get_language()),
        lambda: build_pack(_pack(active), fmt),
        scopes=(CONTENT,),
    )
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ks-hub-pack.{extension}"'
    return response


def _pack(active: dict) -> Pack:
    stories = CaseStory.objects.published().filtered(**active)
    return Pack(
        title=_("Case stories from the KS Hub"),
        stories=pack_stories(stories),
        language=get_language() or "en",
    )


@cache_for_visitors(scopes=(CONTENT,))
def _pack_page(request, active: dict):
    total = CaseStory.objects.published().filtered(**active).count()
    query = urlencode(active)
    context = {
        "total": total,
        "max_stories": MAX_STORIES,
        "in_pack": min(total, MAX_STORIES),
        "list_url": reverse("cases:list") + (f"?{query}" if query else ""),
        "downloads": [
            (label, "?" + urlencode({**active, "format": fmt}))
            for fmt, label in (
                ("zip", _("Web pages (zip), to read offline in any browser")),
                ("pdf", "PDF"),
                ("epub", _("EPUB, for e-readers")),
            )
        ],
    }
    return render(request, "cases/casestory_pack.html", context)
