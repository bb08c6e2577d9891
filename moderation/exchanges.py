"""The desk's section for knowledge requests and offers: those held for review
(posted for an institution not yet verified, or flagged by members) and those
with open flags, and the moderator's actions on them."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, Value
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from exchanges import review
from exchanges.models import KnowledgeOffer, KnowledgeRequest, ListingFlag
from members.access import moderator_required

from .querysets import queue_counts
from .views import PAGE_SIZE, _back, _reason, _run

MODELS = {"request": KnowledgeRequest, "offer": KnowledgeOffer}
TABS = {"review": "awaiting_review", "flagged": "flagged"}


def _cards(rows: list[dict]) -> list:
    """The page's requests and offers with their open flags, in the page's order."""
    found = {}
    for kind, model in MODELS.items():
        ids = [row["pk"] for row in rows if row["k"] == kind]
        if not ids:
            continue
        items = (
            model.objects.filter(pk__in=ids)
            .select_related("institution", "contact__profile")
            .annotate(
                open_flags=Count("flags", filter=Q(flags__dismissed_at__isnull=True))
            )
            .prefetch_related(
                Prefetch(
                    "flags",
                    queryset=ListingFlag.objects.filter(
                        dismissed_at__isnull=True
                    ).select_related("member__profile"),
                    to_attr="open_flag_list",
                )
            )
            .defer("search_vector")
        )
        for item in items:
            item.dom_id = f"{kind}-{item.pk}"
            found[(kind, item.pk)] = item
    return [found[(r["k"], r["pk"])] for r in rows if (r["k"], r["pk"]) in found]


@moderator_required
@require_GET
def exchange_queue(request):
    tab = request.GET.get("tab")
    tab = tab if tab in TABS else "review"
    rows = [
        getattr(model.objects, TABS[tab])()
        .annotate(k=Value(kind))
        .values("k", "pk", "created_at")
        for kind, model in MODELS.items()
    ]
    union = rows[0].union(rows[1]).order_by("created_at", "pk")
    page_obj = Paginator(union, PAGE_SIZE).get_page(request.GET.get("page"))
    page_obj.object_list = _cards(list(page_obj.object_list))
    return render(
        request,
        "moderation/exchanges.html",
        {
            "counts": queue_counts(request.user),
            "tab": tab,
            "page_obj": page_obj,
            "items": page_obj.object_list,
            "query_string": f"tab={tab}",
            "here": request.get_full_path(),
        },
    )


@moderator_required
@require_POST
def exchange_action(request, kind: str, pk: int, action: str):
    if kind not in MODELS:
        raise Http404
    item = get_object_or_404(MODELS[kind], pk=pk)
    moderator = request.user
    title = {"title": item.title}
    if action == "approve":
        _run(
            request,
            lambda: review.approve_listing(item=item, moderator=moderator),
            done=_("Listed “%(title)s”.") % title,
        )
    elif action == "hide":
        reason = _reason(request, required=False) or ""
        _run(
            request,
            lambda: review.hide_listing(item=item, moderator=moderator, reason=reason),
            done=_("Hid “%(title)s”.") % title,
        )
    elif action == "restore":
        _run(
            request,
            lambda: review.restore_listing(item=item, moderator=moderator),
            done=_("Listed “%(title)s” again.") % title,
        )
    elif action == "dismiss":
        _run(
            request,
            lambda: review.dismiss_listing_flags(item=item, moderator=moderator),
            done=_("The flags are dismissed."),
        )
    else:
        raise Http404
    return _back(request, reverse("moderation:exchanges"))
