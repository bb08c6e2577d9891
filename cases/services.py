"""Write layer for case stories: contributing, reviewing, attachments, views.

Every function takes keyword-only arguments, checks who acts, and leaves the search
vector up to date. The moderation desk calls the moderator services directly.
"""

import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.permissions import require_moderator
from core.ratelimit import CONTRIBUTION_LIMIT, MemberLimit
from core.review import Workflow
from core.slugs import unique_slug
from core.text import check_markdown_length
from members.access import edits_for, require_participant
from members.models import Institution
from taxonomy.services import set_tags

from .attachments import detect_content_type
from .models import Attachment, CaseStory, Dimension
from .tasks import notify_moderators_of_submission, send_rejection_email
from .vectors import refresh_search_vector, refresh_search_vectors

__all__ = ["refresh_search_vector", "refresh_search_vectors"]

EDITABLE_STATUSES = {CaseStory.Status.DRAFT, CaseStory.Status.REJECTED}
MAX_ATTACHMENTS = 10
# Per member, across all their stories: uploads are the costliest thing to accept.
UPLOAD_LIMIT = MemberLimit(
    scope="cases:upload", limit=30, new_account_limit=10, period=60 * 60
)
MARKDOWN_FIELDS = ("context", "challenge", "solution", "results", "lessons")
# Paths under /cases/ that a story's slug must not take.
RESERVED_SLUGS = {"new", "feed"}
CONTENT_FIELDS = (
    "title",
    "summary",
    "context",
    "challenge",
    "solution",
    "results",
    "lessons",
    "lead_institution",
    "countries",
    "year",
    "language",
)


class UploadRateLimited(ValidationError):
    """Too many uploads in a short time; the view answers 429 with the message."""


# Moderation -----------------------------------------------------------------


WORKFLOW = Workflow(
    already_published=gettext_lazy("This case story is already published."),
    already_archived=gettext_lazy("This case story is already archived."),
    only_published_featured=gettext_lazy(
        "Only published case stories can be featured."
    ),
    reason_required=gettext_lazy("Tell the author why the story is rejected."),
    rejectable={CaseStory.Status.SUBMITTED, CaseStory.Status.PUBLISHED},
    not_rejectable=gettext_lazy("Only submitted or published stories can be rejected."),
    notify_rejection=lambda case_story, reason: send_rejection_email.enqueue(
        case_story.pk
    ),
    draft_not_publishable=gettext_lazy(
        "A draft must be submitted before it is published."
    ),
)


def publish_case_story(*, case_story: CaseStory, moderator) -> CaseStory:
    """Make a story public: it appears in lists, feeds, search and the sitemap."""
    return WORKFLOW.publish(case_story, moderator=moderator)


def reject_case_story(*, case_story: CaseStory, moderator, reason: str) -> CaseStory:
    """Send a submitted story back to its author with the reason, by e-mail."""
    return WORKFLOW.reject(case_story, moderator=moderator, reason=reason)


def feature_case_story(
    *, case_story: CaseStory, moderator, featured: bool = True
) -> CaseStory:
    """Show a published story on the home page, or stop showing it."""
    return WORKFLOW.feature(case_story, moderator=moderator, featured=featured)


def archive_case_story(*, case_story: CaseStory, moderator) -> CaseStory:
    """Withdraw a story from public lists; its author and moderators still see it."""
    return WORKFLOW.archive(case_story, moderator=moderator)


# Contributing ---------------------------------------------------------------


@transaction.atomic
def create_case_story(
    *,
    author,
    title: str,
    summary: str,
    context: str = "",
    challenge: str = "",
    solution: str = "",
    results: str = "",
    lessons: str = "",
    lead_institution: Institution | None = None,
    partner_institutions: Iterable[Institution] = (),
    countries: Iterable[str] = (),
    year: int | None = None,
    language: str = "en",
    dimensions: Iterable[Dimension] = (),
    tags: Iterable[str] = (),
) -> CaseStory:
    """A new draft by a verified member."""
    require_participant(author)
    CONTRIBUTION_LIMIT.check(author)
    case_story = CaseStory(
        author=author,
        slug=unique_slug(
            CaseStory.objects.all(),
            title,
            fallback="case-story",
            reserved=RESERVED_SLUGS,
        ),
        status=CaseStory.Status.DRAFT,
    )
    _apply(
        case_story,
        title=title,
        summary=summary,
        context=context,
        challenge=challenge,
        solution=solution,
        results=results,
        lessons=lessons,
        lead_institution=lead_institution,
        countries=countries,
        year=year,
        language=language,
    )
    case_story.full_clean(exclude=["search_vector"])
    case_story.save()
    _set_relations(
        case_story,
        partner_institutions=partner_institutions,
        dimensions=dimensions,
        tags=tags,
    )
    refresh_search_vector(case_story=case_story)
    return case_story


@transaction.atomic
def update_case_story(*, case_story: CaseStory, author, **changes) -> CaseStory:
    """Change a draft or rejected story; only its author or its lead
    institution's editors may (moderators use the admin). An editor leaves the
    story with their institution. ``changes`` takes the same names as
    :func:`create_case_story`."""
    require_participant(author)
    CONTRIBUTION_LIMIT.check(author)
    case_story = _locked(case_story)
    _require_editable(case_story, author)
    if case_story.author_id != author.pk:
        changes.pop("lead_institution", None)
    unknown = set(changes) - {
        *CONTENT_FIELDS,
        "partner_institutions",
        "dimensions",
        "tags",
    }
    if unknown:
        raise TypeError(f"Unknown case story fields: {', '.join(sorted(unknown))}")
    _apply(case_story, **{k: v for k, v in changes.items() if k in CONTENT_FIELDS})
    case_story.full_clean(exclude=["search_vector"])
    case_story.save()
    _set_relations(
        case_story,
        partner_institutions=changes.get("partner_institutions"),
        dimensions=changes.get("dimensions"),
        tags=changes.get("tags"),
    )
    refresh_search_vector(case_story=case_story)
    return case_story


