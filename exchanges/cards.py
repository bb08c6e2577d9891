"""The list's cards of requests and offers, kept once per listing, content version
and language in the worker, so a new combination of filters mostly puts
together cards rendered for other addresses. A card not yet
kept is written here from one query a kind rather than by the template engine,
which took most of a new address's time."""

from functools import cache
from html import escape

from django.db import connection
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from core.pagecache import CONTENT, content_version

from . import listing_index
from .listing_index import MODELS
from .models import KnowledgeOffer, KnowledgeRequest

FIELDS = (
    *("pk", "slug", "title", "summary", "status", "language"),
    *("institution__name", "institution__acronym", "institution__country"),
)


def rendered(keys: list[tuple[str, int]]) -> SafeString:
    """The cards of ``keys`` (``(kind, pk)``) in order, each a list item: those
    this worker kept, the others (the page's rows read in one query) written now
    and kept."""
    language = get_language()
    kept = _kept_cards()
    found = {key: kept.get((*key, language)) for key in keys}
    missing = [key for key, html in found.items() if html is None]
    if missing:
        words = _words(language)
        rows = _rows(missing)
        written = {key: _card(key[0], rows[key], words) for key in missing}
        if len(kept) + len(written) > KEPT_CARDS:
            kept.clear()
        kept.update(((*key, language), html) for key, html in written.items())
        found.update(written)
    items = "".join(f"<li>{found[key]}</li>" for key in keys)
    return mark_safe(items)  # noqa: S308 — every value escaped in _card


# The cards of the current content version a worker wrote last, by listing and
# language: a new address mostly shows cards other addresses showed. Kept in the
# worker alone: a card costs less to write than to read back from the shared
# cache, and a page's twenty then cost no round trip. A few megabytes at most.
_kept: dict = {}
KEPT_CARDS = 5000


def _kept_cards() -> dict:
    version = content_version((CONTENT,))
    kept = _kept.get("cards")
    if kept is None or kept[0] != version:
        kept = _kept["cards"] = (version, {})
    return kept[1]


def _rows(keys) -> dict:
    """The listings of ``keys``, in one query, their dimensions from the index."""
    index = listing_index.current()
    dimensions = index.dimension_names([listing_index.key(*key) for key in keys])
    ids = {kind: [pk for name, pk in keys if name == kind] for kind in MODELS}
    kinds = tuple(kind for kind in MODELS if ids[kind])
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(_rows_sql(kinds), [ids[kind] for kind in kinds])
        for values in cursor.fetchall():
            row = dict(zip(("kind", *FIELDS, "needed_by"), values, strict=True))
            key = listing_index.key(row["kind"], row["pk"])
            row["dimension_names"] = dimensions.get(key, [])
            found[(row["kind"], row["pk"])] = row
    return found


@cache
def _rows_sql(kinds: tuple[str, ...]) -> str:
    """The cards' columns of the listings of ``kinds`` by their ids (one list a
    kind), written out: built with the ORM, compiling the query cost a new
    address more than its cards. Names from the models' metadata; the ids are
    parameters."""
    selects = []
    for kind in kinds:
        meta = MODELS[kind]._meta
        institution = meta.get_field("institution")
        institutions = institution.related_model._meta

        def column(field: str, meta=meta, institutions=institutions) -> str:
            if field.startswith("institution__"):
                name = field.removeprefix("institution__")
                return f"i.{institutions.get_field(name).column}"
            field = meta.pk if field == "pk" else meta.get_field(field)
            return f"t.{field.column}"

        needed_by = column("needed_by") if kind == "request" else "CAST(NULL AS date)"
        columns = ", ".join([f"'{kind}'", *map(column, FIELDS), needed_by])
        selects.append(
            f"SELECT {columns} FROM {meta.db_table} t "  # noqa: S608
            f"LEFT JOIN {institutions.db_table} i "
            f"ON i.{institutions.pk.column} = t.{institution.column} "
            f"WHERE t.{meta.pk.column} = ANY(%s)"
        )
    return " UNION ALL ".join(selects)


# The cards' words and the translations of what they show (a country, a day, a
# dimension) by language: the same on every page, so translated once a worker.
_words_of: dict[str, dict] = {}
KEPT_WORDS = 5000


def _words(language: str) -> dict:
    """The cards' words in ``language`` (the active one), escaped."""
    words = _words_of.get(language)
    if words is not None and len(words) < KEPT_WORDS:
        return words
    words = {
        "request": _("Request"),
        "offer": _("Offer"),
        "dimensions": _("KS dimensions"),
        **{f"request-{v}": label for v, label in KnowledgeRequest.Status.choices},
        **{f"offer-{v}": label for v, label in KnowledgeOffer.Status.choices},
    }
    words = {name: escape(str(text)) for name, text in words.items()}
    # Each card's address, the route reversed once ("{}": its slug).
    for kind in MODELS:
        words[f"{kind}-url"] = reverse(f"exchanges:{kind}", args=["slug"]).replace(
            "/slug/", "/{}/"
        )
    _words_of[language] = words
    return words


def _card(kind: str, row: dict, words: dict) -> str:
    """What the list shows of a request or an offer: every value escaped here."""
    where = [row["institution__acronym"] or row["institution__name"] or ""]
    if row["institution__name"] and row["institution__country"]:
        where.append(_once(words, countries.name, row["institution__country"]))
    if kind == "request":
        where.append(_once(words, _needed_by, row["needed_by"]))
    names = "".join(
        f'<li><span class="badge">{_once(words, _escaped, name)}</span></li>'
        for name in row["dimension_names"]
    )
    language = escape(row["language"])
    url = words[f"{kind}-url"].format(row["slug"])
    return (
        '<article class="card">\n'
        f'  <p class="meta"><span class="badge">{words[kind]}</span>'
        f" {words[f'{kind}-{row["status"]}']}</p>\n"
        f'  <h3 lang="{language}"><a href="{escape(url)}">{escape(row["title"])}</a>'
        "</h3>\n"
        f'  <p class="meta">{escape(" · ".join(str(p) for p in where if p))}</p>\n'
        f'  <p lang="{language}">{escape(row["summary"])}</p>'
        + (
            f'\n  <ul class="tags" aria-label="{words["dimensions"]}">{names}</ul>'
            if names
            else ""
        )
        + "\n</article>"
    )


def _once(words: dict, translate, value):
    """``translate(value)`` kept with the words of the reader's language: each
    translation is a lookup in its catalogue, and the cards show few values."""
    key = (translate, value)
    if key not in words:
        words[key] = translate(value)
    return words[key]


def _needed_by(day) -> str:
    return _("needed by %(day)s") % {"day": format_date(day, "j M Y")}


def _escaped(name: str) -> str:
    return escape(_(name))
