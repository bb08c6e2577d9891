"""Curation over time on the desk: the kinds of content a reviewer looks at
again (case stories, posts, documents), the "due for review" queue, the
reviewer's three decisions, and the reminders a month before an item is due.

The fields, reads and decisions themselves are shared on the ground floor
(``core.models.CuratedContent``, ``core.querysets.CuratedQuerySet``,
``core.curation``); this module only knows which kinds there are."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from blog import services as blog_services
from blog.models import Post
from cases import services as case_services
from cases.models import CaseStory
from core import curation
from events.models import Document
from members.mail import send_to_member
from members.scopes import within

# The most reminders one run sends, so a first run on an old library (or a
# mistake in the interval) never floods anyone; the rest go the next day.
MAX_REMINDERS_PER_RUN = 500


@dataclass(frozen=True)
class ReviewKind:
    name: str  # in the desk's addresses
    label: Promise
    items: Callable[[], QuerySet]
    # Withdraws an item (the kind's review workflow), when the kind has one.
    archive: Callable[..., Model] | None
    # Who hears that an item is due: (author, institution), either None.
    owners: Callable[[Model], tuple]


def _case_owners(case: CaseStory) -> tuple:
    return case.author, case.lead_institution


def _post_owners(post: Post) -> tuple:
    profile = getattr(post.author, "profile", None) if post.author else None
    return post.author, getattr(profile, "institution", None)


KINDS: dict[str, ReviewKind] = {
    kind.name: kind
    for kind in (
        ReviewKind(
            "case",
            _("Case stories"),
            lambda: CaseStory.objects.select_related(
                "author__profile", "lead_institution__proposed_by__profile"
            ).defer("search_vector"),
            lambda item, moderator: case_services.archive_case_story(
                case_story=item, moderator=moderator
            ),
            _case_owners,
        ),
        ReviewKind(
            "post",
            _("Posts"),
            lambda: Post.objects.select_related(
                "author__profile__institution__proposed_by__profile", "event"
            ).defer("search_vector", "event__body", "event__search_vector"),
            lambda item, moderator: blog_services.archive_post(
                post=item, moderator=moderator
            ),
            _post_owners,
        ),
        ReviewKind(
            "document",
            _("Documents"),
            lambda: Document.objects.select_related("event").defer(
                "text", "search_vector"
            ),
            None,
            lambda document: (None, None),
        ),
    )
}


def due_items(kind: ReviewKind, user, on: datetime.date | None = None) -> QuerySet:
    """The items of ``kind`` due for review that ``user`` moderates (all of them
    site-wide, what a scope covers otherwise: ``members.scopes.within``)."""
    return within(kind.items().due_for_review(on), user)


def due_counts(user, on: datetime.date | None = None) -> dict[str, int]:
    """How many items of each kind are due for review, within ``user``'s scope."""
    return {name: due_items(kind, user, on).count() for name, kind in KINDS.items()}


def due_total(user, on: datetime.date | None = None) -> int:
    """How many items of every kind are due, within ``user``'s scope: one query."""
    due = [due_items(kind, user, on).order_by().values("pk") for kind in KINDS.values()]
    return due[0].union(*due[1:], all=True).count()


def institution_contacts(institution) -> list:
    """Who hears for an institution that its content is due for review: its
    editors (``members.roles``), or else the member who registered it."""
    if institution is None:
        return []
    editors = [
        profile.user
        for profile in institution.profiles.filter(
            is_institution_editor=True, user__is_active=True
        ).select_related("user")
    ]
    if editors:
        return editors
    return [institution.proposed_by] if institution.proposed_by else []


def send_review_reminders(*, on: datetime.date | None = None) -> int:
    """Mail the author of each item due within the reminder period, and its
    institution's contacts, once per review cycle: how many items."""
    on = on or timezone.localdate()
    reminded = 0
    for kind in KINDS.values():
        items = list(kind.items().to_remind(on)[:MAX_REMINDERS_PER_RUN])
        for item in items:
            author, institution = kind.owners(item)
            recipients = {member.pk: member for member in [author] if member}
            for contact in institution_contacts(institution):
                recipients.setdefault(contact.pk, contact)
            for member in recipients.values():
                send_to_member(
                    member,
                    "moderation/email/review_reminder_subject.txt",
                    "moderation/email/review_reminder_body.txt",
                    {
                        "item": item,
                        "due": item.review_due,
                        "is_author": member == author,
                        "institution": institution,
                    },
                )
        curation.mark_reminded(
            kind.items().model.objects.filter(pk__in=[item.pk for item in items]),
            on=on,
        )
        reminded += len(items)
    return reminded
