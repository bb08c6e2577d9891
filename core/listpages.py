"""A list page's shared part: rendered once per content version, language and
canonical address (its valid filters and the page shown, a page past the last
being the last), and kept in the cache and the worker's memory, so a new filter
combination renders once and a parameter the page does not read makes no copy."""

import functools
from collections.abc import Callable

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from .pagecache import CONTENT, cached, list_address, shown_page


def shared_list_page(
    request,
    name: str,
    filters: dict,
    *,
    count: Callable[[], int],
    per_page: int,
    render: Callable[[int, tuple], dict],
    count_parts: tuple = (),
    page_parts: tuple = (),
) -> dict:
    """``render(number, counted)`` of the page shown for ``request``, kept under
    ``name``. ``count()`` is the total of ``filters``, kept under ``counted`` (with
    ``count_parts`` when the total depends on more than the filters); ``page_parts``
    is what else the rendering depends on (the site's address in structured data)."""
    counted = (name, sorted(filters.items()), *count_parts)
    number = shown_page(request, count, per_page, parts=counted, scopes=(CONTENT,))
    return cached(
        name,
        (list_address(request, filters, number), get_language(), *page_parts),
        lambda: render(number, counted),
        scopes=(CONTENT,),
        in_process=True,
    )


def pagination(page_obj, query_string: str = "") -> SafeString:
    """A list's links to its previous and next pages, and where the reader is,
    as ``includes/pagination.html`` shows them (which calls this): written here,
    as a list's shared part is, where the template engine's nodes cost a new
    list address a tenth of a millisecond. Empty when there is one page."""
    if not page_obj.has_other_pages():
        return mark_safe("")
    words = _words(get_language())
    before = f"?{conditional_escape(query_string)}&amp;" if query_string else "?"
    previous = (
        f'<a rel="prev" href="{before}page={page_obj.previous_page_number()}">'
        f"{words['previous']}</a>"
        if page_obj.has_previous()
        else ""
    )
    following = (
        f'<a rel="next" href="{before}page={page_obj.next_page_number()}">'
        f"{words['next']}</a>"
        if page_obj.has_next()
        else ""
    )
    where = gettext("Page %(number)s of %(total)s") % {
        "number": page_obj.number,
        "total": page_obj.paginator.num_pages,
    }
    return mark_safe(  # noqa: S308 — every value escaped above
        f'\n<nav class="pagination" aria-label="{words["pages"]}">\n'
        f"  {previous}\n  <span>{where}</span>\n  {following}\n</nav>\n"
    )


def filter_summary(count: int) -> SafeString:
    """The summary of a list's filters, with how many are set, as
    ``includes/filter-summary.html`` shows it (which calls this)."""
    if count:
        text = ngettext(
            "Filter (%(counter)s active)", "Filter (%(counter)s active)", count
        ) % {"counter": count}
    else:
        text = _words(get_language())["filter"]
    # Written as the template wrote it: translated words (escaped by _words, not
    # by blocktranslate) and a number.
    return format_html("<summary>{}</summary>", mark_safe(text))  # noqa: S308


@functools.lru_cache(maxsize=16)
def _words(language: str) -> dict[str, str]:
    """The words of the two in ``language`` (the active one), escaped as
    ``{% translate %}`` writes them, translated once a worker."""
    words = {
        "pages": gettext("Pages"),
        "previous": gettext("Previous"),
        "next": gettext("Next"),
        "filter": gettext("Filter"),
    }
    return {name: escape(text) for name, text in words.items()}
