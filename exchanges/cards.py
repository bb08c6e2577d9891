"""The list's cards of requests and offers, kept once per listing, content version
and language, so a new combination of filters mostly puts together cards
rendered for other addresses. A card not yet kept is written here from one
query a kind rather than by the template engine, which took most of a new
address's time."""

from html import escape

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
    for kind, model in MODELS.items():
        ids = [pk for name, pk in keys if name == kind]
        fields = (*FIELDS, "needed_by") if kind == "request" else FIELDS
        for row in model.objects.filter(pk__in=ids).values(*fields) if ids else ():
            key = listing_index.key(kind, row["pk"])
            row["dimension_names"] = dimensions.get(key, [])
            found[(kind, row["pk"])] = row
    return found


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
        where.append(countries.name(row["institution__country"]))
    if kind == "request":
        day = format_date(row["needed_by"], "j M Y")
        where.append(_("needed by %(day)s") % {"day": day})
    names = "".join(
        f'<li><span class="badge">{escape(_(name))}</span></li>'
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
