"""What happened that members may want to hear of, told by the app it happened in.

An app announces a happening (``announce("comment_posted", comment=...)``) from a
task or an on-commit hook; the app that mails members (``notifications``, higher up)
listens from its ``AppConfig.ready()``. The announcing app never knows who listens,
so it never imports the floor above it, and nothing breaks when nobody does.
"""

from collections.abc import Callable

# The happenings announced, and what each carries.
COMMENT_POSTED = "comment_posted"  # comment: a visible Comment
PUBLISHED = "published"  # item: a story or post now public
REGISTERED = "registered"  # member, event: a registration (any status)
REQUEST_MATCHED = "request_matched"  # member, request, offer
CREATED = "created"  # member, item: content a member wrote (a draft too)

_LISTENERS: list[Callable] = []


def listen(listener: Callable) -> None:
    """Call ``listener(happening, **data)`` for every announcement from now on."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def listening() -> bool:
    return bool(_LISTENERS)


def announce(happening: str, **data) -> None:
    for listener in _LISTENERS:
        listener(happening, **data)
