"""The comments of a batch of Ning items (their ``comments`` list), in the
batch's transaction; a discussion's comments are its replies."""

import hashlib

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from comments.language import detect_language
from comments.models import Comment
from discussions.models import Topic

from .builders import Refused, comment_fields
from .copying import copy_rows, next_ids
from .models import ImportedItem
from .reading import Item, author_of
from .run import Run, fingerprint
from .writing import refresh_topic_figures

KIND = "comments"


def comment_id(item: Item, data: dict) -> str:
    """Its Ning id; for the rare comment without one, one made from what it says."""
    if data.get("id"):
        return str(data["id"])
    text = f"{author_of(data)}|{data.get('createdDate')}|{data.get('description')}"
    digest = hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()
    return f"{item.ning_id}/comment/{digest[:16]}"


def _comments(item: Item) -> list[dict]:
    comments = item.data.get("comments") or []
    return (
        [c for c in comments if isinstance(c, dict)]
        if isinstance(comments, list)
        else []
    )


def import_comments(run: Run, model, done: list[tuple[Item, int | None]]) -> None:
    wanted = [(item, data) for item, _pk in done for data in _comments(item)]
    if not wanted:
        if model is Topic and not run.dry_run:
            refresh_topic_figures([pk for _item, pk in done if pk])
        return
    records = ImportedItem.objects.by_ning_id(
        ImportedItem.Kind.COMMENT, [comment_id(item, data) for item, data in wanted]
    )
    content_type = ContentType.objects.get_for_model(model)
    new, changed = [], []
    for item, target in done:
        for data in _comments(item):
            ning_id, mark = comment_id(item, data), fingerprint(data)
            record = records.get(ning_id)
            if record is not None and record.fingerprint == mark:
                run.count(KIND, "skip")
                continue
            try:
                fields = comment_fields(data, run.zone, run.resolver(item))
            except Refused as refusal:
                run.refuse(item, f"a comment: {refusal}", ning_id)
                continue
            fields["author_id"] = run.author(author_of(data))
            if record is not None:
                changed.append((record, mark, fields))
            else:
                new.append((ning_id, mark, content_type, target, fields))
    if run.dry_run:
        run.count(KIND, "create", len(new))
        run.count(KIND, "update", len(changed))
        return
    _create(run, new)
    _update(run, changed)
    if model is Topic:
        refresh_topic_figures([pk for _item, pk in done if pk])


COMMENT_COLUMNS = [
    "id",
    "content_type_id",
    "object_id",
    "author_id",
    "body",
    "language",
    "status",
    "created_at",
]
RECORD_COLUMNS = [
    "id",
    "kind",
    "ning_id",
    "content_type_id",
    "object_id",
    "ning_path",
    "fingerprint",
    "imported_at",
    "updated_at",
]


def _create(run: Run, new) -> None:
    ids = next_ids(Comment, len(new))
    rows = []
    for pk, (_id, _mark, content_type, target, fields) in zip(ids, new, strict=True):
        author, body, at = fields["author_id"], fields["body"], fields["created_at"]
        language, status = detect_language(body), Comment.Status.VISIBLE
        rows.append((pk, content_type.pk, target, author, body, language, status, at))
    copy_rows(Comment, COMMENT_COLUMNS, rows)
    comment_type = ContentType.objects.get_for_model(Comment).pk
    now, kind = timezone.now(), ImportedItem.Kind.COMMENT
    records = next_ids(ImportedItem, len(new))
    copy_rows(
        ImportedItem,
        RECORD_COLUMNS,
        [
            (record, kind, ning_id, comment_type, pk, "", mark, now, now)
            for record, pk, (ning_id, mark, *_rest) in zip(
                records, ids, new, strict=True
            )
        ],
    )
    run.count(KIND, "create", len(new))


def _update(run: Run, changed) -> None:
    now = timezone.now()
    for record, mark, fields in changed:
        Comment.objects.filter(pk=record.object_id).update(**fields)
        record.fingerprint, record.updated_at = mark, now
    ImportedItem.objects.bulk_update(
        [record for record, _mark, _fields in changed], ["fingerprint", "updated_at"]
    )
    run.count(KIND, "update", len(changed))
