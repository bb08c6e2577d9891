"""Reads of the Ning records: where an old address leads now."""

from django.db import models
from django.db.models.expressions import RawSQL
from django.utils.http import url_has_allowed_host_and_scheme

# What an old address answers when its item is gone or hidden.
GONE = "gone"

# The states in which each kind of object is shown to everyone.
_SHOWN = {
    "blog.post": lambda obj: obj.status == "published",
    "discussions.topic": lambda obj: obj.status == "published",
    "comments.comment": lambda obj: obj.status == "visible",
    "members.user": lambda obj: obj.is_active and obj.suspended_at is None,
}


def normalise(path: str) -> str:
    """An old path as records keep it: one leading slash, no trailing one."""
    return "/" + path.strip().strip("/")


def is_local_path(path: str) -> bool:
    return path.startswith("/") and url_has_allowed_host_and_scheme(
        path, allowed_hosts=None
    )


class RedirectQuerySet(models.QuerySet):
    def for_path(self, path: str):
        return self.filter(old_path__iexact=normalise(path)).first()


class ImportedItemQuerySet(models.QuerySet):
    def at_path(self, path: str):
        """The record of the item that had this address on Ning."""
        return (
            self.filter(ning_path__iexact=normalise(path))
            .select_related("content_type")
            .order_by("-updated_at", "-id")
            .first()
        )

    def with_ning_id(self, ning_id: str):
        return self.filter(ning_id=ning_id).select_related("content_type").first()

    def by_ning_id(self, kind: str, ning_ids) -> dict:
        """The records of one kind for these Ning ids, by id."""
        # One array parameter rather than a placeholder per id: a batch's comments
        # are thousands of ids, and a list that long costs more to send and plan
        # than the lookups themselves.
        ids = RawSQL("SELECT unnest(%s::varchar[])", [list(ning_ids)])
        rows = self.filter(kind=kind, ning_id__in=ids)
        return {record.ning_id: record for record in rows}

    def members(self):
        return self.filter(kind=self.model.Kind.MEMBER)

    def uninvited(self):
        """Members not yet invited who have not claimed their account."""
        return self.members().filter(invited_at__isnull=True, claimed_at__isnull=True)


def target_of(record) -> str:
    """Where an imported item is now: its page, or GONE when it was deleted or
    is hidden."""
    obj = record.content_object if record is not None else None
    if obj is None:
        return GONE
    label = record.content_type.app_label + "." + record.content_type.model
    shown = _SHOWN.get(label)
    if shown is not None and not shown(obj):
        return GONE
    if label == "members.user":
        return obj.profile.get_absolute_url()
    if label == "comments.comment":
        parent = obj.content_object
        parent_label = parent._meta.label_lower if parent is not None else ""
        shown = _SHOWN.get(parent_label)
        if parent is None or (shown is not None and not shown(parent)):
            return GONE
        return f"{parent.get_absolute_url()}#comment-{obj.pk}"
    return obj.get_absolute_url()


def resolve(path: str, *, ning_id: str = "") -> str | None:
    """Where an old address leads: a path on this site, GONE, or None when it was
    never known. A redirect set by hand wins over the imported item's."""
    from .models import ImportedItem, Redirect

    if "\x00" in path or "\x00" in ning_id:
        return None  # no such address was ever kept
    redirect = Redirect.objects.for_path(path)
    if redirect is not None:
        if redirect.new_path and is_local_path(redirect.new_path):
            return redirect.new_path
        return GONE
    if ning_id:
        record = ImportedItem.objects.with_ning_id(ning_id)
    else:
        record = ImportedItem.objects.at_path(path)
    return None if record is None else target_of(record)
