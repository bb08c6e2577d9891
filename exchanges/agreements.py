"""Write layer for agreed exchanges: both sides agree in their thread, the exchange
gets under way, is completed or dropped, each side records what changed, and the
learning institution turns it into a case story draft. Reminders and expiry are
run daily by ``manage.py exchange_reminders``."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services as case_services
from core.pagecache import CONTENT, bump_content_version
from core.slugs import unique_slug
from members.access import require_participant

from . import tasks
from .models import (
    Exchange,
    ExchangeParty,
    KnowledgeRequest,
    Modality,
    Side,
    Thread,
)
from .services import institution_of, require_in_thread, side_of

EXPIRY_NOTICE = datetime.timedelta(days=7)


@transaction.atomic
def agree_exchange(
    *,
    thread: Thread,
    member,
    modality: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Exchange | None:
    """One side proposes terms; when the other side agrees to the same terms, the
    exchange is recorded and both sides see each other's contact details. Returns
    the exchange, or None while the other side has still to agree."""
    require_in_thread(thread, member)
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    side = side_of(thread, member)
    if not side:
        raise PermissionDenied(_("Only the two institutions agree an exchange."))
    if Exchange.objects.filter(thread=thread).exists():
        raise ValidationError(_("An exchange is already agreed in this thread."))
    if thread.seeker_id is None or thread.provider_id is None:
        raise ValidationError(_("Both sides need a verified institution to agree."))
    if modality not in Modality.values:
        raise ValidationError({"modality": _("Choose a modality from the list.")})
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end comes after the start.")})
    terms = (modality, starts_on, ends_on)
    proposed = (
        thread.proposed_modality,
        thread.proposed_starts_on,
        thread.proposed_ends_on,
    )
    if thread.proposed_by and thread.proposed_by != side and proposed == terms:
        return _record_exchange(thread, member)
    thread.proposed_by = side
    (thread.proposed_modality, thread.proposed_starts_on, thread.proposed_ends_on) = (
        terms
    )
    thread.save(
        update_fields=[
            "proposed_by",
            "proposed_modality",
            "proposed_starts_on",
            "proposed_ends_on",
        ]
    )
    thread_id = thread.pk
    transaction.on_commit(lambda: tasks.notify_proposal.enqueue(thread_id))
    return None


def _record_exchange(thread: Thread, member) -> Exchange:
    subject = thread.request or thread.offer
    exchange = Exchange.objects.create(
        title=subject.title,
        slug=unique_slug(Exchange.objects.all(), subject.title, fallback="exchange"),
        request=thread.request,
        offer=thread.offer,
        thread=thread,
        modality=thread.proposed_modality,
        starts_on=thread.proposed_starts_on,
        ends_on=thread.proposed_ends_on,
    )
    ExchangeParty.objects.bulk_create(
        [
            ExchangeParty(
                exchange=exchange, institution_id=thread.seeker_id, side=Side.SEEKER
            ),
            ExchangeParty(
                exchange=exchange, institution_id=thread.provider_id, side=Side.PROVIDER
            ),
        ]
    )
    if thread.request_id and thread.request.is_active:
        KnowledgeRequest.objects.filter(pk=thread.request_id).update(
            status=KnowledgeRequest.Status.MATCHED, updated_at=timezone.now()
        )
    exchange_id = exchange.pk
    transaction.on_commit(lambda: tasks.notify_agreement.enqueue(exchange_id))
    return exchange


def party_of(exchange: Exchange, member) -> ExchangeParty | None:
    """The side the member's institution takes in the exchange, or None."""
    own = institution_of(member)
    if own is None:
        return None
    return exchange.parties.filter(institution=own).first()


def _require_party(exchange: Exchange, member) -> ExchangeParty | None:
    require_participant(member)
    party = party_of(exchange, member)
    if party is None and not member.is_moderator:
        raise PermissionDenied(_("Only the two institutions change this exchange."))
    return party


TRANSITIONS = {
    Exchange.Status.UNDER_WAY: {Exchange.Status.AGREED},
    Exchange.Status.COMPLETED: {Exchange.Status.AGREED, Exchange.Status.UNDER_WAY},
    Exchange.Status.DROPPED: {Exchange.Status.AGREED, Exchange.Status.UNDER_WAY},
}


