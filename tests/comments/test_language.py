import pytest

from comments.language import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Thank you for sharing this. We tried the same approach in our "
            "ministry and it worked well after the first year.",
            "en",
        ),
        (
            "Muchas gracias por compartir esta experiencia. En nuestro ministerio "
            "hemos probado algo parecido y los resultados fueron muy buenos.",
            "es",
        ),
        (
            "Merci beaucoup pour ce partage. Dans notre ministère, nous avons "
            "essayé une approche semblable et les résultats sont très positifs.",
            "fr",
        ),
        ("Muy útil, gracias.", "es"),
        ("C'est très utile, merci.", "fr"),
        ("Is there a report of the results?", "en"),
    ],
    ids=["en", "es", "fr", "short-es", "short-fr", "short-en"],
)
def test_detect_language_of_clear_text(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Gracias!",
        "Useful.",
        "Merci !",
        "OK 👍",
        "KSP, CIPS, FOSIS, CABRI, 2014",
        # Words in links are not the writer's.
        "https://example.org/the-results-of-the-meeting-are-in-this-report",
        # Words two languages share tell nothing: "de", "la", "que", "en".
        "La de que en la de que en",
    ],
    ids=[
        "empty",
        "one-es-word",
        "one-en-word",
        "one-fr-word",
        "emoji",
        "names",
        "link",
        "shared",
    ],
)
def test_detect_language_leaves_short_or_ambiguous_text_blank(text):
    assert detect_language(text) == ""


def test_detect_language_leaves_a_bilingual_comment_blank():
    text = (
        "I agree with this and would like to hear more. "
        "Estoy de acuerdo con el informe y también con los resultados."
    )
    assert detect_language(text) == ""


def test_detect_language_keeps_the_main_language_around_a_short_quotation():
    text = (
        'Como dijo el panel, "learning by doing" es lo que funciona: en nuestro '
        "país los equipos aprenden más cuando tienen un proyecto real y también "
        "tiempo para compartir lo que hacen."
    )
    assert detect_language(text) == "es"


def test_detect_language_chooses_only_among_the_site_languages(settings):
    french = "Merci beaucoup pour ce partage, c'est très utile pour notre équipe."
    settings.LANGUAGES = [("en", "English"), ("es", "Spanish")]
    assert detect_language(french) == ""
    # A language the detector does not know is never answered.
    settings.LANGUAGES = [("de", "German")]
    assert detect_language(french) == ""
