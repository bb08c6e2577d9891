"""Writes the importer makes in bulk for a batch: tags, search vectors and the
figures of topics, the same values the apps' own services keep one by one."""

from collections.abc import Collection

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Count,
    F,
    Max,
    OuterRef,
    StringAgg,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce, Greatest
from taggit.models import Tag, TaggedItem

from blog.models import Post
from comments.models import Comment
from core.search import configs_for, weighted_vector
from discussions.models import Topic
from taxonomy.models import ThemeTag
from taxonomy.services import link_tags


def set_tags(
    model, tagged: list[tuple[object, list[str]]], *, replaced: Collection[int] = ()
) -> None:
    """Give each object exactly its tags (taggit's own tables); ``replaced`` are
    the objects that had tags before (those just created have none to delete)."""
    content_type = ContentType.objects.get_for_model(model)
    if replaced:
        TaggedItem.objects.filter(
            content_type=content_type, object_id__in=list(replaced)
        ).delete()
    names = {name for _obj, tags in tagged for name in tags}
    if not names:
        return
    tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    for name in sorted(names - tags.keys()):
        tags[name] = Tag.objects.create(name=name)  # taggit gives it a free slug
    TaggedItem.objects.bulk_create(
        (
            TaggedItem(content_type=content_type, object_id=obj.pk, tag=tags[name])
            for obj, names in tagged
            for name in names
        ),
        ignore_conflicts=True,
    )
    # Each tag names a theme, as a member's tags do (Ning content is in English);
    # the same few tags come back batch after batch, so those already linked are
    # found in one query rather than one each.
    linked = set(
        ThemeTag.objects.filter(tag__in=tags.values()).values_list("tag_id", flat=True)
    )
    unlinked = [tag for tag in tags.values() if tag.pk not in linked]
    if unlinked:
        link_tags(unlinked, language="en")


def _tag_names(model):
    names = (
        TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=OuterRef("pk"),
        )
        .values("object_id")
        .annotate(names=StringAgg("tag__name", Value(" "), order_by="tag__name"))
        .values("names")
    )
    return Coalesce(Subquery(names), Value(""), output_field=TextField())


def refresh_search(model, pks: list[int]) -> None:
    """The search vectors of posts or topics, as blog.services and
    discussions.services build them, one UPDATE per language."""
    if not pks:
        return
    rows = model.objects.filter(pk__in=pks)
    for language in rows.order_by().values_list("language", flat=True).distinct():
        weights = {"a": ["title"], "c": ["body"], "d": [_tag_names(model)]}
        if model is Post:
            weights["b"] = ["summary"]
        rows.filter(language=language).update(
            search_vector=weighted_vector(configs_for(language), **weights)
        )


def refresh_topic_figures(topic_ids: list[int]) -> None:
    """Reply counts and last activity of topics from their visible comments."""
    if not topic_ids:
        return
    replies = Comment.objects.filter(
        content_type=ContentType.objects.get_for_model(Topic),
        object_id=OuterRef("pk"),
        status=Comment.Status.VISIBLE,
    ).order_by()
    count = replies.values("object_id").annotate(n=Count("pk")).values("n")
    latest = replies.values("object_id").annotate(at=Max("created_at")).values("at")
    Topic.objects.filter(pk__in=topic_ids).update(
        reply_count=Coalesce(Subquery(count), 0),
        last_activity_at=Greatest(
            F("created_at"), Coalesce(Subquery(latest), F("created_at"))
        ),
    )
