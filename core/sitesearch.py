"""The registry of what the site search finds: each app registers the kinds of
public content it holds (a :class:`Kind`: a function that returns its best results
for a query and how many matched, through its stored vector and GIN index, and the
querysets whose text feeds the lexicon). ``kshub.search`` asks every registered kind
and ranks them on one scale."""

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, partial

from django.db.models import Count, F, Model, QuerySet, TextField, Value, Window
from django.db.models.functions import Coalesce, Concat
from django.db.models.signals import post_save
from django.urls import get_script_prefix, reverse
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.html import conditional_escape

from . import lexicon
from .prepared import Prepared
from .search import ids_text, safe_snippet
from .slugs import url_maker

# Of each kind's full-text matches, this many are ranked (and counted) to choose
# those shown: the first its indexes yield, the best first where an index holds
# them in that order (a story's title and summary, newest first). A kind that
# counts this many says "or more".
CANDIDATES = 100


@dataclass(frozen=True, eq=False)
class Later:
    """A text made when it is read, ``function(*args)``: of a search's
    candidates a page shows twenty, so addresses, dates and snippets without
    Markdown are made for those alone. Cached with the search, it pickles as
    its function's name and its arguments (unpickling one of Django's lazy
    objects builds a class: a search's hundreds of them took longer than the
    search)."""

    function: Callable[..., str]
    args: tuple = ()

    def __str__(self) -> str:
        return str(self.function(*self.args))

    def __html__(self) -> str:
        # A function that escapes (a snippet) is not escaped again.
        return conditional_escape(self.function(*self.args))

    def __bool__(self) -> bool:
        return bool(self.function(*self.args))

    def __eq__(self, other) -> bool:
        return str(self) == other

    def __hash__(self) -> int:
        return hash(str(self))


@lru_cache(maxsize=64)
def _address_of_slug(name: str, script_prefix: str) -> Callable[[str], str]:
    return url_maker(name)


def _address(name: str, args: tuple) -> str:
    """``reverse(name, args=args)``; of one slug, through the address reversed
    once (``core.slugs.url_maker``): a reverse for each result took a tenth of
    the page's time."""
    if len(args) == 1:
        return _address_of_slug(name, get_script_prefix())(str(args[0]))
    return reverse(name, args=args)


def shown_address(name: str, *args) -> Later:
    """``reverse(name, args=args)``, made when read."""
    return Later(_address, (name, args))


def shown_date(value, format: str | None = None) -> Later:
    """``date_format(value, format)``, made when read."""
    return Later(date_format, (value, format))


@dataclass
class Result:
    kind: str
    label: str
    title: str
    url: str | Later
    snippet: str | Later
    meta: str | Later
    rank: float
    language: str = ""  # of the content, for its lang attribute
    names: str = ""  # names the result answers to beside its title (speakers)
    score: float = 0.0
    # The row, for a kind whose snippets are cut only for the results shown.
    pk: int | None = None


@dataclass(frozen=True)
class Kind:
    """A kind of public content the site search finds."""

    name: str  # in the address: ?kind=name
    label: Promise  # plural, for the kind filter
    # (query, how many) -> (best results, how many matched of the candidates)
    search: Callable[[str, int], tuple[list[Result], int]]
    # The words of the lexicon: for each model whose saving brings new ones, the
    # queryset of its public rows with a ``text`` column.
    words: tuple[tuple[type[Model], Callable[[], QuerySet]], ...] = ()
    # (query, rows' pks) -> each row's highlighted snippet: a kind whose snippets
    # cost a headline leaves its results' empty and cuts those of the results a
    # page shows only (``snippets_of``).
    snippets: Callable[[str, list[int]], dict[int, str]] | None = None
    # Searched on a connection of its own, beside the other kinds
    # (``core.searchthreads``): a kind of the largest tables, whose search alone
    # may take as long as all the others'.
    beside: bool = False


KINDS: dict[str, Kind] = {}


def register(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


def with_total(queryset: QuerySet) -> QuerySet:
    """Each row with ``total``, the rows the query matched before its limit.
    A kind reads its rows as ``values()``: of a search's candidates a page shows
    twenty, and a model instance for each of the others cost as much as the
    query's SQL."""
    return queryset.annotate(total=Window(Count("pk")))


def total_of(rows: list[dict]) -> int:
    return rows[0]["total"] if rows else 0


def snippets_of(build: Callable[[str, str], QuerySet]):
    """A kind's ``snippets`` from ``build(query, ids)``, a queryset of the rows
    whose pks are ``ids`` (``core.search.among_ids``) with a ``snippet``, prepared
    once (``core.prepared``): one query for the rows a page shows."""
    prepared = Prepared(lambda q, ids: build(q, ids).values("pk", "snippet"), texts=2)

    def snippets(q: str, pks: list[int]) -> dict[int, str]:
        rows = prepared(q, ids_text(pks))
        return {row["pk"]: safe_snippet(row["snippet"]) for row in rows}

    return snippets


def lexicon_sources() -> list[QuerySet]:
    return [source() for kind in KINDS.values() for _model, source in kind.words]


def text_of(*fields):
    """The named fields as one text column (blanks for nulls), for the lexicon."""
    if len(fields) == 1:
        return Coalesce(F(fields[0]), Value(""), output_field=TextField())
    parts = []
    for name in fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _add_words(source, sender, instance, **kwargs) -> None:
    lexicon.add(source().filter(pk=instance.pk))


def connect_lexicon() -> None:
    """Count the words of every public row as it is saved, in the same transaction:
    a word written today is proposed today."""
    for kind in KINDS.values():
        for model, source in kind.words:
            post_save.connect(
                partial(_add_words, source),
                sender=model,
                weak=False,
                dispatch_uid=f"kshub.lexicon.{kind.name}.{model._meta.label}",
            )
