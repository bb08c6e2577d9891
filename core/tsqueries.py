"""One tsquery for a query parsed in several text-search configurations at once,
that a GIN index answers in one cheap scan.

The configurations' queries ORed side by side repeat mostly the same lexemes, and
a GIN scan takes every occurrence of a lexeme as an entry of its own: it reads
the lexeme's rows once per occurrence and checks each row against the whole
query. ``covering_query`` writes each alternative of the query once, as the
lexemes a vector must hold to match it, and leaves out an alternative whose
lexemes include another's. Every vector matching the query in one of the
configurations matches it (it may match more: negations, word order and
distance are left to the check of each row in its own configuration).
"""

import re

from django.db import connection

# In a tsquery's text: a lexeme (quotes doubled, backslashes escaped, maybe a
# weight or prefix mark), a negation, an "or" or a parenthesis.
_TOKEN = re.compile(r"'(?:[^'\\]|''|\\.)*'(?::[*A-D]+)?|[!|()]")


def required_lexemes(parsed: str) -> list[frozenset[str]] | None:
    """The alternatives of a tsquery's text, each as the lexemes (as written) a
    vector must hold to match it; None when an alternative requires none (it
    only negates) or alternatives nest in parentheses."""
    alternatives, lexemes = [], set()
    depth, negate_next, negated_at = 0, False, None
    for part in [*_TOKEN.findall(parsed), "|"]:
        if part == "!":
            negate_next = True
        elif part == "(":
            if negate_next and negated_at is None:
                negated_at = depth
            negate_next, depth = False, depth + 1
        elif part == ")":
            depth -= 1
            if negated_at == depth:
                negated_at = None
        elif part == "|":
            if depth or not lexemes:
                return None
            alternatives.append(frozenset(lexemes))
            lexemes = set()
        else:
            if not negate_next and negated_at is None:
                lexemes.add(part)
            negate_next = False
    return alternatives


def either(texts: list[str]) -> str:
    """The text of a tsquery matching what any of ``texts`` (tsqueries' texts)
    matches: their disjunction, as ``||`` writes it."""
    # Spanish and its accent-insensitive copy mostly parse a query alike: the
    # same alternative twice is scanned twice.
    texts = list(dict.fromkeys(text for text in texts if text))
    if len(texts) == 1:
        return texts[0]
    return " | ".join(f"( {text} )" for text in texts)


def covering(texts: list[str]) -> str:
    """A tsquery's text that every vector matching one of ``texts`` (tsqueries'
    texts) matches, each alternative once; their plain disjunction when one
    cannot be read as alternatives of required lexemes."""
    texts = [text for text in texts if text]
    parsed = [required_lexemes(text) for text in texts]
    if any(alternatives is None for alternatives in parsed):
        return either(texts)
    unique = {lexemes for alternatives in parsed for lexemes in alternatives}
    return " | ".join(
        sorted(
            " & ".join(sorted(lexemes))
            for lexemes in unique
            if not any(other < lexemes for other in unique)
        )
    )


def parsed(q: str, configs) -> dict[str, str]:
    """The text of ``q`` parsed like a web search box in each of ``configs``, by
    configuration: one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT config, websearch_to_tsquery(config::regconfig, %s)::text"
            " FROM unnest(%s::text[]) AS configs(config)",
            [q, list(configs)],
        )
        return dict(cursor.fetchall())


def covering_query(q: str, configs) -> str:
    """:func:`covering` of ``q`` parsed in each of ``configs``."""
    return covering(list(parsed(q, configs).values()))
