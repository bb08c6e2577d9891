"""Read layer for events, their programme and registrations."""

from django.db import models
from django.utils import timezone

from cases.models import CaseStory


class EventQuerySet(models.QuerySet):
    def upcoming(self):
        return self.filter(ends_on__gte=timezone.localdate()).order_by("starts_on")

    def past(self):
        return self.filter(ends_on__lt=timezone.localdate()).order_by("-starts_on")

    def with_registered_count(self):
        return self.annotate(
            registered_count=models.Count(
                "registrations", filter=models.Q(registrations__status="registered")
            )
        )

    def for_list(self):
        """What a list row shows (organisers, places taken) in a fixed number of
        queries."""
        return self.with_registered_count().prefetch_related("organisers")


# What the programme's list of case stories shows: no long text.
CASE_FIELDS = (
    "id",
    "slug",
    "title",
    "language",
    "year",
    "summary",
    "lead_institution__name",
    "lead_institution__acronym",
)


class SessionQuerySet(models.QuerySet):
    def for_programme(self):
        """Sessions in time order with what the programme shows of each."""
        from .models import Speaker

        return (
            self.select_related("dimension")
            .prefetch_related(
                models.Prefetch(
                    "speakers",
                    queryset=Speaker.objects.select_related("institution"),
                ),
                models.Prefetch(
                    "case_stories",
                    queryset=CaseStory.objects.published()
                    .select_related("lead_institution")
                    .only(*CASE_FIELDS),
                ),
            )
            .order_by("starts_at", "title")
        )


class RegistrationQuerySet(models.QuerySet):
    def registered(self):
        return self.filter(status="registered")

    def waitlisted(self):
        return self.filter(status="waitlisted")

    def active(self):
        """Registered or waiting: everyone who has not cancelled."""
        return self.exclude(status="cancelled")

    def queue(self):
        """The waiting list, first come first served."""
        return self.waitlisted().order_by("created_at", "id")

    def waitlist_position(self, registration) -> int:
        """Where a waiting registration stands in its event's queue (1 is next)."""
        ahead = models.Q(created_at__lt=registration.created_at) | models.Q(
            created_at=registration.created_at, id__lt=registration.id
        )
        return (
            self.filter(event_id=registration.event_id)
            .waitlisted()
            .filter(ahead)
            .count()
            + 1
        )

    def for_registrants_list(self):
        """Registered first, then the waiting list in order, then cancellations."""
        rank = models.Case(
            models.When(status="registered", then=0),
            models.When(status="waitlisted", then=1),
            default=2,
        )
        return self.select_related("member__profile__institution").order_by(
            rank, "created_at", "id"
        )
