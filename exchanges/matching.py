"""Match suggestions: for a request, the offers, institutions and published case
stories that could answer it; for an offer, the open requests it could answer.

Shared dimensions and themes weigh most, then similar wording (full-text rank),
a working language and a modality in common, and the same world region; only
rows sharing a dimension or a theme are candidates. Everything but the wording
is scored for every candidate at once on the arrays of the content version
(``listing_index`` for requests and offers, the case list's facet index for
stories), so the cost hardly grows with the tables; the best ``CANDIDATES`` of
each kind are then read in one query that ranks their wording in PostgreSQL.
A row outside them would need a wording rank worth more than the structure it
lacks, which a dimension or a theme in common outweighs. Each suggestion says
why in words.
"""

import re
from dataclasses import dataclass, field

import numpy as np
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from taggit.models import TaggedItem

from cases import facet_index
from cases.models import CaseStory
from core.pagecache import CONTENT, cached
from core.search import rank
from members.models import Institution
from taxonomy.querysets import THEME_SLUG

from . import listing_index
from .models import KnowledgeOffer, KnowledgeRequest, Modality, WorkingLanguage
from .regions import REGIONS, countries_in, region_of

LIMIT = 5
# Rows of each kind whose wording is ranked, the best by everything else.
CANDIDATES = 50
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
    dimensions: dict  # slug -> name
    themes: dict  # theme slug -> the name of the item's tag for it
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
        tagged = TaggedItem.objects.filter(
            content_type=ContentType.objects.get_for_model(item), object_id=item.pk
        )
        return cls(
            pk=item.pk,
            kind=item.kind,
            institution_id=item.institution_id,
            dimensions=dict(item.dimensions.values_list("slug", "name")),
            themes=dict(tagged.values_list(THEME_SLUG, "tag__name")),
            languages=list(item.languages),
            modalities=list(item.modalities),
            region=regions[0] if regions else "",
            words=" or ".join(words),
        )


class Structure:
    """Each row's score on everything but the wording, from an index of ``size``
    rows: ``having(facet, value)`` gives the mask of the rows with that value,
    ``theme`` names the facet of themes; ``region`` and ``language`` are the
    masks (or 0) of the rows in the profile's region and languages."""

    def __init__(self, having, size: int, profile: Profile, *, theme, region, language):
        self.profile = profile
        self.dimensions = {
            slug: having("dimension", slug) for slug in profile.dimensions
        }
        self.themes = {slug: having(theme, slug) for slug in profile.themes}
        shared = np.zeros(size, dtype=np.int64)
        for mask in self.dimensions.values():
            shared += 3 * mask
        for mask in self.themes.values():
            shared += 2 * mask
        self.candidate = shared > 0
        self.same_language = language
        self.same_region = region
        self.same_modality = None
        self.score = shared + language + region

    def with_modality(self, mask) -> "Structure":
        self.same_modality = mask
        self.score = self.score + mask
        return self

    def best(self, allowed, ids: np.ndarray) -> list[int]:
        """Positions of the best ``CANDIDATES`` rows allowed, the newest first
        among equals."""
        found = np.flatnonzero(self.candidate & allowed)
        order = self.score[found] << 40 | ids[found]
        if len(found) > CANDIDATES:
            top = np.argpartition(-order, CANDIDATES - 1)[:CANDIDATES]
            found, order = found[top], order[top]
        return found[np.argsort(-order)].tolist()

    def describe(self, row, at: int) -> None:
        """What the reasons read, on ``row`` at position ``at``."""
        row.shared_dimensions = [
            name
            for slug, name in self.profile.dimensions.items()
            if self.dimensions[slug][at]
        ]
        row.shared_tags = [
            name for slug, name in self.profile.themes.items() if self.themes[slug][at]
        ]
        for name in ("same_language", "same_region", "same_modality"):
            mask = getattr(self, name)
            setattr(row, name, int(mask[at]) if isinstance(mask, np.ndarray) else 0)
        row.score = float(self.score[at]) + 4 * (row.text_rank or 0)


def _any(having, name: str, values) -> np.ndarray | int:
    masks = [having(name, value) for value in values]
    return np.logical_or.reduce(masks).astype(np.int64) if masks else 0


def _text_rank(profile: Profile):
    if not profile.words:
        return models.Value(0.0, output_field=models.FloatField())
    return Cast(rank(profile.words), models.FloatField())


def _ranked(structure: Structure, found: list[int], ids, queryset, limit: int):
    """The best ``limit`` of the rows at ``found`` by their whole score: their
    wording ranked in one query, then the chosen rows read in another."""
    wording = dict(
        queryset.model.objects.filter(pk__in=[int(ids[at]) for at in found])
        .annotate(text_rank=_text_rank(structure.profile))
        .values_list("pk", "text_rank")
    )
    scored = sorted(
        (-(float(structure.score[at]) + 4 * (wording[pk] or 0)), -pk, at)
        for at in found
        if (pk := int(ids[at])) in wording
    )[:limit]
    rows = queryset.in_bulk([-pk for _score, pk, _at in scored])
    chosen = []
    for _score, pk, at in scored:
        row = rows.get(-pk)
        if row is not None:
            row.text_rank = wording[-pk]
            structure.describe(row, at)
            chosen.append(Suggestion(row, row.score, _reasons(row, structure.profile)))
    return chosen


