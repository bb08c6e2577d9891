"""Write layer for knowledge exchange: posting requests and offers, and the private
threads between two institutions (the exchanges they agree: ``agreements``).

Every function takes keyword-only arguments, checks who acts, and sends its mail
once the transaction is committed (see ``tasks``)."""

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.translation import gettext as _

from core import notices
from core.ratelimit import MemberLimit
from core.search import configs_for, weighted_vector
from core.slugs import unique_slug
from members.access import require_participant
from members.models import Institution
from taxonomy.services import set_tags

from . import tasks
from .models import (
    KnowledgeOffer,
    KnowledgeRequest,
    Listing,
    Message,
    Side,
    Thread,
)

RESERVED_SLUGS = {"new", "feed"}
LISTING_FIELDS = (
    "title",
    "summary",
    "body",
    "countries",
    "languages",
    "modalities",
    "language",
)
REQUEST_FIELDS = (*LISTING_FIELDS, "context", "needed_by")
OFFER_FIELDS = (*LISTING_FIELDS, "capacity")
MESSAGE_LIMIT = MemberLimit(
    scope="exchanges:message", limit=60, new_account_limit=15, period=60 * 60
)


class MessageRateLimited(ValidationError):
    """Too many messages in a short time; the view answers 429 with the message."""


def institution_of(member) -> Institution | None:
    profile = getattr(member, "profile", None)
    return getattr(profile, "institution", None)


def require_posting_member(member, institution: Institution | None) -> Institution:
    """The member's own institution, verified or still waiting to be: a listing
    from an unverified one is held for review rather than refused."""
    require_participant(member)
    own = institution_of(member)
    if own is None:
        raise PermissionDenied(
            _("Choose your institution on your profile to take part.")
        )
    if institution is not None and institution.pk != own.pk:
        raise ValidationError(
            {"institution": _("You can only post for your own institution.")}
        )
    return own


def require_verified_member(member, institution: Institution | None) -> Institution:
    """The member's own institution, verified; else a clear refusal."""
    own = require_posting_member(member, institution)
    if not own.verified:
        raise PermissionDenied(
            _("Join a verified institution on your profile to take part.")
        )
    return own


# Requests and offers --------------------------------------------------------


@transaction.atomic
def create_request(*, member, institution=None, dimensions, tags=(), **fields):
    """A request, published at once for a member of a verified institution (the
    institutions offering its dimensions or themes are told by e-mail), held for
    a moderator's review otherwise."""
    own = require_posting_member(member, institution)
    item = _create(KnowledgeRequest, own, member, dimensions, tags, fields)
    if item.is_listed:
        transaction.on_commit(lambda: tasks.notify_matching_offers.enqueue(item.pk))
    return item


@transaction.atomic
def create_offer(
    *, member, institution=None, dimensions, tags=(), case_stories=(), **fields
):
    own = require_posting_member(member, institution)
    item = _create(KnowledgeOffer, own, member, dimensions, tags, fields)
    item.case_stories.set(list(case_stories))
    transaction.on_commit(
        partial(notices.announce, notices.CREATED, member=member, item=item),
        robust=True,
    )
    return item


@transaction.atomic
def update_listing(
    *, item: Listing, member, dimensions=None, tags=None, case_stories=None, **fields
):
    """Change a request or an offer: its contact member or a moderator."""
    require_participant(member)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if not (member.is_moderator or item.contact_id == member.pk):
        raise PermissionDenied(_("Only its contact member may change this."))
    allowed = REQUEST_FIELDS if item.kind == "request" else OFFER_FIELDS
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    _apply(item, fields)
    item.full_clean(exclude=["search_vector", "institution", "contact"])
    item.save()
    _relate(item, dimensions, tags)
    if case_stories is not None and item.kind == "offer":
        item.case_stories.set(list(case_stories))
    refresh_search_vector(item=item)
    return item


