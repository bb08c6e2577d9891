"""The case list's filters and facets: what each chosen value is called, how many
stories each value would give under the other filters, and the list's addresses."""

import functools
from html import escape
from urllib.parse import quote_plus, urlencode

from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from core.inprocess import remembered
from core.pagecache import CONTENT, cached_many, page_number
from members.models import Institution
from taxonomy.filters import theme_named

from . import facet_index
from .cards import list_path
from .facet_index import FACETS
from .forms import FILTER_NAMES, STORY_LANGUAGES, filter_values
from .models import Dimension

STORY_LANGUAGE_NAMES = dict(STORY_LANGUAGES)
LABELLED = ("dimension", "institution", "tag", "country", "year", "language")


def resolve(active: dict) -> dict:
    """The labels of the chosen values, in the reader's language. A value naming
    nothing is dropped from ``active``, so an unknown slug is ignored rather than
    emptying the list; an old theme slug is replaced by the theme's. Each value's
    label is read once per content version in a worker: a new combination of
    filters reads none."""
    selected = {}
    for name, value in list(active.items()):
        if name not in LABELLED:
            continue
        found = remembered(
            "case-filter-label",
            (name, value, get_language()),
            lambda name=name, value=value: _labelled(name, value),
            scopes=(CONTENT,),
        )
        if found is None:
            del active[name]
        else:
            active[name], selected[name] = found
    return selected


def _labelled(name: str, value) -> tuple | None:
    """``(value, label)`` of one chosen filter value, None when it names nothing."""
    if name in ("dimension", "institution"):
        model = Dimension if name == "dimension" else Institution
        label = model.objects.filter(slug=value).values_list("name", flat=True)
        label = label.first()
        if label is None:
            return None
        return value, _(label) if name == "dimension" else label
    if name == "tag":
        theme, _canonical = theme_named(value)
        return None if theme is None else (theme.slug, theme.name)
    if name == "country":
        return value, countries.name(value)
    if name == "year":
        return value, str(value)
    return value, str(STORY_LANGUAGE_NAMES[value])


def _counted_in_sql(name: str, base) -> list[tuple]:
    """``(value, name, count)`` of each value of one facet over ``base``."""
    if name == "dimension":
        return [(r["slug"], r["name"], r["count"]) for r in base.dimension_counts()]
    if name == "tag":
        counted = base.tag_counts(get_language())
        return [(r["slug"], r["name"], r["count"]) for r in counted]
    if name == "institution":
        return [(r["slug"], r["name"], r["count"]) for r in base.institution_counts()]
    if name == "country":
        return [(code, code, n) for code, n in base.country_counts()]
    if name == "language":
        return [(code, code, n) for code, n in base.language_counts()]
    return [(year, year, n) for year, n in base.year_counts()]


def _counted_in_index(name: str, others: dict, reader: str, kept=None) -> list[tuple]:
    """The same, from the worker's facet index (``kept``: it and its counts,
    when read already): themes labelled in the reader's language, one story a
    translation group unless a language is chosen."""
    kept = kept or facet_index.with_counts()
    index, language = kept[0], get_language()
    counted = facet_index.counted(name, others, reader, kept)
    names = {
        "dimension": lambda slug: index.dimensions[slug][1],
        "tag": lambda slug: index.theme_name(slug, language),
        "institution": index.institutions.get,
    }.get(name, lambda value: value)
    return [(value, names(value), n) for value, n in counted]


def _facet_rows(name: str, counted: list[tuple]) -> tuple[list[tuple], str]:
    """(value, label, count) for each counted value of one facet, and the facet's
    name, in the reader's language."""
    language = get_language()
    label = _captions(language)[name]
    if name == "dimension":
        rows = [(v, _translated(text, language), n) for v, text, n in counted]
    elif name in ("tag", "institution"):
        rows = counted
    elif name == "country":
        rows = [(code, _country_name(code, language), n) for code, _c, n in counted]
    elif name == "language":
        rows = [
            (code, str(STORY_LANGUAGE_NAMES.get(code, code)), n)
            for code, _c, n in counted
        ]
    else:
        rows = [(year, str(year), n) for year, _y, n in counted]
    return rows, label


# The words every facet shows, in ``language`` (the active one), and a
# dimension's name: translated once a worker, where each gettext costs
# microseconds (a hundred or so a page).
@functools.lru_cache(maxsize=16)
def _captions(language: str) -> dict[str, str]:
    return {
        "dimension": _("KS dimension"),
        "tag": _("Theme"),
        "institution": _("Institution"),
        "country": _("Country"),
        "language": _("Language"),
        "year": _("Year"),
        "remove": escape(_("Remove this filter")),
    }


@functools.lru_cache(maxsize=1024)
def _translated(text: str, language: str) -> str:
    return _(text)


@functools.lru_cache(maxsize=4096)
def _country_name(code: str, language: str) -> str:
    """A country's name in ``language`` (the active one): looked up once a worker,
    where django-countries translates its whole table's pair on every call."""
    return countries.name(code) or code


def _counted(name: str, published, others: dict, fuzzy: bool, reader: str):
    """One facet's rows under the ``others`` filters: from the worker's facet
    index, or in SQL under a text query, among the stories the list ranks (at
    most SEARCH_CANDIDATES, which the page says when it is reached: a broad
    word's every match is never counted). ``published`` and ``reader`` list one
    version a translation group alike (none when a language is chosen)."""
    if "q" in others and fuzzy:
        counted = _counted_in_sql(name, published.filtered(**others, fuzzy=True))
    elif "q" in others:
        rest = {key: value for key, value in others.items() if key != "q"}
        ranked = published.filtered(**rest).search_candidates(others["q"])
        counted = _counted_in_sql(name, ranked)
    else:
        counted = _counted_in_index(name, others, reader)
    return _facet_rows(name, counted)


