"""Forms for joining, the profile page and account deletion.

``MemberSignupFields`` is allauth's ACCOUNT_SIGNUP_FORM_CLASS: allauth builds its
sign-up form on top of it, so this module must not import allauth's forms.
"""

from django import forms
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import roles, services
from .models import Institution, Profile

PROPOSAL_FIELDS = {
    "new_institution_name": "name",
    "new_institution_acronym": "acronym",
    "new_institution_country": "country",
    "new_institution_kind": "kind",
    "new_institution_website": "website",
}


def country_field() -> forms.Field:
    field = Profile._meta.get_field("country").formfield()
    field.label = _("Country")
    field.required = False
    return field


class InstitutionChoiceForm(forms.Form):
    """Choose a listed institution, or propose one that is not listed yet."""

    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.verified(),
        required=False,
        empty_label=_("— not listed, or none —"),
    )
    new_institution_name = forms.CharField(
        label=_("Name of the institution"), max_length=200, required=False
    )
    new_institution_acronym = forms.CharField(
        label=_("Acronym"), max_length=30, required=False
    )
    new_institution_country = country_field()
    new_institution_kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", "—"), *Institution.Kind.choices],
        required=False,
    )
    new_institution_website = forms.URLField(
        label=_("Website"), required=False, assume_scheme="https"
    )
    institution_required = False

    def proposed_institution(self) -> dict | None:
        """The proposal as keyword arguments for the service, or None."""
        data = self.cleaned_data
        if not data.get("new_institution_name"):
            return None
        return {key: data.get(field) or "" for field, key in PROPOSAL_FIELDS.items()}

    def clean(self):
        data = super().clean()
        chosen = data.get("institution")
        proposed = data.get("new_institution_name", "").strip()
        if chosen and proposed:
            self.add_error(
                "new_institution_name",
                _("Either choose an institution from the list or propose a new one."),
            )
        elif proposed and not data.get("new_institution_kind"):
            self.add_error(
                "new_institution_kind", _("Choose what kind of institution it is.")
            )
        elif (
            proposed
            and Institution.objects.verified().filter(name__iexact=proposed).exists()
        ):
            self.add_error(
                "new_institution_name",
                _("This institution is already listed: choose it from the list."),
            )
        elif self.institution_required and not chosen and not proposed:
            self.add_error(
                "institution",
                _("Choose your institution, or propose it below if it is not listed."),
            )
        return data


class MemberSignupFields(InstitutionChoiceForm):
    """What a new member tells us besides e-mail and password."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=100,
        help_text=_("Shown with what you write, e.g. “Ana Pérez”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    country = country_field()
    institution_required = True

    field_order = [
        "display_name",
        "email",
        "password1",
        "password2",
        "country",
        "institution",
        *PROPOSAL_FIELDS,
    ]

    def clean_display_name(self) -> str:
        value = self.cleaned_data["display_name"].strip()
        if not value:
            raise forms.ValidationError(_("Give the name others will see."))
        return value

    def signup(self, request, user) -> None:
        """Called by allauth once the account exists."""
        services.create_member_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            country=self.cleaned_data.get("country") or "",
            institution=self.cleaned_data.get("institution"),
            proposed_institution=self.proposed_institution(),
            preferred_language=translation.get_language() or "",
        )


class ProfileForm(InstitutionChoiceForm, forms.ModelForm):
    """The member's own profile on /me/; saved by services.update_profile."""

    username = forms.CharField(
        label=_("Handle"),
        max_length=services.USERNAME_MAX_LENGTH,
        help_text=_(
            "The short name in your profile's address: lower-case letters, digits "
            "and hyphens."
        ),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "position",
            "institution",
            "country",
            "bio",
            "expertise",
            "preferred_language",
            "listed_in_directory",
            "show_position",
            "show_institution",
            "show_country",
            "show_bio",
            "show_expertise",
        ]
        help_texts = {
            "expertise": _("Comma-separated, e.g. results measurement, e-learning"),
        }

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["username"].initial = user.username
        current = self.instance.institution_id
        self.fields["institution"].queryset = Institution.objects.filter(
            Q(verified=True) | Q(pk=current)
        )
        self.fields["institution"].required = False

    def clean_username(self) -> str:
        try:
            return services.validate_username(
                self.cleaned_data["username"], user=self.user
            )
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error

    def about_fields(self):
        names = ["display_name", "username", "position", "country", "bio", "expertise"]
        return [self[name] for name in names]

    def proposal_fields(self):
        return [self[name] for name in PROPOSAL_FIELDS]

    def visibility_fields(self):
        names = ["listed_in_directory", "show_position", "show_institution"]
        names += ["show_country", "show_bio", "show_expertise"]
        return [self[name] for name in names]

    def preference_fields(self):
        # Which e-mails come, and how often, is chosen on /me/notifications/.
        names = ["preferred_language"]
        return [self[name] for name in names]

    def profile_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in services.PROFILE_FIELDS}


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("This is not your password."))
        return password


class InstitutionProfileForm(forms.ModelForm):
    """What an institution's editors keep; saved by roles.update_institution."""

    class Meta:
        model = Institution
        fields = list(roles.INSTITUTION_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}
