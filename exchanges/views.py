"""Pages for finding, posting and answering knowledge requests and offers."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries
from taggit.models import Tag

from cases.models import Dimension
from core.structured_data import page_data
from members.access import participant_required

from . import matching, services, structured_data
from .forms import (
    FILTER_NAMES,
    KIND_CHOICES,
    STATUS_CHOICES,
    ExchangeFilterForm,
    MessageForm,
)
from .models import (
    KnowledgeOffer,
    KnowledgeRequest,
    ListingFlag,
    Modality,
    WorkingLanguage,
)
from .posting import attach_errors
from .regions import REGION_CHOICES

PAGE_SIZE = 20
MODELS = {"request": KnowledgeRequest, "offer": KnowledgeOffer}


def exchange_list(request):
    """Open requests and offers together, newest first, narrowed by the filters,
    with how many each value of a filter holds under the others."""
    active = _known(ExchangeFilterForm(request.GET).values())
    kind = active.pop("kind", "")
    filtered = {
        name: model.objects.filtered(**active) for name, model in MODELS.items()
    }
    rows = [
        filtered[name].annotate(k=models.Value(name)).values("k", "pk", "created_at")
        for name in MODELS
        if kind in ("", name)
    ]
    union = rows[0].union(*rows[1:]) if len(rows) > 1 else rows[0]
    page_obj = Paginator(union.order_by("-created_at", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page_obj.object_list = _cards(list(page_obj.object_list))
    context = {
        "page_obj": page_obj,
        "items": page_obj.object_list,
        "active": {**active, **({"kind": kind} if kind else {})},
        "q": active.get("q", ""),
        "filters": _filters(filtered, active, kind),
        "query_string": urlencode({**active, **({"kind": kind} if kind else {})}),
    }
    return render(request, "exchanges/exchange_list.html", context)


def _known(active: dict) -> dict:
    """Drop a dimension or theme that names nothing, rather than empty the list."""
    for name, model in (("dimension", Dimension), ("tag", Tag)):
        if name in active and not model.objects.filter(slug=active[name]).exists():
            del active[name]
    return active


def _cards(rows: list[dict]) -> list:
    """The page's requests and offers, one query per kind, in the page's order."""
    found = {}
    for name, model in MODELS.items():
        ids = [row["pk"] for row in rows if row["k"] == name]
        if ids:
            found.update(
                ((name, item.pk), item)
                for item in model.objects.filter(pk__in=ids).for_cards()
            )
    return [
        found[(row["k"], row["pk"])] for row in rows if (row["k"], row["pk"]) in found
    ]


def _filters(filtered: dict, active: dict, kind: str) -> list[dict]:
    """Each filter's values with their counts, and the address that toggles it."""
    current = {**active, **({"kind": kind} if kind else {})}
    return [
        {
            "name": name,
            "label": label,
            "entries": [
                {
                    "label": text,
                    "count": count,
                    "selected": current.get(name) == value,
                    "url": _list_url(
                        current, **{name: None if current.get(name) == value else value}
                    ),
                }
                for value, text, count in entries
                if count is None or count or current.get(name) == value
            ],
        }
        for name, label, entries in _counted(filtered, kind)
    ]


def _counted(filtered: dict, kind: str) -> list[tuple]:
    """``(name, label, [(value, text, count)])`` per filter, requests and offers
    added up; None where a filter's values are not counted."""
    querysets = [qs for name, qs in filtered.items() if kind in ("", name)]

    def total(method) -> dict:
        counts: dict = {}
        for qs in querysets:
            for value, count in getattr(qs, method)().items():
                counts[value] = counts.get(value, 0) + count
        return counts

    dims = total("dimension_counts")
    modalities = total("modality_counts")
    languages = total("language_counts")
    return [
        (
            "kind",
            _("Kind"),
            [
                (v, label, filtered[v].count() if kind in ("", v) else 0)
                for v, label in KIND_CHOICES
            ],
        ),
        (
            "dimension",
            _("KS dimension"),
            [
                (d.slug, str(d), dims.get(d.slug, 0))
                for d in Dimension.objects.only("slug", "name")
            ],
        ),
        (
            "modality",
            _("Modality"),
            [(v, label, modalities.get(v, 0)) for v, label in Modality.choices],
        ),
        (
            "language",
            _("Working language"),
            [(v, label, languages.get(v, 0)) for v, label in WorkingLanguage.choices],
        ),
        ("region", _("Region"), [(v, label, None) for v, label in REGION_CHOICES]),
        ("status", _("Status"), [(v, label, None) for v, label in STATUS_CHOICES]),
    ]