def _create(model, institution, member, dimensions, tags, fields):
    allowed = REQUEST_FIELDS if model is KnowledgeRequest else OFFER_FIELDS
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")
    dimensions = list(dimensions)
    if not dimensions:
        raise ValidationError({"dimensions": _("Choose at least one KS dimension.")})
    item = model(
        institution=institution,
        contact=member,
        awaiting_review=not institution.verified,
    )
    _apply(item, fields)
    item.slug = unique_slug(
        model.objects.all(),
        item.title,
        fallback=model.kind,
        max_length=200,
        reserved=RESERVED_SLUGS,
    )
    item.full_clean(exclude=["search_vector"])
    item.save()
    _relate(item, dimensions, tags)
    refresh_search_vector(item=item)
    return item


def _apply(item, fields: dict) -> None:
    for name, value in fields.items():
        if name == "countries":
            value = sorted({code.upper() for code in value or ()})
        elif name in ("languages", "modalities"):
            value = sorted(set(value or ()))
        elif isinstance(value, str):
            value = value.strip()
        setattr(item, name, value)


def _relate(item, dimensions, tags) -> None:
    if dimensions is not None:
        item.dimensions.set(list(dimensions))
    if tags is not None:
        set_tags(item, tags, language="en")


def refresh_search_vector(*, item: Listing) -> None:
    """Title A, summary B, the longer texts C, themes and institution D."""
    institution = item.institution
    names = [institution.name, institution.acronym] if institution else []
    extra = " ".join([*item.tags.names(), *filter(None, names)])
    longer = ["body", "context"] if item.kind == "request" else ["body"]
    type(item).objects.filter(pk=item.pk).update(
        search_vector=weighted_vector(
            configs_for(item.language),
            a=["title"],
            b=["summary"],
            c=longer,
            d=[Value(extra)],
        )
    )


@transaction.atomic
def close_request(*, request: KnowledgeRequest, member, status: str):
    """Close a request as fulfilled or withdrawn: its contact or a moderator."""
    require_participant(member)
    request = KnowledgeRequest.objects.select_for_update().get(pk=request.pk)
    if not (member.is_moderator or request.contact_id == member.pk):
        raise PermissionDenied(_("Only its contact member may close this request."))
    if status not in (
        KnowledgeRequest.Status.FULFILLED,
        KnowledgeRequest.Status.WITHDRAWN,
    ):
        raise ValidationError(_("A request is closed as fulfilled or withdrawn."))
    if not request.is_active:
        raise ValidationError(_("This request is already closed."))
    request.status = status
    request.closed_at = timezone.now()
    request.save(update_fields=["status", "closed_at", "updated_at"])
    return request


@transaction.atomic
def set_offer_status(*, offer: KnowledgeOffer, member, status: str):
    """Open, pause or withdraw an offer: its contact or a moderator."""
    require_participant(member)
    offer = KnowledgeOffer.objects.select_for_update().get(pk=offer.pk)
    if not (member.is_moderator or offer.contact_id == member.pk):
        raise PermissionDenied(_("Only its contact member may change this offer."))
    if status not in KnowledgeOffer.Status.values:
        raise ValidationError(_("Unknown status."))
    if offer.status == KnowledgeOffer.Status.WITHDRAWN:
        raise ValidationError(_("A withdrawn offer stays withdrawn."))
    offer.status = status
    offer.save(update_fields=["status", "updated_at"])
    return offer


# Private threads ------------------------------------------------------------


@transaction.atomic
def offer_help(*, member, request: KnowledgeRequest, message: str) -> Thread:
    """ "I can help": a member of another institution writes to the requester."""
    provider = require_verified_member(member, None)
    request = KnowledgeRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_listed or request.status not in (
        KnowledgeRequest.Status.OPEN,
        KnowledgeRequest.Status.CONVERSATION,
    ):
        raise ValidationError(_("This request no longer takes offers of help."))
    if request.institution_id == provider.pk or request.contact_id == member.pk:
        raise ValidationError(_("Your institution posted this request."))
    thread = _open_thread(
        member=member,
        message=message,
        request=request,
        seeker=request.institution,
        provider=provider,
        others=[request.contact],
        duplicate=_("Your institution has already offered help with this request."),
    )
    if request.status == KnowledgeRequest.Status.OPEN:
        request.status = KnowledgeRequest.Status.CONVERSATION
        request.save(update_fields=["status", "updated_at"])
    return thread


