"""Background work for knowledge exchange: the e-mails, each in its reader's
language (``members.mail``), sent once the action that sets them off commits."""

from django.db.models import Q
from django.tasks import task

from core import notices
from members.mail import send_to_member, send_to_moderators

from .models import Exchange, KnowledgeOffer, KnowledgeRequest, Message, Thread

EMAIL = "exchanges/email/"


def _send(member, name: str, context: dict) -> None:
    send_to_member(
        member, f"{EMAIL}{name}_subject.txt", f"{EMAIL}{name}_body.txt", context
    )


@task
def notify_matching_offers(request_id: int) -> None:
    """Tell who holds an open offer sharing a dimension or theme with a newly
    published request: each offer's contact member and its institution's contact
    (the member who registered it, while still one of its members), once each,
    whatever the number of their offers."""
    request = (
        KnowledgeRequest.objects.select_related("institution")
        .filter(pk=request_id)
        .first()
    )
    if request is None or not request.is_active or not request.is_listed:
        return
    notices.announce(notices.CREATED, member=request.contact, item=request)
    told = set()
    for offer in _offers_matching(request):
        for member in (offer.contact, _institution_contact(offer.institution)):
            if member is None or member.pk in told:
                continue
            if member.pk == request.contact_id or not member.is_active:
                continue
            told.add(member.pk)
            if notices.listening():  # as the member chose for matches
                notices.announce(
                    notices.REQUEST_MATCHED, member=member, request=request, offer=offer
                )
            else:
                _send(member, "matching_request", {"request": request, "offer": offer})


def _offers_matching(request: KnowledgeRequest):
    dimension_ids = list(request.dimensions.values_list("pk", flat=True))
    tag_ids = list(request.tags.values_list("pk", flat=True))
    return (
        KnowledgeOffer.objects.active()
        .filter(
            Q(dimensions__in=dimension_ids)
            | Q(
                pk__in=KnowledgeOffer.objects.all()
                ._tagged_items()
                .filter(tag_id__in=tag_ids)
                .values("object_id")
            )
        )
        .exclude(institution=request.institution_id)
        .exclude(contact=request.contact_id)
        .select_related("contact__profile", "institution__proposed_by__profile")
        .distinct()
        .order_by("pk")
    )


def _institution_contact(institution):
    member = getattr(institution, "proposed_by", None)
    if member is None:
        return None
    profile = getattr(member, "profile", None)
    if profile is None or profile.institution_id != institution.pk:
        return None
    return member


def _participants(thread: Thread, *, besides=None):
    people = thread.participants.select_related("profile")
    if besides is not None:
        people = people.exclude(pk=besides)
    return list(people)


@task
def notify_new_message(message_id: int) -> None:
    """A new message, or (the thread's first) an expression of interest."""
    message = (
        Message.objects.select_related(
            "thread__request", "thread__offer", "thread__seeker", "thread__provider"
        )
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return
    thread = message.thread
    first = not thread.messages.filter(pk__lt=message.pk).exists()
    for member in _participants(thread, besides=message.author_id):
        _send(
            member,
            "interest" if first else "message",
            {"thread": thread, "message": message},
        )


@task
def notify_proposal(thread_id: int) -> None:
    thread = (
        Thread.objects.select_related("request", "offer", "seeker", "provider")
        .filter(pk=thread_id)
        .first()
    )
    if thread is None:
        return
    for member in _participants(thread):
        _send(member, "proposal", {"thread": thread})


@task
def notify_agreement(exchange_id: int) -> None:
    exchange = Exchange.objects.select_related("thread").filter(pk=exchange_id).first()
    if exchange is None or exchange.thread is None:
        return
    for member in _participants(exchange.thread):
        _send(member, "agreed", {"exchange": exchange})


@task
def remind_expiry(request_id: int) -> None:
    request = (
        KnowledgeRequest.objects.select_related("contact__profile")
        .filter(pk=request_id)
        .first()
    )
    if request is not None and request.contact is not None:
        _send(request.contact, "expiry", {"request": request})


@task
def remind_results(exchange_id: int) -> None:
    exchange = Exchange.objects.select_related("thread").filter(pk=exchange_id).first()
    if exchange is None or exchange.thread is None:
        return
    for member in _participants(exchange.thread):
        _send(member, "results", {"exchange": exchange})


@task
def notify_moderators_of_flags(kind: str, listing_id: int) -> None:
    """A request or an offer reached the flag threshold and waits for review."""
    model = KnowledgeRequest if kind == "request" else KnowledgeOffer
    item = model.objects.filter(pk=listing_id).first()
    if item is not None:
        send_to_moderators(
            f"{EMAIL}flagged_subject.txt", f"{EMAIL}flagged_body.txt", {"item": item}
        )
