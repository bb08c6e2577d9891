"""The search page's results and kind filters, written here rather than by the
template engine, which took about 0.1 ms a result (its nodes and lookups, each
value read twice) of a page that a new query renders once."""

from urllib.parse import urlencode

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from core.sitesearch import Result


def result_rows(results: list[Result]) -> SafeString:
    """The list items of ``results``, each value escaped as the template did (a
    snippet, already escaped, as it is)."""
    return mark_safe("".join(_row(result) for result in results))  # noqa: S308


def _row(result: Result) -> str:
    language = (
        f' lang="{conditional_escape(result.language)}"' if result.language else ""
    )
    # Each text made once (a Later makes its text each time it is read): an
    # empty one, escaped, is still empty.
    meta = conditional_escape(result.meta)
    meta = f" · {meta}" if meta else ""
    snippet = conditional_escape(result.snippet)
    snippet = f"<p{language}>{snippet}</p>" if snippet else ""
    return (
        f'\n    <li class="card search-result-{conditional_escape(result.kind)}">'
        f'\n      <p class="meta"><span class="badge">'
        f"{conditional_escape(result.label)}</span>{meta}</p>"
        f'\n      <h3{language}><a href="{conditional_escape(result.url)}">'
        f"{conditional_escape(result.title)}</a></h3>"
        f"\n      {snippet}\n    </li>\n    "
    )


def filter_items(q: str, chosen: str, filters: list[dict]) -> SafeString:
    """The list items of the kinds that found something (``filters``: each
    kind's name, label, count and whether the count is a lower bound), the
    chosen one not a link."""
    items = []
    for kind in filters:
        if not kind["count"]:
            continue
        plus = "+" if kind["capped"] else ""
        text = f"{conditional_escape(kind['label'])} ({kind['count']}{plus})"
        if kind["name"] == chosen:
            item = f'<strong aria-current="true">{text}</strong>'
        else:
            address = conditional_escape(urlencode({"q": q, "kind": kind["name"]}))
            item = f'<a href="?{address}">{text}</a>'
        items.append(f"\n      <li>{item}</li>\n      ")
    return mark_safe("".join(items))  # noqa: S308
