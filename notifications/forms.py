from django import forms
from django.utils.translation import gettext_lazy as _

from exchanges.regions import REGION_CHOICES

from .models import Frequency, Kind
from .querysets import ON_OR_OFF


class PreferencesForm(forms.Form):
    """One choice per kind of notice."""

    def __init__(self, *args, initial_choices: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            choices = Frequency.choices
            if kind in ON_OR_OFF:
                choices = [(ON_OR_OFF[kind], _("Yes")), (Frequency.OFF, _("No"))]
            # Not named after the kind alone: a field named "matches" would hide
            # the form element's own matches() from scripts.
            self.fields[f"mail_{kind.value}"] = forms.ChoiceField(
                label=kind.label,
                choices=choices,
                initial=initial_choices.get(kind.value),
                widget=forms.RadioSelect,
            )

    def choices(self) -> dict[str, str]:
        return {kind.value: self.cleaned_data[f"mail_{kind.value}"] for kind in Kind}


class TopicForm(forms.Form):
    """Follow a theme or a region from the preferences page."""

    tag = forms.SlugField(label=_("A theme (its short name)"), required=False)
    region = forms.ChoiceField(
        label=_("A world region"),
        choices=[("", "—"), *REGION_CHOICES],
        required=False,
    )

    def follow_keys(self) -> list[str]:
        keys = []
        if self.cleaned_data.get("tag"):
            keys.append(f"tag:{self.cleaned_data['tag']}")
        if self.cleaned_data.get("region"):
            keys.append(f"region:{self.cleaned_data['region']}")
        return keys
