"""The desk's curation over time: content due for review and the reviewer's
decisions, suggested corrections waiting for a decision, and broken links.
Site-wide moderators see all of it; a scoped moderator what their scope covers
(``members.scopes.within``), and every decision goes through a service that
checks the scope (``core.permissions.require_moderator``) and writes the audit
log."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from cases.corrections import pending_for
from core import curation as reviews
from core.permissions import require_moderator
from members.access import desk_required
from members.scopes import within

from . import curation, links
from .forms import CurrentForm, OutdatedForm
from .models import BrokenLink
from .views import PAGE_SIZE, _back, _run, queue_counts


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@desk_required
@require_GET
def review_queue(request):
    kind_name = request.GET.get("kind", "case")
    kind = curation.KINDS.get(kind_name) or curation.KINDS["case"]
    page_obj = _page(request, curation.due_items(kind, request.user))
    context = {
        "counts": queue_counts(request.user),
        "due_counts": curation.due_counts(request.user),
        "kinds": curation.KINDS,
        "kind": kind,
        "page_obj": page_obj,
        "items": page_obj.object_list,
        "query_string": f"kind={kind.name}",
        "here": request.get_full_path(),
        "current_form": CurrentForm(),
        "outdated_form": OutdatedForm(),
    }
    return render(request, "moderation/reviews.html", context)


@desk_required
@require_POST
def review_action(request, kind: str, pk: int, action: str):
    review_kind = curation.KINDS.get(kind)
    if review_kind is None:
        raise Http404
    item = get_object_or_404(review_kind.items(), pk=pk)
    # Refused before the form is read, so the answer does not depend on it.
    require_moderator(request.user, item)
    title = {"title": item.title}
    moderator = request.user
    if action == "current":
        form = CurrentForm(request.POST)
        if form.is_valid():
            next_review = form.cleaned_data["review_by"]
            _run(
                request,
                lambda: reviews.mark_current(
                    item, reviewer=moderator, review_by=next_review
                ),
                done=_("“%(title)s” is still current.") % title,
            )
        else:
            messages.error(request, _("Give a valid date for the next review."))
    elif action == "outdated":
        form = OutdatedForm(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: reviews.mark_outdated(
                    item, reviewer=moderator, **form.cleaned_data
                ),
                done=_("“%(title)s” is marked outdated.") % title,
            )
        else:
            messages.error(request, _("Say what is out of date, in 2000 characters."))
    elif action == "archive" and review_kind.archive is not None:
        _run(
            request,
            lambda: review_kind.archive(item, moderator),
            done=_("Archived “%(title)s”.") % title,
        )
    else:
        raise Http404
    return _back(request, reverse("moderation:reviews") + f"?kind={review_kind.name}")


@desk_required
@require_GET
def correction_queue(request):
    page_obj = _page(request, pending_for(request.user))
    return render(
        request,
        "moderation/corrections.html",
        {
            "counts": queue_counts(request.user),
            "page_obj": page_obj,
            "items": page_obj.object_list,
            "query_string": "",
        },
    )


@desk_required
@require_GET
def broken_links(request):
    page_obj = _page(request, within(BrokenLink.objects.waiting(), request.user))
    return render(
        request,
        "moderation/links.html",
        {
            "counts": queue_counts(request.user),
            "page_obj": page_obj,
            "items": page_obj.object_list,
            "query_string": "",
            "here": request.get_full_path(),
        },
    )


@desk_required
@require_POST
def link_dismiss(request, pk: int):
    link = get_object_or_404(BrokenLink, pk=pk)
    _run(
        request,
        lambda: links.dismiss_broken_link(link=link, moderator=request.user),
        done=_("The link is dismissed."),
    )
    return _back(request, reverse("moderation:links"))
