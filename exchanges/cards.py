"""The list's cards of requests and offers, kept once per listing, content version
and language, so a new combination of filters mostly puts together cards
rendered for other addresses. A card not yet kept is written here from one
query a kind rather than by the template engine, which took most of a new
address's time."""

from functools import cache
from html import escape

from django.db import connection
from django.urls import reverse
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from core.pagecache import CONTENT, cached_many

from . import listing_index
from .listing_index import MODELS
from .models import KnowledgeOffer, KnowledgeRequest

FIELDS = (
    *("pk", "slug", "title", "summary", "status", "language"),
    *("institution__name", "institution__acronym", "institution__country"),
)


def rendered(keys: list[tuple[str, int]]) -> list[SafeString]:
    """The cards of ``keys`` (``(kind, pk)``), in order: those kept in one cache
    read, the others (the page's rows read once) written now and kept."""
    rows: dict = {}
    words: dict = {}

    def card(key):
        if not rows:
            rows.update(_rows(keys))
            words.update(_words())
        return _card(key[0], rows[key], words)

    found = cached_many(
        "exchange-card",
        {key: (*key, get_language()) for key in keys},
        card,
        scopes=(CONTENT,),
    )
    return [mark_safe(found[key]) for key in keys]  # noqa: S308 — escaped here


def _rows(keys) -> dict:
    """The page's listings, one query a kind, their dimensions from the index."""
    index = listing_index.current()
    dimensions = index.dimension_names([listing_index.key(*key) for key in keys])
    found = {}
    for kind in MODELS:
        ids = [pk for name, pk in keys if name == kind]
        if not ids:
            continue
        fields = _fields(kind)
        with connection.cursor() as cursor:
            cursor.execute(_rows_sql(kind), [ids])
            for values in cursor.fetchall():
                row = dict(zip(fields, values, strict=True))
                key = listing_index.key(kind, row["pk"])
                row["dimension_names"] = dimensions.get(key, [])
                found[(kind, row["pk"])] = row
    return found


def _fields(kind: str) -> tuple[str, ...]:
    return (*FIELDS, "needed_by") if kind == "request" else FIELDS


@cache
def _rows_sql(kind: str) -> str:
    """The cards' columns of a kind's listings by their ids, written out: built
    with the ORM, compiling the query cost a new address more than its cards.
    Names from the models' metadata; the ids are a parameter."""
    meta = MODELS[kind]._meta
    institution = meta.get_field("institution")
    institutions = institution.related_model._meta

    def column(field: str) -> str:
        if field.startswith("institution__"):
            name = field.removeprefix("institution__")
            return f"i.{institutions.get_field(name).column}"
        return f"t.{(meta.pk if field == 'pk' else meta.get_field(field)).column}"

    columns = ", ".join(column(field) for field in _fields(kind))
    return (
        f"SELECT {columns} FROM {meta.db_table} t "  # noqa: S608
        f"LEFT JOIN {institutions.db_table} i "
        f"ON i.{institutions.pk.column} = t.{institution.column} "
        f"WHERE t.{meta.pk.column} = ANY(%s)"
    )


def _words() -> dict:
    """The cards' words in the reader's language, escaped, translated once."""
    words = {
        "request": _("Request"),
        "offer": _("Offer"),
        "dimensions": _("KS dimensions"),
        **{f"request-{v}": label for v, label in KnowledgeRequest.Status.choices},
        **{f"offer-{v}": label for v, label in KnowledgeOffer.Status.choices},
    }
    words = {name: escape(str(text)) for name, text in words.items()}
    # Each card's address, the route reversed once a page ("{}": its slug).
    for kind in MODELS:
        words[f"{kind}-url"] = reverse(f"exchanges:{kind}", args=["slug"]).replace(
            "/slug/", "/{}/"
        )
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
    """``translate(value)``, once a page for the cards that show the same value
    (a country, a day, a dimension): each translation is a lookup in the
    catalogue of the reader's language."""
    key = (translate, value)
    if key not in words:
        words[key] = translate(value)
    return words[key]


def _needed_by(day) -> str:
    return _("needed by %(day)s") % {"day": format_date(day, "j M Y")}


def _escaped(name: str) -> str:
    return escape(_(name))