def _list_url(active: dict, **changes) -> str:
    params = {
        k: v
        for k, v in {**active, **changes}.items()
        if v not in (None, "") and k in FILTER_NAMES
    }
    query = urlencode(params)
    return reverse("exchanges:list") + (f"?{query}" if query else "")


# Requests and offers --------------------------------------------------------


def request_detail(request, slug):
    item = get_object_or_404(
        KnowledgeRequest.objects.visible_to(request.user).select_related("institution"),
        slug=slug,
    )
    context = _detail_context(request, item)
    suggested = matching.suggestions(item)
    context["suggestions"] = [
        (_("Offers that could answer it"), suggested["offers"]),
        (_("Institutions with experience"), suggested["institutions"]),
        (_("Published case stories"), suggested["stories"]),
    ]
    can_help = bool(
        context["own_institution"]
        and item.institution_id != context["own_institution"].pk
        and item.status in ("open", "conversation")
        and context["own_thread"] is None
    )
    context["can_act"] = can_help
    context["introduce_offers"] = (
        context["suggestions"][0][1]
        if request.user.is_authenticated and request.user.is_moderator
        else []
    )
    return render(request, "exchanges/knowledgerequest_detail.html", context)


def offer_detail(request, slug):
    item = get_object_or_404(
        KnowledgeOffer.objects.visible_to(request.user)
        .select_related("institution")
        .prefetch_related(
            models.Prefetch(
                "case_stories",
                queryset=KnowledgeOffer.case_stories.rel.model.objects.published().only(
                    "pk", "slug", "title"
                ),
            )
        ),
        slug=slug,
    )
    context = _detail_context(request, item)
    context["suggestions"] = [
        (_("Open requests it could answer"), matching.suggestions(item)["requests"])
    ]
    context["can_act"] = bool(
        context["own_institution"]
        and item.institution_id != context["own_institution"].pk
        and item.is_active
        and context["own_thread"] is None
    )
    return render(request, "exchanges/knowledgeoffer_detail.html", context)


def _detail_context(request, item) -> dict:
    user = request.user
    own = services.institution_of(user) if user.is_authenticated else None
    own = own if own is not None and own.verified else None
    own_thread = None
    if user.is_authenticated:
        own_thread = item.threads.filter(participants=user).first()
    return {
        "item": item,
        "own_institution": own,
        "own_thread": own_thread,
        "is_contact": user.is_authenticated and item.contact_id == user.pk,
        "form": MessageForm(),
        "countries": [countries.name(code) or code for code in item.countries],
        # A hidden or held item is shown to its contact and moderators, never
        # described.
        "structured_data": page_data(
            structured_data.listing(item, request.build_absolute_uri)
        )
        if item.is_listed
        else "",
        "flag_reasons": ListingFlag.Reason.choices,
    }


@require_POST
@participant_required
def request_help(request, slug):
    """ "I can help": opens a private thread with the requester."""
    item = get_object_or_404(KnowledgeRequest.objects.listed(), slug=slug)
    return _open(
        request,
        item,
        lambda message: services.offer_help(
            member=request.user, request=item, message=message
        ),
    )


@require_POST
@participant_required
def offer_ask(request, slug):
    """ "Ask them": opens a private thread with the offering institution."""
    item = get_object_or_404(KnowledgeOffer.objects.listed(), slug=slug)
    return _open(
        request,
        item,
        lambda message: services.ask_offer(
            member=request.user, offer=item, message=message
        ),
    )


def _open(request, item, action):
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            thread = action(form.cleaned_data["message"])
        except ValidationError as error:
            attach_errors(form, error)
        else:
            return redirect(thread)
    context = {
        **_detail_context(request, item),
        "form": form,
        "suggestions": [],
        "can_act": True,
    }
    name = f"exchanges/knowledge{item.kind}_detail.html"
    return render(request, name, context, status=400)
