"""Read layer for knowledge exchange: what is listed, the list filters, who reads
a private thread, and the figures of agreed exchanges."""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from taggit.models import TaggedItem

from core import readerfacts
from core.search import matches

from .regions import countries_in

# Long texts: read on the item's own page, never on a card.
CARD_LEAVES_OUT = ("body", "search_vector", "institution__search_vector")


class ListingQuerySet(models.QuerySet):
    """Requests and offers alike."""

    active_statuses: tuple = ()
    closed_statuses: tuple = ()

    def listed(self):
        return self.filter(hidden=False, awaiting_review=False)

    def awaiting_review(self):
        """Held for a moderator: from an unverified institution, or flagged."""
        return self.filter(hidden=False, awaiting_review=True)

    def flagged(self):
        """Not hidden, with at least one flag no moderator has dismissed."""
        return self.filter(
            hidden=False,
            pk__in=self.model.flags.rel.related_model.objects.filter(
                dismissed_at__isnull=True
            ).values(self.model.kind),
        )

    def active(self):
        return self.listed().filter(status__in=self.active_statuses)

    def visible_to(self, user):
        """Everything listed; a hidden or held item for its contact and
        moderators."""
        if user.is_authenticated and user.is_moderator:
            return self
        if user.is_authenticated:
            return self.filter(
                models.Q(hidden=False, awaiting_review=False) | models.Q(contact=user)
            )
        return self.listed()

    def posted_by(self, user):
        return self.filter(contact=user)

    def _tagged_items(self):
        return TaggedItem.objects.filter(
            content_type_id=ContentType.objects.get_for_model(self.model).pk
        )

    def _dimension_rows(self):
        return self.model.dimensions.through.objects

    @property
    def _owner(self) -> str:
        return f"{self.model._meta.model_name}_id"

    def in_dimension(self, slug: str):
        rows = self._dimension_rows().filter(dimension__slug=slug)
        return self.filter(pk__in=rows.values(self._owner))

    def with_tag(self, slug: str):
        rows = self._tagged_items().filter(tag__slug=slug)
        return self.filter(pk__in=rows.values("object_id"))

    def for_country(self, code: str):
        code = code.upper()
        return self.filter(
            models.Q(countries__contains=[code]) | models.Q(institution__country=code)
        )

    def in_region(self, region: str):
        codes = countries_in(region)
        return self.filter(
            models.Q(countries__overlap=codes)
            | models.Q(institution__country__in=codes)
        )

    def working_in(self, language: str):
        return self.filter(languages__contains=[language])

    def with_modality(self, modality: str):
        return self.filter(modalities__contains=[modality])

    def matching(self, q: str):
        return self.filter(matches(q))

    def in_state(self, state: str):
        """``open`` (the default of the lists), ``matched`` or ``closed``."""
        if state == "closed":
            return self.listed().filter(status__in=self.closed_statuses)
        if state == "matched":
            return self.listed().filter(status="matched")
        return self.active()

    def filtered(self, **active):
        """The list's filters in SQL: what ``exchanges.listing_index`` answers
        from its arrays (the tests hold the two to the same answers)."""
        qs = self.in_state(active.get("status", ""))
        steps = {
            "q": "matching",
            "dimension": "in_dimension",
            "tag": "with_tag",
            "country": "for_country",
            "region": "in_region",
            "language": "working_in",
            "modality": "with_modality",
        }
        for name, method in steps.items():
            if active.get(name):
                qs = getattr(qs, method)(active[name])
        return qs

    def for_cards(self):
        return (
            self.select_related("institution")
            .prefetch_related("dimensions")
            .defer(*CARD_LEAVES_OUT)
        )


class RequestQuerySet(ListingQuerySet):
    active_statuses = ("open", "conversation", "matched")
    closed_statuses = ("fulfilled", "withdrawn", "expired")

    def open_to_help(self):
        """Requests still looking for a partner."""
        return self.listed().filter(status__in=("open", "conversation"))

    def in_state(self, state: str):
        if state in ("", "open"):
            return self.open_to_help()
        return super().in_state(state)

    def expiring_by(self, day):
        """Active requests whose time frame ends on or before ``day``, not yet
        reminded."""
        return self.filter(
            status__in=self.active_statuses,
            needed_by__lte=day,
            expiry_reminded_at__isnull=True,
        )

    def overdue(self, today):
        return self.filter(status__in=self.active_statuses, needed_by__lt=today)


