"""Broken links: the scheduled check of the external addresses in published
content (case stories, posts, documents) and in the resources list, and what the
desk does with the dead ones. The requests themselves are ``core.linkcheck``'s,
bounded and polite."""

from collections import defaultdict
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from blog.models import Post, Resource
from cases.models import CaseStory
from core import audit, linkcheck
from core.permissions import require_moderator
from events.models import Document

from .models import BrokenLink, BrokenLinkPlace

# Where a link was found: at most this many pages are kept per address.
MAX_PLACES = 10
# What the desk shows of a place; the rest names the item (its scopes).
SHOWN = ("label", "title", "url")
CASE_TEXTS = ("summary", "context", "challenge", "solution", "results", "lessons")


def _sources():
    """(label, queryset with the text fields, their names) of what is checked."""
    return (
        (_("Case story"), CaseStory.objects.published(), CASE_TEXTS),
        (_("Post"), Post.objects.published(), ("summary", "body")),
        (_("Document"), Document.objects.all(), ("text",)),
        (_("Resource"), Resource.objects.all(), ("url", "description")),
    )


def linked_models() -> list[type]:
    """The kinds of item whose links are checked."""
    return [queryset.model for _label, queryset, _fields in _sources()]


def collect_links(limit: int | None = None) -> dict[str, list[dict]]:
    """Each external address (at most ``limit``, by default
    ``settings.LINK_CHECK_MAX_LINKS``) with the pages it is found on: their
    ``label``, ``title`` and ``url``, and the ``item`` (model, pk) itself."""
    limit = limit or settings.LINK_CHECK_MAX_LINKS
    places: dict[str, list[dict]] = defaultdict(list)
    for label, queryset, fields in _sources():
        rows = queryset.only("pk", "title", *fields).order_by("pk")
        for row in rows.iterator(chunk_size=500):
            text = "\n".join(getattr(row, name) or "" for name in fields)
            for url in linkcheck.extract_links(text):
                if url not in places and len(places) >= limit:
                    continue
                if len(places[url]) < MAX_PLACES:
                    places[url].append(
                        {
                            "label": str(label),
                            "title": row.title,
                            "url": _url(row),
                            "item": (queryset.model, row.pk),
                        }
                    )
    return dict(places)


def _url(row) -> str:
    return row.get_absolute_url() if hasattr(row, "get_absolute_url") else ""


def check_published_links(*, pause: float | None = None) -> dict[str, int]:
    """Check every collected address, keep the dead ones for the desk, forget
    those that answer again or are no longer linked: the counts."""
    places = collect_links()
    results = linkcheck.check_links(places, pause=pause)
    now = timezone.now()
    dead = [result for result in results if result.dead]
    with transaction.atomic():
        known = BrokenLink.objects.select_for_update().in_bulk(
            [result.url for result in dead], field_name="url"
        )
        for result in dead:
            link = known.get(result.url) or BrokenLink(
                url=result.url, failures=0, host=urlsplit(result.url).hostname or ""
            )
            link.status_code = result.status
            link.error = result.error
            link.found_on = [
                {key: place[key] for key in SHOWN} for place in places[result.url]
            ]
            link.last_checked_at = now
            link.failures += 1
            link.save()
            _place(link, places[result.url])
        BrokenLink.objects.exclude(url__in=[result.url for result in dead]).delete()
    return {"checked": len(results), "dead": len(dead)}


def _place(link: BrokenLink, places: list[dict]) -> None:
    """Where ``link`` is found now, as rows the moderation scopes can select."""
    link.places.all().delete()
    BrokenLinkPlace.objects.bulk_create(
        BrokenLinkPlace(
            link=link,
            content_type=ContentType.objects.get_for_model(model),
            object_id=pk,
        )
        for model, pk in {place["item"] for place in places}
    )


@transaction.atomic
def dismiss_broken_link(*, link: BrokenLink, moderator) -> BrokenLink:
    """Hide a reported link from the desk (the address works for people, or it
    is kept on purpose) until it answers again and fails anew."""
    require_moderator(moderator, link)
    link = BrokenLink.objects.select_for_update().get(pk=link.pk)
    link.dismissed_at = timezone.now()
    link.save(update_fields=["dismissed_at"])
    audit.record(actor=moderator, action="dismiss-link", target=link)
    return link
