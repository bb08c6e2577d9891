"""Reading a page's schema.org JSON-LD as a JSON-LD processor does, offline: the
schema.org context comes from a local document loader (any other context fails),
so expanding the data needs no network."""

import json
from html.parser import HTMLParser

from pyld import jsonld

SCHEMA = "http://schema.org/"
# What matters of schema.org's own context for these tests: every term in its
# vocabulary (the real context also types some of them as addresses).
SCHEMA_CONTEXT = {"@context": {"@vocab": SCHEMA}}


def _load(url: str, options=None) -> dict:
    if url.rstrip("/") not in ("https://schema.org", "http://schema.org"):
        raise jsonld.JsonLdError(
            f"No network in the tests: {url}",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": SCHEMA_CONTEXT,
    }


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks: list[str] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        self._in = tag == "script" and dict(attrs).get("type") == "application/ld+json"
        if self._in:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._in = False

    def handle_data(self, data):
        if self._in:
            self.blocks[-1] += data


def blocks(html: str) -> list[str]:
    """The text of each JSON-LD script element, as a browser splits the page."""
    parser = _Scripts()
    parser.feed(html)
    return parser.blocks


def expanded(html: str) -> list[dict]:
    """Every node of the page's JSON-LD, expanded (nested nodes included)."""
    nodes = []
    for text in blocks(html):
        for top in jsonld.expand(json.loads(text), {"documentLoader": _load}):
            nodes.extend(_walk(top))
    return nodes


def _walk(item):
    if isinstance(item, dict):
        if "@type" in item:
            yield item
        for value in item.values():
            if isinstance(value, list):
                for inner in value:
                    yield from _walk(inner)


def of_type(html: str, type_: str) -> list[dict]:
    return [n for n in expanded(html) if SCHEMA + type_ in n.get("@type", [])]


def values(item: dict, name: str) -> list:
    """The plain values of a property (a node's are the nodes themselves)."""
    return [
        value.get("@value", value) if isinstance(value, dict) else value
        for value in item.get(SCHEMA + name, [])
    ]


def value(item: dict, name: str):
    (only,) = values(item, name)
    return only
