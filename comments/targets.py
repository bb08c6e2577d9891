"""What may be commented on: a registry of commentable models by "app_label.model"."""

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
_SELECT_RELATED = {"events.session": ["event"]}


def label_for(obj) -> str:
    return obj._meta.label_lower


def is_commentable(obj) -> bool:
    label = label_for(obj)
    if label not in COMMENTABLE:
        return False
    required_status = COMMENTABLE[label]
    return required_status is None or getattr(obj, "status", None) == required_status


def get_target(label: str, pk):
    """The commentable object named by a form's label and id, or None."""
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
    if target is None or not is_commentable(target):
        return None
    return target


def content_author(target):
    """Who wrote the content (case stories and posts have an author), or None."""
    return getattr(target, "author", None)
