"""Read layer for posts."""

from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr

from core.querysets import lowered_if_outdated
from core.search import HEADLINE_CHARS, best_candidates, headline, matches, rank
from taxonomy.querysets import TranslatedQuerySet, tagged_with


class PostQuerySet(TranslatedQuerySet):
    def with_tag(self, slug: str):
        """Posts tagged with any tag of the theme ``slug``, in any language."""
        return self.filter(pk__in=tagged_with(self.model, slug))

    def by_author(self, user):
        return self.filter(author=user)

    def for_event(self, event):
        return self.filter(event=event)

    def for_list(self):
        """What a list entry shows, in a fixed number of queries (a relation not
        joined here comes for every entry in one query)."""
        return self.select_related("author__profile", "event").fetch_mode(
            models.FETCH_PEERS
        )

    def matching(self, q: str):
        """Full-text matches, each in the configuration of the post's language."""
        return self.filter(matches(q))

    def ranked(self, q: str, *, candidates: int, snippet: bool = True):
        """Of the first ``candidates`` matches, the best first, as ``relevance``,
        with a highlighted ``snippet`` (see ``core.search.safe_snippet``) unless
        not asked for (the site search cuts those of the results it shows)."""
        ranked = (
            best_candidates(self, candidates)
            .annotate(relevance=lowered_if_outdated(rank(q)))
            .order_by("-relevance", "-published_at", "-id")
        )
        return ranked.with_snippet(q) if snippet else ranked

    def with_snippet(self, q: str):
        """Each post with a highlighted ``snippet`` of its summary and body."""
        body = Concat(
            "summary",
            Value("\n"),
            Substr("body", 1, HEADLINE_CHARS),
            output_field=models.TextField(),
        )
        return self.annotate(snippet=headline(q, body))
