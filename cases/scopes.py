"""What a scoped moderator covers among case stories: their KS dimensions and
their language (see ``members.scopes``)."""

from django.db.models import Q

from members import scopes

from .models import CaseStory, Dimension


def _scopes_of(story: CaseStory):
    yield ("language", story.language)
    for slug in story.dimensions.values_list("slug", flat=True):
        yield ("dimension", slug)


def _condition(kind: str, keys: frozenset[str]) -> Q | None:
    if kind == "dimension":
        stories = CaseStory.objects.filter(dimensions__slug__in=keys)
        return Q(pk__in=stories.values("pk"))
    if kind == "language":
        return Q(language__in=keys)
    return None


def register_scopes() -> None:
    scopes.register(CaseStory, scopes_of=_scopes_of, condition=_condition)
    scopes.register_keys(
        "dimension", lambda: Dimension.objects.values_list("slug", flat=True)
    )
