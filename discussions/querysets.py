"""Read layer for spaces and topics: one place decides who sees what.

A private space's topics reach only its admitted members, its moderators and the
site's moderators; every list, feed, search and sitemap reads through here."""

from django.db import models

from taxonomy.querysets import tagged_with


def _is_site_moderator(user) -> bool:
    return user.is_authenticated and user.is_active and user.is_moderator


def _in_scope(user, prefix: str) -> models.Q:
    """The spaces a scoped moderator's KS dimension or event covers, as their own
    moderators would see them (``members.scopes``)."""
    from members.scopes import condition_for

    from .models import Space

    condition = condition_for(Space, user.moderation_scopes)
    if condition is None:
        return models.Q(pk__in=[])
    return models.Q(**{f"{prefix}pk__in": Space.objects.filter(condition).values("pk")})


class SpaceQuerySet(models.QuerySet):
    def open(self):
        return self.filter(access="open")

    def visible_to(self, user):
        """Open spaces for everyone; private ones for their members and moderators."""
        if _is_site_moderator(user):
            return self
        if not user.is_authenticated:
            return self.open()
        from .models import Membership

        admitted = Membership.objects.filter(member=user).values("space")
        return self.filter(models.Q(access="open") | models.Q(pk__in=admitted))

    def moderated_by(self, user):
        if _is_site_moderator(user):
            return self
        if not user.is_authenticated:
            return self.none()
        from .models import Membership

        moderated = Membership.objects.filter(member=user, role="moderator")
        return self.filter(
            models.Q(pk__in=moderated.values("space")) | _in_scope(user, "")
        )


class TopicQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status="published")

    def public(self):
        """What anyone may read: published topics of open spaces (search, sitemap,
        feeds, the home page)."""
        return self.published().filter(space__access="open")

    def pending(self):
        return self.filter(status="pending").order_by("created_at", "id")

    def visible_to(self, user):
        """Published topics of the spaces ``user`` may read; the rest to their
        author, the space's moderators and the site's moderators."""
        if _is_site_moderator(user):
            return self
        if not user.is_authenticated:
            return self.public()
        from .models import Membership

        mine = Membership.objects.filter(member=user)
        readable = models.Q(space__access="open") | models.Q(
            space__in=mine.values("space")
        )
        moderated = models.Q(
            space__in=mine.filter(role="moderator").values("space")
        ) | _in_scope(user, "space__")
        return self.filter(readable).filter(
            models.Q(status="published") | models.Q(author=user) | moderated
        )

    def in_space(self, space):
        return self.filter(space=space)

    def unanswered(self):
        return self.filter(answer__isnull=True, merged_into__isnull=True)

    def with_tag(self, slug: str):
        """Topics tagged with any tag of the theme ``slug``, in any language."""
        return self.filter(pk__in=tagged_with(self.model, slug))

    def by_activity(self):
        return self.order_by("-pinned", "-last_activity_at", "-id")

    def for_list(self):
        """What a row of a list shows (``rows.topic_row``), in one query that
        reads no other column: a list's first render builds every row's objects."""
        return self.select_related("space", "author__profile").only(
            *("title", "slug", "language", "status", "pinned", "closed", "answer"),
            *("reply_count", "view_count", "created_at", "last_activity_at"),
            *("space__name", "space__slug", "space__kind", "space__access"),
            "author__profile__display_name",
        )
