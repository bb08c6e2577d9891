"""Read layer for case stories: who may see what, and the list filters."""

from django.db import models


class CaseStoryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def visible_to(self, user):
        """Published stories for all; the rest for their author and moderators."""
        if user.is_authenticated and user.is_moderator:
            return self
        if user.is_authenticated:
            return self.filter(models.Q(status="published") | models.Q(author=user))
        return self.published()

    def in_dimension(self, slug: str):
        return self.filter(dimensions__slug=slug)

    def for_country(self, code: str):
        return self.filter(countries__contains=[code.upper()])

    def with_tag(self, slug: str):
        return self.filter(tags__slug=slug)

    def by_institution(self, slug: str):
        return self.filter(
            models.Q(lead_institution__slug=slug)
            | models.Q(partner_institutions__slug=slug)
        ).distinct()

    def for_cards(self):
        """What a list card shows, in a fixed number of queries."""
        return self.select_related("lead_institution").prefetch_related(
            "dimensions", "tags"
        )

    def countries_count(self) -> int:
        """How many distinct countries these stories come from."""
        return (
            self.annotate(country=models.Func("countries", function="unnest"))
            .values("country")
            .distinct()
            .count()
        )
