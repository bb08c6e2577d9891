"""Blog pages: the list, a post, its history, and the form members write posts
with."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core.history import versions
from core.pagecache import CONTENT, cache_for_visitors
from core.structured_data import page_data
from core.viewcounts import count_view, will_count_view
from members.access import participant_required
from taxonomy.filters import redirect_old_theme_slugs
from taxonomy.querysets import attach_themes
from taxonomy.translations import versions_context

from . import lists, services, structured_data
from .forms import PostForm
from .models import Post, Resource

# What a post's history page compares between versions.
HISTORY_FIELDS = (
    "title",
    "summary",
    "body",
    "status",
    "outdated_note",
    "successor_url",
)


@redirect_old_theme_slugs
@cache_for_visitors(scopes=(CONTENT,), params=lists.visitor_params)
def post_list(request):
    context = {
        **lists.shared_page(request),
        "my_posts": lists.unpublished_by(request.user),
    }
    return render(request, "blog/post_list.html", context)


def post_detail(request, slug):
    post = get_object_or_404(
        Post.objects.visible_to(request.user)
        .select_related("author__profile__institution", "event")
        .prefetch_related("tags"),
        slug=slug,
    )
    attach_themes([post], get_language())
    counting = post.status == Post.Status.PUBLISHED and will_count_view(request, post)
    if counting:
        post.view_count += 1  # the page shows this reader's view, counted below
    response = render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            # Only a published post is described to search engines.
            "structured_data": page_data(
                structured_data.post(post, request.build_absolute_uri)
            )
            if post.status == Post.Status.PUBLISHED
            else "",
            "resources": Resource.objects.all(),
            "can_edit": services.can_edit(post, request.user),
            **versions_context(request, post),
        },
    )
    if counting:
        count_view(request, response, post)
    return response


@require_GET
def post_history(request, slug):
    """Every saved version of the post, for whoever may read it."""
    post = get_object_or_404(
        Post.objects.visible_to(request.user).only(
            "slug", "title", "status", "language"
        ),
        slug=slug,
    )
    return render(
        request,
        "blog/post_history.html",
        {"post": post, "versions": versions(post, HISTORY_FIELDS)},
    )


def _save(request, form, post=None):
    """Run the services for the button pressed; None when the form has errors."""
    submit = request.POST.get("action") == "submit"
    try:
        with transaction.atomic():
            if post is None:
                post = services.create_post(
                    author=request.user, **form.service_kwargs()
                )
            else:
                post = services.update_post(
                    post=post, author=request.user, **form.service_kwargs()
                )
            if submit:
                services.submit_post(post=post, author=request.user)
    except ValidationError as error:
        form.add_error(None, error)
        return None
    if submit:
        messages.success(request, _("Your post was sent to the moderators for review."))
    else:
        messages.success(request, _("Your draft was saved."))
    return post


@participant_required
def post_create(request):
    form = PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        post = _save(request, form)
        if post is not None:
            return redirect(post)
    return render(
        request,
        "blog/post_form.html",
        {"form": form, "post": None},
        status=_status(form),
    )


@participant_required
def post_edit(request, slug):
    post = get_object_or_404(Post.objects.visible_to(request.user), slug=slug)
    if post.author_id != request.user.pk:
        raise PermissionDenied(_("Only the author may edit this post."))
    if not services.can_edit(post, request.user):
        messages.info(
            request,
            _("This post can no longer be edited: it is %(status)s.")
            % {"status": post.get_status_display().lower()},
        )
        return redirect(post)
    form = PostForm(request.POST or None, instance=post)
    if request.method == "POST" and form.is_valid():
        saved = _save(request, form, post)
        if saved is not None:
            return redirect(saved)
        # The instance holds the typed values; show the stored title in the heading.
        post.refresh_from_db()
    return render(
        request,
        "blog/post_form.html",
        {"form": form, "post": post},
        status=_status(form),
    )


def _status(form) -> int:
    """429 when a rate limit refused the post, else 200 (errors show in the form)."""
    codes = {e.code for errors in form.errors.as_data().values() for e in errors}
    return 429 if "rate_limited" in codes else 200
