"""Read layer for members and institutions."""

from functools import cache

from django.db import connections, models, router
from taggit.models import TaggedItem

from core.search import best_candidates, single_config_matches, single_config_rank

from . import contributions

# Names come from every language: words are kept as written, accents dropped (the
# configuration is created by core's first migration).
SEARCH_CONFIG = "kshub_simple"


def _counted(rows) -> models.Expression:
    """The count of ``rows``, a queryset, or the sum of the counts of disjoint
    querysets (each of which an index can answer, where one query joining them
    with OR scanned every row for each institution)."""
    parts = rows if isinstance(rows, tuple) else (rows,)
    subqueries = [
        models.Subquery(
            part.order_by().values(n=_count_distinct("pk")),
            output_field=models.IntegerField(),
        )
        for part in parts
    ]
    total = subqueries[0]
    for subquery in subqueries[1:]:
        total = models.ExpressionWrapper(
            total + subquery, output_field=models.IntegerField()
        )
    return total


def _count_distinct(field: str) -> models.Func:
    """COUNT(DISTINCT field) without GROUP BY: one number for a whole subquery."""
    return models.Func(
        models.F(field),
        function="COUNT",
        template="COUNT(DISTINCT %(expressions)s)",
        output_field=models.IntegerField(),
    )


class InstitutionQuerySet(models.QuerySet):
    def verified(self):
        return self.filter(verified=True)

    def proposed(self):
        return self.filter(verified=False)

    def matching(self, q: str):
        return self.filter(single_config_matches(q, SEARCH_CONFIG))

    def ranked(self, q: str, *, candidates: int):
        """Of the first ``candidates`` matches, the best first, as ``relevance``."""
        return (
            best_candidates(self, candidates)
            .annotate(relevance=single_config_rank(q, SEARCH_CONFIG))
            .order_by("-relevance", "name")
        )

    def in_country(self, code: str):
        return self.filter(country=code.upper())

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def with_counts(self):
        """Listed members, and each registered kind of public contribution credited
        to the institution (``case_count``...), per row."""
        profile_model = self.model.profiles.rel.related_model
        members = profile_model.objects.listed().filter(
            institution=models.OuterRef("pk"), show_institution=True
        )
        counted = {
            "member_count": members,
            **contributions.counted_at_institution(models.OuterRef("pk")),
        }
        return self.annotate(**{name: _counted(rows) for name, rows in counted.items()})


class ProfileQuerySet(models.QuerySet):
    def listed(self):
        return self.filter(
            listed_in_directory=True,
            user__is_active=True,
            user__suspended_at__isnull=True,
        )

    def public(self):
        """Profiles whose page is shown: active, not suspended members."""
        return self.filter(user__is_active=True, user__suspended_at__isnull=True)

    def matching(self, q: str):
        """Profiles whose shown fields match: the vector holds only those."""
        return self.filter(single_config_matches(q, SEARCH_CONFIG))

    def ranked(self, q: str, *, candidates: int):
        """Of the first ``candidates`` matches, the best first, as ``relevance``,
        with their account (for the address) and institution."""
        return (
            best_candidates(self, candidates)
            .select_related("user", "institution")
            .annotate(relevance=single_config_rank(q, SEARCH_CONFIG))
            .order_by("-relevance", "display_name")
        )

    def in_country(self, code: str):
        """Members who show their country and are in ``code``."""
        return self.filter(show_country=True, country=code.upper())

    def at_institution(self, slug: str):
        """Members who show their institution, a verified one with this slug."""
        return self.filter(
            show_institution=True,
            institution__verified=True,
            institution__slug=slug,
        )

    def with_expertise(self, slug: str):
        """Members who show their expertise and list this tag."""
        tagged = TaggedItem.objects.filter(
            content_type__app_label="members",
            content_type__model="profile",
            tag__slug=slug,
        ).values("object_id")
        return self.filter(show_expertise=True, pk__in=tagged)

    def for_cards(self):
        """What a directory card shows, in a fixed number of queries (a relation
        not joined here comes for every card in one query)."""
        return (
            self.select_related("user", "institution")
            .prefetch_related("expertise")
            .fetch_mode(models.FETCH_PEERS)
        )


