"""A list page's shared part: rendered once per content version, language and
canonical address (its valid filters and the page shown, a page past the last
being the last), and kept in the cache and the worker's memory, so a new filter
combination renders once and a parameter the page does not read makes no copy."""

from collections.abc import Callable

from django.utils.translation import get_language

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
