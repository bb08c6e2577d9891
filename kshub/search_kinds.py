"""The kinds the site search finds, each registered with ``kshub.search``: case
stories, posts, events, sessions with their speakers, institutions, members (what
they show) and public comments, "in the discussion of" what they answer. Each
kind's ranking is its queryset's ``ranked``, written once in its app."""

from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import F, StringAgg, TextField, Value
from django.db.models.functions import Coalesce, Concat
from django.db.models.signals import post_save
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItem

from blog.models import Post
from cases.models import CaseStory
from comments.models import Comment
from core import lexicon
from core.search import safe_snippet
from events.models import Event, Session, Speaker
from members.models import Institution, Profile

from . import search
from .search import Kind, Result, register, total_of, with_total

CASE_FIELDS = (
    "title",
    "slug",
    "summary",
    "language",
    "lead_institution__name",
    "lead_institution__acronym",
)
POST_FIELDS = ("title", "slug", "summary", "language", "published_at")
EVENT_FIELDS = ("title", "slug", "summary", "city", "starts_on")
SESSION_FIELDS = ("title", "slug", "description", "starts_at", "event__slug")
SESSION_FIELDS += ("event__title", "event__short_name")
INSTITUTION_FIELDS = ("name", "acronym", "slug", "description", "country")


def _text(*fields):
    if len(fields) == 1:
        return Coalesce(F(fields[0]), Value(""), output_field=TextField())
    parts = []
    for name in fields:
        parts += [Coalesce(F(name), Value(""), output_field=TextField()), Value(" ")]
    return Concat(*parts[:-1], output_field=TextField())


def _case_stories(q: str, limit: int):
    # Published ones picked after ranking: with the status among the candidates'
    # conditions, the planner ANDs the GIN bitmap of a broad search with a status
    # index that nearly every story passes, at more cost than it saves.
    stories = list(
        with_total(
            CaseStory.objects.matching(q)
            .ranked(q, candidates=search.CANDIDATES)
            .published()
            .select_related("lead_institution")
            .only(*CASE_FIELDS)
        )[:limit]
    )
    return [
        Result(
            kind="case",
            label=_("Case story"),
            title=case.title,
            url=case.get_absolute_url(),
            snippet=safe_snippet(case.snippet),
            meta=case.lead_institution.short_name if case.lead_institution else "",
            rank=float(case.relevance or 0),
            language=case.language,
        )
        for case in stories
    ], total_of(stories)


def _story_tags():
    published = CaseStory.objects.published().values("pk")
    return TaggedItem.objects.filter(
        content_type=ContentType.objects.get_for_model(CaseStory),
        object_id__in=published,
    ).annotate(text=F("tag__name"))


def _posts(q: str, limit: int):
    posts = list(
        with_total(
            Post.objects.published()
            .matching(q)
            .ranked(q, candidates=search.CANDIDATES)
            .only(*POST_FIELDS)
        )[:limit]
    )
    return [
        Result(
            kind="post",
            label=_("Blog post"),
            title=post.title,
            url=post.get_absolute_url(),
            snippet=safe_snippet(post.snippet),
            meta=date_format(post.published_at) if post.published_at else "",
            rank=float(post.relevance or 0),
            language=post.language,
        )
        for post in posts
    ], total_of(posts)


def _events(q: str, limit: int):
    events = list(
        with_total(
            Event.objects.matching(q).ranked(q, candidates=search.CANDIDATES)
        ).only(*EVENT_FIELDS)[:limit]
    )
    return [
        Result(
            kind="event",
            label=_("Event"),
            title=event.title,
            url=event.get_absolute_url(),
            snippet=event.summary,
            meta=", ".join(
                part for part in (event.city, date_format(event.starts_on)) if part
            ),
            rank=float(event.relevance or 0),
            language="en",
        )
        for event in events
    ], total_of(events)


def _sessions(q: str, limit: int):
    sessions = list(
        with_total(
            Session.objects.matching(q)
            .ranked(q, candidates=search.CANDIDATES)
            .annotate(
                speaker_names=StringAgg("speakers__name", Value(", "), default="")
            )
        ).only(*SESSION_FIELDS)[:limit]
    )
    return [
        Result(
            kind="session",
            label=_("Session"),
            title=session.title,
            url=session.get_absolute_url(),
            snippet=session.description[:300],
            meta=" · ".join(
                part for part in (str(session.event), session.speaker_names) if part
            ),
            rank=float(session.relevance or 0),
            language="en",
            names=session.speaker_names,
        )
        for session in sessions
    ], total_of(sessions)


