"""The event list's cards, and an event's days and place as every page shows
them, written here rather than by the template engine, which took about 0.4 ms
a card (its nodes, includes, filters and translations)."""

from html import escape

from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext

from core.slugs import url_maker
from core.text import strip_markdown

SUMMARY_WORDS = 45
DAY = "j F Y"
BETWEEN_DAYS = " \N{EN DASH} "


def event_when(event) -> SafeString:
    """Its first and, when another, last day."""
    days = [event.starts_on]
    if event.ends_on != event.starts_on:
        days.append(event.ends_on)
    return mark_safe(  # noqa: S308 — dates written by the formatter
        BETWEEN_DAYS.join(
            f'<time datetime="{day:%Y-%m-%d}">{escape(format_date(day, DAY))}</time>'
            for day in days
        )
    )


def event_place(event) -> str:
    """Its city and country, as far as known (not escaped)."""
    country = event.country.name if event.country else ""
    return ", ".join(part for part in (event.city, str(country)) if part)


def event_cards(events, *, upcoming: bool) -> list[SafeString]:
    """The cards of ``events`` (``for_list()``): for upcoming ones, whether
    they take registrations and how many places are taken."""
    words = {
        "event": url_maker("events:detail"),
        "institution": url_maker("members:institution"),
        "example": escape(gettext("Example event")),
        "organised": escape(gettext("Organised by")),
        "figures": escape(gettext("Figures")),
    }
    return [_card(event, words, upcoming) for event in events]


def _card(event, words: dict, upcoming: bool) -> SafeString:
    example = (
        f' <span class="badge badge-warn">{words["example"]}</span>'
        if event.is_example
        else ""
    )
    place = event_place(event)
    when = event_when(event) + (f" · {escape(place)}" if place else "")
    organisers = ", ".join(
        f'<a href="{escape(words["institution"](institution.slug))}">'
        f"{escape(institution.short_name)}</a>"
        for institution in event.organisers.all()
    )
    if organisers:
        organisers = f'\n  <p class="meta">{words["organised"]}\n    {organisers}</p>'
    summary = Truncator(strip_markdown(event.summary)).words(
        SUMMARY_WORDS, truncate=" …"
    )
    return mark_safe(  # noqa: S308 — every value escaped here
        '<article class="card">\n'
        f'  <h3><a href="{escape(words["event"](event.slug))}">'
        f"{escape(event.title)}</a>{example}</h3>\n"
        f'  <p class="meta">{when}</p>{organisers}\n'
        f"  <p>{escape(summary)}</p>{_figures(event, words)}"
        f"{_registration(event) if upcoming else ''}\n"
        "</article>"
    )


def _figures(event, words: dict) -> str:
    figures = []
    if event.participants_count:
        count = event.participants_count
        text = ngettext("%(counter)s participant", "%(counter)s participants", count)
        figures.append(text % {"counter": count})
    if event.countries_count:
        count = event.countries_count
        text = ngettext("%(counter)s country", "%(counter)s countries", count)
        figures.append(text % {"counter": count})
    if not figures:
        return ""
    items = "".join(f'<li class="badge">{escape(text)}</li>' for text in figures)
    return f'\n  <ul class="tags" aria-label="{words["figures"]}">{items}</ul>'


def _registration(event) -> str:
    if not event.accepts_registrations:
        return f'\n  <p class="meta">{escape(gettext("Registration closed"))}</p>'
    text = gettext("Registration open")
    if event.capacity is not None:
        text += " · " + gettext("%(taken)s of %(capacity)s places taken") % {
            "taken": event.registered_count,
            "capacity": event.capacity,
        }
    return f'\n  <p class="meta">{escape(text)}</p>'
