"""Pages for finding, reading and contributing case stories."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.holes import render_shared
from core.pagecache import (
    CONTENT,
    cache_for_visitors,
    cached,
    page_number,
)
from core.paginators import CountCachedPaginator
from core.ratelimit import PREVIEW_LIMIT, RateLimited
from members.access import participant_required
from taxonomy.filters import redirect_old_theme_slugs

from . import facet_index, facets, services
from .forms import CaseStoryForm, filter_values
from .listing import kept_listing
from .models import Attachment, CaseStory
from .querysets import SEARCH_CANDIDATES

PAGE_SIZE = 12


@redirect_old_theme_slugs
@cache_for_visitors(scopes=(CONTENT,), params=facets.list_params)
def case_list(request):
    """Published stories, narrowed by any combination of filters, with facets that
    count the matches each value would give under the other active filters.

    Facet counts, totals and page ids come from the facet index, cards from the
    cache, the rendered list is kept per canonical address (filters, sort, page)
    with its JSON-LD (``cases.listing``); what is below is read only to render
    it, so a cached rendering builds none of it."""
    active = filter_values(request.GET)
    sort = active.pop("sort", "")
    requested = (*sorted(active.items()), ("reader", get_language()))
    selected = facets.resolve(active)
    q = active.get("q", "")
    published = _published(active)
    fuzzy = _fuzzy(published, active, requested)
    page_obj = SimpleLazyObject(
        lambda: _list_page(request, published, active, sort, fuzzy, requested)
    )
    # The rendered list's key: the filters that name something, sort, page.
    list_key = urlencode(
        sorted({**active, "sort": sort, "page": page_number(request)}.items())
    )
    context = {
        "page_obj": page_obj,
        "cases": SimpleLazyObject(lambda: page_obj.object_list),
        "q": q,
        "fuzzy": fuzzy,
        # A broad search lists a bounded set (see CaseStoryQuerySet.ranked); the
        # facets still count every match.
        "capped": SimpleLazyObject(
            lambda: (
                bool(q) and not fuzzy and page_obj.paginator.count >= SEARCH_CANDIDATES
            )
        ),
        "sort": sort,
        "active": active,
        "selected": facets.chosen(active, selected, sort),
        # Read by the template, so a cached rendering of the list skips it.
        "facets": SimpleLazyObject(
            lambda: facets.all_facets(published, active, fuzzy, selected, sort)
        ),
        "query_string": facets.query_string(active, sort),
        "clear_url": reverse("cases:list"),
    }
    listing = kept_listing(request, context, list_key)
    # The page around the list reads the same for every reader of one kind and
    # language but for the search words: shared, its holes filled.
    return render_shared(
        request,
        "cases/casestory_list.html",
        {"q": q, "listing": listing["html"], "structured_data": listing["data"]},
    )


def _published(active: dict) -> SimpleLazyObject:
    """The published stories the reader is shown, one version a group unless a
    language is chosen. Read only under a text query (the facet index serves the
    rest): building the query was a quarter of a cached list's time."""
    language = active.get("language", "")
    return SimpleLazyObject(
        lambda: CaseStory.objects.published().for_reader(
            get_language(), chosen=language
        )
    )


def _fuzzy(published, active: dict, requested) -> bool:
    """Whether a search finds nothing as typed, so near spellings are tried."""
    return bool(active.get("q")) and cached(
        "case-fuzzy",
        requested,
        lambda: not published.filtered(**active).exists(),
        scopes=(CONTENT,),
    )


def _list_page(request, published, active: dict, sort: str, fuzzy: bool, requested):
    """The page of stories asked for: ranked when searching, else sorted, its
    ids and total from the facet index."""
    q = active.get("q", "")
    if not q:
        # The index chose the page (one version a group): its rows by id.
        stories = facet_index.Stories(active, sort or "recent")
        return Paginator(stories, PAGE_SIZE).get_page(page_number(request))
    if fuzzy:
        stories = published.filtered(**active, fuzzy=True).ranked(q, fuzzy=True)
    else:
        others = {name: value for name, value in active.items() if name != "q"}
        stories = published.filtered(**others).ranked(q)
    if sort:
        stories = stories.sorted_by(sort)
    return CountCachedPaginator(
        stories.for_cards(),
        PAGE_SIZE,
        cache_parts=("case-list", requested),
        scopes=(CONTENT,),
    ).get_page(page_number(request))


