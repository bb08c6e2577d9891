"""Match suggestions: for a request, the offers, institutions and published case
stories that could answer it; for an offer, the open requests it could answer.

Each kind is one query, scored set-based in PostgreSQL over a bounded set of
candidates (the rows sharing a dimension or a theme): shared dimensions and themes
weigh most, then similar wording (full-text rank), a working language and a
modality in common, and the same world region. Each suggestion says why in words.
"""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from cases.models import CaseStory
from core.pagecache import CONTENT, cached
from core.search import rank
from members.models import Institution

from .models import KnowledgeOffer, KnowledgeRequest, Modality, WorkingLanguage
from .regions import REGIONS, countries_in, region_of

LIMIT = 5
WORD = re.compile(r"\w{4,}")


@dataclass
class Suggestion:
    item: object
    score: float
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Profile:
    """What a request or an offer is about, read once from its row."""

    pk: int
    kind: str
    institution_id: int | None
    dimension_ids: list
    tag_ids: list
    languages: list
    modalities: list
    region: str
    words: str

    @classmethod
    def of(cls, item) -> "Profile":
        codes = [*item.countries]
        if item.institution_id and item.institution.country:
            codes.append(str(item.institution.country))
        regions = [region_of(code) for code in codes if region_of(code)]
        words = list(dict.fromkeys(w.lower() for w in WORD.findall(item.title)))[:8]
        return cls(
            pk=item.pk,
            kind=item.kind,
            institution_id=item.institution_id,
            dimension_ids=[d.pk for d in item.dimensions.all()],
            tag_ids=list(item.tags.values_list("pk", flat=True)),
            languages=list(item.languages),
            modalities=list(item.modalities),
            region=regions[0] if regions else "",
            words=" or ".join(words),
        )


def _tagged(model):
    return TaggedItem.objects.filter(
        content_type_id=ContentType.objects.get_for_model(model).pk
    )


def _cardinality(expression):
    return Coalesce(
        models.Func(expression, function="cardinality"),
        0,
        output_field=models.IntegerField(),
    )


def _flag(condition) -> models.Expression:
    if condition is None:
        return models.Value(0)
    return models.Case(
        models.When(condition, then=1), default=0, output_field=models.IntegerField()
    )


def _shared(model, owner: str, profile: Profile):
    """Names of the dimensions and themes a row shares with ``profile``."""
    through = model.dimensions.through.objects.filter(
        **{owner: models.OuterRef("pk")}, dimension_id__in=profile.dimension_ids
    ).values("dimension__name")
    tags = (
        _tagged(model)
        .filter(object_id=models.OuterRef("pk"), tag_id__in=profile.tag_ids)
        .values("tag__name")
    )
    return ArraySubquery(through), ArraySubquery(tags)


def _candidates(model, owner: str, profile: Profile) -> models.Q:
    dims = model.dimensions.through.objects.filter(
        dimension_id__in=profile.dimension_ids
    ).values(owner)
    tags = _tagged(model).filter(tag_id__in=profile.tag_ids).values("object_id")
    return models.Q(pk__in=dims) | models.Q(pk__in=tags)


def _text_rank(profile: Profile):
    if not profile.words:
        return models.Value(0.0, output_field=models.FloatField())
    return Cast(rank(profile.words), models.FloatField())


def _scored(
    queryset, owner: str, profile: Profile, *, region_q, language_q, modality_q=None
):
    dims, tags = _shared(queryset.model, owner, profile)
    queryset = queryset.filter(_candidates(queryset.model, owner, profile)).annotate(
        shared_dimensions=dims,
        shared_tags=tags,
        same_language=_flag(language_q),
        same_modality=_flag(modality_q),
        same_region=_flag(region_q if profile.region else None),
        text_rank=_text_rank(profile),
    )
    return queryset.annotate(
        score=3 * (_cardinality("shared_dimensions") if profile.dimension_ids else 0)
        + 2 * (_cardinality("shared_tags") if profile.tag_ids else 0)
        + models.F("same_language")
        + models.F("same_modality")
        + models.F("same_region")
        + 4 * models.F("text_rank")
    ).order_by("-score", "-id")


def _listings(queryset, owner: str, profile: Profile):
    codes = countries_in(profile.region)
    return _scored(
        queryset.active()
        .exclude(pk=profile.pk if queryset.model.kind == profile.kind else None)
        .select_related("institution")
        .defer("body", "search_vector", "institution__search_vector"),
        owner,
        profile,
        region_q=models.Q(countries__overlap=codes)
        | models.Q(institution__country__in=codes),
        language_q=models.Q(languages__overlap=profile.languages)
        if profile.languages
        else None,
        modality_q=models.Q(modalities__overlap=profile.modalities)
        if profile.modalities
        else None,
    )


def suggestions(item) -> dict[str, list[Suggestion]]:
    """What a request's or an offer's page suggests, kept until the content changes
    (saving a listing, a story or an institution bumps its version)."""

    def compute():
        if item.kind == "request":
            return {
                "offers": offers_for(item),
                "institutions": institutions_for(item),
                "stories": stories_for(item),
            }
        return {"requests": requests_for(item)}

    parts = (item.kind, item.pk, get_language())
    return cached("exchange-suggestions", parts, compute, scopes=(CONTENT,))


