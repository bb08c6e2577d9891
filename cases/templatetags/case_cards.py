"""``{{ case|case_card }}``: a case story's card, as every list shows it."""

from django import template

from cases.cards import card

register = template.Library()


@register.filter
def case_card(case):
    return card(case)
