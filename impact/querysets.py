"""Read layer for adoptions: what is shown, and the figures they give."""

from django.db import models

from cases.models import CaseStory


class AdoptionQuerySet(models.QuerySet):
    def shown(self):
        """Visible adoptions of published stories: the only ones that count."""
        return self.filter(
            status="visible", case_story__in=CaseStory.objects.published()
        )

    def of_story(self, case_story):
        return self.filter(case_story=case_story)

    def by_institution(self, institution):
        return self.filter(institution=institution)

    def of_stories_by(self, institution):
        """Adoptions of the stories ``institution`` led or took part in."""
        stories = CaseStory.objects.by_institution(institution.slug)
        return self.filter(case_story__in=stories)

    def visible_to(self, user):
        """Shown ones for everyone; a hidden one for its author and moderators.
        Withdrawn ones for nobody but moderators."""
        if user.is_authenticated and user.is_moderator:
            return self
        shown = self.shown()
        if user.is_authenticated:
            hidden = self.filter(status="hidden", author=user)
            return shown | hidden
        return shown

    def in_dimension(self, slug: str):
        return self.filter(case_story__in=CaseStory.objects.in_dimension(slug))

    def in_year(self, year: int):
        return self.filter(created_at__year=year)

    def for_list(self):
        return self.select_related("institution", "case_story").defer(
            "case_story__context",
            "case_story__challenge",
            "case_story__solution",
            "case_story__results",
            "case_story__lessons",
            "case_story__search_vector",
            "institution__description",
            "institution__search_vector",
        )

    def reach(self) -> dict:
        """``{"institutions", "countries"}`` that adapted, in one query."""
        return self.aggregate(
            institutions=models.Count("institution", distinct=True),
            countries=models.Count(
                "institution__country",
                distinct=True,
                filter=~models.Q(institution__country=""),
            ),
        )

    def flows(self) -> list[dict]:
        """Like ``ExchangeQuerySet.flows``: the story's lead institution shared,
        the adopting institution received. Stories without a lead are left out."""
        return list(
            self.filter(case_story__lead_institution__isnull=False)
            .exclude(case_story__lead_institution=models.F("institution"))
            .values(
                provider=models.F("case_story__lead_institution__slug"),
                provider_country=models.F("case_story__lead_institution__country"),
                recipient=models.F("institution__slug"),
                recipient_country=models.F("institution__country"),
            )
            .annotate(count=models.Count("pk"))
            .order_by("-count", "provider", "recipient")
        )
