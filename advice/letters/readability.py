"""Readability figures for the letter editor's hint panel: pure functions of a plain text.

A score is an aid, never a verdict: taalniveau B1 is not a measurable
property of a text. The panel says so; these functions only count.

- **Words**: runs of letters (with ``-`` or ``'`` inside, as in
  "re-integratie", "cliënt's"), and abbreviations of single letters with
  full stops ("n.a.v.": one word); numbers and signs are not words.
- **Sentences**: a text is cut after ``.``, ``!`` or ``?`` followed by a
  space and a capital, digit or opening quote or bracket, and at every line
  break (a heading, a list item, a paragraph of the rendered body). So
  abbreviations followed by a lower-case word ("n.a.v. een") do not end a
  sentence. A piece without words is no sentence.
- **Syllables**: ``textstat`` with its Dutch settings (``set_lang("nl")``), which
  counts the hyphenation points of Pyphen's ``nl_NL`` dictionary plus one.
  Hyphenation never splits off a single letter at the start or end of a
  word, so it undercounts words such as "o-ver", "i-dee", "E-va"; and it
  joins "ië" once in a while. So each word counts the larger of textstat's
  figure and its groups of vowels ("ij" is a vowel, a diaeresis starts a new
  group: "cli-ën-ten-raad"). The tests hold hand-counted examples.
- **Flesch–Douma** = 206.84 − 0.77 × (syllables per 100 words) − 0.93 ×
  (words per sentence). textstat's Flesch reading ease for ``nl`` is this
  formula (base 206.835, 77 × syllables per word), but over its own sentence
  count, which leaves out every sentence of one or two words; the score here
  is computed from the counts above, so that the average sentence length
  and the score the editor sees agree.
"""

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

WORDLIST_PATH = Path(__file__).parent / "data" / "ambtelijke_woorden.toml"

#: How many of the longest sentences the hint lists.
LONGEST_SENTENCES = 5

_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(\[]?[A-ZÀ-ÖØ-Þ0-9])")
# Vowel groups: "ij" counts as a vowel; a letter with a diaeresis opens a group of its own.
_VOWEL_GROUP = re.compile(r"(?:ij|[aeiouyáéíóúàèìòùâêîôû])+|[äëïöü](?:[aeiouáéíóú])*")


@dataclass(frozen=True)
class Sentence:
    text: str
    words: int


@dataclass(frozen=True)
class Officialese:
    phrase: str
    alternative: str
    count: int


@dataclass(frozen=True)
class Readability:
    words: int = 0
    sentences: int = 0
    syllables: int = 0
    flesch_douma: float | None = None
    average_sentence_length: float | None = None
    longest: list = field(default_factory=list)
    officialese: list = field(default_factory=list)

    def as_dict(self):
        return {
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
            "flesch_douma": self.flesch_douma,
            "average_sentence_length": self.average_sentence_length,
            "longest": [{"text": s.text, "words": s.words} for s in self.longest],
            "officialese": [
                {"phrase": o.phrase, "alternative": o.alternative, "count": o.count}
                for o in self.officialese
            ],
        }


def words(text):
    """The words of ``text``, as written."""
    return _WORD.findall(text)


def split_sentences(text):
    """The sentences of ``text``, stripped; pieces without a word are left out."""
    pieces = []
    for line in text.splitlines():
        pieces.extend(_SENTENCE_END.split(line))
    return [piece.strip() for piece in pieces if words(piece)]


@functools.cache
def _textstat():
    from textstat.textstat import textstatistics

    counter = textstatistics()
    counter.set_lang("nl")
    return counter


def syllables(word):
    """Syllables of one Dutch word: textstat (Pyphen nl_NL), or its vowel groups if more."""
    lowered = word.lower()
    by_hyphenation = _textstat().syllable_count(lowered)
    by_vowels = len(_VOWEL_GROUP.findall(lowered))
    return max(by_hyphenation, by_vowels, 1)


def flesch_douma(*, words, sentences, syllables):
    """206.84 − 0.77 × syllables per 100 words − 0.93 × words per sentence; None without words."""
    if not words or not sentences:
        return None
    return 206.84 - 0.77 * (100 * syllables / words) - 0.93 * (words / sentences)


def parse_wordlist(data, council_slug=""):
    """``{phrase: alternative}`` from the TOML data: the common list plus the council's own."""
    common = dict(data.get("woorden", {}))
    own = data.get("raad", {}).get(council_slug, {}) if council_slug else {}
    common.update(own)
    return {
        str(phrase).strip().lower(): str(alternative).strip()
        for phrase, alternative in common.items()
        if str(phrase).strip()
    }


@functools.cache
def _wordlist_data():
    with WORDLIST_PATH.open("rb") as handle:
        return tomllib.load(handle)


def officialese_words(council_slug=""):
    """The list in ``data/ambtelijke_woorden.toml`` for a council (its own table included)."""
    return parse_wordlist(_wordlist_data(), council_slug)


def find_officialese(text, wordlist):
    """Each phrase of ``wordlist`` found in ``text`` (whole words, any case), most frequent first."""
    lowered = text.lower()
    found = []
    for phrase, alternative in wordlist.items():
        pattern = r"(?<![\w.'’-])" + re.escape(phrase) + r"(?![\w'’-])"
        count = len(re.findall(pattern, lowered))
        if count:
            found.append(Officialese(phrase=phrase, alternative=alternative, count=count))
    return sorted(found, key=lambda item: (-item.count, item.phrase))


def readability(text, wordlist=None):
    """Every figure of the hint panel for ``text`` (plain text, one block per line)."""
    sentences = split_sentences(text)
    counted = [Sentence(text=sentence, words=len(words(sentence))) for sentence in sentences]
    all_words = [word for sentence in sentences for word in words(sentence)]
    syllable_count = sum(syllables(word) for word in all_words)
    longest = sorted(counted, key=lambda sentence: -sentence.words)[:LONGEST_SENTENCES]
    return Readability(
        words=len(all_words),
        sentences=len(sentences),
        syllables=syllable_count,
        flesch_douma=flesch_douma(
            words=len(all_words), sentences=len(sentences), syllables=syllable_count
        ),
        average_sentence_length=len(all_words) / len(sentences) if sentences else None,
        longest=longest,
        officialese=find_officialese(text, wordlist or {}),
    )
