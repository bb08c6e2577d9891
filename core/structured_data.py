"""schema.org structured data (JSON-LD) in the pages.

Each app builds the nodes of its own things (``<app>/structured_data.py``) with
:func:`node`; a view hands the page's node to :func:`page_data`, and base.html
writes it into one ``<script type="application/ld+json">``. Only what a visitor
may read goes in: the builders are called for published things alone."""

import json
from collections.abc import Callable

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

CONTEXT = "https://schema.org"
# The characters that could end a <script> element or start markup inside it,
# and the line separators that end a JavaScript string in older readers.
SCRIPT_ESCAPES = {
    ord("<"): "\\u003c",
    ord(">"): "\\u003e",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}
EMPTY = (None, "", [], {}, ())


def node(type_: str, **properties) -> dict:
    """A schema.org node of ``type_`` with the properties that have a value."""
    return {
        "@type": type_,
        **{name: value for name, value in properties.items() if value not in EMPTY},
    }


def page_data(data: dict | list) -> SafeString:
    """``data`` (a node or a list of nodes) as the text of a JSON-LD script
    element: compact, and escaped so no text in it can close the element."""
    document = (
        {"@context": CONTEXT, "@graph": data}
        if isinstance(data, list)
        else {"@context": CONTEXT, **data}
    )
    text = json.dumps(
        document, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":")
    )
    return mark_safe(text.translate(SCRIPT_ESCAPES))  # noqa: S308 — escaped above


def item_list(items, absolute: Callable[[str], str]) -> dict:
    """A list page's items (anything with an address), in order."""
    return address_list([item.get_absolute_url() for item in items], absolute)


def address_list(addresses: list[str], absolute: Callable[[str], str]) -> dict:
    """A list page's items by their addresses (paths), in order."""
    return node(
        "ItemList",
        itemListElement=[
            node("ListItem", position=position, url=absolute(address))
            for position, address in enumerate(addresses, start=1)
        ],
    )


def website(request) -> SafeString:
    """The site, with its search, so search engines can offer it."""
    search = request.build_absolute_uri(reverse("search"))
    return page_data(
        node(
            "WebSite",
            name=_("KS Hub"),
            url=request.build_absolute_uri("/"),
            inLanguage=get_language(),
            potentialAction=node(
                "SearchAction",
                target=f"{search}?q={{search_term_string}}",
                **{"query-input": "required name=search_term_string"},
            ),
        )
    )
