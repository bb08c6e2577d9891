"""allauth tells when a password was set through a mailed link; for an imported
member that is the claim of their account (``services.claim_member``)."""

from . import services


def claim_on_password_reset(sender, request, user, **kwargs) -> None:
    services.claim_member(user=user)
