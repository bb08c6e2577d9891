"""Full-text search in each row's own language, with highlighted snippets: the
toolkit every app searches with.

A row's vector and the query against it use the same configurations, chosen by its
language, so a Spanish story is stemmed and searched as Spanish. Stemmed languages
use two: PostgreSQL's own (the stemmers expect accents: "capacitación" and
"capacitaron" share a stem) and an accent-insensitive copy made in core's first
migration (so "educacion" typed without its accent still finds "educación").
"""

import re
from collections.abc import Callable, Sequence
from functools import cache, lru_cache, reduce
from html import escape
from operator import or_

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchQueryField,
    SearchRank,
    SearchVector,
)
from django.db.models import BooleanField, Case, Expression, F, Func, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Substr
from django.utils.safestring import SafeString, mark_safe

from core import tsqueries
from core.prepared import derived
from core.text import strip_markdown

CONFIGS = {
    "en": ("kshub_english",),
    "es": ("spanish", "kshub_spanish"),
    "fr": ("french", "kshub_french"),
}
FALLBACK_CONFIGS = ("kshub_simple",)
EVERY_CONFIG = tuple(
    dict.fromkeys(
        config
        for configs in (*CONFIGS.values(), FALLBACK_CONFIGS)
        for config in configs
    )
)
# Control characters never occur in what members type, so they mark highlights
# safely until the snippet is escaped.
START_SEL = "\x02"
STOP_SEL = "\x03"
MAX_QUERY_LENGTH = 200
# Web search's operator between two alternatives.
_ALTERNATIVES = re.compile(r"\S\s+or\s+\S", re.IGNORECASE)
# A snippet is cut from this much of a text at most: ts_headline parses all it is
# given, and a document's or a long story's whole text took longer than the
# search itself. (``substr`` of a column reads only that much of a long value.)
HEADLINE_CHARS = 3000


def configs_for(language: str) -> tuple[str, ...]:
    return CONFIGS.get((language or "").lower(), FALLBACK_CONFIGS)


def config_expression(language_field: str = "language") -> Case:
    """Each row's configuration (the language's own), chosen in SQL from its
    language column."""
    return Case(
        *(
            When(**{language_field: code}, then=Value(configs[0]))
            for code, configs in CONFIGS.items()
        ),
        default=Value(FALLBACK_CONFIGS[0]),
    )


