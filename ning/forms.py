from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Redirect
from .querysets import is_local_path, normalise


class RedirectForm(forms.ModelForm):
    """An old address set by a moderator: both ends are paths, the new one on
    this site (never another host)."""

    class Meta:
        model = Redirect
        fields = ["old_path", "new_path", "note"]

    def clean_old_path(self) -> str:
        return normalise(self.cleaned_data["old_path"])

    def clean_new_path(self) -> str:
        value = self.cleaned_data["new_path"].strip()
        if value and not is_local_path(value):
            raise forms.ValidationError(
                _("A path on this site, starting with one /."), code="not_local"
            )
        return value
