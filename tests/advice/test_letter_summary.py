"""A letter's plain-language summary: adopted without one, never published without one.

"Geen samenvatting" with a reason is the only way out, and the reason is
shown. The summary is frozen with the version it was published with; a
changed summary is a changed text (note and review). Every refusal is tried
through the admin's own URLs, as a forged request, and must change nothing.
"""

import datetime

import pytest
from django.urls import reverse

from advice.letters.rules import (
    NOT_ADOPTED,
    NOT_SENT,
    NOTE_REQUIRED,
    REVIEW_REQUIRED,
    SUMMARY_REQUIRED,
    LetterKind,
    publication_verdict,
)
from advice.letters.services import letter_send
from advice.models import LetterPage, LetterVersion
from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_correction_review import approve, fresh, messages_of
from tests.advice.test_tenancy_letters import person
from tests.advice.test_tenancy_matrix import database
from tests.factories.advice import adopted_letter, letter_form_data, published_letter

pytestmark = pytest.mark.django_db

TEXT = "De Cliëntenraad adviseert positief over het voorstel."
SUMMARY = (
    "De cliëntenraad vindt het voorstel goed. Wij vragen het college om het snel uit te voeren."
)
NEW_SUMMARY = "De cliëntenraad vindt het voorstel goed, en vraagt om haast."
REASON = "Deze brief is zelf al drie korte zinnen."

councils = test_tenancy_letters.councils


@pytest.fixture
def people(councils):
    own, _ = councils
    return {
        "member": person("lid", own, Member.Role.MEMBER, groups.MEMBERS),
        "chair": person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS),
    }


def edit(client, user, letter, **fields):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[letter.pk])
    return client.post(url, letter_form_data(fresh(letter), TEXT, **fields), follow=True)


def public_page(client, url):
    client.logout()
    return client.get(url)


# kind, adopted, has_versions, matches_latest, matches_adoption, has_summary → refusal, record
SUMMARY_TABLE = [
    # Adoption and sending come first: their reasons are given before the summary's.
    (LetterKind.REQUESTED_ADVICE, False, False, False, True, False, NOT_ADOPTED, ""),
    (LetterKind.REQUESTED_ADVICE, True, False, False, True, False, NOT_SENT, ""),
    # Sent, or a public letter as adopted: no summary, no publication ...
    (LetterKind.REQUESTED_ADVICE, True, True, True, True, False, SUMMARY_REQUIRED, ""),
    (LetterKind.PUBLIC_LETTER, True, False, False, True, False, SUMMARY_REQUIRED, ""),
    (LetterKind.POSITION_PAPER, True, False, False, True, False, SUMMARY_REQUIRED, ""),
    # ... with one (or "geen samenvatting" with a reason: has_summary), as before.
    (LetterKind.REQUESTED_ADVICE, True, True, True, True, True, "", ""),
    (LetterKind.PUBLIC_LETTER, True, False, False, True, True, "", "published"),
]


@pytest.mark.parametrize(
    (
        "kind",
        "adopted",
        "has_versions",
        "matches_latest",
        "matches_adoption",
        "has_summary",
        "refusal",
        "record",
    ),
    SUMMARY_TABLE,
)
def test_publication_needs_a_summary(
    kind, adopted, has_versions, matches_latest, matches_adoption, has_summary, refusal, record
):
    verdict = publication_verdict(
        kind=kind,
        adopted=adopted,
        has_versions=has_versions,
        matches_latest_version=matches_latest,
        matches_adoption=matches_adoption,
        reviewed=True,
        has_summary=has_summary,
    )
    assert (verdict.refusal, verdict.record) == (str(refusal), record)


def test_a_letter_is_adopted_and_sent_without_a_summary_but_not_published(client, councils, people):
    own, _ = councils
    letter = adopted_letter(own, body=[("text", TEXT)], summary="")
    assert letter.reference  # adopted without a summary
    letter_send(letter=letter, sent_on=datetime.date(2024, 3, 1), sent_to="College")
    before = database(include_revisions=False)

    # The Publish button, forged with an empty summary: refused with the reason, nothing public.
    response = edit(client, people["chair"], letter, summary="", **{"action-publish": "1"})

    assert any("geen samenvatting in gewone taal" in m for m in messages_of(response))
    assert database(include_revisions=False) == before
    assert not fresh(letter).live
    assert public_page(client, fresh(letter).url or "/eigenstad/x/").status_code == 404


def test_the_sending_form_records_the_sending_but_does_not_publish_without_a_summary(
    client, councils, people
):
    own, _ = councils
    letter = adopted_letter(own, body=[("text", TEXT)], summary="")
    client.force_login(people["chair"])

    response = client.post(
        reverse("advice_letter_send", args=[letter.pk]),
        {"sent_on": "2024-03-01", "sent_to": "College", "publish": "on"},
        follow=True,
    )

    assert any(
        "De verzending is vastgelegd, maar de brief is niet gepubliceerd" in m
        and "samenvatting" in m
        for m in messages_of(response)
    )
    assert LetterVersion.objects.filter(letter=letter, kind="sent").count() == 1
    assert not fresh(letter).live


def test_a_summary_written_after_adoption_is_frozen_with_the_sent_version(client, councils, people):
    own, _ = councils
    letter = adopted_letter(own, body=[("text", TEXT)], summary="")
    response = edit(client, people["chair"], letter, summary=SUMMARY)  # save a draft
    assert response.status_code == 200
    client.force_login(people["chair"])

    client.post(
        reverse("advice_letter_send", args=[letter.pk]),
        {"sent_on": "2024-03-01", "sent_to": "College", "publish": "on"},
    )

    letter = fresh(letter)
    assert letter.live
    sent = LetterVersion.objects.get(letter=letter)
    assert (sent.summary, sent.no_summary_reason) == (SUMMARY, "")
    assert sent.revision_id == letter.adoptions.get().revision_id  # the adopted text
    html = public_page(client, letter.url).content.decode()
    assert "In het kort" in html and SUMMARY in html
    assert SUMMARY not in sent.text  # not part of the text the addressee received


