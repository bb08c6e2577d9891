"""Pages of the private threads, the agreed exchanges, and the actions that move
a request, an offer or an exchange along."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.structured_data import page_data
from members.access import moderator_required, participant_required

from . import agreements, services, structured_data
from .forms import AgreementForm, MessageForm, ResultsForm
from .models import Exchange, ExchangeParty, KnowledgeOffer, KnowledgeRequest, Thread

PAGE_SIZE = 20


def _refused(request, error: ValidationError, target):
    """A refused action: the reasons, a way back, and a 400."""
    context = {"errors": error.messages, "back": target.get_absolute_url()}
    return render(request, "exchanges/refused.html", context, status=400)


@participant_required
def thread_list(request):
    threads = Thread.objects.visible_to(request.user).for_list()
    page_obj = Paginator(
        threads.order_by("-last_message_at", "-id"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "exchanges/thread_list.html",
        {"page_obj": page_obj, "threads": page_obj.object_list},
    )


@participant_required
def thread_detail(request, pk):
    thread = get_object_or_404(
        Thread.objects.visible_to(request.user).select_related(
            "request__contact__profile", "offer__contact__profile", "seeker", "provider"
        ),
        pk=pk,
    )
    form = MessageForm()
    status = 200
    if request.method == "POST":
        form = MessageForm(request.POST)
        if form.is_valid():
            try:
                services.post_message(
                    thread=thread,
                    member=request.user,
                    body=form.cleaned_data["message"],
                )
            except services.MessageRateLimited as error:
                form.add_error(None, error)
                status = 429
            except ValidationError as error:
                form.add_error(None, error)
                status = 400
            else:
                return redirect(thread)
        else:
            status = 400
    exchange = Exchange.objects.filter(thread=thread).first()
    side = services.side_of(thread, request.user)
    context = {
        "thread": thread,
        "thread_messages": thread.messages.select_related("author__profile"),
        "form": form,
        "side": side,
        "exchange": exchange,
        "agreement_form": AgreementForm(
            initial={
                "modality": thread.proposed_modality,
                "starts_on": thread.proposed_starts_on,
                "ends_on": thread.proposed_ends_on,
            }
        ),
        # Contact details only once both sides have agreed an exchange.
        "contacts": thread.participants.select_related("profile").order_by("pk")
        if exchange
        else None,
    }
    return render(request, "exchanges/thread_detail.html", context, status=status)


@require_POST
@participant_required
def thread_agree(request, pk):
    thread = get_object_or_404(Thread.objects.visible_to(request.user), pk=pk)
    form = AgreementForm(request.POST)
    if not form.is_valid():
        return _refused(
            request,
            ValidationError([e for errors in form.errors.values() for e in errors]),
            thread,
        )
    try:
        exchange = agreements.agree_exchange(
            thread=thread, member=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        return _refused(request, error, thread)
    if exchange is None:
        messages.success(request, _("Proposal sent; the other side is asked to agree."))
        return redirect(thread)
    messages.success(request, _("The exchange is agreed."))
    return redirect(exchange)


@require_POST
@participant_required
def request_close(request, slug):
    item = get_object_or_404(
        KnowledgeRequest.objects.visible_to(request.user), slug=slug
    )
    try:
        services.close_request(
            request=item, member=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        return _refused(request, error, item)
    return redirect(item)


@require_POST
@participant_required
def offer_status(request, slug):
    item = get_object_or_404(KnowledgeOffer.objects.visible_to(request.user), slug=slug)
    try:
        services.set_offer_status(
            offer=item, member=request.user, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        return _refused(request, error, item)
    return redirect(item)


@require_POST
@moderator_required
def request_introduce(request, slug):
    """A broker puts the request in touch with an offer."""
    item = get_object_or_404(KnowledgeRequest.objects.all(), slug=slug)
    offer = KnowledgeOffer.objects.filter(slug=request.POST.get("offer", "")).first()
    if offer is None:
        return _refused(request, ValidationError(_("Choose an offer.")), item)
    try:
        thread = services.introduce(
            moderator=request.user,
            request=item,
            offer=offer,
            message=request.POST.get("message", ""),
        )
    except ValidationError as error:
        return _refused(request, error, item)
    return redirect(thread)


# Exchanges ------------------------------------------------------------------


def exchange_detail(request, slug):
    exchange = get_object_or_404(
        Exchange.objects.select_related(
            "request", "offer", "case_story"
        ).prefetch_related(
            Prefetch(
                "parties",
                queryset=ExchangeParty.objects.select_related("institution").defer(
                    "institution__search_vector"
                ),
            )
        ),
        slug=slug,
    )
    party = None
    if request.user.is_authenticated:
        own = services.institution_of(request.user)
        party = next(
            (
                p
                for p in exchange.parties.all()
                if own is not None and p.institution_id == own.pk
            ),
            None,
        )
    story = exchange.case_story
    context = {
        "exchange": exchange,
        "structured_data": page_data(
            structured_data.exchange(
                exchange, exchange.parties.all(), request.build_absolute_uri
            )
        ),
        "parties": exchange.parties.all(),
        "party": party,
        "may_act": party is not None
        or (request.user.is_authenticated and request.user.is_moderator),
        "results_form": ResultsForm(
            initial={"results": party.results} if party else None
        ),
        # The story shows here once published, or to those who may read its draft.
        "story": story
        if story
        and (
            story.status == "published"
            or (
                request.user.is_authenticated
                and (request.user.is_moderator or story.author_id == request.user.pk)
            )
        )
        else None,
    }
    return render(request, "exchanges/exchange_detail.html", context)


def _exchange_action(request, slug, action):
    exchange = get_object_or_404(Exchange, slug=slug)
    try:
        action(exchange)
    except ValidationError as error:
        return _refused(request, error, exchange)
    return redirect(exchange)


@require_POST
@participant_required
def exchange_status(request, slug):
    return _exchange_action(
        request,
        slug,
        lambda exchange: agreements.set_exchange_status(
            exchange=exchange,
            member=request.user,
            status=request.POST.get("status", ""),
        ),
    )


@require_POST
@participant_required
def exchange_results(request, slug):
    form = ResultsForm(request.POST)
    results = form.cleaned_data["results"] if form.is_valid() else ""
    return _exchange_action(
        request,
        slug,
        lambda exchange: agreements.record_results(
            exchange=exchange, member=request.user, results=results
        ),
    )


@require_POST
@participant_required
def exchange_story(request, slug):
    """The learning institution's case story draft, prefilled from the exchange."""

    def draft(exchange):
        story = agreements.draft_case_story(exchange=exchange, member=request.user)
        messages.success(request, _("A case story draft is ready for you to finish."))
        return story

    exchange = get_object_or_404(Exchange, slug=slug)
    try:
        story = draft(exchange)
    except ValidationError as error:
        return _refused(request, error, exchange)
    return redirect("cases:edit", slug=story.slug)
