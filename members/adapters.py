"""How allauth creates and signs in members: the handle comes from the display name,
the member's preferred language applies from sign-in on, and account e-mails go out
in the language of the member they are for, from a background task (never inside
the request: sign-up and password reset work while the mail server is down)."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.utils import translation

from . import services, signin
from .mail import language_of, queue_message, site_url
from .models import Profile, User


def apply_language(request, response, language: str) -> None:
    """Use ``language`` for the rest of this request and remember it in the language
    cookie, which LocaleMiddleware reads on every later request."""
    translation.activate(language)
    request.LANGUAGE_CODE = language
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@dataclass(frozen=True)
class Site:
    """What account mails call the site: its name and the address in SITE_URL, never
    the host a request happened to come in on."""

    name: str
    domain: str


def on_site(url: str) -> str:
    """``url`` (built from the request) moved onto SITE_URL."""
    parts = urlsplit(url)
    query = f"?{parts.query}" if parts.query else ""
    return f"{site_url()}{parts.path}{query}"


def _preferred_language(user) -> str | None:
    """The member's own choice, or None when they have no profile yet."""
    profile = Profile.objects.filter(user=user).only("preferred_language").first()
    if profile is None or profile.preferred_language not in dict(settings.LANGUAGES):
        return None
    return profile.preferred_language


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        self._display_name = form.cleaned_data.get("display_name") or ""
        return super().save_user(request, user, form, commit=commit)

    def populate_username(self, request, user):
        display_name = getattr(self, "_display_name", "")
        if display_name and not user.username:
            user.username = services.unique_username(display_name)
        super().populate_username(request, user)

    def login(self, request, user):
        super().login(request, user)
        request.member_language = _preferred_language(user)
        if request.member_language:
            # Activated before post_login so its "signed in" message is in it too.
            translation.activate(request.member_language)
            request.LANGUAGE_CODE = request.member_language

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        language = getattr(request, "member_language", None)
        if language is None:
            language = _preferred_language(user)
        if language:
            apply_language(request, response, language)
        return response

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth's per-"key" count of failed sign-ins is per address *and*
        client here, so nobody can lock a member out from elsewhere (members.signin).
        allauth has no public hook for this key; its tests pin the behaviour."""
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        signin.record_failed_sign_in(email=credentials.get("email", ""))

    def get_email_confirmation_url(self, request, emailconfirmation) -> str:
        return on_site(super().get_email_confirmation_url(request, emailconfirmation))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return on_site(super().get_reset_password_from_key_url(key))

    def send_mail(self, template_prefix, email, context):
        """Account mail (confirmation, password reset...) in the language of the
        member who owns the address (to unknown addresses, in the page's language),
        rendered now and sent by a task once the request's transaction commits.
        allauth's own send_mail builds the same context and sends at once."""
        user = context.get("user")
        if not isinstance(user, User):
            user = (
                User.objects.filter(emailaddress__email__iexact=email)
                .select_related("profile")
                .first()
            )
        language = translation.get_language()
        if user is not None:
            language = language_of(user, language)
        request = allauth_context.request
        context = {
            "request": request,
            "email": email,
            "site_url": site_url(),
            "current_site": Site(
                settings.SITE_NAME, urlsplit(site_url()).netloc or site_url()
            ),
            **context,
        }
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        queue_message(message)
