"""Reads: who follows what, and how often each member wants to hear of a kind."""

from django.contrib.auth import get_user_model

from .followable import is_followable, object_key
from .models import Follow, Frequency, Kind, Notice, Preference

DEFAULTS = {
    Kind.REPLIES: Frequency.INSTANT,
    Kind.COMMENTS: Frequency.WEEKLY,
    Kind.CONTENT: Frequency.WEEKLY,
    Kind.MATCHES: Frequency.WEEKLY,
    Kind.REMINDERS: Frequency.INSTANT,
    Kind.DIGEST: Frequency.WEEKLY,
}
# The community digest and reminders come at their own time: on or off.
ON_OR_OFF = {Kind.DIGEST: Frequency.WEEKLY, Kind.REMINDERS: Frequency.INSTANT}


def default_frequency(member, kind: str) -> str:
    """Before a member chooses: the older profile switches, then the defaults."""
    profile = getattr(member, "profile", None)
    if kind == Kind.REPLIES and profile is not None and not profile.notify_replies:
        return Frequency.OFF
    if kind == Kind.DIGEST and profile is not None and not profile.weekly_digest:
        return Frequency.OFF
    return DEFAULTS[Kind(kind)]


def preferences_of(member) -> dict[str, str]:
    chosen = dict(
        Preference.objects.filter(member=member).values_list("kind", "frequency")
    )
    return {
        kind.value: chosen.get(kind.value) or default_frequency(member, kind)
        for kind in Kind
    }


def frequency_for(member, kind: str) -> str:
    chosen = (
        Preference.objects.filter(member=member, kind=kind)
        .values_list("frequency", flat=True)
        .first()
    )
    return chosen or default_frequency(member, kind)


def followers(keys, *, besides=()) -> list:
    """Active, unsuspended members following any of ``keys``, each once."""
    return list(
        get_user_model()
        .objects.filter(follows__key__in=list(keys), is_active=True)
        .filter(suspended_at__isnull=True)
        .exclude(pk__in=[pk for pk in besides if pk])
        .exclude(email="")
        .select_related("profile")
        .distinct()
    )


def follows_of(member):
    return Follow.objects.filter(member=member)


def following_sql(member_id: int, item) -> tuple[str, list]:
    """Whether the member follows ``item``, as SQL a page selects in a query of
    its own (``core.readerfacts``). Names from the model's metadata; values are
    parameters."""
    if not is_followable(item):
        return "FALSE", []
    follows = Follow._meta
    member = follows.get_field("member").column
    sql = f"EXISTS (SELECT 1 FROM {follows.db_table} WHERE {member} = %s AND key = %s)"  # noqa: S608
    return sql, [member_id, object_key(item)]


def is_following(member, key: str) -> bool:
    if not getattr(member, "is_authenticated", False):
        return False
    return Follow.objects.filter(member=member, key=key).exists()


def pending_notices(frequency: str):
    return Notice.objects.filter(frequency=frequency, sent_at__isnull=True)