def offers_for(request: KnowledgeRequest, *, limit: int = LIMIT) -> list[Suggestion]:
    profile = Profile.of(request)
    published = (
        CaseStory.objects.published()
        .filter(knowledge_offers=models.OuterRef("pk"))
        .order_by()
        .values("knowledge_offers")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    rows = _listings(KnowledgeOffer.objects.all(), "knowledgeoffer_id", profile)
    if profile.institution_id:
        rows = rows.exclude(institution_id=profile.institution_id)
    rows = rows.annotate(story_count=Coalesce(models.Subquery(published), 0))[:limit]
    return [Suggestion(row, row.score, _reasons(row, profile)) for row in rows]


def requests_for(offer: KnowledgeOffer, *, limit: int = LIMIT) -> list[Suggestion]:
    profile = Profile.of(offer)
    rows = _listings(KnowledgeRequest.objects.all(), "knowledgerequest_id", profile)
    rows = rows.filter(status__in=("open", "conversation"))
    if profile.institution_id:
        rows = rows.exclude(institution_id=profile.institution_id)
    return [Suggestion(row, row.score, _reasons(row, profile)) for row in rows[:limit]]


def stories_for(request: KnowledgeRequest, *, limit: int = LIMIT) -> list[Suggestion]:
    profile = Profile.of(request)
    codes = countries_in(profile.region)
    rows = _scored(
        CaseStory.objects.published()
        .select_related("lead_institution")
        .defer(
            "context",
            "challenge",
            "solution",
            "results",
            "lessons",
            "search_vector",
            "lead_institution__search_vector",
        ),
        "casestory_id",
        profile,
        region_q=models.Q(countries__overlap=codes),
        language_q=models.Q(language__in=profile.languages)
        if profile.languages
        else None,
    )[:limit]
    return [Suggestion(row, row.score, _reasons(row, profile)) for row in rows]


def institutions_for(request: KnowledgeRequest, *, limit: int = LIMIT):
    """Verified institutions with published stories on the request's dimensions or
    themes, or open offers on them."""
    profile = Profile.of(request)
    stories = (
        CaseStory.objects.published()
        .filter(_candidates(CaseStory, "casestory_id", profile))
        .filter(lead_institution=models.OuterRef("pk"))
        .order_by()
        .values("lead_institution")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    offers = (
        KnowledgeOffer.objects.active()
        .filter(_candidates(KnowledgeOffer, "knowledgeoffer_id", profile))
        .filter(institution=models.OuterRef("pk"))
        .order_by()
        .values("institution")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    codes = countries_in(profile.region)
    rows = (
        Institution.objects.verified()
        .exclude(pk=profile.institution_id)
        .defer("search_vector", "description")
        .annotate(
            story_count=Coalesce(models.Subquery(stories), 0),
            offer_count=Coalesce(models.Subquery(offers), 0),
            same_region=_flag(models.Q(country__in=codes))
            if codes
            else models.Value(0),
        )
        .annotate(
            score=2 * models.F("story_count")
            + 3 * models.F("offer_count")
            + models.F("same_region")
        )
        .filter(models.Q(story_count__gt=0) | models.Q(offer_count__gt=0))
        .order_by("-score", "name")[:limit]
    )
    return [Suggestion(row, row.score, _reasons(row, profile)) for row in rows]


def _reasons(row, profile: Profile) -> list[str]:
    reasons = []
    if getattr(row, "shared_dimensions", None):
        reasons.append(
            _("same dimension: %(names)s")
            % {"names": ", ".join(_(name) for name in row.shared_dimensions)}
        )
    if getattr(row, "shared_tags", None):
        reasons.append(_("theme: %(names)s") % {"names": ", ".join(row.shared_tags)})
    if getattr(row, "text_rank", 0):
        reasons.append(_("similar wording"))
    if getattr(row, "same_language", 0):
        common = [
            str(label)
            for value, label in WorkingLanguage.choices
            if value in profile.languages
            and (
                value in getattr(row, "languages", ())
                or value == getattr(row, "language", None)
            )
        ]
        reasons.append(_("works in %(languages)s") % {"languages": ", ".join(common)})
    if getattr(row, "same_modality", 0):
        common = [
            str(label)
            for value, label in Modality.choices
            if value in profile.modalities and value in row.modalities
        ]
        reasons.append(_("modality: %(names)s") % {"names": ", ".join(common)})
    if getattr(row, "same_region", 0) and profile.region:
        reasons.append(
            _("same region: %(region)s") % {"region": REGIONS[profile.region][0]}
        )
    if getattr(row, "offer_count", 0):
        reasons.append(
            ngettext("%(count)d open offer", "%(count)d open offers", row.offer_count)
            % {"count": row.offer_count}
        )
    if getattr(row, "story_count", 0):
        reasons.append(
            ngettext(
                "%(count)d published story",
                "%(count)d published stories",
                row.story_count,
            )
            % {"count": row.story_count}
        )
    return reasons
