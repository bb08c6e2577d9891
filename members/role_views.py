"""An institution's editors at work: its profile, who belongs to it, who speaks
for it, who else edits it. Editors of the institution and site-wide moderators
only; every change goes through ``members.roles`` (locked, audited)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import roles
from .access import require_institution_editor
from .forms import InstitutionProfileForm
from .models import Institution, User

PAGE_SIZE = 50


def _institution(request, slug: str) -> Institution:
    institution = get_object_or_404(Institution, slug=slug, verified=True)
    require_institution_editor(request.user, institution)
    return institution


@login_required
@require_http_methods(["GET"])
def institution_members(request, slug):
    """Who says they work here (and shows it), and their roles."""
    institution = _institution(request, slug)
    profiles = (
        institution.profiles.filter(show_institution=True, user__is_active=True)
        .select_related("user")
        .order_by("-is_institution_editor", "display_name", "pk")
    )
    page_obj = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "members/institution_members.html",
        {"institution": institution, "page_obj": page_obj},
    )


def _act(action: str, *, institution, member, editor) -> str:
    """Call the service for ``action``; the message to show once done."""
    name = {"name": member.profile.display_name}
    if action == "confirm":
        roles.confirm_member(institution=institution, member=member, editor=editor)
        return _("%(name)s is confirmed.") % name
    if action == "unconfirm":
        roles.unconfirm_member(institution=institution, member=member, editor=editor)
        return _("%(name)s is no longer confirmed.") % name
    if action in ("official", "personal"):
        roles.set_official_voice(
            institution=institution,
            member=member,
            editor=editor,
            official=action == "official",
        )
        if action == "official":
            return _("%(name)s now speaks officially for the institution.") % name
        return _("%(name)s now speaks in a personal capacity.") % name
    if action == "appoint":
        roles.appoint_editor(
            institution=institution, member=member, appointed_by=editor
        )
        return _("%(name)s is now an editor.") % name
    if action == "dismiss":
        roles.dismiss_editor(
            institution=institution, member=member, dismissed_by=editor
        )
        return _("%(name)s is no longer an editor.") % name
    raise Http404


@login_required
@require_POST
def member_action(request, slug, pk: int, action: str):
    institution = _institution(request, slug)
    member = get_object_or_404(User.objects.select_related("profile"), pk=pk)
    try:
        done = _act(action, institution=institution, member=member, editor=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("members:institution-members", slug=institution.slug)


@login_required
@require_http_methods(["GET", "POST"])
def institution_edit(request, slug):
    institution = _institution(request, slug)
    form = InstitutionProfileForm(request.POST or None, instance=institution)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                roles.update_institution(
                    institution=Institution.objects.get(pk=institution.pk),
                    editor=request.user,
                    **form.cleaned_data,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("The institution's profile is saved."))
                return redirect(institution)
        status = 400
    return render(
        request,
        "members/institution_form.html",
        {"institution": institution, "form": form},
        status=status,
    )
