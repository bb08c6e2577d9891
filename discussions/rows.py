"""The rows of a topic list, written by a function rather than the template
engine: a list address no reader asked before renders its twenty rows, and the
engine took about 0.3 ms a row (its nodes, lookups, translations and filters),
most of the page's time. Kept with the rest of the shared list part
(``discussions.pages``), so a row is written once per content version, language
and minute. Each row carries the placeholder its unread marker replaces."""

from html import escape

from django.contrib.humanize.templatetags.humanize import naturaltime
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext, ngettext

from .models import Topic


def topic_rows(topics, *, show_space: bool = False) -> SafeString:
    """The ``<li>`` of each topic, or one saying there is none."""
    if not topics:
        return format_html("<li>{}</li>\n", gettext("No topics here yet."))
    words = _Words()
    return mark_safe(  # noqa: S308 — every value escaped in topic_row
        "".join(topic_row(topic, words, show_space) for topic in topics)
    )


class _Words:
    """What every row of one list says alike, looked up once for the list: the
    badges, the sentences' patterns and the address of a topic, with holes for
    its space and slug (letters, digits and hyphens, which need no quoting)."""

    def __init__(self):
        self.badges = {
            "pinned": _badge(gettext("pinned")),
            "answered": _badge(gettext("answered")),
            "closed": _badge(gettext("closed")),
        }
        self.started_by = gettext("started by %(name)s")
        self.last_activity = gettext("last activity %(when)s")
        self.former_member = gettext("former member")
        self.topic = reverse("discussions:topic", args=["space-hole", "topic-hole"])
        self.space = reverse("discussions:space", args=["space-hole"])

    def topic_address(self, topic: Topic) -> str:
        return self.topic.replace("space-hole", topic.space.slug).replace(
            "topic-hole", topic.slug
        )

    def space_address(self, topic: Topic) -> str:
        return self.space.replace("space-hole", topic.space.slug)


def topic_row(topic: Topic, words: _Words, show_space: bool) -> str:
    space = topic.space
    marks = [
        words.badges[name]
        for name, shown in (
            ("pinned", topic.pinned),
            ("answered", topic.answer_id),
            ("closed", topic.closed),
        )
        if shown
    ]
    if topic.status != Topic.Status.PUBLISHED:
        marks.append(_badge(topic.get_status_display(), "badge badge-warn"))
    where = (
        f'<a href="{escape(words.space_address(topic))}">{escape(str(space))}</a> · '
        if show_space
        else ""
    )
    profile = getattr(topic.author, "profile", None) if topic.author_id else None
    name = (profile and profile.display_name) or words.former_member
    replies = ngettext(
        "%(counter)s reply", "%(counter)s replies", topic.reply_count
    ) % {"counter": topic.reply_count}
    moved = words.last_activity % {"when": naturaltime(topic.last_activity_at)}
    address = escape(words.topic_address(topic))
    return (
        '<li><article class="card topic-row">\n'
        f'  <h3 lang="{escape(topic.language)}"><a href="{address}">'
        f"{escape(topic.title)}</a>\n"
        f"    <!--unread:{topic.pk}-->\n"
        f"    {''.join(marks)}</h3>\n"
        f'  <p class="meta">{where}{escape(words.started_by % {"name": name})}\n'
        f"    · {escape(replies)}\n"
        f"    · {escape(moved)}</p>\n"
        "</article></li>\n"
    )


def _badge(text: str, css: str = "badge") -> str:
    return f'<span class="{css}">{escape(text)}</span>'
