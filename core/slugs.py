"""Addresses made from titles and names: one rule for every kind of content."""

from collections.abc import Callable, Collection
from urllib.parse import quote

from django.urls import reverse
from django.utils.text import slugify

# What ``reverse`` leaves unquoted in an argument.
URL_SAFE = "!$&'()*+,;=/~:@"


def slug_base(
    text: str, *, fallback: str, max_length: int = 200, reserved: Collection[str] = ()
) -> str:
    """``text`` made into a slug, before any ``-2`` that would make it free."""
    base = slugify(text)[:max_length].strip("-") or fallback
    if base in reserved:
        base = f"{base}-{fallback}"[:max_length]
    return base


def first_free(base: str, taken: Collection[str], *, max_length: int = 200) -> str:
    """``base`` when ``taken`` (lower case) lacks it, else the first free ``-2``,
    ``-3``… shortened so the suffix fits ``max_length``."""
    if base not in taken:
        return base
    number = 2
    while True:
        suffix = f"-{number}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        if candidate not in taken:
            return candidate
        number += 1


def unique_slug(
    queryset,
    text: str,
    *,
    fallback: str,
    max_length: int = 200,
    field: str = "slug",
    reserved: Collection[str] = (),
    exclude_pk=None,
) -> str:
    """``text`` made into a slug that no row of ``queryset`` holds yet: the plain
    slug when it is free, else the first free ``-2``, ``-3``… (shortened so the
    suffix fits ``max_length``). Case does not matter: ``Ana`` and ``ana`` clash.
    ``fallback`` stands in for a text with no letters a slug keeps, and is appended
    to a ``reserved`` word."""
    base = slug_base(text, fallback=fallback, max_length=max_length, reserved=reserved)
    rows = queryset.filter(**{f"{field}__istartswith": base})
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    taken = {value.lower() for value in rows.values_list(field, flat=True)}
    return first_free(base, taken, max_length=max_length)


def url_maker(name: str, *args) -> Callable[[str], str]:
    """A function slug -> the URL of ``name`` (with ``args`` before the slug),
    reversing once for a whole list instead of once a row; the slug quoted as
    ``reverse`` quotes it."""
    sentinel = "url-slug-sentinel"
    pattern = reverse(name, args=[*args, sentinel])
    return lambda slug: pattern.replace(sentinel, quote(slug, safe=URL_SAFE))
