"""Member pages: own profile and data, the member and institution directories."""

import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.pagecache import CONTENT, cache_for_visitors
from core.structured_data import page_data

from . import contributions, lists, services
from .access import is_institution_editor
from .adapters import apply_language
from .forms import DeleteAccountForm, ProfileForm
from .models import Institution, Profile
from .structured_data import organization, person

PROFILE_ITEMS = 20
INSTITUTION_MEMBERS = 60


def _form_errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# Own profile and data --------------------------------------------------------


@login_required
def me(request):
    user = request.user
    profile = services.ensure_profile(user=user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=profile, user=user)
        if form.is_valid():
            try:
                services.update_profile(
                    user=user,
                    username=form.cleaned_data["username"],
                    expertise=form.cleaned_data["expertise"],
                    proposed_institution=form.proposed_institution(),
                    **form.profile_changes(),
                )
            except ValidationError as error:
                _form_errors_to_form(form, error)
            else:
                response = redirect("members:me")
                # The new preferred language applies at once, this message included.
                apply_language(
                    request, response, form.cleaned_data["preferred_language"]
                )
                messages.success(request, _("Your profile is saved."))
                return response
        status = 400
    else:
        form = ProfileForm(instance=profile, user=user)
        status = 200
    context = {
        "form": form,
        "profile": profile,
        **contributions.owned_by(user),
    }
    return render(request, "members/me.html", context, status=status)


@never_cache
@login_required
@require_GET
def me_export(request):
    data = services.export_member_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    filename = f"kshub-{request.user.username}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
def me_delete(request):
    if request.method == "POST":
        # Re-entering the password is a sign-in of sorts: limit the guesses.
        too_many = ratelimit.consume_or_429(request, action="reauthenticate")
        if too_many:
            return too_many
        form = DeleteAccountForm(request.POST, user=request.user)
        if form.is_valid():
            user = request.user
            logout(request)
            services.delete_account(user=user)
            messages.success(request, _("Your account has been deleted. Thank you."))
            return redirect("home")
        status = 400
    else:
        form = DeleteAccountForm(user=request.user)
        status = 200
    return render(request, "members/delete.html", {"form": form}, status=status)


# Member directory ------------------------------------------------------------


@cache_for_visitors(scopes=(CONTENT,), params=lists.directory_params)
def directory(request):
    return render(request, "members/directory.html", lists.directory_page(request))


def member_profile(request, username):
    profile = get_object_or_404(
        Profile.objects.public().select_related("user", "institution"),
        user__username=username,
    )
    user = profile.user
    show_institution = (
        profile.show_institution
        and profile.institution is not None
        and profile.institution.verified
    )
    context = {
        "profile": profile,
        "member": user,
        "show_institution": show_institution,
        "structured_data": page_data(
            person(
                profile, request.build_absolute_uri, show_institution=show_institution
            )
        ),
        "expertise": list(profile.expertise.all()) if profile.show_expertise else [],
        **contributions.public_by(user, limit=PROFILE_ITEMS),
    }
    return render(request, "members/profile.html", context)


# Institutions ----------------------------------------------------------------


@cache_for_visitors(scopes=(CONTENT,), params=lists.institution_params)
def institution_list(request):
    return render(
        request, "members/institution_list.html", lists.institution_page(request)
    )


def institution_detail(request, slug):
    institution = get_object_or_404(Institution, slug=slug)
    if not institution.verified and not (
        request.user.is_authenticated and request.user.is_moderator
    ):
        raise Http404
    members = (
        institution.profiles.listed()
        .filter(show_institution=True)
        .select_related("user")
        .order_by("display_name", "pk")
    )
    context = {
        "institution": institution,
        "structured_data": page_data(
            organization(institution, request.build_absolute_uri, full=True)
        )
        if institution.verified
        else "",
        "members": members[:INSTITUTION_MEMBERS],
        "member_count": members.count(),
        "can_edit": is_institution_editor(request.user, institution),
        **contributions.at_institution(institution, limit=PROFILE_ITEMS),
    }
    return render(request, "members/institution_detail.html", context)
