"""Full-text search in the story's own language, with highlighted snippets.

A story's vector and the query against it use the same configurations, chosen by
its language, so a Spanish story is stemmed and searched as Spanish. Stemmed
languages use two: PostgreSQL's own (the stemmers expect accents: "capacitación" and
"capacitaron" share a stem) and an accent-insensitive copy created in migration 0004
(so "educacion" typed without its accent still finds "educación"). Other apps may
reuse these helpers.
"""

from collections.abc import Sequence
from functools import reduce
from html import escape
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
)
from django.db.models import Case, F, Q, Value, When
from django.utils.safestring import SafeString, mark_safe

CONFIGS = {
    "en": ("kshub_english",),
    "es": ("spanish", "kshub_spanish"),
    "fr": ("french", "kshub_french"),
}
FALLBACK_CONFIGS = ("kshub_simple",)
# Control characters never occur in what members type, so they mark highlights
# safely until the snippet is escaped.
START_SEL = "\x02"
STOP_SEL = "\x03"
MAX_QUERY_LENGTH = 200


def configs_for(language: str) -> tuple[str, ...]:
    return CONFIGS.get((language or "").lower(), FALLBACK_CONFIGS)


def config_expression(
    language_field: str = "language", *, accentless: bool = False
) -> Case:
    """Each row's configuration, chosen in SQL from its language column: the
    language's own, or its accent-insensitive copy."""
    index = -1 if accentless else 0
    return Case(
        *(
            When(**{language_field: code}, then=Value(configs[index]))
            for code, configs in CONFIGS.items()
        ),
        default=Value(FALLBACK_CONFIGS[index]),
    )


def row_configs(language_field: str = "language") -> tuple[Case, Case]:
    return (
        config_expression(language_field),
        config_expression(language_field, accentless=True),
    )


def clean_query(q: str | None) -> str:
    # PostgreSQL text cannot hold NUL: such a character is dropped, not a 500.
    return " ".join((q or "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def web_query(q: str, configs) -> SearchQuery:
    """``q`` parsed like a web search box, in each configuration, any matching."""
    if isinstance(configs, str) or not isinstance(configs, Sequence):
        configs = (configs,)
    return reduce(
        or_,
        (SearchQuery(q, config=config, search_type="websearch") for config in configs),
    )


def _branches(language_field: str):
    """One (condition, configs) pair per language, the last for all the rest."""
    for code, configs in CONFIGS.items():
        yield Q(**{language_field: code}), configs
    yield ~Q(**{f"{language_field}__in": list(CONFIGS)}), FALLBACK_CONFIGS


def matches(q: str, *, vector: str = "search_vector", language_field: str = "language"):
    """Rows whose stored vector matches ``q`` parsed in the row's own configuration.

    One branch per configuration keeps every query constant. The branches sit
    under one plain ``vector @@ query`` on the indexed column, the query in every
    configuration at once, so the GIN index finds the candidates whatever the
    planner thinks of the language conditions, and the branches only recheck them."""
    every_config = tuple(
        dict.fromkeys(
            config
            for configs in (*CONFIGS.values(), FALLBACK_CONFIGS)
            for config in configs
        )
    )
    return Q(**{vector: web_query(q, every_config)}) & reduce(
        or_,
        (
            condition & Q(**{vector: web_query(q, configs)})
            for condition, configs in _branches(language_field)
        ),
    )


def rank(q: str, *, vector: str = "search_vector", language_field: str = "language"):
    return Case(
        *(
            When(condition, then=SearchRank(F(vector), web_query(q, configs)))
            for condition, configs in _branches(language_field)
        )
    )


def headline(
    q: str,
    expression,
    *,
    language_field: str = "language",
    max_words: int = 35,
):
    """A fragment of ``expression`` around the matches, highlights marked with
    control characters; pass the result through :func:`safe_snippet`."""
    native, accentless = row_configs(language_field)
    return SearchHeadline(
        expression,
        web_query(q, (native, accentless)),
        config=native,
        start_sel=START_SEL,
        stop_sel=STOP_SEL,
        max_words=max_words,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def safe_snippet(text: str | None) -> SafeString:
    """Escape a headline and turn its highlight markers into <mark> elements."""
    escaped = escape(text or "", quote=False)
    return mark_safe(  # noqa: S308 — everything but the markers is escaped
        escaped.replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")
    )


def weighted_vector(configs, *, a=(), b=(), c=(), d=()) -> SearchVector:
    """A vector from expressions grouped by weight, A the most important, in each
    of the configurations."""
    if isinstance(configs, str) or not isinstance(configs, Sequence):
        configs = (configs,)
    parts = [
        SearchVector(*expressions, config=config, weight=weight)
        for config in configs
        for weight, expressions in (("A", a), ("B", b), ("C", c), ("D", d))
        if expressions
    ]
    return reduce(lambda left, right: left + right, parts)
