"""Members of the community and the institutions they work for."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from taggit.managers import TaggableManager

from .querysets import SEARCH_CONFIG as INSTITUTION_SEARCH_CONFIG  # noqa: F401 (imported from here)
from .querysets import InstitutionQuerySet, ProfileQuerySet


class User(AbstractUser):
    """The account; everything shown about a member lives on their Profile."""

    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    suspension_reason = models.TextField(_("suspension reason"), blank=True)

    @cached_property
    def is_moderator(self) -> bool:
        """A site-wide moderator: the Moderators group, or an administrator."""
        return self.is_superuser or self.groups.filter(name=MODERATORS_GROUP).exists()

    @cached_property
    def moderation_scopes(self) -> frozenset[tuple[str, str]]:
        """The (kind, key) pairs this member moderates within (``ModeratorScope``);
        loaded with the signed-in member (``members.querysets``) when it can be."""
        labels = getattr(self, "_scope_labels", None)
        if labels is not None:
            return frozenset(tuple(label.split(":", 1)) for label in labels)
        return frozenset(self.scopes.values_list("kind", "key"))

    @cached_property
    def edited_institution_id(self) -> int | None:
        """The institution this member is an editor of (``members.roles``), or
        None; loaded with the signed-in member when it can be."""
        if "_edited_institution_id" in self.__dict__:
            return self.__dict__["_edited_institution_id"]
        return (
            Profile.objects.filter(user=self, is_institution_editor=True)
            .values_list("institution_id", flat=True)
            .first()
        )

    @cached_property
    def verified_institution_id(self) -> int | None:
        """The member's institution once verified, or None; loaded with the
        signed-in member when it can be."""
        if "_verified_institution_id" in self.__dict__:
            return self.__dict__["_verified_institution_id"]
        return (
            Profile.objects.filter(user=self, institution__verified=True)
            .values_list("institution_id", flat=True)
            .first()
        )

    @property
    def is_scoped_moderator(self) -> bool:
        return not self.is_moderator and bool(self.moderation_scopes)

    @property
    def moderates_something(self) -> bool:
        """May open the moderation desk: site-wide, or within a scope."""
        return self.is_moderator or bool(self.moderation_scopes)

    def moderation_scope_for(self, target) -> str:
        """The label of the first scope of this member that covers ``target``
        ("dimension:measuring-results"), or "" (site-wide, or none)."""
        if self.is_moderator or not self.moderation_scopes:
            return ""
        from .scopes import scopes_of

        for kind, key in sorted(self.moderation_scopes & scopes_of(target)):
            return f"{kind}:{key}"
        return ""

    def moderated_within(self, queryset):
        """What this member moderates in ``queryset`` (``members.scopes.within``)."""
        from .scopes import within

        return within(queryset, self)

    def moderates(self, target) -> bool:
        """Whether this member may moderate ``target`` (a story, comment, event…)."""
        return self.is_moderator or bool(self.moderation_scope_for(target))


MODERATORS_GROUP = "Moderators"


class Institution(models.Model):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Ministry or government agency")
        DEVELOPMENT_BANK = "bank", _("Development bank")
        MULTILATERAL = "multilateral", _("Multilateral organisation")
        RESEARCH = "research", _("Research institute or university")
        NON_STATE = "non_state", _("Non-state actor")
        PROGRAMME = "programme", _("Programme")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    country = CountryField(_("country"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    verified = models.BooleanField(_("verified"), default=False)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposed_institutions",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Name and acronym (A), description (C), in INSTITUTION_SEARCH_CONFIG: kept by
    # a trigger (migration 0003), so every way of saving an institution keeps it
    # current.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        indexes = [
            models.Index(fields=["country", "kind"], name="institution_country_kind"),
            GinIndex(fields=["search_vector"], name="institution_search"),
            GinIndex(
                fields=["name"],
                name="institution_name_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["acronym"],
                name="institution_acronym_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self) -> str:
        return reverse("members:institution", args=[self.slug])

    @property
    def short_name(self) -> str:
        return self.acronym or self.name


class Profile(models.Model):
    """What a member tells the community about themselves, and what they show."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=100)
    position = models.CharField(_("position"), max_length=150, blank=True)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="profiles",
    )
    country = CountryField(_("country"), blank=True)
    bio = models.TextField(_("about me"), blank=True, max_length=2000)
    expertise = TaggableManager(_("expertise"), blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
    )
    # What a member chose before /me/notifications/ existed: read there as the
    # defaults of "replies to me" and "the community digest" until they choose.
    notify_replies = models.BooleanField(_("e-mail me about replies"), default=True)
    weekly_digest = models.BooleanField(_("send me the weekly digest"), default=False)
    listed_in_directory = models.BooleanField(
        _("list me in the member directory"), default=True
    )
    show_position = models.BooleanField(_("show my position"), default=True)
    show_institution = models.BooleanField(_("show my institution"), default=True)
    show_country = models.BooleanField(_("show my country"), default=True)
    show_bio = models.BooleanField(_("show my bio"), default=True)
    show_expertise = models.BooleanField(_("show my expertise"), default=True)
    # Set by the institution's editors (``members.roles``), never by the member;
    # cleared when the member changes institution.
    institution_confirmed_at = models.DateTimeField(
        _("belonging confirmed at"), null=True, blank=True
    )
    speaks_for_institution = models.BooleanField(
        _("speaks officially for the institution"), default=False
    )
    is_institution_editor = models.BooleanField(_("institution editor"), default=False)

    # Display name (A), position (B) and bio (C) where the member shows them, in
    # INSTITUTION_SEARCH_CONFIG: kept by a trigger (migration 0004).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        ordering = ["display_name"]
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            models.Index(fields=["country"], name="profile_country"),
            # The directory's order: a page is read from here, not from a sort
            # of every listed member.
            models.Index(
                fields=["display_name", "id"],
                condition=models.Q(listed_in_directory=True),
                name="profile_directory_order",
            ),
            GinIndex(fields=["search_vector"], name="profile_search"),
            models.Index(
                fields=["institution"],
                condition=models.Q(is_institution_editor=True),
                name="profile_institution_editors",
            ),
        ]
        constraints = [
            # Only a confirmed member of an institution speaks for it or edits it.
            models.CheckConstraint(
                condition=models.Q(
                    speaks_for_institution=False, is_institution_editor=False
                )
                | models.Q(
                    institution__isnull=False, institution_confirmed_at__isnull=False
                ),
                name="profile_role_needs_confirmation",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("members:profile", args=[self.user.username])

    @property
    def official_institution(self) -> Institution | None:
        """The institution this member speaks for, or None (personal capacity)."""
        return self.institution if self.speaks_for_institution else None


class ModeratorScope(models.Model):
    """A moderator's rights within one KS dimension, one event or one language,
    beside the site-wide Moderators group. What falls in a scope is told by each
    content app (``members.scopes``)."""

    class Kind(models.TextChoices):
        DIMENSION = "dimension", _("KS dimension")
        EVENT = "event", _("Event")
        LANGUAGE = "language", _("Language")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="scopes",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # A dimension's or an event's slug, or a language code.
    key = models.SlugField(_("key"), max_length=80)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "key"]
        verbose_name = _("moderation scope")
        verbose_name_plural = _("moderation scopes")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "kind", "key"], name="moderator_scope_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["dimension", "event", "language"]),
                name="moderator_scope_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.kind}:{self.key}"