def clean_query(q: str | None) -> str:
    # PostgreSQL text cannot hold NUL: such a character is dropped, not a 500.
    return " ".join((q or "").replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def has_alternatives(q: str) -> bool:
    """Whether ``q`` holds alternatives as a web search reads them: "or"
    between two terms."""
    return bool(_ALTERNATIVES.search(q))


def web_query(q: str, configs) -> SearchQuery:
    """``q`` parsed like a web search box, in each configuration, any matching."""
    if isinstance(configs, str) or not isinstance(configs, Sequence):
        configs = (configs,)
    return reduce(
        or_,
        (SearchQuery(q, config=config, search_type="websearch") for config in configs),
    )


@lru_cache(maxsize=512)
def parsed_texts(q: str, configs: tuple[str, ...] = EVERY_CONFIG) -> dict[str, str]:
    """``q`` parsed in each configuration (``core.tsqueries.parsed``), kept for
    the other kinds and queries of a search: one query for all."""
    return tsqueries.parsed(q, configs)


@cache
def _parser(configs: tuple[str, ...]) -> Callable[[str], str]:
    """A function of a text: the text of its tsquery in ``configs``, any
    matching (``core.prepared.derived`` tells such functions by name)."""

    def parsed_text(q: str) -> str:
        texts = parsed_texts(q)
        if not texts.keys() >= set(configs):
            texts = parsed_texts(q, configs)
        return tsqueries.either([texts[config] for config in configs])

    parsed_text.__qualname__ = f"parsed_in_{'_'.join(configs)}"
    return parsed_text


class _Parsed(Expression):
    """``q`` parsed like a web search box in each of the named configurations, any
    matching. One node: a tree of SearchQuery objects takes longer to compile than
    the search takes to run. Parsed in Python, once a search for every query of
    every kind, and written as a tsquery: PostgreSQL parsed the text again for
    each configuration in each query (thirty times in a story search's, a third
    of its planning time)."""

    output_field = SearchQueryField()

    def __init__(self, q: str, configs: Sequence[str]):
        super().__init__()
        self.q, self.configs = q, tuple(configs)

    def as_sql(self, compiler, connection):
        return "%s::tsquery", [derived(_parser(self.configs), self.q)]


@lru_cache(maxsize=512)
def any_config_query(q: str) -> str:
    """The text of a tsquery that every vector matching ``q`` in one of
    EVERY_CONFIG matches, each alternative's lexemes once (``core.tsqueries``):
    the index condition of :func:`matches`. Six configurations' queries side by
    side, mostly the same lexemes, made a GIN scan check each row several times
    over, tens of milliseconds for a query widened with synonyms; the row's own
    configurations check what it finds."""
    return tsqueries.covering(list(parsed_texts(q).values()))


class _AnyConfig(Expression):
    """``q`` in every configuration at once (:func:`any_config_query`)."""

    output_field = SearchQueryField()

    def __init__(self, q: str):
        super().__init__()
        self.q = q

    def as_sql(self, compiler, connection):
        return "%s::tsquery", [derived(any_config_query, self.q)]


class _RowQuery(Expression):
    """``q`` parsed in the configurations of each row's language, by a CASE; with
    ``vector``, whether the vector matches it (``vector @@`` in each branch)."""

    output_field = SearchQueryField()

    def __init__(self, q: str, language_field: str, vector=None):
        super().__init__()
        self.q = q
        self.language = F(language_field)
        self.vector = vector
        if vector is not None:
            self.output_field = BooleanField()

    def get_source_expressions(self):
        return [self.language, self.vector]

    def set_source_expressions(self, exprs):
        self.language, self.vector = exprs

    def as_sql(self, compiler, connection):
        language, language_params = compiler.compile(self.language)
        matched, matched_params = ("", [])
        if self.vector is not None:
            matched, matched_params = compiler.compile(self.vector)
            matched += " @@ "
        sql, params = ["CASE"], []
        for code, configs in (*CONFIGS.items(), (None, FALLBACK_CONFIGS)):
            parsed, parsed_params = compiler.compile(_Parsed(self.q, configs))
            if code is None:
                sql.append(f"ELSE {matched}{parsed} END")
            else:
                sql.append(f"WHEN {language} = %s THEN {matched}{parsed}")
                params += [*language_params, code]
            params += [*matched_params, *parsed_params]
        return " ".join(sql), params


class _Matches(Func):
    """``vector @@ query`` for any query expression (the ``exact`` lookup of a
    vector takes only a SearchQuery)."""

    arg_joiner = " @@ "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def row_query(q: str, *, language_field: str = "language") -> Expression:
    """``q`` parsed in the configurations of each row's language."""
    return _RowQuery(q, language_field)


def row_matches(q: str, *, vector: str = "search_vector", language_field="language"):
    """Rows whose stored vector matches ``q`` parsed in the row's own
    configurations (a CASE on the language: a check of rows already found).
    Written ``CASE WHEN language = 'en' THEN vector @@ …``, not ``vector @@ CASE
    …``: the planner, which cannot estimate either, takes the one for half the
    rows and the other for 0.5 % of them, and so believed that a word in a tenth
    of a million comments matched a few hundred, and read them all through the
    GIN index rather than the first rows until it had enough."""
    vector = F(vector) if isinstance(vector, str) else vector
    return Q(_RowQuery(q, language_field, vector))


def language_matches(q: str, *, vector, language_field: str = "language"):
    """:func:`matches` with the row's own configurations written one condition
    per language (``language = 'es' AND vector @@ the Spanish query``, …) rather
    than as a CASE: the planner estimates them from the column's statistics. So
    a word in a tenth of the rows is read along an index in the order asked for
    until enough are found, and a rarer one through the GIN index, one scan per
    language. For a small vector kept in a btree index beside that order. Without
    the any-configuration match of :func:`matches` beside them: the planner, taking
    the two conditions for independent, believed a word in three titles in a
    hundred to be in seven in ten thousand, and fetched and sorted every one of
    its rows rather than read the newest until it had enough (15 ms, not 4)."""
    vector = F(vector) if isinstance(vector, str) else vector
    known = [
        Q(**{language_field: code}) & Q(_Matches(vector, _Parsed(q, configs)))
        for code, configs in CONFIGS.items()
    ]
    other = ~Q(**{f"{language_field}__in": list(CONFIGS)}) & Q(
        _Matches(vector, _Parsed(q, FALLBACK_CONFIGS))
    )
    return reduce(or_, [*known, other])


def matches(q: str, *, vector: str = "search_vector", language_field: str = "language"):
    """Rows whose stored vector matches ``q`` parsed in the row's own configuration.

    Two conditions: ``vector @@ query`` with the query in every configuration at
    once, which the GIN index answers in one scan, and the vector against the query
    in the row's own configurations, which only rechecks the candidates. The second
    picks its query with a CASE on the language: the planner cannot use it as an
    index condition, so it never splits the scan into one per language (one per
    branch, each reading the index's whole pending list)."""
    return Q(_Matches(F(vector), _AnyConfig(q))) & row_matches(
        q, vector=vector, language_field=language_field
    )


# ts_rank's normalisation 32 scales every rank into [0, 1) as rank / (rank + 1):
# the kinds of the site search, ranked alike, compare on one scale.
RANK_NORMALIZATION = 32


def rank(q: str, *, vector: str = "search_vector", language_field: str = "language"):
    """How well each row matches ``q`` in its own language's configurations."""
    return SearchRank(
        F(vector),
        row_query(q, language_field=language_field),
        normalization=Value(RANK_NORMALIZATION),
    )


def single_config_matches(q: str, config: str, *, vector: str = "search_vector"):
    """Rows whose vector, written in the one ``config``, matches ``q``."""
    return Q(_Matches(F(vector), _Parsed(q, (config,))))


def single_config_rank(q: str, config: str, *, vector: str = "search_vector"):
    """:func:`rank` for a vector written in the one ``config``."""
    return SearchRank(
        F(vector), _Parsed(q, (config,)), normalization=Value(RANK_NORMALIZATION)
    )


def best_candidates(queryset, limit: int, *, preferred=()):
    """The first ``limit`` rows of ``queryset`` that its indexes yield, as a fresh
    queryset to rank and sort: only a bounded set of matches is ranked, so a word
    in a tenth of a large table costs about as much as a rare one.

    ``preferred``, querysets of rows of the same table in the order of an index
    that holds what they filter on (matches in the title, newest first, then in
    the summary), come first, each in turn: they rank above the rest, so the
    bound keeps the best. The first matches the full-text index yields fill what
    they leave of the limit, and are read only then."""
    first = queryset.order_by().values("pk")[:limit]
    fresh = type(queryset)(queryset.model, using=queryset.db)
    if not preferred:
        return fresh.filter(pk__in=first)
    ids = _first_of([p.values("pk")[:limit] for p in preferred], first, limit)
    return fresh.filter(_OneOf(F("pk"), ids))


class _OneOf(Func):
    """``pk = ANY(ARRAY(ids))``: the ids are read once, then their rows by the
    primary key. With ``pk IN (ids)`` the planner, which cannot tell how few
    ids come, may hash them against a scan of the whole table."""

    arg_joiner = " = ANY(ARRAY"
    template = "(%(expressions)s))"
    output_field = BooleanField()


class _AmongIds(Func):
    """``pk = ANY(string_to_array(ids, ',')::bigint[])``: the ids as one text, so
    a prepared query (``core.prepared``) takes another list as another text."""

    arg_joiner = " = ANY(string_to_array("
    template = "(%(expressions)s, ',')::bigint[]))"
    output_field = BooleanField()


def among_ids(ids: str) -> Q:
    """Rows whose primary key is one of ``ids``, written "3,14,15"."""
    return Q(_AmongIds(F("pk"), Value(ids)))


def ids_text(ids) -> str:
    return ",".join(str(int(pk)) for pk in ids)


def _first_of(preferred, rest, limit: int) -> RawSQL:
    """The first ``limit`` ids of each of ``preferred`` in turn then ``rest``:
    PostgreSQL stops reading once it has them, so a part costs nothing when the
    parts before it fill the limit."""
    parts, params = [], []
    for part in (*preferred, rest):
        sql, part_params = part.query.sql_with_params()
        parts.append(f"({sql})")
        params += part_params
    # Every part is Django's own SQL; every value is a parameter.
    sql = (
        f"SELECT * FROM ({' UNION ALL '.join(parts)}) AS candidates"  # noqa: S608
        " LIMIT %s"
    )
    return RawSQL(sql, (*params, limit))  # noqa: S611


def headline(
    q: str,
    expression,
    *,
    language_field: str = "language",
    max_words: int = 35,
):
    """A fragment of ``expression`` around the matches in its first
    HEADLINE_CHARS characters, highlights marked with control characters; pass
    the result through :func:`safe_snippet`."""
    return SearchHeadline(
        Substr(expression, 1, HEADLINE_CHARS),
        row_query(q, language_field=language_field),
        config=config_expression(language_field),
        start_sel=START_SEL,
        stop_sel=STOP_SEL,
        max_words=max_words,
        min_words=15,
        max_fragments=2,
        fragment_delimiter=" … ",
    )


def safe_snippet(text: str | None) -> SafeString:
    """Escape a headline, without its Markdown marks, and turn its highlight
    markers into <mark> elements."""
    escaped = escape(strip_markdown(text), quote=False)
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
