"""The readability hint's counting (advice.letters.readability), against counts made by hand.

Every syllable count below was made by hand, split as a Dutch dictionary
splits the word (the split is in the comment), not read off the code.
"""

import pytest
from textstat.textstat import textstatistics

from advice.letters import readability
from advice.letters.readability import (
    find_officialese,
    flesch_douma,
    parse_wordlist,
    split_sentences,
    syllables,
    words,
)

# De(1) raad(1) geeft(1) een(1) ad-vies(2): 5 words, 6 syllables.
S1 = "De raad geeft een advies."
# Het(1) col-le-ge(3) moet(1) de(1) wacht-tijd(2) kor-ter(2) ma-ken(2): 7 words, 12 syllables.
S2 = "Het college moet de wachttijd korter maken."
# Wij(1) vra-gen(2) de(1) ge-meen-te(3) om(1) in-ge-le-ver-de(5) stuk-ken(2) te(1)
# be-ves-ti-gen(4): 9 words, 20 syllables.
S3 = "Wij vragen de gemeente om ingeleverde stukken te bevestigen."

HAND_COUNTED = {
    "de": 1,
    "raad": 1,
    "advies": 2,  # ad-vies
    "college": 3,  # col-le-ge
    "wachttijd": 2,  # wacht-tijd
    "gemeente": 3,  # ge-meen-te
    "ingeleverde": 5,  # in-ge-le-ver-de
    "bevestigen": 4,  # be-ves-ti-gen
    "cliëntenraad": 4,  # cli-ën-ten-raad
    "participatiewet": 6,  # par-ti-ci-pa-tie-wet
    "uitkering": 3,  # uit-ke-ring
    "sociale": 4,  # so-ci-a-le
    "eenvoudig": 3,  # een-vou-dig
    "over": 2,  # o-ver
    "idee": 2,  # i-dee
    "Eva": 2,  # E-va
}
# Words whose first or last syllable is one letter: hyphenation never splits those off,
# so textstat (Pyphen nl_NL) counts one syllable too few; the vowel groups make it up.
EDGE_SYLLABLE = {"over", "idee", "Eva"}


@pytest.mark.parametrize(("word", "count"), HAND_COUNTED.items())
def test_syllables_match_the_hand_count(word, count):
    assert syllables(word) == count


@pytest.mark.parametrize(("word", "count"), HAND_COUNTED.items())
def test_textstat_dutch_syllables_match_the_hand_count_except_at_a_one_letter_edge(word, count):
    counter = textstatistics()
    counter.set_lang("nl")
    by_textstat = counter.syllable_count(word.lower())
    if word in EDGE_SYLLABLE:
        assert by_textstat == count - 1
    else:
        assert by_textstat == count


def test_words_and_sentences_by_hand():
    text = f"{S1} {S2}"
    assert words(text) == [
        "De",
        "raad",
        "geeft",
        "een",
        "advies",
        "Het",
        "college",
        "moet",
        "de",
        "wachttijd",
        "korter",
        "maken",
    ]
    assert split_sentences(text) == [S1, S2]


def test_flesch_douma_of_two_sentences_by_hand():
    # 12 words, 18 syllables, 2 sentences: 206.84 − 0.77 × 150 − 0.93 × 6 = 85.76.
    result = readability.readability(f"{S1} {S2}")
    assert (result.words, result.syllables, result.sentences) == (12, 18, 2)
    assert result.average_sentence_length == 6
    assert result.flesch_douma == pytest.approx(85.76)


def test_flesch_douma_agrees_with_textstats_dutch_flesch():
    # textstat's nl Flesch is Douma with base 206.835: 0.005 lower, on this text.
    counter = textstatistics()
    counter.set_lang("nl")
    ours = readability.readability(f"{S1} {S2}").flesch_douma
    assert counter.flesch_reading_ease(f"{S1} {S2}") == pytest.approx(ours - 0.005, abs=0.001)


