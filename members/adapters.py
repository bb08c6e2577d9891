"""How allauth creates members: the handle comes from the display name."""

from allauth.account.adapter import DefaultAccountAdapter

from . import services


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        self._display_name = form.cleaned_data.get("display_name") or ""
        return super().save_user(request, user, form, commit=commit)

    def populate_username(self, request, user):
        display_name = getattr(self, "_display_name", "")
        if display_name and not user.username:
            user.username = services.unique_username(display_name)
        super().populate_username(request, user)
