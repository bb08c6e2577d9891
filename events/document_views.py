"""Pages of documents: one per outcome document or report, with its text."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from core.pagecache import CONTENT, cache_for_visitors
from core.permissions import can_moderate, require_moderator
from core.structured_data import page_data
from members.access import desk_required

from . import services, structured_data
from .forms import DocumentTextForm
from .models import Document


@cache_for_visitors(scopes=(CONTENT,))
def document_detail(request, slug):
    document = get_object_or_404(
        Document.objects.select_related("event", "session", "original"), slug=slug
    )
    root = document.original or document
    versions = [
        version
        for version in (
            root,
            *root.translations.only("slug", "title", "language", "original"),
        )
        if version.pk != document.pk
    ]
    context = {
        "document": document,
        "structured_data": page_data(
            structured_data.document(document, absolute=request.build_absolute_uri)
        ),
        "event": document.event,
        "versions": versions,
        "is_moderator": can_moderate(request.user, document),
    }
    return render(request, "events/document_detail.html", context)


@desk_required
def document_edit(request, slug):
    document = get_object_or_404(Document, slug=slug)
    require_moderator(request.user, document)
    form = DocumentTextForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_document(
                document=Document.objects.get(pk=document.pk),
                moderator=request.user,
                **form.cleaned_data,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The document was saved."))
            return redirect(document)
    return render(
        request, "events/document_form.html", {"form": form, "document": document}
    )
