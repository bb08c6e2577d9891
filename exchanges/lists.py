"""The /exchange/ list's parts: its canonical address, the listings a combination
of filters gives (from the listing index) and the filters with their counts."""

from html import escape
from urllib.parse import urlencode

import numpy as np
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from taggit.models import Tag

from core.pagecache import CONTENT, cached, page_number

from . import listing_index
from .forms import FILTER_NAMES, KIND_CHOICES, STATUS_CHOICES, ExchangeFilterForm
from .listing_index import MODELS
from .models import Modality, WorkingLanguage
from .regions import REGION_CHOICES


def list_params(request) -> str:
    """The list's address as the page reads it: the valid filters in one order
    and the page number; a parameter it does not read never makes another copy."""
    return urlencode(sorted({**chosen(request), "page": page_number(request)}.items()))


def chosen(request) -> dict:
    """The valid filters of ``request``: what the form makes of the filters'
    parameters, kept in the worker by their raw values (the form cost a warm
    page a good part of its time, and the visitors' page cache asks for them,
    the page's address, before the view)."""
    raw = tuple(request.GET.get(name) for name in FILTER_NAMES)
    values = _chosen.get(raw)
    if values is None:
        if len(_chosen) >= KEPT_CHOICES:
            _chosen.clear()
        values = _chosen[raw] = ExchangeFilterForm(request.GET).values()
    return dict(values)


def hidden_inputs(active: dict) -> SafeString:
    """The search form's hidden inputs: the filters a search keeps."""
    return mark_safe(  # noqa: S308 — every value escaped
        "".join(
            f'<input type="hidden" name="{escape(name)}" value="{escape(str(value))}">'
            for name, value in active.items()
            if name != "q"
        )
    )


# The form reads each filter's last value in the query string, nothing else.
_chosen: dict = {}
KEPT_CHOICES = 2000


def known(active: dict) -> dict:
    """Drop a dimension or theme that names nothing, rather than empty the list."""
    if "dimension" not in active and "tag" not in active:
        return active
    index = listing_index.current()
    if "dimension" in active and active["dimension"] not in dict(index.dimensions):
        del active["dimension"]
    tag = active.get("tag")
    unused = tag and tag not in index.facets["tag"].code_of
    if unused and not Tag.objects.filter(slug=tag).exists():
        del active["tag"]
    return active


class Listings:
    """The listed requests and offers matching ``active``, newest first, as a
    sequence of ``(kind, pk)`` for a paginator."""

    def __init__(self, active: dict):
        index = self.index = listing_index.current()
        filters = {k: v for k, v in active.items() if k not in ("q", "status")}
        filters["status"] = active.get("status") or "open"
        self.mask = index.matching(filters)
        if active.get("q"):
            self.mask &= np.isin(index.keys, _matching_text(active["q"]))

    def __len__(self) -> int:
        return int(np.count_nonzero(self.mask))

    def __getitem__(self, part: slice) -> list[tuple[str, int]]:
        found = np.flatnonzero(self.mask)[part]
        return [(self.index.kind(at), int(self.index.ids[at])) for at in found]


def _matching_text(q: str) -> np.ndarray:
    """The index keys of the listed requests and offers whose text matches ``q``,
    found once per content version by the full-text index."""

    def find():
        keys = []
        for kind, model in MODELS.items():
            found = model.objects.listed().matching(q).values_list("pk", flat=True)
            keys += [listing_index.key(kind, pk) for pk in found]
        return np.asarray(keys, dtype=np.int64)

    return cached("exchange-text", (q,), find, scopes=(CONTENT,))


def items(keys: list[tuple[str, int]]) -> list:
    """The listings of ``keys`` for their cards, one query per kind, in order."""
    found = {}
    for kind, model in MODELS.items():
        ids = [pk for name, pk in keys if name == kind]
        if ids:
            found.update(
                ((kind, item.pk), item)
                for item in model.objects.filter(pk__in=ids).for_cards()
            )
    return [found[key] for key in keys if key in found]


def filters(active: dict, mask: np.ndarray) -> list[dict]:
    """Each filter's values with how many of the listed matches have each (None
    where a filter is not counted) and the address that toggles it."""
    index = listing_index.current()
    base = reverse("exchanges:list")
    remove = escape(_("Remove this filter"))
    # Each filter's pair in an address, encoded once: a value's address is the
    # other filters' pairs and its own after them, as urlencode would put them.
    pairs = {k: urlencode({k: v}) for k, v in active.items() if k in FILTER_NAMES}
    shown = []
    for name, label, counted, values in _choices(index.dimensions):
        counts = index.counts(name, mask) if counted else None
        current = active.get(name)
        others = "&".join(pair for other, pair in pairs.items() if other != name)
        entries, rows = [], []
        for value, text, escaped, own in values:
            count = None if counts is None else counts.get(value, 0)
            if count is None or count or current == value:
                selected = current == value
                query = "&".join(
                    part for part in (others, "" if selected else own) if part
                )
                url = base + (f"?{query}" if query else "")
                entries.append(
                    {"label": text, "count": count, "selected": selected, "url": url}
                )
                rows.append(_row(escape(url), escaped, selected, count, remove))
        html = mark_safe("\n".join(["<ul>", *rows, "</ul>"]))  # noqa: S308 — escaped
        shown.append({"name": name, "label": label, "entries": entries, "html": html})
    return shown


def fieldsets(shown: list[dict]) -> SafeString:
    """The filters as the list's side shows them, a fieldset each, written here
    as their values are."""
    none = escape(_("None"))
    none = f'<p class="muted">{none}</p>'
    parts = [
        f"<fieldset>\n      <legend>{escape(shown_filter['label'])}</legend>\n"
        f"      {shown_filter['html'] if shown_filter['entries'] else none}\n"
        "    </fieldset>"
        for shown_filter in shown
    ]
    return mark_safe("\n    ".join(parts))  # noqa: S308 — every value escaped


# Each filter's label and values in a language, by language and dimensions: the
# same for every address, so translated once a worker rather than on each.
_labels: dict = {}


def _choices(dimensions: list) -> list[tuple]:
    """``(name, label, counted, [(value, label, the label escaped, its pair in
    an address)])`` of each filter, in the reader's language, the labels plain
    strings."""
    key = (get_language(), tuple(dimensions))
    found = _labels.get(key)
    if found is None:
        rows = [
            ("kind", _("Kind"), True, KIND_CHOICES),
            ("dimension", _("KS dimension"), True, [(s, _(n)) for s, n in dimensions]),
            ("modality", _("Modality"), True, Modality.choices),
            ("language", _("Working language"), True, WorkingLanguage.choices),
            ("region", _("Region"), False, REGION_CHOICES),
            ("status", _("Status"), False, STATUS_CHOICES),
        ]
        found = [
            (
                name,
                str(label),
                counted,
                [
                    (v, str(text), escape(str(text)), urlencode({name: v}))
                    for v, text in values
                ],
            )
            for name, label, counted, values in rows
        ]
        if len(_labels) >= 16:
            _labels.clear()
        _labels[key] = found
    return found


def _row(address: str, label: str, selected: bool, count, remove: str) -> str:
    """A filter's value as the list shows it (``address`` and ``label``
    escaped), written here rather than by the template engine, which took most
    of a new address's time."""
    if selected:
        link = (
            f'<strong><a href="{address}" aria-current="true" title="{remove}">'
            f"{label}</a></strong>"
        )
    else:
        link = f'<a href="{address}">{label}</a>'
    if count is not None:
        link += f' <span class="count">({int(count)})</span>'
    return f"<li>{link}</li>"