@participant_required
def case_create(request):
    return _contribute(request, None)


@participant_required
def case_edit(request, slug):
    case = get_object_or_404(CaseStory.objects.visible_to(request.user), slug=slug)
    if not services.may_edit(case, request.user):
        raise PermissionDenied(
            _("Only the author or the institution's editors may change this story.")
        )
    if case.status not in services.EDITABLE_STATUSES:
        messages.info(
            request,
            _("This case story is %(status)s and can no longer be changed.")
            % {"status": case.get_status_display().lower()},
        )
        return redirect(case)
    return _contribute(request, case)


def _contribute(request, case):
    """One form for a new story and for editing one: preview, save, submit."""
    action = request.POST.get("action", "draft")
    preview = None
    status = 200
    if request.method == "POST":
        form = CaseStoryForm(request.POST, request.FILES)
        if form.is_valid() and action == "preview":
            preview = _preview(request, form)
            status = 200 if preview is not None else 429
        elif form.is_valid():
            saved = _save(request, form, case)
            if saved is not None:
                return _after_save(request, saved, submit=action == "submit")
            status = _error_status(form)
        else:
            status = 400
    elif case is None:
        form = CaseStoryForm()
    else:
        form = CaseStoryForm(initial=CaseStoryForm.initial_for(case))
    context = {
        "form": form,
        "case": case,
        "preview": preview,
        "attachments": case.attachments.all() if case else [],
    }
    return render(request, "cases/casestory_form.html", context, status=status)


def _preview(request, form) -> dict | None:
    """The cleaned data to show, or None when the member previews too often."""
    try:
        PREVIEW_LIMIT.check(request.user)
    except RateLimited as error:
        form.add_error(None, error)
        return None
    return form.cleaned_data


def _error_status(form) -> int:
    """429 when a rate limit refused the form, 400 for any other error."""
    codes = {
        error.code for errors in form.errors.as_data().values() for error in errors
    }
    return 429 if "rate_limited" in codes else 400


def _save(request, form, case):
    """Save the story and its new attachment together, or neither."""
    try:
        with transaction.atomic():
            if case is None:
                case = services.create_case_story(
                    author=request.user, **form.story_data()
                )
            else:
                case = services.update_case_story(
                    case_story=case, author=request.user, **form.story_data()
                )
            upload = form.cleaned_data.get("attachment")
            if upload:
                try:
                    services.add_attachment(
                        case_story=case, uploaded_file=upload, author=request.user
                    )
                except ValidationError as error:
                    form.add_error("attachment", error)
                    raise
    except ValidationError as error:
        if not form.errors:
            form.add_error(None, error)
        return None
    return case


def _after_save(request, case, *, submit: bool):
    if not submit:
        messages.success(request, _("Your draft is saved."))
        return redirect("cases:edit", case.slug)
    try:
        services.submit_case_story(case_story=case, author=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
        messages.info(request, _("Your draft is saved; complete it to submit it."))
        return redirect("cases:edit", case.slug)
    messages.success(
        request,
        _("Thank you. A moderator will review your case story before it is published."),
    )
    return redirect(case)


def attachment_download(request, slug, token):
    attachment = get_object_or_404(
        Attachment.objects.filter(
            case_story__in=CaseStory.objects.visible_to(request.user)
        ),
        case_story__slug=slug,
        token=token,
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The file is missing.") from error
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@participant_required
def attachment_remove(request, slug, token):
    attachment = get_object_or_404(
        Attachment.objects.select_related("case_story"),
        case_story__slug=slug,
        token=token,
        case_story__author=request.user,
    )
    try:
        services.remove_attachment(attachment=attachment, author=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The attachment is removed."))
    return redirect("cases:edit", slug)