def facet(name, rows, label, active, selected, sort) -> dict:
    """One facet from its counted ``rows`` (its ``entries``): each value with
    the address that chooses it (or, when chosen, drops it), as HTML."""
    current = active.get(name)
    head, tail, without = _addresses(active, sort, name)
    remove = _captions(get_language())["remove"]
    items = ["<ul>"]
    for value, text, count in rows:
        pair, shown = _value_html(name, value, text)
        if value == current:
            link = (
                f'<strong><a href="{without}" aria-current="true" title="{remove}">'
                f"{shown}</a></strong>"
            )
        else:
            href = f"{head}{pair}{tail}" if pair else without
            link = f'<a href="{href}">{shown}</a>'
        items.append(f'<li>{link} <span class="count">({count:d})</span></li>')
    items.append("</ul>")
    return {
        "name": name,
        "label": label,
        "entries": rows,
        # Written here rather than by the template engine (or ``format_html``, a
        # tenth as slow), which took most of a new address's time with a
        # hundred or more values per page.
        "html": mark_safe("\n".join(items)),  # noqa: S308 — escaped above
        "selected": selected.get(name),
    }


@functools.lru_cache(maxsize=8192)
def _value_html(name: str, value, label: str) -> tuple[str, str]:
    """A facet value's ``name=value`` pair as :func:`list_url` encodes it
    (empty for an empty value) and its label escaped, once a worker: values
    and labels recur from one address to the next. The pair has nothing to
    escape for HTML: ``quote_plus`` leaves letters, digits and ``_.-~`` alone."""
    pair = "" if value in (None, "") else _pair(name, value)
    return pair, escape(label)


@functools.lru_cache(maxsize=8192)
def _pair(name: str, value) -> str:
    """``name=value`` as urlencode writes one pair."""
    return f"{name}={quote_plus(str(value))}"


def _addresses(active: dict, sort: str, name: str) -> tuple[str, str, str]:
    """The list's address with a value of facet ``name`` in place of the
    current one, as :func:`list_url` writes it, escaped for HTML, in parts:
    what comes before that value's pair, what comes after, and the address
    without the facet."""
    params = {**active, name: ""}
    if sort:
        params["sort"] = sort
    keys = list(params)
    at = keys.index(name)

    def encoded(part):
        return "&".join(
            _pair(k, params[k])
            for k in part
            if params[k] not in (None, "") and k in KNOWN
        )

    before, after = encoded(keys[:at]), encoded(keys[at + 1 :])
    base = list_path()
    both = "&".join(part for part in (before, after) if part)
    without = f"{base}?{both}" if both else base
    head = f"{base}?{before}&" if before else f"{base}?"
    tail = f"&{after}" if after else ""
    return escape(head), escape(tail), escape(without)


def all_facets(published, active, fuzzy, selected, sort) -> list[dict]:
    """Every facet. Each one's counts depend only on the *other* active filters,
    so they are kept per facet and those filters: a new combination of filters
    reuses the counts of every facet whose other filters were seen before (the
    counts of the chosen facet itself under no other filter, the unfiltered
    ones, are shared by every address). Without a text query the worker's facet
    index counts them and keeps them (``facet_index.counted``); under one, they
    are counted in SQL and kept in the shared cache, in one read for all six."""

    def others(name: str) -> dict:
        return {key: value for key, value in active.items() if key != name}

    # The reader's language names themes; ``reader`` (that language, or none
    # when one is chosen) says which versions are counted.
    reader = facet_index.reader(active)
    if "q" not in active:
        kept = facet_index.with_counts()
        counted = {
            name: _facet_rows(name, _counted_in_index(name, others(name), reader, kept))
            for name in FACETS
        }
    else:
        counted = cached_many(
            "case-facet",
            {
                name: (
                    name,
                    tuple(sorted(others(name).items())),
                    fuzzy,
                    get_language(),
                    reader,
                )
                for name in FACETS
            },
            lambda name: _counted(name, published, others(name), fuzzy, reader),
            scopes=(CONTENT,),
        )
    return [facet(name, *counted[name], active, selected, sort) for name in FACETS]


def chosen(active: dict, selected: dict, sort: str) -> list[dict]:
    """The chosen filters, each with the address that drops it."""
    return [
        {
            "name": name,
            "label": selected[name],
            "remove_url": list_url(active, sort, **{name: None}),
        }
        for name in FACETS
        if name in selected
    ]


def query_string(active: dict, sort: str) -> str:
    return urlencode({**active, **({"sort": sort} if sort else {})})


KNOWN = {*FILTER_NAMES, "sort"}


def list_params(request) -> str:
    """The list's address as the page reads it: the valid filters and sort in one
    order, and the page number. Parameters the list does not read, another order
    or an invalid value never make another cached copy."""
    values = filter_values(request.GET)
    return urlencode(sorted({**values, "page": page_number(request)}.items()))


def list_url(active: dict, sort: str, **changes) -> str:
    params = {**active, **changes}
    if sort:
        params["sort"] = sort
    query = urlencode(
        {
            key: value
            for key, value in params.items()
            if value not in (None, "") and (key in FILTER_NAMES or key == "sort")
        }
    )
    return list_path() + (f"?{query}" if query else "")
