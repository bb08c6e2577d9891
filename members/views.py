"""Member pages: own profile and data, the member and institution directories."""

import json
from html import escape

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_countries import countries
from taggit.models import Tag

from core.pagecache import CONTENT, cached
from core.structured_data import item_list, page_data

from . import contributions, services
from .access import is_institution_editor
from .adapters import apply_language
from .forms import DeleteAccountForm, ProfileForm
from .models import Institution, Profile
from .structured_data import organization, person

MEMBERS_PER_PAGE = 24
INSTITUTIONS_PER_PAGE = 30
PROFILE_ITEMS = 20
INSTITUTION_MEMBERS = 60


def _query_string(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _country(request) -> str:
    """The ``country`` filter when it is a known ISO code; unknown ones are ignored."""
    code = request.GET.get("country", "").strip().upper()
    return code if code in countries else ""


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


def directory(request):
    listed = Profile.objects.listed()
    profiles = listed.for_cards().order_by("display_name", "pk")
    filters = {
        "country": _country(request),
        # PostgreSQL text cannot hold NUL: such a character is dropped, not a 500.
        "institution": request.GET.get("institution", "").replace("\x00", "").strip(),
        "expertise": request.GET.get("expertise", "").replace("\x00", "").strip(),
    }
    if filters["country"]:
        profiles = profiles.in_country(filters["country"])
    if filters["institution"]:
        profiles = profiles.at_institution(filters["institution"])
    if filters["expertise"]:
        profiles = profiles.with_expertise(filters["expertise"])
    page_obj = Paginator(profiles, MEMBERS_PER_PAGE).get_page(request.GET.get("page"))

    # The same for every address: counted once per content version and language.
    facets = cached(
        "member-facets", (get_language(),), lambda: _facets(listed), scopes=(CONTENT,)
    )
    context = {
        "page_obj": page_obj,
        "profiles": page_obj.object_list,
        "filters": filters,
        # Written here: two thousand institutions took the template engine
        # tens of milliseconds a request.
        **{
            f"{name}_options": _options(facets[name], filters[name])
            for name in ("country", "institution", "expertise")
        },
        "query_string": _query_string(request),
    }
    return render(request, "members/directory.html", context)


def _facets(listed) -> dict[str, list[tuple]]:
    """(value, label, count) of each country, institution and expertise that the
    listed members show."""
    country_counts = (
        listed.filter(show_country=True)
        .exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    institutions = (
        Institution.objects.verified()
        .filter(profiles__in=listed.filter(show_institution=True))
        .annotate(n=Count("profiles"))
        .order_by("name")
    )
    expertise = (
        Tag.objects.filter(
            taggit_taggeditem_items__content_type__app_label="members",
            taggit_taggeditem_items__content_type__model="profile",
            taggit_taggeditem_items__object_id__in=listed.filter(
                show_expertise=True
            ).values("pk"),
        )
        .annotate(n=Count("taggit_taggeditem_items"))
        .order_by("-n", "name")[:30]
    )
    return {
        "country": sorted(
            ((code, countries.name(code), n) for code, n in country_counts),
            key=lambda item: item[1],
        ),
        "institution": [(i.slug, i.short_name, i.n) for i in institutions],
        "expertise": [(tag.slug, tag.name, tag.n) for tag in expertise],
    }


def _options(rows: list[tuple], chosen: str) -> SafeString:
    """The ``<option>`` of each (value, label, count), ``chosen`` selected."""
    return mark_safe(  # noqa: S308 — every value escaped
        "".join(
            f'<option value="{escape(value)}"'
            f"{' selected' if value == chosen else ''}>"
            f"{escape(label)} ({count:d})</option>"
            for value, label, count in rows
        )
    )


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


def institution_list(request):
    verified = Institution.objects.verified()
    country = _country(request)
    kind = request.GET.get("kind", "").strip()
    if kind not in Institution.Kind.values:
        kind = ""
    rows = verified
    if country:
        rows = rows.in_country(country)
    if kind:
        rows = rows.of_kind(kind)
    rows = rows.with_counts().order_by("name", "pk")
    page_obj = Paginator(rows, INSTITUTIONS_PER_PAGE).get_page(request.GET.get("page"))

    kind_counts = dict(
        (verified.in_country(country) if country else verified)
        .order_by()
        .values_list("kind")
        .annotate(n=Count("pk"))
    )
    kind_facets = [
        (value, label, kind_counts.get(value, 0))
        for value, label in Institution.Kind.choices
    ]
    country_facets = cached(
        "institution-countries",
        (kind, get_language()),
        lambda: _institution_countries(verified.of_kind(kind) if kind else verified),
        scopes=(CONTENT,),
    )
    context = {
        "page_obj": page_obj,
        "institutions": page_obj.object_list,
        "filters": {"country": country, "kind": kind},
        "kind_facets": kind_facets,
        "country_options": _options(country_facets, country),
        "query_string": _query_string(request),
        "structured_data": page_data(item_list(page_obj, request.build_absolute_uri)),
    }
    return render(request, "members/institution_list.html", context)


def _institution_countries(institutions) -> list[tuple]:
    counted = (
        institutions.exclude(country="")
        .order_by()
        .values_list("country")
        .annotate(n=Count("pk"))
    )
    return sorted(
        ((code, countries.name(code), n) for code, n in counted),
        key=lambda item: item[1],
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