def member_with_standing(user_id: int):
    """The user, with what most pages ask about a signed-in member: whether they
    moderate (``is_moderator`` fills the cached property of that name, and
    ``_scope_labels`` the moderation scopes, ``_edited_institution_id`` the
    institution they edit, ``_verified_institution_id`` their institution once
    verified) and whether their e-mail address is verified (for
    ``members.access.can_participate``).

    Every signed-in request runs this, so it is written out as SQL (built with
    the ORM's subqueries, compiling it cost more than the rest of a simple page)
    and its row made a user as a raw query makes one, without a raw query's
    setting up (half the time the query took)."""
    from .models import MODERATORS_GROUP, User

    using = router.db_for_read(User)
    with connections[using].cursor() as cursor:
        cursor.execute(_standing_sql(), [MODERATORS_GROUP, user_id])
        row = cursor.fetchone()
        columns = [column.name for column in cursor.description]
    if row is None:
        return None
    found = dict(zip(columns, row, strict=True))
    connection = connections[using]
    names, values = [], []
    for field, column, converters in _user_fields(using):
        value = found.pop(field.column)
        for converter in converters:
            value = converter(value, column, connection)
        names.append(field.attname)
        values.append(value)
    user = User.from_db(using, names, values)
    # What the query adds to the user's own columns, as a raw query sets it.
    for name, value in found.items():
        setattr(user, name, value)
    return user


@cache
def _user_fields(using: str) -> list[tuple]:
    """The user's columns, each with the converters a query applies to it."""
    from .models import User

    connection = connections[using]
    fields = []
    for field in User._meta.concrete_fields:
        column = field.get_col(User._meta.db_table)
        converters = connection.ops.get_db_converters(
            column
        ) + column.get_db_converters(connection)
        fields.append((field, column, converters))
    return fields


@cache
def _standing_sql() -> str:
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    from .models import Institution, ModeratorScope, Profile, User

    institutions = Institution._meta
    memberships = User.groups.through._meta
    emails = EmailAddress._meta
    scopes = ModeratorScope._meta
    profiles = Profile._meta
    # Table and column names from the models' metadata; values are parameters.
    return f"""
        SELECT u.*,
            u.is_superuser OR EXISTS (
                SELECT 1 FROM {memberships.db_table} m
                JOIN {Group._meta.db_table} g
                    ON g.id = m.{memberships.get_field("group").column}
                WHERE m.{memberships.get_field("user").column} = u.id AND g.name = %s
            ) AS is_moderator,
            EXISTS (
                SELECT 1 FROM {emails.db_table} e
                WHERE e.{emails.get_field("user").column} = u.id AND e.verified
            ) AS _has_verified_email,
            ARRAY(
                SELECT s.kind || ':' || s.key FROM {scopes.db_table} s
                WHERE s.{scopes.get_field("member").column} = u.id
            ) AS _scope_labels,
            (
                SELECT p.{profiles.get_field("institution").column}
                FROM {profiles.db_table} p
                WHERE p.{profiles.get_field("user").column} = u.id
                    AND p.is_institution_editor
            ) AS _edited_institution_id,
            (
                SELECT p.{profiles.get_field("institution").column}
                FROM {profiles.db_table} p
                JOIN {institutions.db_table} i
                    ON i.{institutions.pk.column}
                    = p.{profiles.get_field("institution").column}
                WHERE p.{profiles.get_field("user").column} = u.id AND i.verified
            ) AS _verified_institution_id
        FROM {User._meta.db_table} u
        WHERE u.id = %s
    """  # noqa: S608
