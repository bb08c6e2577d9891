"""What members contribute to the apps above them: a registry those apps fill in.

``members`` sits below the content apps and never imports them. Where a member's
pages, export or deletion need what a member wrote or joined elsewhere, each content
app registers a ``Contribution`` from its ``AppConfig.ready()`` and answers with its
own querysets and service functions (the model is ``comments/targets.py``)::

    contributions.register(Contribution(name="posts", owned=..., export=...))

Every callable is optional; each answers for one member (or one institution):

- ``owned(user)``: the member's own items, drafts included, for /me/.
- ``public(user, limit)``: what their public profile lists.
- ``at_institution(institution, limit)``: a mapping of template names to what the
  institution's page shows (for instance the items and their count).
- ``counted_at_institution(institution_ref)``: ``{"<name>": queryset}``, the
  public items credited to the institution ``institution_ref`` (an ``OuterRef``),
  counted on the institution list under that name; a tuple of disjoint
  querysets is counted as their sum.
- ``export(user)``: their rows for the JSON export, plain JSON-ready dicts.
- ``erase(user)``: what deleting the account does to these items before the
  account goes (delete what is only theirs, blank what others rely on).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


@dataclass(frozen=True)
class Contribution:
    name: str
    owned: Callable[[Any], Iterable] | None = None
    public: Callable[[Any, int], Iterable] | None = None
    at_institution: Callable[[Any, int], Mapping[str, Any]] | None = None
    counted_at_institution: Callable[[Any], Mapping[str, QuerySet]] | None = None
    export: Callable[[Any], list[dict[str, Any]]] | None = None
    erase: Callable[[Any], None] | None = None


_REGISTRY: dict[str, Contribution] = {}


def register(contribution: Contribution) -> None:
    """Add (or replace, when an app is loaded again) a kind of contribution."""
    _REGISTRY[contribution.name] = contribution


def registered() -> list[Contribution]:
    """In the order the apps registered (the order of INSTALLED_APPS)."""
    return list(_REGISTRY.values())


def owned_by(user) -> dict[str, Iterable]:
    return {c.name: c.owned(user) for c in registered() if c.owned}


def public_by(user, *, limit: int) -> dict[str, Iterable]:
    return {c.name: c.public(user, limit) for c in registered() if c.public}


def at_institution(institution, *, limit: int) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for contribution in registered():
        if contribution.at_institution:
            shown.update(contribution.at_institution(institution, limit))
    return shown


def counted_at_institution(institution_ref) -> dict[str, QuerySet]:
    counted: dict[str, QuerySet] = {}
    for contribution in registered():
        if contribution.counted_at_institution:
            counted.update(contribution.counted_at_institution(institution_ref))
    return counted


def export_rows(user) -> dict[str, list[dict[str, Any]]]:
    return {c.name: c.export(user) for c in registered() if c.export}


def erase(user) -> None:
    for contribution in registered():
        if contribution.erase:
            contribution.erase(user)


def iso(value) -> str | None:
    """A date or time as the JSON export writes it (ISO 8601), or None."""
    return value.isoformat() if value else None
