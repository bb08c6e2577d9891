"""Read layer for comments."""

from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce

from core.search import best_candidates, headline, matches, rank

PUBLIC_STATUSES = ["visible", "removed"]


@cache
def _of_reader_sql() -> str:
    from .models import Comment, Flag

    comment, flag = Comment._meta, Flag._meta
    flagged = f"""SELECT 1 FROM {flag.db_table} f
        WHERE f.{flag.get_field("comment").column} = c.id
        AND f.{flag.get_field("member").column} = %s"""  # noqa: S608
    # Table and column names from the models' metadata; values are parameters.
    return f"""
        SELECT c.*, EXISTS ({flagged}) AS flagged
        FROM {comment.db_table} c
        WHERE c.{comment.get_field("content_type").column} = %s
            AND c.{comment.get_field("object_id").column} = %s
            AND (c.{comment.get_field("author").column} = %s OR EXISTS ({flagged}))
    """  # noqa: S608


class CommentQuerySet(models.QuerySet):
    def of_reader(self, obj, member) -> list:
        """The comments under ``obj`` that ``member`` wrote or flagged, each with
        ``flagged``. Asked on every page a member reads a discussion on, so it is
        written out as SQL: the ORM took longer to compile it than to run it."""
        content_type = ContentType.objects.get_for_model(obj)
        params = [member.pk, content_type.pk, obj.pk, member.pk, member.pk]
        return list(self.model._default_manager.raw(_of_reader_sql(), params))

    def stakeholders_in(self, obj) -> frozenset:
        """The ids of the members who commented or flagged under ``obj``."""
        from .models import Flag

        under = self.on(obj)
        flaggers = Flag.objects.filter(comment__in=under).values_list("member_id")
        # No ordering: the models' own would name columns the union lacks.
        authors = under.values_list("author_id", flat=True)
        return frozenset(authors.union(flaggers).order_by())

    def on(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
        )

    def public(self):
        """Shown in threads: visible ones, and removed ones keeping replies' place."""
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible(self):
        return self.filter(status="visible")

    def matching(self, q: str):
        """Full-text matches, each in the configuration of the comment's language."""
        return self.filter(matches(q))

    def ranked(self, q: str, *, candidates: int, snippet: bool = True):
        """Of the first ``candidates`` matches, the best first, as ``relevance``,
        with the author's profile and a highlighted ``snippet`` unless not asked
        for (the site search cuts those of the results it shows)."""
        ranked = (
            best_candidates(self, candidates)
            .select_related("author__profile", "content_type")
            .annotate(relevance=rank(q))
            .order_by("-relevance", "-created_at")
        )
        return ranked.with_snippet(q) if snippet else ranked

    def with_snippet(self, q: str):
        """Each comment with a highlighted ``snippet`` of its text."""
        return self.annotate(snippet=headline(q, models.F("body")))

    def thread(self):
        """Top-level comments with their shown replies, in two queries (a relation
        not joined here comes for every comment in one query). A hidden comment
        still holds its place (as a placeholder) when it has shown replies."""
        shown_replies = self.model.objects.filter(
            parent=models.OuterRef("pk"), status__in=PUBLIC_STATUSES
        )
        return (
            self.filter(parent__isnull=True)
            .filter(models.Q(status__in=PUBLIC_STATUSES) | models.Exists(shown_replies))
            .select_related("author__profile__institution")
            .prefetch_related(
                models.Prefetch(
                    "replies",
                    queryset=self.model.objects.public().select_related(
                        "author__profile__institution"
                    ),
                )
            )
            .fetch_mode(models.FETCH_PEERS)
        )

    def flagged(self):
        """For the moderators: hidden pending review, or shown with open flags."""
        from .models import Flag

        open_flags = models.Exists(
            Flag.objects.filter(
                comment=models.OuterRef("pk"), dismissed_at__isnull=True
            )
        )
        return self.filter(
            models.Q(status="pending") | models.Q(open_flags, status="visible")
        )


def annotate_comment_counts(queryset, name: str = "comment_count"):
    """Add the number of visible comments to every object of a list, in the same
    query: ``annotate_comment_counts(Post.objects.published())``."""
    from .models import Comment

    content_type = ContentType.objects.get_for_model(queryset.model)
    counts = (
        Comment.objects.filter(
            content_type=content_type,
            object_id=models.OuterRef("pk"),
            status="visible",
        )
        .order_by()
        .values("object_id")
        .annotate(count=models.Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        **{
            name: Coalesce(
                models.Subquery(counts, output_field=models.IntegerField()), 0
            )
        }
    )
