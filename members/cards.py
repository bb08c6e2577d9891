"""The cards of the member directory and the institution list, written here
rather than by the template engine: a card there took about 0.3 ms (its nodes,
lookups, translations), thirty a page most of a new address's time; these
functions take a tenth of that. A card shows only what its member chose to show,
and an institution only when it is verified."""

from functools import cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from django_countries import countries

from core.slugs import url_maker

from .models import Institution

# What a member's card reads of their profile (``Profile.objects.values``).
MEMBER_FIELDS = (
    *("pk", "display_name", "position", "country", "user__username"),
    *("show_position", "show_institution", "show_country", "show_expertise"),
    *("institution_id", "institution__verified", "institution__slug"),
    *("institution__name", "institution__acronym"),
)


def member_cards(profiles: list[dict], expertise: dict[int, list[str]]) -> list:
    """The cards of ``profiles`` (rows of MEMBER_FIELDS), each with the names of
    its ``expertise`` (by profile id)."""
    words = {
        "profile": url_maker("members:profile"),
        "institution": url_maker("members:institution"),
        "private": escape(gettext("Community member · keeps their details private")),
        "expertise": escape(gettext("Expertise")),
    }
    return [_member_card(row, expertise.get(row["pk"], []), words) for row in profiles]


def _member_card(row: dict, names: list[str], words: dict) -> SafeString:
    """A listed member: name, and the position, institution (a verified one),
    country and expertise they show; a line saying they keep their details
    private when they show none."""
    shows_position = row["show_position"] and row["position"]
    shows_institution = row["show_institution"] and row["institution_id"]
    shows_country = row["show_country"] and row["country"]
    lines = []
    if shows_position:
        lines.append(f'<p class="meta">{escape(row["position"])}</p>')
    if shows_institution and row["institution__verified"]:
        url = words["institution"](row["institution__slug"])
        short_name = row["institution__acronym"] or row["institution__name"]
        lines.append(
            f'<p class="meta"><a href="{escape(url)}">{escape(short_name)}</a></p>'
        )
    if shows_country:
        country = _country_name(row["country"], get_language())
        lines.append(f'<p class="meta">{country}</p>')
    if row["show_expertise"] and names:
        items = "".join(
            f'<li><span class="badge">{escape(name)}</span></li>' for name in names
        )
        lines.append(f'<ul class="tags" aria-label="{words["expertise"]}">{items}</ul>')
    if not (shows_position or shows_institution or shows_country):
        lines.append(f'<p class="meta">{words["private"]}</p>')
    name = row["display_name"]
    url = escape(words["profile"](row["user__username"]))
    details = "".join(f"  {line}\n" for line in lines)
    return mark_safe(  # noqa: S308 — every value escaped here
        '<article class="card member-card">\n'
        f'  <span class="avatar" aria-hidden="true">{escape(name[:1].upper())}</span>\n'
        f'  <div>\n  <h3><a href="{url}">{escape(name)}</a></h3>\n'
        f"{details}  </div>\n</article>"
    )


@cache
def _country_name(code: str, language: str) -> str:
    """A country's name in ``language`` (django-countries translates it anew at
    every call, the most of a card's time)."""
    return escape(str(countries.name(code)))


# What an institution's card reads (``Institution.objects.values``, with_counts).
INSTITUTION_FIELDS = (
    *("pk", "slug", "name", "acronym", "kind", "country"),
    *("member_count", "case_count"),
)


def institution_url():
    """A function slug -> the address of that institution's page."""
    return url_maker("members:institution")


def institution_cards(institutions: list[dict]) -> list[SafeString]:
    """The cards of verified institutions (rows of INSTITUTION_FIELDS): name and
    acronym, kind, country, and how many listed members and published case
    stories each has."""
    url = institution_url()
    # Each kind's label translated once a page (get_kind_display is slow).
    kinds = {value: escape(str(label)) for value, label in Institution.Kind.choices}
    return [_institution_card(row, url, kinds) for row in institutions]


def _institution_card(row: dict, url, kinds: dict) -> SafeString:
    acronym = f" <abbr>({escape(row['acronym'])})</abbr>" if row["acronym"] else ""
    meta = kinds.get(row["kind"], escape(row["kind"]))
    if row["country"]:
        meta += f" · {_country_name(row['country'], get_language())}"
    counted = []
    if row["member_count"]:
        counted.append(
            ngettext("%(counter)s member", "%(counter)s members", row["member_count"])
            % {"counter": row["member_count"]}
        )
    if row["case_count"]:
        counted.append(
            ngettext(
                "%(counter)s case story", "%(counter)s case stories", row["case_count"]
            )
            % {"counter": row["case_count"]}
        )
    counts = (
        f'\n    <p class="meta">{escape(" · ".join(counted))}</p>' if counted else ""
    )
    return mark_safe(  # noqa: S308 — every value escaped here
        '<article class="card">\n'
        f'    <h3><a href="{escape(url(row["slug"]))}">'
        f"{escape(row['name'])}</a>{acronym}</h3>\n"
        f'    <p class="meta">{meta}</p>{counts}\n'
        "  </article>"
    )
