"""Read layer for adoptions: what is shown, and the figures they give."""

from django.db import connections, models
from django.db.models.functions import ExtractYear

from cases.models import CaseStory


class AdoptionQuerySet(models.QuerySet):
    def shown(self):
        """Visible adoptions of published stories: the only ones that count.
        The story's status is read through the join (``published()`` is that
        status), so a figure reading the story's lead or title joins it once."""
        return self.filter(
            status="visible", case_story__status=CaseStory.Status.PUBLISHED
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

    def _counted_rows(self):
        """One row per adoption with what the figures group it by: the year
        adapted, the country of the story's lead institution (which shared) and
        of the adopting one (which received), and the story. The provider is
        ``None`` where there is no flow: a story without a lead, or adapted by
        its own lead."""
        no_flow = models.Q(case_story__lead_institution__isnull=True) | models.Q(
            case_story__lead_institution=models.F("institution")
        )
        return self.values(
            "case_story_id",
            year=ExtractYear("created_at"),
            provider_country=models.Case(
                models.When(no_flow, then=models.Value(None)),
                default=models.F("case_story__lead_institution__country"),
                output_field=models.CharField(),
            ),
            recipient_country=models.F("institution__country"),
            slug=models.F("case_story__slug"),
            title=models.F("case_story__title"),
        ).order_by()

    def per_year_and_countries(self) -> list[dict]:
        """``{"year", "provider_country", "recipient_country", "count"}``."""
        return list(
            self._counted_rows()
            .values("year", "provider_country", "recipient_country")
            .annotate(count=models.Count("pk"))
        )

    def figures(self, top: int) -> dict:
        """``{"per_year_and_countries": [...], "most_adapted": [{"slug", "title",
        "count"}]}`` (the ``top`` stories most adapted, then by title) in one
        statement: each adoption is joined to its story once, kept, and grouped
        both ways."""
        sql, params = self._counted_rows().query.sql_with_params()
        with connections[self.db].cursor() as cursor:
            cursor.execute(
                f"WITH counted AS MATERIALIZED ({sql}) "  # noqa: S608
                "(SELECT year, provider_country, recipient_country, NULL, NULL,"
                " COUNT(*) FROM counted GROUP BY 1, 2, 3) "
                "UNION ALL (SELECT NULL, NULL, NULL, slug, title, COUNT(*)"
                " FROM counted GROUP BY case_story_id, slug, title"
                " ORDER BY 6 DESC, 5, 4 LIMIT %s)",
                (*params, top),
            )
            rows = cursor.fetchall()
        keys = ("year", "provider_country", "recipient_country", "count")
        return {
            # EXTRACT gives a numeric, read as a Decimal outside the ORM.
            "per_year_and_countries": [
                dict(zip(keys, (int(year), provider, recipient, n), strict=True))
                for year, provider, recipient, slug, _title, n in rows
                if slug is None
            ],
            "most_adapted": [
                {"slug": slug, "title": title, "count": n}
                for *_group, slug, title, n in rows
                if slug is not None
            ],
        }