def _listing_structure(profile: Profile):
    index = listing_index.current()
    structure = Structure(
        index.having,
        index.size,
        profile,
        theme="theme",
        region=_any(index.having, "region", [profile.region] if profile.region else []),
        language=_any(index.having, "language", profile.languages),
    ).with_modality(_any(index.having, "modality", profile.modalities))
    allowed = index.having("status", "open") & (
        index.keys != listing_index.key(profile.kind, profile.pk)
    )
    if profile.institution_id:
        allowed &= index.institutions != profile.institution_id
    return index, structure, allowed


def _story_structure(profile: Profile):
    index = facet_index.current()

    def having(name, value):
        return index.facets[name].having(value, index.size)

    structure = Structure(
        having,
        index.size,
        profile,
        theme="tag",
        region=_any(having, "country", countries_in(profile.region)),
        language=_any(having, "language", profile.languages),
    )
    return index, structure


def suggestions(item) -> dict[str, list[Suggestion]]:
    """What a request's or an offer's page suggests, kept until the content changes
    (saving a listing, a story or an institution bumps its version)."""
    parts = (item.kind, item.pk, get_language())
    return cached(
        "exchange-suggestions", parts, lambda: computed(item), scopes=(CONTENT,)
    )


def computed(item) -> dict[str, list[Suggestion]]:
    """:func:`suggestions` computed afresh."""
    profile = Profile.of(item)
    if item.kind == "request":
        return {
            "offers": _offers(profile),
            "institutions": _institutions(profile),
            "stories": _stories(profile),
        }
    return {"requests": _requests(profile)}


def offers_for(request: KnowledgeRequest, *, limit: int = LIMIT) -> list[Suggestion]:
    return _offers(Profile.of(request), limit)


def requests_for(offer: KnowledgeOffer, *, limit: int = LIMIT) -> list[Suggestion]:
    return _requests(Profile.of(offer), limit)


def stories_for(request: KnowledgeRequest, *, limit: int = LIMIT) -> list[Suggestion]:
    return _stories(Profile.of(request), limit)


def institutions_for(request: KnowledgeRequest, *, limit: int = LIMIT):
    return _institutions(Profile.of(request), limit)


def _offers(profile: Profile, limit: int = LIMIT) -> list[Suggestion]:
    index, structure, allowed = _listing_structure(profile)
    found = structure.best(allowed & index.offers, index.ids)
    published = (
        CaseStory.objects.published()
        .filter(knowledge_offers=models.OuterRef("pk"))
        .order_by()
        .values("knowledge_offers")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    rows = (
        KnowledgeOffer.objects.select_related("institution")
        .defer("body", "search_vector", "institution__search_vector")
        .annotate(story_count=Coalesce(models.Subquery(published), 0))
    )
    return _ranked(structure, found, index.ids, rows, limit)


def _requests(profile: Profile, limit: int = LIMIT) -> list[Suggestion]:
    index, structure, allowed = _listing_structure(profile)
    found = structure.best(allowed & ~index.offers, index.ids)
    rows = KnowledgeRequest.objects.select_related("institution").defer(
        "body", "search_vector", "institution__search_vector"
    )
    return _ranked(structure, found, index.ids, rows, limit)


def _stories(profile: Profile, limit: int = LIMIT) -> list[Suggestion]:
    index, structure = _story_structure(profile)
    found = structure.best(True, index.ids)
    rows = CaseStory.objects.select_related("lead_institution").defer(
        *("context", "challenge", "solution", "results", "lessons"),
        *("search_vector", "lead_institution__search_vector"),
    )
    return _ranked(structure, found, index.ids, rows, limit)


def _institutions(profile: Profile, limit: int = LIMIT) -> list[Suggestion]:
    """Verified institutions with published stories on the request's dimensions or
    themes (as their lead), or open offers on them."""
    stories, story_structure = _story_structure(profile)
    listings, structure, _allowed = _listing_structure(profile)
    offers = structure.candidate & listings.offers & listings.having("status", "open")
    story_counts = _count(stories.leads[story_structure.candidate])
    offer_counts = _count(listings.institutions[offers])
    region = set(countries_in(profile.region))
    scored = []
    for pk in (story_counts.keys() | offer_counts.keys()) - {profile.institution_id}:
        if pk in listings.verified:
            name, country = listings.verified[pk]
            story_count, offer_count = story_counts.get(pk, 0), offer_counts.get(pk, 0)
            same_region = int(country in region)
            score = 2 * story_count + 3 * offer_count + same_region
            scored.append((-score, name, pk, story_count, offer_count, same_region))
    scored.sort()
    rows = Institution.objects.defer("search_vector", "description").in_bulk(
        [pk for _s, _n, pk, *_counts in scored[:limit]]
    )
    suggested = []
    for score, _name, pk, story_count, offer_count, same_region in scored[:limit]:
        row = rows[pk]
        row.story_count, row.offer_count = story_count, offer_count
        row.same_region = same_region
        suggested.append(Suggestion(row, -score, _reasons(row, profile)))
    return suggested


def _count(values: np.ndarray) -> dict[int, int]:
    found, counts = np.unique(values[values > 0], return_counts=True)
    return dict(zip(found.tolist(), counts.tolist(), strict=True))


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
