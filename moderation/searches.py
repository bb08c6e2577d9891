"""What people look for and don't find: the recorded searches (``core.services.
record_search``), for moderators."""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.models import SearchQueryRecord
from core.services import SEARCH_RECORDS_KEPT
from members.access import moderator_required

from .querysets import queue_counts

# How many queries each list shows.
SHOWN = 50


@moderator_required
@require_GET
def searches(request):
    since = timezone.localdate() - SEARCH_RECORDS_KEPT
    records = SearchQueryRecord.objects.since(since)
    return render(
        request,
        "moderation/searches.html",
        {
            "counts": queue_counts(request.user),
            "since": since,
            "unanswered": list(records.unanswered().by_text()[:SHOWN]),
            "frequent": list(records.by_text()[:SHOWN]),
        },
    )
