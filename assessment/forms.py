"""The questionnaire as a form, built from the version an assessment was started on."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NOTE_MAX_LENGTH, Assessment
from .questionnaire import Questionnaire


def statement_field(key: str) -> str:
    return f"s-{key}"


def note_field(slug: str) -> str:
    return f"note-{slug}"


class AssessmentForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see the results"),
        choices=Assessment.Visibility.choices,
        widget=forms.RadioSelect,
        initial=Assessment.Visibility.PRIVATE,
    )

    def __init__(self, *args, questionnaire: Questionnaire, dimensions: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questionnaire = questionnaire
        self.dimensions = dimensions
        self.submit_error = ""
        choices = [(level.value, level.name) for level in questionnaire.levels]
        for slug, statements in questionnaire.sections:
            for statement in statements:
                self.fields[statement_field(statement.key)] = forms.TypedChoiceField(
                    label=statement.text,
                    choices=choices,
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect,
                    error_messages={
                        "invalid_choice": _("Choose one of the four levels.")
                    },
                )
            self.fields[note_field(slug)] = forms.CharField(
                label=_("Note (optional)"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def sections(self):
        """Per dimension: its statement fields, then its note field."""
        for slug, statements in self.questionnaire.sections:
            yield (
                self.dimensions.get(slug, slug),
                [self[statement_field(item.key)] for item in statements],
                self[note_field(slug)],
            )

    def levels(self) -> dict:
        return {
            item.key: self.cleaned_data.get(statement_field(item.key))
            for item in self.questionnaire.statements
        }

    def notes(self) -> dict:
        return {
            slug: self.cleaned_data.get(note_field(slug), "")
            for slug in self.questionnaire.dimension_slugs
        }

    def mark_missing(self, keys: list[str]) -> None:
        for key in keys:
            self.add_error(statement_field(key), _("Choose a level before submitting."))


class VisibilityForm(forms.Form):
    visibility = forms.ChoiceField(
        label=_("Who may see the results"),
        choices=Assessment.Visibility.choices,
        widget=forms.RadioSelect,
    )
