"""A list page's pagination and filter summary (``core.listpages``)."""

from django import template

from core import listpages

register = template.Library()


@register.simple_tag(takes_context=True)
def pagination(context) -> str:
    return listpages.pagination(context["page_obj"], context.get("query_string", ""))


@register.simple_tag
def filter_summary(count) -> str:
    return listpages.filter_summary(count)