def test_one_long_sentence_by_hand():
    # 9 words, 20 syllables: 206.84 − 0.77 × 222.22… − 0.93 × 9 = 27.359
    result = readability.readability(S3)
    assert (result.words, result.syllables, result.sentences) == (9, 20, 1)
    assert result.flesch_douma == pytest.approx(27.359, abs=0.001)


def test_flesch_douma_formula():
    assert flesch_douma(words=100, sentences=10, syllables=150) == pytest.approx(
        206.84 - 0.77 * 150 - 0.93 * 10
    )
    assert flesch_douma(words=0, sentences=0, syllables=0) is None


def test_sentences_end_at_a_full_stop_before_a_capital_and_at_every_line():
    text = (
        "De raad schrijft n.a.v. een brief. Ja! Wat nu?\n"
        "Een kop zonder punt\n"
        "- een punt van een lijst\n\n"
        "Artikel 5. 12 mensen kwamen."
    )
    assert split_sentences(text) == [
        "De raad schrijft n.a.v. een brief.",
        "Ja!",
        "Wat nu?",
        "Een kop zonder punt",
        "- een punt van een lijst",
        "Artikel 5.",
        "12 mensen kwamen.",
    ]
    # "n.a.v." is one word; numbers are not words.
    assert words("De raad schrijft n.a.v. een brief.") == [
        "De",
        "raad",
        "schrijft",
        "n.a.v.",
        "een",
        "brief",
    ]
    assert words("12 mensen") == ["mensen"]


def test_the_five_longest_sentences_longest_first():
    text = " ".join(
        ["Een.", "Een twee.", "Een twee drie vier vijf zes.", "Een twee drie."]
        + ["Een twee drie vier.", "Een twee drie vier vijf."]
    )
    longest = readability.readability(text).longest
    assert [s.words for s in longest] == [6, 5, 4, 3, 2]
    assert longest[0].text == "Een twee drie vier vijf zes."


def test_empty_and_wordless_texts():
    for text in ("", "   ", "12 34.", "!!! ???", "\n\n"):
        result = readability.readability(text)
        assert (result.words, result.sentences, result.flesch_douma) == (0, 0, None)
        assert result.average_sentence_length is None and result.longest == []


def test_officialese_whole_words_any_case_with_alternatives():
    wordlist = readability.officialese_words()
    assert wordlist["conform"] == "volgens"
    assert wordlist["middels"] == "met"
    assert len(wordlist) >= 25
    text = (
        "Conform het beleid dient u middels dit formulier te reageren. "
        "Inzake uw aanvraag, conform afspraak. Een dienende rol; de conformiteit. "
        "Ten behoeve van u, n.a.v. uw brief."
    )
    found = {(o.phrase, o.alternative, o.count) for o in find_officialese(text, wordlist)}
    assert found == {
        ("conform", "volgens", 2),
        ("dient", "moet", 1),
        ("middels", "met", 1),
        ("inzake", "over", 1),
        ("ten behoeve van", "voor", 1),
        ("n.a.v.", "door, na", 1),
    }


def test_a_council_extends_the_list_with_a_table_of_its_own():
    data = {
        "woorden": {"conform": "volgens"},
        "raad": {"leiden": {"Verstrekken": "geven", "conform": "zoals"}},
    }
    assert parse_wordlist(data) == {"conform": "volgens"}
    assert parse_wordlist(data, "leiden") == {"conform": "zoals", "verstrekken": "geven"}
    assert parse_wordlist(data, "amersfoort") == {"conform": "volgens"}


def test_the_seed_summaries_are_counted(demo):
    """Every seed letter's summary: a few short sentences (the figures are in docs/letters.md)."""
    from advice.models import LetterPage

    letters = list(LetterPage.objects.filter(source_id__startswith="seed-").order_by("source_id"))
    assert len(letters) == 5
    for letter in letters:
        result = readability.readability(letter.summary)
        assert 3 <= result.sentences <= 9, letter.source_id
        assert result.average_sentence_length <= 15, letter.source_id
