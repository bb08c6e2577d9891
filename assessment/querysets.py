"""Reads: which assessments a person may see, and the figures drawn from them."""

from django.db import models
from django.db.models import Q

# No benchmark figure is shown unless at least this many institutions stand behind it.
MIN_GROUP = 5


class Median(models.Aggregate):
    function = "PERCENTILE_CONT"
    name = "median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()


def institution_id_of(user) -> int | None:
    """The institution a signed-in member belongs to, from their profile."""
    if not user.is_authenticated:
        return None
    profile = getattr(user, "profile", None)
    return profile.institution_id if profile else None


class AssessmentQuerySet(models.QuerySet):
    def drafts(self):
        return self.filter(status="draft")

    def submitted(self):
        return self.filter(status="submitted")

    def of_institution(self, institution):
        return self.filter(institution=institution)

    def latest_per_institution(self):
        """Each institution's most recent submitted assessment."""
        latest = (
            self.model.objects.submitted()
            .order_by("institution_id", "-submitted_at", "-pk")
            .distinct("institution_id")
            .values("pk")
        )
        return self.filter(pk__in=latest)

    def shown_to_peers(self, user):
        """Submitted assessments an institution chose to show to this person."""
        shown = ["public", "members"] if user.is_authenticated else ["public"]
        return self.submitted().filter(visibility__in=shown)

    def visible_to(self, user):
        """Moderators see every assessment; members of an institution see all of
        its own, drafts included; others what the institution chose to show."""
        if user.is_authenticated and user.is_moderator:
            return self
        own = institution_id_of(user)
        peers = Q(pk__in=self.shown_to_peers(user).values("pk"))
        return self.filter(peers | Q(institution_id=own)) if own else self.filter(peers)


class DimensionResultQuerySet(models.QuerySet):
    def of_latest_assessments(self):
        assessments = self.model._meta.get_field("assessment").related_model
        return self.filter(
            assessment__in=assessments.objects.latest_per_institution(),
            score__isnull=False,
        )

    def medians(self, *group_by: str) -> list[dict]:
        """The median score per dimension (and per group), over each institution's
        latest assessment; groups of fewer than MIN_GROUP institutions left out."""
        return list(
            self.of_latest_assessments()
            .values("dimension_id", *group_by)
            .annotate(median=Median("score"), institutions=models.Count("pk"))
            .filter(institutions__gte=MIN_GROUP)
            .order_by("dimension_id", *group_by)
        )
