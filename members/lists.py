"""The member directory and the institution list: what a page shows reads the
same for every reader of its address (the valid filters and the page number),
so it is rendered once per content version and language and kept
(``core.pagecache``), in the worker's memory after the first read; a parameter
the page does not read never makes another copy. A page not yet kept reads its
rows and total, and its filters' values from what is counted once per content
version."""

from collections import defaultdict
from html import escape
from urllib.parse import urlencode

from django.db.models import Count
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django_countries import countries
from taggit.models import Tag, TaggedItem

from core.listpages import shared_list_page
from core.pagecache import (
    CONTENT,
    cached,
    list_params,
    render_partials,
)
from core.paginators import CountCachedPaginator
from core.structured_data import address_list, page_data

from .cards import (
    INSTITUTION_FIELDS,
    MEMBER_FIELDS,
    institution_cards,
    institution_url,
    member_cards,
)
from .models import Institution, Profile

MEMBERS_PER_PAGE = 24
INSTITUTIONS_PER_PAGE = 30


def country_filter(request) -> str:
    """The ``country`` filter when it is a known ISO code; unknown ones are ignored."""
    code = request.GET.get("country", "").strip().upper()
    return code if code in countries else ""


def _text(request, name: str) -> str:
    # PostgreSQL text cannot hold NUL: such a character is dropped, not a 500.
    return request.GET.get(name, "").replace("\x00", "").strip()


def directory_filters(request) -> dict:
    return {
        "country": country_filter(request),
        "institution": _text(request, "institution"),
        "expertise": _text(request, "expertise"),
    }


def institution_filters(request) -> dict:
    kind = request.GET.get("kind", "").strip()
    return {
        "country": country_filter(request),
        "kind": kind if kind in Institution.Kind.values else "",
    }


def _set(filters: dict) -> dict:
    return {name: value for name, value in filters.items() if value}


directory_params = list_params(directory_filters)
institution_params = list_params(institution_filters)


def directory_page(request) -> dict:
    """The directory's filters, total, cards and pages for this address (a page
    past the last is the last)."""
    filters = directory_filters(request)
    return shared_list_page(
        request,
        "member-directory",
        filters,
        count=lambda: _matching(filters).count(),
        per_page=MEMBERS_PER_PAGE,
        render=lambda number, counted: _directory(filters, number, counted),
    )


def _matching(filters: dict):
    profiles = Profile.objects.listed()
    if filters["country"]:
        profiles = profiles.in_country(filters["country"])
    if filters["institution"]:
        profiles = profiles.at_institution(filters["institution"])
    if filters["expertise"]:
        profiles = profiles.with_expertise(filters["expertise"])
    return profiles


def _directory(filters: dict, number: int, counted: tuple) -> dict:
    # What the cards show of the page's profiles, the total counted once per
    # content version and filters (shown_page).
    page_obj = CountCachedPaginator(
        _matching(filters).order_by("display_name", "pk").values(*MEMBER_FIELDS),
        MEMBERS_PER_PAGE,
        cache_parts=counted,
        scopes=(CONTENT,),
    ).get_page(number)
    options = cached(
        "member-facets",
        (get_language(),),
        lambda: {
            name: _options(rows)
            for name, rows in _facets(Profile.objects.listed()).items()
        },
        scopes=(CONTENT,),
        in_process=True,
    )
    context = {
        "page_obj": page_obj,
        "cards": _member_cards(list(page_obj.object_list)),
        "filters": filters,
        **{
            f"{name}_options": _selected(html, filters[name])
            for name, html in options.items()
        },
        "query_string": urlencode(_set(filters)),
    }
    return render_partials("members/directory.html", context, "content")


def _member_cards(rows: list[dict]) -> list:
    """The cards of ``rows`` (MEMBER_FIELDS), with their expertise: one query."""
    shown = [row["pk"] for row in rows if row["show_expertise"]]
    expertise = defaultdict(list)
    tagged = TaggedItem.objects.filter(
        content_type__app_label="members",
        content_type__model="profile",
        object_id__in=shown,
    ).order_by("object_id", "tag__name")
    for pk, name in tagged.values_list("object_id", "tag__name") if shown else ():
        expertise[pk].append(name)
    return member_cards(rows, expertise)


