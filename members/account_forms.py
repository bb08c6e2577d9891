"""allauth's sign-up form, adjusted for this site (ACCOUNT_FORMS["signup"])."""

from allauth.account import app_settings
from allauth.account.forms import SignupForm as AllauthSignupForm
from django.utils.translation import gettext_lazy as _


class SignupForm(AllauthSignupForm):
    """The honeypot is hidden by a stylesheet class: the content security policy
    blocks the inline style allauth puts on it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].help_text = _(
            "We send a link to confirm it; it is never shown to other members."
        )
        honeypot = app_settings.SIGNUP_FORM_HONEYPOT_FIELD
        if honeypot and honeypot in self.fields:
            self.fields[honeypot].label = _("Leave this field empty")
            self.fields[honeypot].widget.attrs = {
                "tabindex": "-1",
                "autocomplete": "off",
            }

    @property
    def honeypot_field(self):
        honeypot = app_settings.SIGNUP_FORM_HONEYPOT_FIELD
        return self[honeypot] if honeypot and honeypot in self.fields else None

    def visible_signup_fields(self):
        """Every field but the honeypot and the institution proposal, in order."""
        skip = {app_settings.SIGNUP_FORM_HONEYPOT_FIELD, "institution"}
        return [
            field
            for field in self
            if field.name not in skip and not field.name.startswith("new_institution")
        ]

    def proposal_fields(self):
        return [field for field in self if field.name.startswith("new_institution")]
