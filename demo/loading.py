"""What every demo loader shares: reading a data file, and writing a row only when
it differs from the data (so a second run of ``load_demo`` changes nothing)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from allauth.account.models import EmailAddress

from members.models import Profile, User
from taxonomy.services import set_tags as set_themed_tags

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / f"{name}.yaml").open(encoding="utf-8") as data:
        return yaml.safe_load(data)


def read_data(name: str) -> dict[str, Any]:
    """The content of ``demo/data/<name>.yaml``."""
    return _read(name)


def clock_time(value: str | int) -> datetime.time:
    """A time of day written "09:30" (YAML reads an unquoted 9:30 as 570 minutes)."""
    if isinstance(value, int):
        return datetime.time(value // 60, value % 60)
    return datetime.time.fromisoformat(value)


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    sign_in: list[tuple[str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def count(self, bucket: dict[str, int], model) -> None:
        name = str(model._meta.verbose_name_plural)
        bucket[name] = bucket.get(name, 0) + 1


def upsert(
    report: DemoReport | None, model, keys: dict, values: dict, create_only=None
):
    """Create the row, or save it only when a value differs (no write otherwise).
    ``create_only`` values are set on creation and left alone afterwards."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values, **(create_only or {}))
        obj.save()
        if report is not None:
            report.count(report.created, model)
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save()
        if report is not None:
            report.count(report.updated, model)
    return obj


def set_tags(obj, names: list[str]) -> None:
    """Replace an object's tags, only when they differ (case aside)."""
    current = {tag.name.lower() for tag in obj.tags.all()}
    if current != {name.lower() for name in names}:
        set_themed_tags(obj, names, language=getattr(obj, "language", "en"))


def quiet_account(*, username: str, email: str, display_name: str) -> User:
    """A demo account nobody signs in with (no usable password), its e-mail
    verified so that it may act as a member: propose a correction, answer for
    its institution."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"email": email}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    upsert(None, Profile, {"user": user}, {"display_name": display_name})
    upsert(
        None,
        EmailAddress,
        {"user": user, "email": email},
        {"verified": True, "primary": True},
    )
    return user