@transaction.atomic
def set_exchange_status(*, exchange: Exchange, member, status: str) -> Exchange:
    """Agreed → under way → completed, or dropped on the way."""
    _require_party(exchange, member)
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.status not in TRANSITIONS.get(status, ()):
        raise ValidationError(
            _("An exchange that is %(status)s cannot become that.")
            % {"status": exchange.get_status_display().lower()}
        )
    exchange.status = status
    fields = ["status"]
    if status == Exchange.Status.COMPLETED:
        exchange.completed_at = timezone.now()
        fields.append("completed_at")
        if exchange.request_id:
            KnowledgeRequest.objects.filter(
                pk=exchange.request_id, status__in=KnowledgeRequest.ACTIVE
            ).update(
                status=KnowledgeRequest.Status.FULFILLED,
                closed_at=timezone.now(),
                updated_at=timezone.now(),
            )
    exchange.save(update_fields=fields)
    return exchange


@transaction.atomic
def record_results(*, exchange: Exchange, member, results: str) -> ExchangeParty:
    """What changed for the member's institution, once the exchange is completed."""
    party = _require_party(exchange, member)
    if party is None:
        raise PermissionDenied(_("Each institution records its own results."))
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.status != Exchange.Status.COMPLETED:
        raise ValidationError(_("Results are recorded once the exchange is completed."))
    results = (results or "").strip()
    if not results:
        raise ValidationError({"results": _("Say what changed.")})
    party.results = results
    party.results_recorded_at = timezone.now()
    party.results_by = member
    party.full_clean()
    party.save()
    return party


@transaction.atomic
def draft_case_story(*, exchange: Exchange, member):
    """A case story draft for the learning institution, prefilled from the
    exchange and linked to it; its author edits and submits it as any story."""
    party = _require_party(exchange, member)
    if party is None or party.side != Side.SEEKER:
        raise PermissionDenied(_("The learning institution writes the case story."))
    exchange = Exchange.objects.select_for_update().get(pk=exchange.pk)
    if exchange.status != Exchange.Status.COMPLETED:
        raise ValidationError(_("A case story follows a completed exchange."))
    if exchange.case_story_id:
        raise ValidationError(_("This exchange already has its case story."))
    parties = {p.side: p for p in exchange.parties.select_related("institution")}
    provider = parties[Side.PROVIDER].institution
    request, offer = exchange.request, exchange.offer
    subject = request or offer
    story = case_services.create_case_story(
        author=member,
        title=exchange.title,
        summary=_("What %(recipient)s learnt from %(provider)s in a %(modality)s.")
        % {
            "recipient": party.institution.short_name,
            "provider": provider.short_name,
            "modality": exchange.get_modality_display().lower(),
        },
        context=(request.context or request.body) if request else "",
        challenge=request.body if request else "",
        solution=offer.body if offer else "",
        results=parties[Side.SEEKER].results,
        lessons=parties[Side.PROVIDER].results,
        lead_institution=party.institution,
        partner_institutions=[provider],
        countries=[i.country.code for i in (party.institution, provider) if i.country],
        year=(exchange.completed_at or timezone.now()).year,
        language=subject.language if subject else "en",
        dimensions=subject.dimensions.all() if subject else (),
        tags=subject.tags.names() if subject else (),
    )
    exchange.case_story = story
    exchange.save(update_fields=["case_story"])
    return story


# Reminders and expiry -------------------------------------------------------


@transaction.atomic
def send_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Expire requests past their time frame, remind the contacts of requests
    about to expire and of exchanges whose results are due; each reminder once."""
    today = today or timezone.localdate()
    now = timezone.now()
    expired = list(KnowledgeRequest.objects.overdue(today).values_list("pk", flat=True))
    KnowledgeRequest.objects.filter(pk__in=expired).update(
        status=KnowledgeRequest.Status.EXPIRED, closed_at=now, updated_at=now
    )
    expiring = list(
        KnowledgeRequest.objects.expiring_by(today + EXPIRY_NOTICE).values_list(
            "pk", flat=True
        )
    )
    KnowledgeRequest.objects.filter(pk__in=expiring).update(expiry_reminded_at=now)
    due = list(Exchange.objects.ending_before(today).values_list("pk", flat=True))
    Exchange.objects.filter(pk__in=due).update(results_reminded_at=now)

    def enqueue():
        for pk in expiring:
            tasks.remind_expiry.enqueue(pk)
        for pk in due:
            tasks.remind_results.enqueue(pk)

    transaction.on_commit(enqueue)
    if expired:
        bump_content_version(CONTENT)
    return {
        "expired": len(expired),
        "expiry_reminders": len(expiring),
        "results_reminders": len(due),
    }