def _institutions(q: str, limit: int):
    institutions = list(
        with_total(
            Institution.objects.verified()
            .matching(q)
            .ranked(q, candidates=search.CANDIDATES)
        ).only(*INSTITUTION_FIELDS)[:limit]
    )
    return [
        Result(
            kind="institution",
            label=_("Institution"),
            title=str(institution),
            url=institution.get_absolute_url(),
            snippet=institution.description[:300],
            meta=institution.country.name if institution.country else "",
            rank=float(institution.relevance or 0),
        )
        for institution in institutions
    ], total_of(institutions)


def _members(q: str, limit: int):
    profiles = list(
        with_total(
            Profile.objects.listed().matching(q).ranked(q, candidates=search.CANDIDATES)
        )[:limit]
    )
    return [_member_result(profile) for profile in profiles], total_of(profiles)


def _member_result(profile) -> Result:
    institution = profile.institution
    shown = profile.show_institution and institution and institution.verified
    return Result(
        kind="member",
        label=_("Member"),
        title=profile.display_name,
        url=profile.get_absolute_url(),
        snippet=profile.position if profile.show_position else "",
        meta=institution.short_name if shown else "",
        rank=float(profile.relevance or 0),
    )


# What a comment's discussion may be: only public content, with what its address
# needs.
DISCUSSIONS = (
    lambda: CaseStory.objects.published().only("title", "slug"),
    lambda: Post.objects.published().only("title", "slug"),
    lambda: Event.objects.only("title", "slug"),
    lambda: Session.objects.select_related("event").only("title", "slug", "event"),
)


def _comments(q: str, limit: int):
    comments = list(
        with_total(
            Comment.objects.matching(q)
            .ranked(q, candidates=search.CANDIDATES)
            .visible()
            .prefetch_related(
                GenericPrefetch(
                    "content_object", [queryset() for queryset in DISCUSSIONS]
                )
            )
        )[:limit]
    )
    return [
        _comment_result(comment)
        for comment in comments
        if comment.content_object is not None
    ], total_of(comments)


def _comment_result(comment) -> Result:
    author = comment.author
    profile = getattr(author, "profile", None) if author else None
    return Result(
        kind="comment",
        label=_("Comment"),
        title=_("In the discussion of “%(title)s”")
        % {"title": comment.content_object.title},
        url=f"{comment.content_object.get_absolute_url()}#comment-{comment.pk}",
        snippet=safe_snippet(comment.snippet),
        meta=profile.display_name if profile else "",
        rank=float(comment.relevance or 0),
        language=comment.language,
    )


register(
    Kind(
        "case",
        _("Case stories"),
        _case_stories,
        words=(
            (
                CaseStory,
                lambda: CaseStory.objects.published().annotate(
                    text=_text("title", "summary")
                ),
            ),
            (TaggedItem, _story_tags),
        ),
    )
)
register(
    Kind(
        "post",
        _("Blog posts"),
        _posts,
        words=(
            (
                Post,
                lambda: Post.objects.published().annotate(
                    text=_text("title", "summary")
                ),
            ),
        ),
    )
)
register(
    Kind(
        "event",
        _("Events"),
        _events,
        words=(
            (
                Event,
                lambda: Event.objects.annotate(
                    text=_text("title", "short_name", "city", "summary")
                ),
            ),
        ),
    )
)
register(
    Kind(
        "session",
        _("Sessions"),
        _sessions,
        words=(
            (
                Session,
                lambda: Session.objects.annotate(text=_text("title", "description")),
            ),
            (
                Speaker,
                lambda: Speaker.objects.annotate(text=_text("name", "position")),
            ),
        ),
    )
)
register(
    Kind(
        "institution",
        _("Institutions"),
        _institutions,
        words=(
            (
                Institution,
                lambda: Institution.objects.verified().annotate(
                    text=_text("name", "acronym")
                ),
            ),
        ),
    )
)
register(
    Kind(
        "member",
        _("Members"),
        _members,
        words=(
            (
                Profile,
                lambda: Profile.objects.listed().annotate(text=_text("display_name")),
            ),
        ),
    )
)
register(Kind("comment", _("Comments"), _comments))


def _add_words(source, sender, instance, **kwargs) -> None:
    lexicon.add(source().filter(pk=instance.pk))


def connect_lexicon() -> None:
    """Count the words of every public row as it is saved, in the same transaction:
    a word written today is proposed today."""
    from .search import KINDS

    for kind in KINDS.values():
        for model, source in kind.words:
            post_save.connect(
                partial(_add_words, source),
                sender=model,
                weak=False,
                dispatch_uid=f"kshub.lexicon.{kind.name}.{model._meta.label}",
            )