class OfferQuerySet(ListingQuerySet):
    active_statuses = ("open",)
    closed_statuses = ("paused", "withdrawn")


class ThreadQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A thread for its participants and the moderators, nobody else."""
        if not user.is_authenticated:
            return self.none()
        if user.is_moderator:
            return self
        return self.filter(participants=user)

    def for_list(self):
        return self.select_related("request", "offer", "seeker", "provider").annotate(
            message_count=models.Count("messages")
        )


class ExchangeQuerySet(models.QuerySet):
    """What the impact pages read: completed exchanges by modality and year, and
    the flows between the two sides' institutions and countries."""

    def completed(self):
        return self.filter(status="completed")

    def current(self):
        """Agreed or under way."""
        return self.filter(status__in=("agreed", "under_way"))

    def by_modality(self, modality: str):
        return self.filter(modality=modality)

    def completed_in(self, year: int):
        return self.completed().filter(completed_at__year=year)

    def involving(self, institution):
        return self.filter(parties__institution=institution).distinct()

    def with_parties(self):
        """The two sides' institutions (with their countries) in one more query."""
        return self.prefetch_related(
            models.Prefetch(
                "parties",
                queryset=self.model.parties.rel.related_model.objects.select_related(
                    "institution"
                ).defer("institution__search_vector", "institution__description"),
            )
        )

    def ending_before(self, day):
        """Current exchanges whose end date has passed, not yet reminded."""
        return self.current().filter(ends_on__lt=day, results_reminded_at__isnull=True)

    def count_by_modality_and_year(self) -> list[dict]:
        """``{"modality", "year", "count"}`` for the completed exchanges here."""
        return list(
            self.completed()
            .annotate(year=models.functions.ExtractYear("completed_at"))
            .values("modality", "year")
            .annotate(count=models.Count("pk"))
            .order_by("year", "modality")
        )

    def flows(self) -> list[dict]:
        """``{"provider", "provider_country", "recipient", "recipient_country",
        "count"}``: one row per pair of provider and recipient institutions."""
        party = self.model.parties.rel.related_model
        rows = (
            party.objects.filter(side="provider", exchange__in=self.values("pk"))
            .filter(exchange__parties__side="seeker")
            .values(
                provider=models.F("institution__slug"),
                provider_country=models.F("institution__country"),
                recipient=models.F("exchange__parties__institution__slug"),
                recipient_country=models.F("exchange__parties__institution__country"),
            )
            .annotate(count=models.Count("exchange_id", distinct=True))
            .order_by("-count", "provider", "recipient")
        )
        return list(rows)

    def flows_between_countries(self) -> list[dict]:
        """``{"provider_country", "recipient_country", "count"}``: ``flows``
        summed per pair of countries, grouped on the countries at once. A party
        joins an exchange once, so each row of the join is one exchange between
        one provider and one recipient institution."""
        party = self.model.parties.rel.related_model
        return list(
            party.objects.filter(side="provider", exchange__in=self.values("pk"))
            .filter(exchange__parties__side="seeker")
            .values(
                provider_country=models.F("institution__country"),
                recipient_country=models.F("exchange__parties__institution__country"),
            )
            .annotate(count=models.Count("pk"))
            .order_by()
        )


def reader_state(member_id: int, item) -> tuple[int | None, dict]:
    """The member's thread on a request or an offer (the latest), and what other
    apps ask about them and it (``core.readerfacts``: whether they follow it), in
    one query. Written out as SQL: built with the ORM, this one query cost a
    member's page a third of its time. Names from the models' metadata; values
    are parameters."""
    from .models import Thread

    threads = Thread._meta
    relation = threads.get_field("participants")
    links = relation.remote_field.through._meta
    link_thread = links.get_field(relation.m2m_field_name()).column
    link_member = links.get_field(relation.m2m_reverse_field_name()).column
    on_item = threads.get_field(item.kind).column
    facts, params = readerfacts.selected(member_id, item)
    sql = f"""
        SELECT (
            SELECT t.id FROM {threads.db_table} t
            JOIN {links.db_table} p ON p.{link_thread} = t.id
            WHERE t.{on_item} = %s AND p.{link_member} = %s
            ORDER BY t.last_message_at DESC, t.id DESC
            LIMIT 1
        ){"".join(f", {column}" for column in facts)}
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [item.pk, member_id, *params])
        thread, *values = cursor.fetchone()
    return thread, readerfacts.answers(item, values)