@transaction.atomic
def submit_case_story(*, case_story: CaseStory, author) -> CaseStory:
    """Put a draft (or a rejected story, once revised) in the moderation queue."""
    require_participant(author)
    case_story = _locked(case_story)
    _require_editable(case_story, author)
    problems = []
    if not case_story.summary.strip():
        problems.append(_("Write a summary."))
    if not any(text.strip() for _heading, text in case_story.sections):
        problems.append(_("Tell the story in at least one section."))
    if not case_story.dimensions.exists():
        problems.append(_("Choose at least one KS dimension."))
    if problems:
        raise ValidationError(problems)
    case_story.status = CaseStory.Status.SUBMITTED
    case_story.save(update_fields=["status", "updated_at"])
    story_id = case_story.pk
    transaction.on_commit(lambda: notify_moderators_of_submission.enqueue(story_id))
    return case_story


@transaction.atomic
def add_attachment(*, case_story: CaseStory, uploaded_file, author) -> Attachment:
    """Attach a PDF, PNG or JPEG, recognised by its content, never by its name."""
    require_participant(author)
    if not getattr(author, "is_moderator", False):
        _require_editable(case_story, author)
    # Every attempt counts, refused files too, before the file is read.
    if UPLOAD_LIMIT.exceeded_by(author):
        raise UploadRateLimited(
            _("You have uploaded many files lately. Please try again later."),
            code="rate_limited",
        )
    max_bytes = settings.ATTACHMENT_MAX_BYTES
    if uploaded_file.size > max_bytes:
        raise ValidationError(
            _("The file is too large: at most %(size)s MB.")
            % {"size": round(max_bytes / (1024 * 1024), 1)}
        )
    if case_story.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError(
            _("A case story has at most %(count)d attachments.")
            % {"count": MAX_ATTACHMENTS}
        )
    content_type = detect_content_type(uploaded_file)
    if content_type is None:
        raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."))
    original_name = (uploaded_file.name or "attachment").rsplit("/", 1)[-1][:200]
    attachment = Attachment(
        case_story=case_story,
        token=secrets.token_hex(16),
        original_name=original_name,
        content_type=content_type,
        size=uploaded_file.size,
    )
    uploaded_file.seek(0)
    attachment.file.save(original_name, uploaded_file, save=False)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, attachment: Attachment, author) -> None:
    require_participant(author)
    if not getattr(author, "is_moderator", False):
        _require_editable(attachment.case_story, author)
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))


# Search vector --------------------------------------------------------------


@transaction.atomic
def rename_dimension(*, dimension: Dimension, name: str, moderator) -> Dimension:
    """Give a KS dimension another name; the stored search vectors of its stories,
    which hold its names, follow in the same transaction."""
    require_moderator(moderator)
    dimension.name = name.strip()
    dimension.full_clean()
    dimension.save(update_fields=["name"])
    refresh_search_vectors(CaseStory.objects.filter(dimensions=dimension))
    audit.record(actor=moderator, action="dimension.rename", target=dimension)
    return dimension


# Helpers --------------------------------------------------------------------


def _locked(case_story: CaseStory) -> CaseStory:
    """The current row, locked until the transaction ends, so two moderators acting
    at once see each other's decision."""
    return CaseStory.objects.select_for_update(of=("self",)).get(pk=case_story.pk)


def may_edit(case_story: CaseStory, user) -> bool:
    """Its author, or an editor of its lead institution (``members.roles``)."""
    return (user.is_authenticated and case_story.author_id == user.pk) or edits_for(
        user, case_story.lead_institution_id
    )


def _require_editable(case_story: CaseStory, author) -> None:
    if not may_edit(case_story, author):
        raise PermissionDenied(
            _("Only the author or the institution's editors may change this story.")
        )
    if case_story.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Only drafts and rejected case stories can be changed.")
        )


def _apply(case_story: CaseStory, **fields) -> None:
    for name, value in fields.items():
        if name == "countries":
            value = sorted({code.upper() for code in value or ()})
        elif isinstance(value, str):
            value = value.strip()
        setattr(case_story, name, value)
    check_markdown_length(
        **{name: getattr(case_story, name) for name in MARKDOWN_FIELDS}
    )


def _set_relations(case_story, *, partner_institutions, dimensions, tags) -> None:
    if partner_institutions is not None:
        # The lead institution is counted once, as the lead.
        case_story.partner_institutions.set(
            [
                institution
                for institution in partner_institutions
                if institution.pk != case_story.lead_institution_id
            ]
        )
    elif case_story.lead_institution_id:
        case_story.partner_institutions.remove(case_story.lead_institution_id)
    if dimensions is not None:
        case_story.dimensions.set(list(dimensions))
    if tags is not None:
        set_tags(case_story, tags, language=case_story.language)


# A member leaves ---------------------------------------------------------------


@transaction.atomic
def delete_unpublished_case_stories(*, author) -> None:
    """When a member deletes their account: their drafts, submissions and rejected
    stories go with them; published ones belong to the community and stay."""
    CaseStory.objects.filter(author=author).unpublished().delete()
