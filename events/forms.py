"""Forms for events: documents, as the admin uploads them and moderators edit them."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .files import detect_document_type
from .models import Document

# Large enough for a long report with images.
MAX_DOCUMENT_SIZE = 50 * 1024 * 1024


class DocumentForm(forms.ModelForm):
    """The admin's document form: an uploaded file is recognised by its content
    (``content_type`` then holds what was found, for the admin to fill in)."""

    class Meta:
        model = Document
        fields = [
            "event",
            "session",
            "title",
            "slug",
            "kind",
            "date",
            "language",
            "original",
            "file",
            "text",
            "text_is_summary",
        ]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            if upload.size > MAX_DOCUMENT_SIZE:
                raise ValidationError(_("The file is larger than 50 MB."))
            self.detected_type = detect_document_type(upload)
            if self.detected_type is None:
                raise ValidationError(
                    _(
                        "Only PDF, Word, PowerPoint, Excel and OpenDocument files "
                        "are accepted."
                    )
                )
        return upload


class DocumentTextForm(forms.ModelForm):
    """What a moderator corrects on the document's page."""

    class Meta:
        model = Document
        fields = ["title", "kind", "date", "text", "text_is_summary"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}
