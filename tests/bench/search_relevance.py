"""How well the site search ranks: the judged queries of ``search_judgements.yaml``
over the demo content, scored by nDCG@10, recall@10 and MRR.

Run against a database holding the demo (``manage.py load_demo``):
``DJANGO_SETTINGS_MODULE=kshub.settings.dev python tests/bench/search_relevance.py``
loads nothing and prints one line per query and the means; ``make bench`` runs it
through ``test_search_relevance`` in a fresh test database.
"""

from __future__ import annotations

import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

JUDGEMENTS = Path(__file__).with_name("search_judgements.yaml")
CUTOFF = 10


@dataclass
class Score:
    q: str
    ndcg: float
    recall: float
    reciprocal_rank: float
    found: list[str]


def judgements() -> list[dict]:
    with JUDGEMENTS.open(encoding="utf-8") as data:
        return yaml.safe_load(data)


def score(q: str, expected: list[str], found: list[str]) -> Score:
    """Every expected result is as relevant as the others (binary gains)."""
    gains = dict.fromkeys(expected, 1)
    top = found[:CUTOFF]
    dcg = sum(gains.get(url, 0) / math.log2(n + 2) for n, url in enumerate(top))
    ideal = sorted(gains.values(), reverse=True)[:CUTOFF]
    idcg = sum(gain / math.log2(n + 2) for n, gain in enumerate(ideal))
    hits = [n for n, url in enumerate(top) if url in gains]
    return Score(
        q=q,
        ndcg=dcg / idcg if idcg else 0.0,
        recall=len(hits) / len(expected),
        reciprocal_rank=1 / (hits[0] + 1) if hits else 0.0,
        found=top,
    )


def run() -> list[Score]:
    from kshub.search import search_everything

    return [
        score(
            judged["q"],
            judged["expect"],
            [result.url for result in search_everything(judged["q"]).results],
        )
        for judged in judgements()
    ]


def table(scores: list[Score]) -> str:
    lines = ["| query | nDCG@10 | recall@10 | RR |", "|---|---|---|---|"]
    lines += [
        f"| {s.q} | {s.ndcg:.2f} | {s.recall:.2f} | {s.reciprocal_rank:.2f} |"
        for s in scores
    ]
    n = len(scores)
    lines.append(
        f"| **mean of {n}** | **{sum(s.ndcg for s in scores) / n:.3f}** | "
        f"**{sum(s.recall for s in scores) / n:.3f}** | "
        f"**{sum(s.reciprocal_rank for s in scores) / n:.3f}** |"
    )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kshub.settings.dev")
    import django

    django.setup()
    print(table(run()))  # noqa: T201 — the report
