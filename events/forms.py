"""Forms for events: the document upload used by the admin."""

import mimetypes

from django import forms

from .models import Document


class DocumentForm(forms.ModelForm):
    """Fills the type and size of an uploaded file, so pages can show them."""

    class Meta:
        model = Document
        fields = [
            "event",
            "session",
            "title",
            "kind",
            "file",
            "content_type",
            "size",
            "language",
        ]

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload and "file" in self.changed_data:
            cleaned["size"] = upload.size
            cleaned["content_type"] = (
                mimetypes.guess_type(upload.name)[0]
                or getattr(upload, "content_type", "")
                or ""
            )[:50]
        return cleaned
