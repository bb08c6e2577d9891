"""Fixed-window counters in the cache framework, shared by every app server.

One implementation for comments, flags, uploads and the contact form. A member's
limits are counted under their user id; a visitor's under the address the server
itself saw (``REMOTE_ADDR``), never under a header the client writes, such as
``X-Forwarded-For``. Accounts younger than a day get tighter limits.
"""

import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

NEW_ACCOUNT_AGE = datetime.timedelta(days=1)


def over_limit(key: str, *, limit: int, period: int) -> bool:
    """Count one attempt under ``key``; True when the window already holds ``limit``.

    The window opens with the first attempt and lasts ``period`` seconds. Refused
    attempts are counted too, so hammering does not reopen the door.
    """
    return count_attempt(key, period=period) > limit


def count_attempt(key: str, *, period: int) -> int:
    """Count one attempt under ``key``; how many the window holds with it."""
    cache.add(key, 0, timeout=period)
    try:
        return cache.incr(key)
    except ValueError:  # the window expired between add() and incr()
        cache.set(key, 1, timeout=period)
        return 1


def is_new_account(user) -> bool:
    joined = getattr(user, "date_joined", None)
    return joined is not None and timezone.now() - joined < NEW_ACCOUNT_AGE


@dataclass(frozen=True)
class MemberLimit:
    """At most ``limit`` actions of one kind per member in ``period`` seconds;
    ``new_account_limit`` for accounts younger than a day."""

    scope: str
    limit: int
    new_account_limit: int
    period: int

    def limit_for(self, member) -> int:
        return self.new_account_limit if is_new_account(member) else self.limit

    def exceeded_by(self, member) -> bool:
        """Count one action by ``member``; True when it is one too many."""
        return over_limit(
            f"{self.scope}:{member.pk}",
            limit=self.limit_for(member),
            period=self.period,
        )

    def check(self, member) -> None:
        """Count one action by ``member``; raise RateLimited when it is one too many."""
        if self.exceeded_by(member):
            raise RateLimited(
                _(
                    "You have done this many times in a short while. Please wait a few "
                    "minutes and try again; what you wrote is still in the form."
                ),
                code="rate_limited",
            )


class RateLimited(ValidationError):
    """One action too many; views answer 429 with the message."""


# Writing case stories and posts: each save (a new draft, an edit, a submission)...
CONTRIBUTION_LIMIT = MemberLimit(
    scope="contribute:save", limit=30, new_account_limit=10, period=60 * 60
)
# ...and each preview, which renders every Markdown field of the form.
PREVIEW_LIMIT = MemberLimit(
    scope="contribute:preview", limit=30, new_account_limit=10, period=10 * 60
)
