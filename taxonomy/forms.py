"""The desk's forms for themes and versions in other languages."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .services import LABEL_MAX_LENGTH

KINDS = [("case", _("Case story")), ("post", _("Post"))]


class ThemeLabelForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    name = forms.CharField(label=_("Name"), max_length=LABEL_MAX_LENGTH)


class ThemeMergeForm(forms.Form):
    target = forms.SlugField(
        label=_("Merge into the theme"),
        max_length=100,
        help_text=_("The address name (slug) of the theme that stays."),
    )


class TranslationLinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KINDS)
    original = forms.SlugField(label=_("Original (slug)"), max_length=220)
    translation = forms.SlugField(
        label=_("Version in another language (slug)"), max_length=220
    )
