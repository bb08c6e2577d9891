"""Sign-in limits that stop guessing without handing attackers a lock-out.

allauth counts failed sign-ins per client (``login_failed`` "…/ip" in
``ACCOUNT_RATE_LIMITS``) and per *key*; the account adapter makes that key the
address together with the client, so failures from one place never refuse the
right password from another. What an address-wide limit would have caught, a
password guessed from many places, is told to the member instead: the
``GUESSING_NOTICE_AFTER``-th failure for their address within an hour, from
anywhere, sends them one notice. The password-reset link is never limited by any
of this, and it signs the member in.
"""

from django.utils.crypto import salted_hmac

from core.ratelimit import count_attempt

from .mail import send_to_member
from .models import User

GUESSING_NOTICE_AFTER = 10
GUESSING_WINDOW = 60 * 60


def record_failed_sign_in(*, email: str) -> bool:
    """Count a failed sign-in for ``email``; True when this one sent the member a
    notice that their password is being guessed (once a window)."""
    if not email:
        return False
    digest = salted_hmac(
        "signin-failures", email.strip().lower(), algorithm="sha256"
    ).hexdigest()
    count = count_attempt(f"signin:failures:{digest}", period=GUESSING_WINDOW)
    if count != GUESSING_NOTICE_AFTER:
        return False
    member = (
        User.objects.filter(emailaddress__email__iexact=email.strip())
        .select_related("profile")
        .first()
    )
    return send_to_member(
        member,
        "members/email/guessing_subject.txt",
        "members/email/guessing_body.txt",
        {"failures": count, "minutes": GUESSING_WINDOW // 60},
    )
