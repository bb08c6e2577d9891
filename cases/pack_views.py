"""The pack page: a selection of the case list, downloadable for reading offline."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.ratelimit import over_limit

from . import tasks
from .forms import CaseFilterForm
from .models import CaseStory
from .packs import FORMATS, IN_REQUEST, MAX_STORIES, pack_key, store_pack

# Building a pack is costly: a client may ask for this many per period (served
# from the cache or not, so hammering costs nothing).
PACK_LIMIT = 20
PACK_PERIOD = 10 * 60


def case_pack(request):
    """Without ``format``, what the pack of the selection holds and its downloads;
    with ``format`` (zip, pdf, epub), the pack itself, built once per content
    version: in the request for a small selection, else by a background task
    while the page says it is being prepared."""
    form = CaseFilterForm(request.GET)
    active = form.values()
    active.pop("sort", None)
    if form.cleaned_data.get("event"):
        active["event"] = form.cleaned_data["event"]
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
    language = get_language() or "en"
    key = pack_key(active, fmt, language)
    content = cache.get(key)
    if content is None:
        if CaseStory.objects.published().filtered(**active).count() <= IN_REQUEST:
            content = store_pack(active, fmt, language)
        # One task a pack at a time, however often it is asked for meanwhile.
        elif cache.add(f"{key}:queued", True, PACK_PERIOD):
            tasks.build_case_pack.enqueue(sorted(active.items()), fmt, language)
            content = cache.get(key)
    if content is None:
        return _pack_page(request, active, preparing=fmt, status=202)
    content_type, extension = FORMATS[fmt]
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ks-hub-pack.{extension}"'
    return response


def _pack_page(request, active: dict, *, preparing: str = "", status: int = 200):
    """Not kept for visitors: the size of each download shows once it is built."""
    total = CaseStory.objects.published().filtered(**active).count()
    query = urlencode(active)
    context = {
        "total": total,
        "max_stories": MAX_STORIES,
        "in_pack": min(total, MAX_STORIES),
        "in_background": total > IN_REQUEST,
        "preparing": preparing,
        "list_url": reverse("cases:list") + (f"?{query}" if query else ""),
        "downloads": [
            (label, "?" + urlencode({**active, "format": fmt}), _size(active, fmt))
            for fmt, label in (
                ("zip", _("Web pages (zip), to read offline in any browser")),
                ("pdf", "PDF"),
                ("epub", _("EPUB, for e-readers")),
            )
        ],
    }
    return render(request, "cases/casestory_pack.html", context, status=status)


def _size(active: dict, fmt: str) -> int | None:
    return cache.get(f"{pack_key(active, fmt, get_language() or 'en')}:size")
