"""``/contact/``: anyone may write to the moderators."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import ContactForm


def _initial(request) -> dict:
    initial = {}
    if request.GET.get("topic") in dict(ContactForm.TOPICS):
        initial["topic"] = request.GET["topic"]
    user = request.user
    if user.is_authenticated:
        profile = getattr(user, "profile", None)
        initial["name"] = profile.display_name if profile else user.get_username()
        initial["email"] = user.email
    return initial


@require_http_methods(["GET", "POST"])
def contact(request):
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                # Say nothing to automated senders; store nothing either.
                messages.success(request, _("Thank you, your message was sent."))
                return redirect("contact")
            try:
                services.send_contact_message(
                    sender=request.user,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    subject=f"{form.topic_label()}: {form.cleaned_data['subject']}",
                    body=form.cleaned_data["body"],
                    client_ip=request.META.get("REMOTE_ADDR", ""),
                )
            except services.ContactRateLimited as error:
                form.add_error(None, error)
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "Thank you, your message was sent. A moderator will reply "
                        "by e-mail."
                    ),
                )
                return redirect("contact")
        else:
            status = 400
    else:
        form = ContactForm(initial=_initial(request))
    return render(request, "moderation/contact.html", {"form": form}, status=status)
