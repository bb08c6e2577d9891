"""What a case story's search snippet is cut from (see
``CaseStoryQuerySet.ranked``)."""

from django.db import models

from core.search import headline, row_matches

# What a story's search snippet is cut from: when its title or summary matches,
# the beginning (the summary, and the start of the context, read without the rest
# of a long text), else all.
STORY_BEGINNING = models.functions.Concat(
    models.F("summary"),
    models.Value("\n"),
    models.functions.Substr("context", 1, 300),
    output_field=models.TextField(),
)
STORY_BODY = models.functions.Concat(
    *(
        part
        for name in ("summary", "context", "challenge", "solution", "results")
        for part in (models.F(name), models.Value("\n"))
    ),
    models.F("lessons"),
    output_field=models.TextField(),
)


def story_snippet(q: str) -> models.Case:
    """A story's highlighted snippet: from its beginning when its title or summary
    matches ``q`` (a short text), else from all its text."""
    return models.Case(
        models.When(
            row_matches(q, vector="head_vector"), then=headline(q, STORY_BEGINNING)
        ),
        default=headline(q, STORY_BODY),
    )
