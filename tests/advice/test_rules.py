"""The lifecycle verdicts, as tables."""

import pytest

from advice.letters.rules import (
    CHANGED_SINCE_ADOPTION,
    NOT_ADOPTED,
    NOT_SENT,
    NOTE_REQUIRED,
    REVIEW_REQUIRED,
    SEND_ALREADY_FROZEN,
    SEND_NOT_ADOPTED,
    LetterKind,
    publication_verdict,
    send_refusal,
)

ADVICE = LetterKind.REQUESTED_ADVICE
PUBLIC = LetterKind.PUBLIC_LETTER

# kind, adopted, has_versions, matches_latest, matches_adoption, reviewed, change_kind, note
# → refusal, record
PUBLICATION = [
    # Nothing is published before adoption, whatever else holds.
    (ADVICE, False, False, False, False, True, "", "", NOT_ADOPTED, ""),
    (PUBLIC, False, False, False, True, True, "correction", "x", NOT_ADOPTED, ""),
    # Adopted, never sent or published: advice waits for sending ...
    (ADVICE, True, False, False, True, True, "", "", NOT_SENT, ""),
    (LetterKind.MOTION_ANNEX, True, False, False, True, True, "", "", NOT_SENT, ""),
    (LetterKind.LETTER, True, False, False, True, True, "", "", NOT_SENT, ""),
    # ... a public letter or position paper goes out as adopted, and only as adopted.
    (PUBLIC, True, False, False, True, True, "", "", "", "published"),
    (LetterKind.POSITION_PAPER, True, False, False, True, True, "", "", "", "published"),
    (PUBLIC, True, False, False, False, True, "", "", CHANGED_SINCE_ADOPTION, ""),
    (PUBLIC, True, False, False, False, True, "correction", "typo", CHANGED_SINCE_ADOPTION, ""),
    # Sent or published: the frozen text republishes freely ...
    (ADVICE, True, True, True, True, True, "", "", "", ""),
    (ADVICE, True, True, True, False, True, "correction", "ignored", "", ""),
    # ... a changed text needs a kind of change and a note.
    (ADVICE, True, True, False, True, True, "", "", NOTE_REQUIRED, ""),
    (ADVICE, True, True, False, True, True, "correction", "", NOTE_REQUIRED, ""),
    (ADVICE, True, True, False, True, True, "correction", "   ", NOTE_REQUIRED, ""),
    (ADVICE, True, True, False, True, True, "", "Typfout hersteld", NOTE_REQUIRED, ""),
    (ADVICE, True, True, False, True, True, "nonsense", "Typfout hersteld", NOTE_REQUIRED, ""),
    (ADVICE, True, True, False, True, True, "correction", "Bedrag verbeterd", "", "correction"),
    (ADVICE, True, True, False, False, True, "minor", "Typfout", "", "minor"),
    (PUBLIC, True, True, False, True, True, "correction", "Datum verbeterd", "", "correction"),
    # ... and a second person's approval in the correction review: no note makes up for it.
    (ADVICE, True, True, False, True, False, "correction", "Bedrag verbeterd", REVIEW_REQUIRED, ""),
    (ADVICE, True, True, False, False, False, "minor", "Typfout", REVIEW_REQUIRED, ""),
    # Neither note nor review: the refusal asks for the note first.
    (ADVICE, True, True, False, True, False, "", "", NOTE_REQUIRED, ""),
    # Unreviewed does not matter where no new text is published.
    (ADVICE, True, True, True, True, False, "", "", "", ""),
    (PUBLIC, True, False, False, True, False, "", "", "", "published"),
]


@pytest.mark.parametrize(
    (
        "kind",
        "adopted",
        "has_versions",
        "matches_latest",
        "matches_adoption",
        "reviewed",
        "change_kind",
        "note",
        "refusal",
        "record",
    ),
    PUBLICATION,
)
def test_publication_verdict(
    kind,
    adopted,
    has_versions,
    matches_latest,
    matches_adoption,
    reviewed,
    change_kind,
    note,
    refusal,
    record,
):
    verdict = publication_verdict(
        kind=kind,
        adopted=adopted,
        has_versions=has_versions,
        matches_latest_version=matches_latest,
        matches_adoption=matches_adoption,
        reviewed=reviewed,
        change_kind=change_kind,
        change_note=note,
    )

    assert verdict.refusal == str(refusal)
    assert verdict.record == record
    assert verdict.allowed is (not refusal)


@pytest.mark.parametrize(
    ("adopted", "has_versions", "refusal"),
    [
        (False, False, SEND_NOT_ADOPTED),
        (False, True, SEND_NOT_ADOPTED),
        (True, True, SEND_ALREADY_FROZEN),
        (True, False, ""),
    ],
)
def test_send_refusal(adopted, has_versions, refusal):
    assert send_refusal(adopted=adopted, has_versions=has_versions) == str(refusal)


@pytest.mark.parametrize(
    ("kind", "sent_first"),
    [
        (LetterKind.REQUESTED_ADVICE, True),
        (LetterKind.UNSOLICITED_ADVICE, True),
        (LetterKind.LETTER, True),
        (LetterKind.MOTION_ANNEX, True),
        (LetterKind.PUBLIC_LETTER, False),
        (LetterKind.POSITION_PAPER, False),
    ],
)
def test_which_kinds_are_sent_before_publishing(kind, sent_first):
    assert LetterKind.must_be_sent(kind) is sent_first
