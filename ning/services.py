"""Write layer of the move from Ning: importing an export, inviting its members
to claim their accounts, and the claim itself.

The invitation is allauth's password reset: its link proves the member reads the
address the export holds, so setting a password through it is the claim
(:func:`claim_member`, called on allauth's ``password_reset`` signal): the address
is confirmed, the member signed in, and their profile, which shows nothing yet,
is theirs to review on /me/.
"""

from pathlib import Path
from zoneinfo import ZoneInfo

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import audit
from members.mail import send_to_member
from members.models import User

from .importer import run_import
from .models import ImportedItem
from .run import Run

INVITATION_BATCH = 200


def import_ning_export(
    *,
    folder: Path,
    dry_run: bool = False,
    time_zone: str = "UTC",
    batch_size: int = 500,
) -> Run:
    """Import the export in ``folder`` (or, with ``dry_run``, count what it would
    do); raise ``reading.ExportError`` before writing when it cannot be read."""
    run = Run(
        folder=Path(folder),
        zone=ZoneInfo(time_zone),
        dry_run=dry_run,
        batch_size=batch_size,
    )
    return run_import(run)


def claim_link(user: User) -> str:
    """The path of allauth's password reset form for ``user``, with its key."""
    return reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )


def invitable_members(*, again: bool = False):
    """Unclaimed imported members with an address who may still sign in."""
    records = ImportedItem.objects.members().filter(claimed_at__isnull=True)
    if not again:
        records = records.filter(invited_at__isnull=True)
    users = User.objects.filter(
        pk__in=records.values("object_id"),
        is_active=True,
        suspended_at__isnull=True,
    ).exclude(email="")
    unclaimed = {"password__startswith": UNUSABLE_PASSWORD_PREFIX}
    return users.filter(**unclaimed).select_related("profile")


def invite_members(*, again: bool = False, dry_run: bool = False) -> int:
    """Mail every unclaimed member an invitation to claim their account; how many
    were (or, with ``dry_run``, would be) invited. Each is invited once unless
    ``again``."""
    users = list(invitable_members(again=again).order_by("pk"))
    if dry_run:
        return len(users)
    for start in range(0, len(users), INVITATION_BATCH):
        _invite(users[start : start + INVITATION_BATCH])
    return len(users)


@transaction.atomic
def _invite(users: list[User]) -> None:
    for user in users:
        send_to_member(
            user,
            "ning/email/invitation_subject.txt",
            "ning/email/invitation_body.txt",
            {"claim_path": claim_link(user)},
        )
    ImportedItem.objects.members().filter(
        object_id__in=[user.pk for user in users]
    ).update(invited_at=timezone.now())


@transaction.atomic
def claim_member(*, user: User) -> bool:
    """The member of an imported account set their password through the link
    mailed to them: their address is confirmed and the account is theirs."""
    records = ImportedItem.objects.members().filter(
        object_id=user.pk, claimed_at__isnull=True
    )
    if not records.exists():
        return False
    EmailAddress.objects.filter(user=user, email__iexact=user.email).update(
        verified=True
    )
    records.update(claimed_at=timezone.now())
    audit.record(actor=user, action="ning_account_claimed", target=user)
    return True