def _facets(listed) -> dict[str, list[tuple]]:
    """(value, label, count) of each country, institution and expertise that the
    listed members show."""
    country_counts = (
        listed.filter(show_country=True)
        .exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    institutions = (
        Institution.objects.verified()
        .filter(profiles__in=listed.filter(show_institution=True))
        .annotate(n=Count("profiles"))
        .order_by("name")
    )
    expertise = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="members",
            taggit_taggeditem_items__content_type__model="profile",
            taggit_taggeditem_items__object_id__in=listed.filter(
                show_expertise=True
            ).values("pk"),
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")[:30]
    )
    return {
        "country": _by_name(country_counts),
        "institution": [(i.slug, i.short_name, i.n) for i in institutions],
        "expertise": [(tag.slug, tag.name, tag.n) for tag in expertise],
    }


def _by_name(country_counts) -> list[tuple]:
    return sorted(
        ((code, countries.name(code), n) for code, n in country_counts),
        key=lambda item: item[1],
    )


def _options(rows: list[tuple]) -> SafeString:
    """The ``<option>`` of each (value, label, count): two thousand institutions
    took the template engine tens of milliseconds."""
    return mark_safe(  # noqa: S308 — every value escaped
        "".join(
            f'<option value="{escape(value)}">{escape(label)} ({count:d})</option>'
            for value, label, count in rows
        )
    )


def _selected(options: str, chosen: str) -> SafeString:
    """``options`` with the one of value ``chosen`` selected."""
    if chosen:
        option = f'<option value="{escape(chosen)}"'
        options = options.replace(f"{option}>", f"{option} selected>", 1)
    return mark_safe(options)  # noqa: S308 — written escaped by _options


def institution_page(request) -> dict:
    """The institution list's filters, total, cards and pages for this address,
    and its structured data (a page past the last is the last)."""
    filters = institution_filters(request)
    return shared_list_page(
        request,
        "institution-list",
        filters,
        count=lambda: _listed_institutions(filters).count(),
        per_page=INSTITUTIONS_PER_PAGE,
        render=lambda number, counted: _institutions(request, filters, number, counted),
        page_parts=(request.build_absolute_uri("/"),),
    )


def _listed_institutions(filters: dict):
    rows = Institution.objects.verified()
    if filters["kind"]:
        rows = rows.of_kind(filters["kind"])
    return rows.in_country(filters["country"]) if filters["country"] else rows


def _institutions(request, filters: dict, number: int, counted: tuple) -> dict:
    country, kind = filters["country"], filters["kind"]
    verified = Institution.objects.verified()
    of_kind = verified.of_kind(kind) if kind else verified
    # The page's ids first, then their counts: counted in the query that skips
    # the rows before the page, each skipped row's members and stories were
    # counted too (hundreds of milliseconds from the tenth page on).
    page_obj = CountCachedPaginator(
        _listed_institutions(filters)
        .order_by("name", "pk")
        .values_list("pk", flat=True),
        INSTITUTIONS_PER_PAGE,
        cache_parts=counted,
        scopes=(CONTENT,),
    ).get_page(number)
    ids = list(page_obj.object_list)
    found = Institution.objects.filter(pk__in=ids).with_counts()
    by_id = {row["pk"]: row for row in found.values(*INSTITUTION_FIELDS)}
    institutions = [by_id[pk] for pk in ids if pk in by_id]
    in_country = verified.in_country(country) if country else verified
    kind_counts = dict(
        in_country.order_by().values_list("kind").annotate(n=Count("pk"))
    )
    country_options = cached(
        "institution-countries",
        (kind, get_language()),
        lambda: _options(_by_name(_country_counts(of_kind))),
        scopes=(CONTENT,),
        in_process=True,
    )
    context = {
        "page_obj": page_obj,
        "cards": institution_cards(institutions),
        "filters": filters,
        "kind_facets": [
            (value, label, kind_counts.get(value, 0))
            for value, label in Institution.Kind.choices
        ],
        "country_options": _selected(country_options, country),
        "query_string": urlencode(_set(filters)),
    }
    url = institution_url()
    return {
        **render_partials("members/institution_list.html", context, "content"),
        "structured_data": page_data(
            address_list(
                [url(row["slug"]) for row in institutions], request.build_absolute_uri
            )
        ),
    }


def _country_counts(institutions):
    return (
        institutions.exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