@transaction.atomic
def ask_offer(*, member, offer: KnowledgeOffer, message: str) -> Thread:
    """ "Ask them": a member writes to the institution that offers."""
    seeker = require_verified_member(member, None)
    if not offer.is_listed or not offer.is_active:
        raise ValidationError(_("This offer is not open at the moment."))
    if offer.institution_id == seeker.pk or offer.contact_id == member.pk:
        raise ValidationError(_("Your institution made this offer."))
    return _open_thread(
        member=member,
        message=message,
        offer=offer,
        seeker=seeker,
        provider=offer.institution,
        others=[offer.contact],
        duplicate=_("Your institution has already asked about this offer."),
    )


@transaction.atomic
def introduce(
    *, moderator, request: KnowledgeRequest, offer: KnowledgeOffer, message: str
) -> Thread:
    """A moderator, as broker, puts a request and an offer in touch."""
    if not (moderator.is_authenticated and moderator.is_moderator):
        raise PermissionDenied(_("Only moderators introduce institutions."))
    if request.institution_id and request.institution_id == offer.institution_id:
        raise ValidationError(_("The request and the offer come from one institution."))
    return _open_thread(
        member=moderator,
        message=message,
        request=request,
        offer=offer,
        seeker=request.institution,
        provider=offer.institution,
        others=[request.contact, offer.contact],
        duplicate=_("These two are already in touch about this request."),
        introduced=True,
    )


def _open_thread(
    *,
    member,
    message,
    seeker,
    provider,
    others,
    duplicate,
    request=None,
    offer=None,
    introduced=False,
) -> Thread:
    body = (message or "").strip()
    if not body:
        raise ValidationError({"message": _("Write a message.")})
    thread = Thread(
        request=request,
        offer=offer,
        seeker=seeker,
        provider=provider,
        started_by=member,
        introduced_by=member if introduced else None,
        last_message_at=timezone.now(),
    )
    try:
        with transaction.atomic():
            thread.save()
    except IntegrityError as error:
        raise ValidationError(duplicate) from error
    participants = [user for user in (member, *others) if user is not None]
    thread.participants.add(*participants)
    _add_message(thread, member, body)
    return thread


def side_of(thread: Thread, member) -> str:
    """Which side the member speaks for in the thread, or "" (a broker)."""
    subject_contacts = {
        Side.SEEKER: thread.request.contact_id if thread.request_id else None,
        Side.PROVIDER: thread.offer.contact_id if thread.offer_id else None,
    }
    for side, contact_id in subject_contacts.items():
        if contact_id == member.pk:
            return side
    own = institution_of(member)
    if own is not None and own.pk == thread.seeker_id:
        return Side.SEEKER
    if own is not None and own.pk == thread.provider_id:
        return Side.PROVIDER
    if thread.started_by_id == member.pk and not thread.introduced_by_id:
        return Side.PROVIDER if thread.request_id else Side.SEEKER
    return ""


def require_in_thread(thread: Thread, member) -> None:
    require_participant(member)
    if member.is_moderator:
        return
    if not thread.participants.filter(pk=member.pk).exists():
        raise PermissionDenied(_("This conversation is private."))


@transaction.atomic
def post_message(*, thread: Thread, member, body: str) -> Message:
    require_in_thread(thread, member)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message.")})
    if MESSAGE_LIMIT.exceeded_by(member):
        raise MessageRateLimited(
            _("You have sent many messages lately. Please try again later."),
            code="rate_limited",
        )
    thread.last_message_at = timezone.now()
    thread.save(update_fields=["last_message_at"])
    if member.is_moderator:
        thread.participants.add(member)
    return _add_message(thread, member, body)


def _add_message(thread: Thread, member, body: str) -> Message:
    message = Message(thread=thread, author=member, body=body)
    message.full_clean()
    message.save()
    transaction.on_commit(lambda: tasks.notify_new_message.enqueue(message.pk))
    return message
