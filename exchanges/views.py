"""Pages for finding, posting and answering knowledge requests and offers."""

import copy
from types import SimpleNamespace
from urllib.parse import urlencode

from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from cases.models import CaseStory
from core import holes, readerfacts
from core.pagecache import (
    CONTENT,
    cache_for_visitors,
    cached,
    page_number,
    render_partials,
)
from core.structured_data import page_data
from members.access import participant_required

from . import cards, lists, matching, services, structured_data
from .forms import MessageForm
from .models import KnowledgeOffer, KnowledgeRequest, ListingFlag
from .posting import attach_errors
from .querysets import reader_state

PAGE_SIZE = 20
LIST_TEMPLATE = "exchanges/exchange_list.html"
READER_TEMPLATE = "exchanges/includes/reader.html"
READER_PARTS = ("follow", "answer")
# What a request's or an offer's page reads besides its reader's kind and parts.
PAGE_READS = (
    *("item", "page", "reader", "is_contact", "structured_data", "introduce_offers"),
)


@cache_for_visitors(scopes=(CONTENT,), params=lists.list_params)
def exchange_list(request):
    """Open requests and offers together, newest first, narrowed by the filters,
    with how many of the matches have each value of a filter.

    The matches, their total and the counts come from the listing index, the
    cards from the cache, and the rendered list is kept per canonical address
    (filters, page): the template reads what is below, so a cached rendering
    builds none of it."""
    active = lists.known(lists.chosen(request))
    listings = SimpleLazyObject(lambda: lists.Listings(active))
    page_obj = SimpleLazyObject(
        lambda: Paginator(listings, PAGE_SIZE).get_page(page_number(request))
    )
    filters = SimpleLazyObject(lambda: lists.filters(active, listings.mask))
    context = {
        "page_obj": page_obj,
        "items": SimpleLazyObject(lambda: lists.items(page_obj.object_list)),
        "cards": SimpleLazyObject(lambda: cards.rendered(page_obj.object_list)),
        "active": active,
        "q": active.get("q", ""),
        "filters": filters,
        "fieldsets": SimpleLazyObject(lambda: lists.fieldsets(filters)),
        "query_string": urlencode(active),
    }
    # The list, the same for every reader of its address (the filters that name
    # something, the page) until the content changes; the page around it, for
    # every reader of one kind and language but for the search words: shared,
    # its holes filled.
    address = urlencode(sorted({**active, "page": page_number(request)}.items()))
    listing = cached(
        "exchange-list",
        (address, get_language()),
        lambda: render_partials(LIST_TEMPLATE, context, "listing")["listing"],
        scopes=(CONTENT,),
    )
    own = {
        "q": context["q"],
        "hidden_filters": lists.hidden_inputs(active),
        "listing": listing,
    }
    return holes.render_shared(request, LIST_TEMPLATE, own)


# Requests and offers --------------------------------------------------------


def request_detail(request, slug):
    return _listing_page(request, KnowledgeRequest, slug)


def offer_detail(request, slug):
    return _listing_page(request, KnowledgeOffer, slug)


# The header's search words.
@cache_for_visitors(scopes=(CONTENT,), params=("q",))
def _listing_page(request, model, slug):
    context = _page_context(request, model, slug)
    template = f"exchanges/knowledge{model.kind}_detail.html"
    situation = context.get("situation")
    if situation is None:
        return render(request, template, context)
    return holes.render_shared(request, template, {}, situation)


def _page_context(request, model, slug, form=None) -> dict:
    """A request's or an offer's page: what reads the same for everyone (its
    facts, text and suggestions, rendered once per content version and language
    while it is listed) and what is the reader's own. ``form``: the message form
    sent back with its errors."""
    site = request.build_absolute_uri("/")
    page = cached(
        "exchange-page",
        (model.kind, slug, get_language(), site),
        lambda: _listed_parts(request, model, slug),
        scopes=(CONTENT,),
        in_process=True,
    )
    if page is None:
        item = get_object_or_404(
            _for_page(model.objects.visible_to(request.user)), slug=slug
        )
        page = _shared_parts(request, item)
    item = copy.copy(page["item"])  # not changed by its reader, but not shared
    user = request.user
    own_id = user.verified_institution_id if user.is_authenticated else None
    own_thread_id, facts = _reader_state(user, item)
    open_to_answer = (
        item.status in ("open", "conversation")
        if item.kind == "request"
        else item.is_active
    )
    context = {
        "item": item,
        "page": page,
        "own_institution_id": own_id,
        "own_thread_id": own_thread_id,
        readerfacts.CONTEXT_NAME: facts,
        "is_contact": user.is_authenticated and item.contact_id == user.pk,
        # Read only where the answer form is rendered, seldom.
        "form": form or SimpleLazyObject(MessageForm),
        "flag_reasons": ListingFlag.Reason.choices,
        "structured_data": page["structured_data"],
        "can_act": form is not None
        or bool(
            own_id
            and item.institution_id != own_id
            and open_to_answer
            and own_thread_id is None
        ),
        "introduce_offers": page["introduce"]
        if user.is_authenticated and user.is_moderator
        else [],
    }
    return _with_reader_parts(request, context, site, sent_back=form is not None)