def test_geen_samenvatting_with_a_reason_publishes_and_shows_the_reason(client, councils, people):
    own, _ = councils
    letter = adopted_letter(own, body=[("text", TEXT)], summary="")
    letter_send(letter=letter, sent_on=datetime.date(2024, 3, 1), sent_to="College")

    edit(
        client,
        people["chair"],
        letter,
        summary="",
        no_summary="on",
        no_summary_reason=REASON,
        **{"action-publish": "1"},
    )

    letter = fresh(letter)
    assert letter.live and letter.no_summary
    html = public_page(client, letter.url).content.decode()
    assert "geen samenvatting in gewone taal" in html and REASON in html
    # Absent at sending, the answer is frozen with the sent version when first published.
    sent = LetterVersion.objects.get(letter=letter)
    assert (sent.summary, sent.no_summary_reason) == ("", REASON)
    assert LetterVersion.objects.filter(letter=letter).count() == 1


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"summary": "", "no_summary": "on", "no_summary_reason": ""}, "Geef de reden"),
        ({"summary": SUMMARY, "no_summary": "on", "no_summary_reason": REASON}, "Kies één"),
        ({"summary": "", "no_summary_reason": REASON}, "als u een reden geeft"),
        ({"summary": "Te lang. " * 80}, "600"),
        ({"summary": "", "no_summary": "on", "no_summary_reason": "x" * 301}, "300"),
    ],
)
def test_half_answers_are_refused_on_the_form_and_nothing_is_saved(
    client, councils, people, fields, error
):
    own, _ = councils
    letter = adopted_letter(own, body=[("text", TEXT)], summary="")
    before = database()

    response = edit(client, people["chair"], letter, **fields, **{"action-publish": "1"})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert database() == before


def test_a_changed_summary_after_sending_is_a_correction(client, councils, people):
    own, _ = councils
    letter = published_letter(own, body=[("text", TEXT)], summary=SUMMARY)
    url = letter.url
    before = database(include_revisions=False)

    # Changed summary, published without a note: refused.
    response = edit(client, people["chair"], letter, summary=NEW_SUMMARY, **{"action-publish": "1"})
    assert any(str(NOTE_REQUIRED)[:60] in m for m in messages_of(response))
    # With a note, but nobody else has reviewed it: refused.
    response = edit(
        client,
        people["chair"],
        letter,
        summary=NEW_SUMMARY,
        change_kind="correction",
        change_note="Samenvatting verduidelijkt.",
        **{"action-publish": "1"},
    )
    assert any(str(REVIEW_REQUIRED)[:60] in m for m in messages_of(response))
    assert database(include_revisions=False) == before
    assert SUMMARY in public_page(client, url).content.decode()

    # The member changes it and submits it to "Correctie"; the chair approves and publishes.
    edit(client, people["member"], letter, summary=NEW_SUMMARY, **{"action-submit": "1"})
    assert fresh(letter).current_workflow_task.name == "Correctie beoordelen"
    approve(client, people["chair"], letter)
    response = edit(
        client,
        people["chair"],
        letter,
        summary=NEW_SUMMARY,
        change_kind="correction",
        change_note="Samenvatting verduidelijkt.",
        **{"action-publish": "1"},
    )

    assert any("met een openbare correctie" in m for m in messages_of(response))
    first, second = LetterVersion.objects.filter(letter=letter).order_by("number")
    assert (first.summary, second.summary) == (SUMMARY, NEW_SUMMARY)
    assert first.text == second.text  # the letter itself did not change
    assert NEW_SUMMARY in public_page(client, url).content.decode()
    version_1 = public_page(client, url + "versies/1/").content.decode()
    assert SUMMARY in version_1 and NEW_SUMMARY not in version_1


def test_an_unchanged_summary_republishes_freely(client, councils, people):
    own, _ = councils
    letter = published_letter(own, body=[("text", TEXT)], summary=SUMMARY)

    response = edit(client, people["chair"], letter, summary=SUMMARY, **{"action-publish": "1"})

    assert any("is gepubliceerd." in m for m in messages_of(response))
    assert LetterVersion.objects.filter(letter=letter).count() == 1
    assert LetterPage.objects.get(pk=letter.pk).summary == SUMMARY


def test_a_summary_absent_at_sending_is_frozen_when_first_published_then_changes_are_corrections(
    client, councils, people
):
    own, _ = councils
    letter = adopted_letter(own, body=[("text", TEXT)], summary="")
    sent = letter_send(letter=letter, sent_on=datetime.date(2024, 3, 1), sent_to="College")
    assert (sent.summary, sent.no_summary_reason) == ("", "")

    edit(client, people["chair"], letter, summary=SUMMARY, **{"action-publish": "1"})

    assert fresh(letter).live
    sent.refresh_from_db()
    assert sent.summary == SUMMARY
    assert LetterVersion.objects.filter(letter=letter).count() == 1
    before = database(include_revisions=False)
    response = edit(client, people["chair"], letter, summary=NEW_SUMMARY, **{"action-publish": "1"})
    assert any(str(NOTE_REQUIRED)[:60] in m for m in messages_of(response))
    assert database(include_revisions=False) == before
    sent.refresh_from_db()
    assert sent.summary == SUMMARY
