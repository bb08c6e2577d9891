"""/styleguide/: every component of the design on one page, for people working on
the portal. Served by the development settings only (kshub.dev_urls)."""

import datetime

from django import forms
from django.shortcuts import render

SWATCHES = [
    "ink",
    "muted",
    "paper",
    "tint",
    "line",
    "brand",
    "brand-dark",
    "accent",
    "accent-soft",
    "link",
    "focus",
    "ok",
    "warn",
    "error",
]
STEPS = ["-1", "0", "1", "2", "3", "4"]
# Names in the samples: data, as the portal's own pages show them.
SAMPLE = {
    "story": "KSP (Korea): coordination mechanisms",
    "other_story": "FOSIS (Chile): monitoring and evaluation",
    "institution": "KSP",
    "country": "Chile",
    "other_country": "Mexico",
    "member": "Ana Pérez",
    "other_member": "Kim Lee",
    "day": datetime.date(2014, 6, 24),
}


class ExampleForm(forms.Form):
    """The fields of the portal's forms, as the form renderer draws them."""

    title = forms.CharField(help_text="A short title that says what worked.")
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A roundtable")])
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    document = forms.FileField(required=False)
    topics = forms.MultipleChoiceField(
        choices=[("a", "Financing"), ("b", "Governance")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(label="I accept the terms of service")


def styleguide(request):
    bound = ExampleForm(data={"title": "", "summary": "Filled in"})
    bound.is_valid()  # shows the error state
    context = {
        "form": ExampleForm(),
        "bound": bound,
        "swatches": SWATCHES,
        "steps": STEPS,
        "sample": SAMPLE,
    }
    return render(request, "kshub/styleguide.html", context)
