"""The questionnaire, read from its versioned data files (questionnaires/*.yaml).

A version's file is never edited once assessments were given under it; a new
version is a new file, and the newest (by name) is the one new assessments take.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.translation import get_language

DIRECTORY = Path(__file__).resolve().parent / "questionnaires"
LEVELS = (1, 2, 3, 4)


def in_language(texts: dict[str, str]) -> str:
    """The text in the active language, else in the site's default language."""
    language = (get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return texts.get(language) or texts[settings.LANGUAGE_CODE.split("-")[0]]


@dataclass(frozen=True)
class Level:
    value: int
    names: dict
    descriptions: dict

    @property
    def name(self) -> str:
        return in_language(self.names)

    @property
    def description(self) -> str:
        return in_language(self.descriptions)


@dataclass(frozen=True)
class Statement:
    key: str
    dimension: str
    texts: dict

    @property
    def text(self) -> str:
        return in_language(self.texts)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    titles: dict
    levels: tuple[Level, ...]
    # (dimension slug, its statements), in the questionnaire's order.
    sections: tuple[tuple[str, tuple[Statement, ...]], ...]

    @property
    def title(self) -> str:
        return in_language(self.titles)

    @property
    def statements(self) -> list[Statement]:
        return [item for _, statements in self.sections for item in statements]

    @property
    def dimension_slugs(self) -> list[str]:
        return [slug for slug, _ in self.sections]


def _parse(data: dict) -> Questionnaire:
    levels = tuple(
        Level(item["value"], item["name"], item["description"])
        for item in data["levels"]
    )
    if tuple(level.value for level in levels) != LEVELS:
        raise ValueError(f"Questionnaire {data['version']}: levels must be 1 to 4.")
    sections = tuple(
        (
            section["slug"],
            tuple(
                Statement(item["key"], section["slug"], item["text"])
                for item in section["statements"]
            ),
        )
        for section in data["dimensions"]
    )
    return Questionnaire(str(data["version"]), data["title"], levels, sections)


@cache
def versions() -> dict[str, Questionnaire]:
    """Every version on disk, by version name, oldest first."""
    found = {}
    for path in sorted(DIRECTORY.glob("*.yaml")):
        with path.open(encoding="utf-8") as handle:
            questionnaire = _parse(yaml.safe_load(handle))
        found[questionnaire.version] = questionnaire
    return found


def get(version: str) -> Questionnaire | None:
    """The questionnaire of that version, or None if its file is gone."""
    return versions().get(version)


def current() -> Questionnaire:
    return list(versions().values())[-1]
