"""Which of the site's languages a comment is written in, so its body can carry a
``lang`` attribute and screen readers read it with the right voice.

Counting function words (articles, pronouns, prepositions) is enough to tell English,
Spanish and French apart in a few sentences, needs no model, and gives the same answer
every time. An empty answer means "the same as the page": a wrong ``lang`` would make
a screen reader mispronounce every word, so a short or mixed text is left unmarked.
"""

import re
from collections import Counter

from django.conf import settings

_FUNCTION_WORDS = {
    "en": """
        the and of to is are was were be been being it its this that these those
        with for from by at in into about but not or if then than so very also
        i you he she we they him her us them my your his our their what which who
        whom whose when where why how have has had do does did will would can could
        should shall may might must there here all some any more most just only
        after before because while""",
    "es": """
        el los las del al y es son está están estaba fue fueron ser sido estar
        una unos unas por para con sin sobre entre hasta desde hacia según como pero
        más muy también tampoco lo le les su sus mi mis tu tus nuestro nuestra
        nuestros nuestras este esta estos estas esto ese esa eso aquí allí hay ha
        han he hemos había tiene tienen tenemos puede pueden cuando donde porque
        aunque qué cuál quién yo él ella ellos ellas nosotros usted ustedes muchas
        gracias todo todos toda todas otro otra otros otras ya sí estoy estamos""",
    "fr": """
        le les des du au aux et est sont était été être avoir ont avons une pour
        avec dans sans sur sous entre vers chez comme mais ou où donc car pas
        ne plus très aussi ce cet cette ces ceci cela ça qui quoi dont il elle ils
        elles nous vous je tu leur leurs notre nos votre vos mon ma mes ton ta tes
        sa ses lui eux y c d l j n qu merci beaucoup tout tous toute toutes autre
        autres déjà ici fait peut peuvent avait faire""",
}
# Words two of them share ("de", "la", "que", "en") are not listed; one listed for two
# ("le" is French "the" and a Spanish pronoun) is evidence for neither.
_LISTED = Counter(
    word for words in _FUNCTION_WORDS.values() for word in set(words.split())
)
_WORDS = {
    code: frozenset(word for word in words.split() if _LISTED[word] == 1)
    for code, words in _FUNCTION_WORDS.items()
}
# Letters that only one of the three writes: a word with one of them counts for it.
_LETTERS = {"es": frozenset("áíóúñ"), "fr": frozenset("àâçèêëîïôùûœ")}

# Fewer clues than this, and the text is too short to tell.
MIN_EVIDENCE = 3
# The winner needs this many times the clues of the runner-up; below, the text is
# mixed (a bilingual comment, a long quotation) and stays unmarked.
MIN_LEAD = 2

_LINK = re.compile(r"\S+@\S+|\b(?:https?://|www\.)\S+", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")


def _language_of_word(word: str) -> str | None:
    for code, words in _WORDS.items():
        if word in words:
            return code
    for code, letters in _LETTERS.items():
        if not letters.isdisjoint(word):
            return code
    return None


def detect_language(text: str) -> str:
    """The code of the language ``text`` is written in, among the site's
    LANGUAGES; "" when the text is too short or too mixed to tell."""
    candidates = {code for code, _name in settings.LANGUAGES} & _WORDS.keys()
    evidence = Counter(
        code
        for word in _WORD.findall(_LINK.sub(" ", text or "").lower())
        if (code := _language_of_word(word)) in candidates
    )
    ranked = [*evidence.most_common(2), ("", 0), ("", 0)]
    (best, best_count), (_runner_up, runner_up_count) = ranked[:2]
    if best_count < MIN_EVIDENCE or best_count < MIN_LEAD * runner_up_count:
        return ""
    return best
