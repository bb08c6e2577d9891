"""Ning members brought in as unclaimed accounts.

An unclaimed account has no usable password, is not listed in the directory and
shows nothing but the name its content is credited to; its profile answers are
kept, hidden, for the member to review once they claim it
(``ning.services.claim_member``). A member whose address already has an account
here is linked to it, and that account is left as it is.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from members.models import Profile, User
from members.services import RESERVED_USERNAMES, USERNAME_MAX_LENGTH, slugify_username

from .builders import member_fields
from .copying import copy_objects
from .models import ImportedItem
from .run import BULK_ROWS, Run, fingerprint

_HIDDEN_PROFILE = {
    "listed_in_directory": False,
    "show_position": False,
    "show_institution": False,
    "show_country": False,
    "show_bio": False,
    "show_expertise": False,
    "notify_replies": False,
}


class _Names:
    """Handles already taken, so a batch picks free ones without a query each."""

    def __init__(self):
        self.taken = {
            name.lower() for name in User.objects.values_list("username", flat=True)
        }

    def free(self, display_name: str) -> str:
        base = slugify_username(display_name)
        if base in RESERVED_USERNAMES:
            base = f"{base}-1"
        candidate, number = base, 2
        while candidate in self.taken:
            suffix = f"-{number}"
            candidate = f"{base[: USERNAME_MAX_LENGTH - len(suffix)]}{suffix}"
            number += 1
        self.taken.add(candidate)
        return candidate


def import_members(run: Run, items) -> None:
    names = _Names() if not run.dry_run else None
    by_email = _accounts_by_email()
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= run.batch_size:
            _batch(run, batch, names, by_email)
            batch = []
    if batch:
        _batch(run, batch, names, by_email)
    run.authors.update(
        ImportedItem.objects.members().values_list("ning_id", "object_id")
    )


def _accounts_by_email() -> dict[str, int]:
    accounts = dict(
        EmailAddress.objects.annotate(low=Lower("email")).values_list("low", "user_id")
    )
    for email, pk in User.objects.exclude(email="").values_list(Lower("email"), "pk"):
        accounts.setdefault(email, pk)
    return accounts


@transaction.atomic
def _batch(run: Run, batch, names, by_email) -> None:
    records = ImportedItem.objects.by_ning_id(
        ImportedItem.Kind.MEMBER, [item.ning_id for item in batch]
    )
    new, changed = [], []
    for item in batch:
        record = records.get(item.ning_id)
        mark = fingerprint(item.data)
        if record is not None and record.fingerprint == mark:
            run.count("members", "skip")
        elif record is not None:
            changed.append((item, record, mark))
        else:
            new.append((item, mark))
    if run.dry_run:
        # Known authors for the dry run's report; nothing is written with them.
        run.authors.update({item.ning_id: 0 for item, _mark in new})
        run.count("members", "create", len(new))
        run.count("members", "update", len(changed))
        return
    _create(run, new, names, by_email)
    _update(run, changed)


def _create(run: Run, new, names: _Names, by_email: dict[str, int]) -> None:
    user_type = ContentType.objects.get_for_model(User)
    records, accounts, fresh = [], [], {}
    for item, mark in new:
        fields = member_fields(item.data, run.zone)
        email = fields["email"]
        if email in fresh or (email and email in by_email):
            # The address of an account here, or of a member earlier in the batch.
            run.count("members", "linked to an account here")
            records.append((item, mark, fresh.get(email), by_email.get(email)))
            continue
        user = User(
            username=names.free(fields["display_name"] or fields["screen_name"]),
            email=email,
            password=make_password(None),
            date_joined=fields["joined"] or timezone.now(),
        )
        if fields["state"] in {"suspended", "banned", "blocked"}:
            user.suspended_at = timezone.now()
            user.suspension_reason = "Suspended on the Ning network."
        accounts.append((fields, user))
        records.append((item, mark, user, None))
        if email:
            fresh[email] = user
    User.objects.bulk_create([user for _fields, user in accounts], batch_size=BULK_ROWS)
    Profile.objects.bulk_create(
        [
            Profile(
                user=user,
                display_name=fields["display_name"],
                bio=fields["bio"],
                country=fields["country"],
                **_HIDDEN_PROFILE,
            )
            for fields, user in accounts
        ],
        batch_size=BULK_ROWS,
    )
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=user, email=user.email, primary=True, verified=False)
            for _fields, user in accounts
            if user.email
        ],
        batch_size=BULK_ROWS,
    )
    by_email.update({email: user.pk for email, user in fresh.items()})
    run.count("members", "create", len(accounts))
    copy_objects(
        ImportedItem,
        [
            _record(item, user_type, user.pk if user else pk, mark)
            for item, mark, user, pk in records
        ],
    )


def _record(item, content_type, object_id: int, mark: str) -> ImportedItem:
    return ImportedItem(
        kind=ImportedItem.Kind.MEMBER,
        ning_id=item.ning_id,
        content_type=content_type,
        object_id=object_id,
        ning_path=f"/profile/{item.ning_id}",
        fingerprint=mark,
    )


def _update(run: Run, changed) -> None:
    """A changed member is updated while unclaimed; once claimed, the account is
    its member's and the export no longer changes it."""
    for item, record, mark in changed:
        if record.claimed_at is None:
            fields = member_fields(item.data, run.zone)
            Profile.objects.filter(user_id=record.object_id).update(
                display_name=fields["display_name"],
                bio=fields["bio"],
                country=fields["country"],
            )
            run.count("members", "update")
        else:
            run.count("members", "skip (claimed)")
        record.fingerprint, record.updated_at = mark, timezone.now()
    ImportedItem.objects.bulk_update(
        [record for _item, record, _mark in changed], ["fingerprint", "updated_at"]
    )
