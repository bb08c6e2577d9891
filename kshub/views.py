"""Site-wide pages that gather from every app."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Q
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from core.pagecache import cache_for_visitors, cached
from core.structured_data import website
from discussions.models import Topic
from events.models import Event
from members.models import Institution, Profile


@cache_for_visitors(params=("q",))  # the header's search words
def home(request):
    # Upcoming and past events change with the date.
    today = timezone.localdate()
    # Read only when the page's cached rendering is gone.
    home = SimpleLazyObject(lambda: cached("home", (today,), _home_context))
    context = {"today": today, "home": home, "structured_data": website(request)}
    return render(request, "kshub/home.html", context)


def _home_context() -> dict:
    """The same for every reader: computed once per content version."""
    published = CaseStory.objects.published()
    return {
        "featured_cases": list(published.filter(featured=True).for_cards()[:6]),
        "recent_cases": list(published.for_cards()[:6]),
        "upcoming_events": list(
            Event.objects.upcoming().prefetch_related("organisers")[:3]
        ),
        "recent_events": list(Event.objects.past().prefetch_related("organisers")[:3]),
        "latest_posts": list(
            Post.objects.published().select_related("author__profile")[:4]
        ),
        "recent_comments": list(
            _public_comments()
            .select_related("author__profile", "content_type")
            .order_by("-created_at")[:5]
        ),
        "recent_topics": list(
            Topic.objects.public()
            .select_related("space", "author__profile")
            .order_by("-last_activity_at", "-id")[:5]
        ),
        "figures": {
            "members": Profile.objects.filter(user__is_active=True).count(),
            "institutions": Institution.objects.verified().count(),
            "countries": published.countries_count(),
            "case_stories": published.count(),
        },
    }


def _public_comments():
    """Shown comments, less those under a topic that is not public (a private
    space's replies stay in the space)."""
    topics = ContentType.objects.get_for_model(Topic)
    return Comment.objects.visible().exclude(
        Q(content_type=topics) & ~Q(object_id__in=Topic.objects.public().values("pk"))
    )


@never_cache
def healthz(request):
    """For load balancers: 200 when the database answers and no migration is pending."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as error:  # any database failure means unhealthy
        return JsonResponse(
            {"status": "error", "database": str(error)[:200]}, status=503
        )
    if pending:
        return JsonResponse(
            {"status": "error", "database": "ok", "migrations": "pending"}, status=503
        )
    # Without Redis the site still serves every page, slower: degraded, not down.
    if not getattr(cache, "available", True):
        return JsonResponse(
            {
                "status": "degraded",
                "database": "ok",
                "migrations": "applied",
                "cache": "unavailable",
            }
        )
    return JsonResponse({"status": "ok", "database": "ok", "migrations": "applied"})
