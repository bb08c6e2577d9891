"""What may be commented on: a registry of commentable models by "app_label.model".

The apps below comments are listed here; an app above registers its own models from
its ``AppConfig.ready()`` with :func:`register`, naming the rules that only it knows
(who may read an object, whether it takes replies now, what a new reply changes)."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps

# For each commentable model, the status its objects must have to accept comments
# (None: every object does).
COMMENTABLE: dict[str, str | None] = {
    "cases.casestory": "published",
    "blog.post": "published",
    "events.event": None,
    "events.session": None,
}

# Related objects each target needs to build its address without another query.
_SELECT_RELATED: dict[str, list[str]] = {"events.session": ["event"]}


@dataclass(frozen=True)
class Rules:
    """A registered model's own rules; each is called with the object and a user
    (``None`` when no one in particular asks)."""

    readable_by: Callable | None = None  # (obj, user) -> bool: may see the thread
    accepts_from: Callable | None = None  # (obj, member or None) -> bool: open now
    on_posted: Callable | None = None  # (obj, comment) -> None, in the transaction


_RULES: dict[str, Rules] = {}


def register(
    label: str,
    *,
    status: str | None = None,
    select_related: Iterable[str] = (),
    readable_by: Callable | None = None,
    accepts_from: Callable | None = None,
    on_posted: Callable | None = None,
) -> None:
    """Make a higher app's model commentable (called from its AppConfig.ready())."""
    label = label.lower()
    COMMENTABLE[label] = status
    if select_related:
        _SELECT_RELATED[label] = list(select_related)
    _RULES[label] = Rules(readable_by, accepts_from, on_posted)


def label_for(obj) -> str:
    return obj._meta.label_lower


def _in_commentable_state(obj) -> bool:
    label = label_for(obj)
    if label not in COMMENTABLE:
        return False
    required_status = COMMENTABLE[label]
    return required_status is None or getattr(obj, "status", None) == required_status


def is_commentable(obj, member=None) -> bool:
    """Open for comments now; with ``member``, open to that member."""
    if not _in_commentable_state(obj):
        return False
    label = label_for(obj)
    rules = _RULES.get(label)
    return (
        rules is None or rules.accepts_from is None or rules.accepts_from(obj, member)
    )


def can_read(obj, user) -> bool:
    """Whether ``user`` may see the discussion under ``obj`` (its comments too)."""
    rules = _RULES.get(label_for(obj))
    return rules is None or rules.readable_by is None or rules.readable_by(obj, user)


def posted(obj, comment) -> None:
    """Tell the target's app that a comment arrived (counts, last activity)."""
    rules = _RULES.get(label_for(obj))
    if rules is not None and rules.on_posted is not None:
        rules.on_posted(obj, comment)


def get_target(label: str, pk):
    """The commentable object named by a form's label and id, or None. One that is
    only closed for now (a closed topic) is returned: the service says why."""
    label = (label or "").lower()
    if label not in COMMENTABLE:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    model = apps.get_model(label)
    queryset = model._default_manager.all()
    if label in _SELECT_RELATED:
        queryset = queryset.select_related(*_SELECT_RELATED[label])
    target = queryset.filter(pk=pk).first()
    if target is None or not _in_commentable_state(target):
        return None
    return target


def content_author(target):
    """Who wrote the content (case stories and posts have an author), or None."""
    return getattr(target, "author", None)
