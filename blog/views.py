"""Blog pages: the list, a post, its history, and the form members write posts
with."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from core.history import versions
from core.pagecache import CONTENT, cache_for_visitors
from core.structured_data import item_list, page_data
from core.viewcounts import count_view, will_count_view
from members.access import participant_required
from taxonomy.filters import canonical_redirect, clean_slug, theme_named
from taxonomy.querysets import attach_themes
from taxonomy.translations import versions_context

from . import services, structured_data
from .forms import PostForm
from .models import Post, Resource

PAGE_SIZE = 10
# What a post's history page compares between versions.
HISTORY_FIELDS = (
    "title",
    "summary",
    "body",
    "status",
    "outdated_note",
    "successor_url",
)


@method_decorator(cache_for_visitors(scopes=(CONTENT,)), name="dispatch")
class PostListView(ListView):
    template_name = "blog/post_list.html"
    context_object_name = "posts"
    paginate_by = PAGE_SIZE

    def get(self, request, *args, **kwargs):
        self.tag_slug = clean_slug(request.GET.get("tag"))
        moved = canonical_redirect(request, self.tag_slug)
        return moved or super().get(request, *args, **kwargs)

    def get_queryset(self):
        posts = (
            Post.objects.published().for_list().current_first("-published_at", "-id")
        )
        if self.tag_slug:
            posts = posts.with_tag(self.tag_slug)
        # Unknown languages are ignored rather than emptying the list.
        language = self.request.GET.get("language", "")
        self.language = language if language in dict(settings.LANGUAGES) else ""
        if self.language:
            posts = posts.filter(language=self.language)
        return posts.for_reader(get_language(), chosen=self.language)

    def paginate_queryset(self, queryset, page_size):
        # A page number past the end, or not a number, shows the last or first page.
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        page.object_list = attach_themes(page.object_list, get_language())
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        tag_filter = {"tag": self.tag_slug} if self.tag_slug else {}
        context.update(
            tag=theme_named(self.tag_slug)[0],
            query_string=urlencode(
                {**tag_filter, **({"language": self.language} if self.language else {})}
            ),
            filter_language=self.language,
            language_filters=[
                {
                    "code": code,
                    "name": name,
                    "url": "?" + urlencode({**tag_filter, "language": code}),
                }
                for code, name in settings.LANGUAGES
            ],
            resources=Resource.objects.all(),
            structured_data=page_data(
                item_list(context["object_list"], self.request.build_absolute_uri)
            ),
            my_posts=(
                Post.objects.by_author(user).exclude(status=Post.Status.PUBLISHED)[:10]
                if user.is_authenticated
                else []
            ),
        )
        return context


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
