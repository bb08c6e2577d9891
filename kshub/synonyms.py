"""Across languages: a query containing a term of ``data/search_synonyms.yaml``
also asks for the other terms of its group, in every language (the KS dimensions'
and the themes' names in English, Spanish and French, and their synonyms). The
file is data, edited without touching code. Each theme of the taxonomy is a group
too: its labels and the tags that name it, as moderators keep them on the desk."""

import re
from functools import cache
from pathlib import Path

import yaml

from core.lexicon import normalize
from core.pagecache import CONTENT, cached
from taxonomy.querysets import theme_terms

SYNONYMS_FILE = Path(__file__).parent / "data" / "search_synonyms.yaml"
# The most other terms one query is widened with.
MAX_TERMS = 12
_NON_WORD = re.compile(r"[^\w]+")


def _key(text: str) -> str:
    """Lowercase words without accents, hyphens and apostrophes as spaces."""
    return " ".join(_NON_WORD.sub(" ", normalize(text)).split())


@cache
def groups() -> tuple[tuple[str, ...], ...]:
    """Each group's terms, every language together, as written in the file."""
    with SYNONYMS_FILE.open(encoding="utf-8") as data:
        entries = yaml.safe_load(data) or []
    return tuple(
        tuple(dict.fromkeys(str(term) for terms in entry.values() for term in terms))
        for entry in entries
    )


@cache
def _file_groups() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return tuple(_keyed(groups()))


def _keyed(all_terms) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(terms, tuple(_key(term) for term in terms)) for terms in all_terms]


def _theme_groups():
    """The themes' groups, read once per content version (a moderator renaming,
    translating or merging a theme changes it)."""
    return cached(
        "theme-terms",
        (),
        lambda: _keyed(theme_terms()),
        scopes=(CONTENT,),
        in_process=True,
    )


def related_terms(q: str) -> list[str]:
    """The terms of every group one of whose terms ``q`` contains, but those ``q``
    contains itself: the longest terms matched first, each group once."""
    query = f" {_key(q)} "
    found: list[str] = []
    for terms, keys in (*_file_groups(), *_theme_groups()):
        if any(f" {key} " in query for key in keys if key):
            found.extend(
                term
                for term, key in zip(terms, keys, strict=True)
                if key and f" {key} " not in query
            )
    return list(dict.fromkeys(found))[:MAX_TERMS]


def expand(q: str) -> str:
    """``q`` as a web search query that also accepts the related terms, each as
    all of its words (``websearch_to_tsquery`` reads "or" between them)."""
    terms = [" ".join(_NON_WORD.sub(" ", term).split()) for term in related_terms(q)]
    # Quotes and a leading minus would read as operators: terms are words only.
    return " or ".join([q, *(term for term in terms if term)])
