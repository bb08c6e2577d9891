from django import template
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime

from core.text import render_markdown, render_plain_text, strip_markdown

register = template.Library()


@register.filter
def markdown(value: str) -> str:
    return mark_safe(render_markdown(value))  # noqa: S308 — sanitised by nh3


@register.filter
def plain_text(value: str) -> str:
    return mark_safe(render_plain_text(value))  # noqa: S308 — sanitised by nh3


@register.filter
def unmarkdown(value: str) -> str:
    """Markdown shown as plain text (a summary, a snippet): autoescaped as usual."""
    return strip_markdown(value)


@register.filter
def machine_datetime(value) -> str:
    """A ``datetime`` attribute, to the second: HTML allows at most three digits of
    a second's fraction, and Django's "c" format writes six."""
    if not value:
        return ""
    return localtime(value).replace(microsecond=0).isoformat()
