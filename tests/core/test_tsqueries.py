import pytest
from django.db import connection

from core.search import EVERY_CONFIG, has_alternatives
from core.tsqueries import covering, covering_query, either, required_lexemes

pytestmark = pytest.mark.django_db


def test_required_lexemes_of_each_alternative():
    assert required_lexemes("'climat' <-> 'chang' & !'flood' | 'rain'") == [
        frozenset({"'climat'", "'chang'"}),
        frozenset({"'rain'"}),
    ]
    assert required_lexemes("!( 'climat' <-> 'chang' ) & 'water'") == [
        frozenset({"'water'"})
    ]
    assert required_lexemes("'o''brien' & 'a\\\\b'") == [
        frozenset({"'o''brien'", "'a\\\\b'"})
    ]


@pytest.mark.parametrize("parsed", ["'b' | !'c'", "( 'a' | 'b' ) & 'c'"])
def test_required_lexemes_gives_up_on_what_it_cannot_bound(parsed):
    assert required_lexemes(parsed) is None


def test_covering_writes_each_alternative_once_without_those_implied():
    assert (
        covering(
            ["'report' & 'evalu' | 'evalu'", "'evalu' | 'evaluacion'", "", "'evalu'"]
        )
        == "'evalu' | 'evaluacion'"
    )


def test_covering_falls_back_to_the_plain_disjunction():
    assert covering(["'b' | !'c'", "'d'"]) == "( 'b' | !'c' ) | ( 'd' )"


def test_either_writes_an_alternative_two_configurations_share_once():
    assert either(["'capac' & 'network'", "", "'capac' & 'network'"]) == (
        "'capac' & 'network'"
    )
    assert either(["'a'", "'b'", "'a'"]) == "( 'a' ) | ( 'b' )"


@pytest.mark.parametrize(
    "q",
    [
        "reports evaluation or evaluación or évaluation des résultats",
        '"climate change" -flood or rain',
        "e-learning l'évaluation d'impact",
        "the or a",
    ],
)
def test_covering_query_matches_whatever_a_configuration_matches(q):
    covered = covering_query(q, EVERY_CONFIG)
    texts = [
        "Reports on the evaluation of climate change and rain",
        "La evaluación de resultados del e-learning",
        "L'évaluation d'impact des inondations",
        "A flood of climate change",
    ]
    for text in texts:
        for config in EVERY_CONFIG:
            vector = f"to_tsvector('{config}', %s)"
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {vector} @@ websearch_to_tsquery('{config}', %s),"
                    f" {vector} @@ %s::tsquery",
                    [text, q, text, covered],
                )
                matched, covered_matches = cursor.fetchone()
            assert covered_matches or not matched, (q, text, config)


@pytest.mark.parametrize(
    ("q", "alternatives"),
    [
        ("water or sanitation", True),
        ("evaluation OR  monitoring", True),
        ("gestión del conocimiento or knowledge management", True),
        ("water", False),
        ("or", False),
        ("oral history", False),
        ("donor coordination", False),
        ("or water", False),
    ],
)
def test_a_query_holds_alternatives_where_or_stands_between_two_terms(q, alternatives):
    assert has_alternatives(q) is alternatives