def _with_reader_parts(request, context: dict, site: str, *, sent_back: bool):
    """``context`` with the reader's parts; for a member reading a listed item,
    with the :class:`~core.holes.Situation` the page is shared in: it reads the
    same for every member in the same situation before it, so its holes and its
    reader parts' are filled at once (``core.holes``)."""
    item, user = context["item"], request.user
    if sent_back or not user.is_authenticated:
        context["reader"] = {
            name: render_to_string(f"{READER_TEMPLATE}#{name}", context, request)
            for name in READER_PARTS
        }
        return context
    reader, key = _reader_parts(context, user)
    if item.is_listed and not get_messages(request):
        context["reader"] = reader
        shown = {name: context[name] for name in PAGE_READS}
        context["situation"] = holes.Situation(shown, (item.kind, item.pk, site, *key))
    else:
        context["reader"] = {
            name: holes.fill(html, request) for name, html in reader.items()
        }
    return context


def _reader_parts(context: dict, user) -> tuple[dict, tuple]:
    """A member's follow button and answer and report forms, the same for every
    member in the same situation (may answer or not, their thread, whether they
    follow it): rendered once per situation and language with holes for what is
    the request's own (``core.holes``); and that situation. A visitor's page is
    kept whole, and a form sent back holds the reader's own words."""
    item = context["item"]
    situation = (
        user.is_moderator,
        context["is_contact"],
        bool(context["own_institution_id"]),
        context["can_act"],
        context["own_thread_id"],
        context[readerfacts.CONTEXT_NAME].get("following"),
    )
    shared = cached(
        "exchange-reader",
        (item.kind, item.slug, item.is_listed, get_language(), *situation),
        lambda: render_partials(
            READER_TEMPLATE,
            {
                **context,
                "user": SimpleNamespace(is_authenticated=True),
                "request": holes.STAND_IN_REQUEST,
                "csrf_token": holes.HOLES.csrf,
            },
            *READER_PARTS,
        ),
        scopes=(CONTENT,),
        in_process=True,
    )
    return shared, situation


def _reader_state(user, item) -> tuple[int | None, dict]:
    """The reader's thread on the item and what other apps ask about them and
    it; nothing for a visitor."""
    if not user.is_authenticated:
        return None, {}
    return reader_state(user.pk, item)


def _for_page(queryset):
    queryset = queryset.select_related("institution")
    if queryset.model is KnowledgeOffer:
        stories = CaseStory.objects.published().only("pk", "slug", "title")
        queryset = queryset.prefetch_related(
            models.Prefetch("case_stories", queryset=stories)
        )
    return queryset


def _listed_parts(request, model, slug) -> dict | None:
    item = _for_page(model.objects.listed()).filter(slug=slug).first()
    return None if item is None else _shared_parts(request, item)


def _shared_parts(request, item) -> dict:
    """The item's facts, text and suggestions, rendered from the page's partials,
    and its structured data."""
    suggested = matching.suggestions(item)
    if item.kind == "request":
        sections = [
            (_("Offers that could answer it"), suggested["offers"]),
            (_("Institutions with experience"), suggested["institutions"]),
            (_("Published case stories"), suggested["stories"]),
        ]
    else:
        sections = [(_("Open requests it could answer"), suggested["requests"])]
    context = {
        "item": item,
        "countries": [countries.name(code) or code for code in item.countries],
        "suggestions": sections,
    }
    template = f"exchanges/knowledge{item.kind}_detail.html"
    return {
        "item": item,
        **render_partials(template, context, "facts", "text", "suggestions"),
        # A hidden or held item is shown to its contact and moderators, never
        # described.
        "structured_data": page_data(
            structured_data.listing(item, request.build_absolute_uri)
        )
        if item.is_listed
        else "",
        "introduce": [
            (suggestion.item.slug, suggestion.item.title)
            for suggestion in suggested.get("offers", [])
        ],
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
    context = _page_context(request, type(item), item.slug, form=form)
    name = f"exchanges/knowledge{item.kind}_detail.html"
    return render(request, name, context, status=400)
