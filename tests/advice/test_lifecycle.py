"""A letter's whole life through the admin: draft → discussion → adoption → sending →
publication → correction, and what the public sees at every step."""

import hashlib
import re
from html import unescape

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils.html import strip_tags
from wagtail.models import Comment, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from advice.models import LetterAdoption, LetterPage, LetterVersion
from council import groups
from council.models import Council, Member
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    UserFactory,
)
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

FIRST_TEXT = "De Cliëntenraad vindt het voorstel **te bescheiden** wat betreft omvang en ambities."
CORRECTED_TEXT = (
    "De Cliëntenraad vindt het voorstel **te bescheiden** wat betreft omvang en ambitie."
)


def letter_form(addressee, body_text, **overrides):
    data = {
        "title": "Advies over sociale winst op aanbesteding",
        "slug": "advies-sociale-winst",
        "kind": "requested_advice",
        "addressee": str(addressee.pk),
        "salutation": "Geachte leden van de commissie,",
        "summary": "De cliëntenraad vindt het plan goed, maar te klein.",
        "date": "2024-03-04",
        "date_precision": "day",
        "body": streamfield(
            [
                ("text", body_text),
                (
                    "signature",
                    {"closing": "Met vriendelijke groet", "signatory": "De Cliëntenraad"},
                ),
            ]
        ),
        "topics": "",
        "change_kind": "",
        "change_note": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def public(client, url):
    client.logout()
    return client.get(url)


def letter_text_on(html):
    return html[html.index('<div class="letter-text">') : html.index("</article>")]


@pytest.fixture
def council(member_user, chair_user):
    """A council with a page; the member and the chair work for it."""
    council = CouncilFactory(name="Cliëntenraad Teststad")
    council_page(council)
    MemberFactory(council=council, user=member_user, role=Member.Role.MEMBER)
    MemberFactory(council=council, user=chair_user, role=Member.Role.CHAIR)
    return Council.objects.get(pk=council.pk)


def approve_current_task(client, letter):
    letter = LetterPage.objects.get(pk=letter.pk)
    task_state = letter.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk]),
        {"comment": ""},
    )


@time_machine.travel("2024-03-05 10:00 +0100", tick=False)
def test_a_letter_from_draft_to_correction(client, council, member_user, chair_user):
    addressee = MunicipalBodyFactory(municipality=council.municipality, name="Commissie Werk")
    add_url = reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk])

    # 1. A member drafts the letter: a draft, not public.
    client.force_login(member_user)
    response = client.post(add_url, letter_form(addressee, FIRST_TEXT))
    assert response.status_code == 302, response.content.decode()[:3000]
    letter = LetterPage.objects.get(slug="advies-sociale-winst")
    assert letter.council == council
    assert not letter.live
    url = letter.get_url()
    assert public(client, url).status_code == 404

    # 2. The member submits it for discussion; a member approves the discussion.
    client.force_login(member_user)
    edit_url = reverse("wagtailadmin_pages:edit", args=[letter.pk])
    response = client.post(edit_url, letter_form(addressee, FIRST_TEXT, **{"action-submit": "1"}))
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.current_workflow_task.name == "Bespreking door de leden"
    # Not the submitter: another member of the council approves the discussion.
    assert approve_current_task(client, letter).status_code == 302
    letter.refresh_from_db()
    assert letter.current_workflow_task.name == "Bespreking door de leden"
    colleague = UserFactory(username="collega", groups=[groups.MEMBERS])
    MemberFactory(council=council, user=colleague, role=Member.Role.MEMBER)
    client.force_login(colleague)
    assert approve_current_task(client, letter).status_code == 302
    letter.refresh_from_db()
    assert letter.current_workflow_task.name == "Vaststelling door de voorzitter"
    # A member cannot adopt: the chair's task offers them no action.
    assert letter.current_workflow_task.get_actions(letter, member_user) == []
    assert public(client, url).status_code == 404

    # 3. The chair adopts: a reference, an adoption record, and still nothing public.
    client.force_login(chair_user)
    assert approve_current_task(client, letter).status_code == 302
    letter.refresh_from_db()
    assert letter.reference == "CR-2024-001"
    assert LetterAdoption.objects.filter(letter=letter, adopted_by=chair_user).count() == 1
    assert not letter.live
    assert letter.current_workflow_state is None
    assert public(client, url).status_code == 404

    # Publishing before sending is refused with a clear message, and publishes nothing.
    client.force_login(chair_user)
    response = client.post(
        edit_url, letter_form(addressee, FIRST_TEXT, **{"action-publish": "1"}), follow=True
    )
    assert any("pas gepubliceerd als hij verzonden is" in m for m in messages_of(response))
    assert not LetterPage.objects.get(pk=letter.pk).live

    # 4. The chair records the sending: the text is frozen and fingerprinted, the PDF stored.
    send_url = reverse("advice_letter_send", args=[letter.pk])
    assert client.get(send_url).status_code == 200
    response = client.post(send_url, {"sent_on": "2024-03-05", "sent_to": "Commissie Werk"})
    assert response.status_code == 302
    sent = LetterVersion.objects.get(letter=letter)
    assert sent.kind == LetterVersion.Kind.SENT and sent.number == 1
    assert sent.revision == LetterAdoption.objects.get(letter=letter).revision
    assert sent.fingerprint == hashlib.sha256(sent.text.encode()).hexdigest()
    assert "omvang en ambities" in sent.text
    assert "CR-2024-001" in sent.text
    pdf_name, pdf_bytes = sent.pdf.name, sent.pdf.read()
    assert pdf_bytes.startswith(b"%PDF")
    assert public(client, url).status_code == 404  # sent, but not yet published
    assert public(client, url + "pdf/").status_code == 404

    # 5. The chair publishes: the public reads the sent text, the sending and the fingerprint.
    client.force_login(chair_user)
    response = client.post(
        edit_url, letter_form(addressee, FIRST_TEXT, **{"action-publish": "1"}), follow=True
    )
    assert any("is gepubliceerd" in m for m in messages_of(response))
    page = public(client, url)
    assert page.status_code == 200
    html = page.content.decode()
    # Tags stripped: the glossary links "Commissie" to its explanation (council.glossary).
    assert "Verzonden op 5 maart 2024 aan Commissie Werk" in strip_tags(html)
    assert sent.fingerprint in html
    assert "omvang en ambities" in html
    assert "Er zijn na de eerste versie geen correcties gepubliceerd." in html
    assert public(client, url + "pdf/").status_code == 200
    text = public(client, url + "versies/1/tekst/")
    assert hashlib.sha256(text.content).hexdigest() == sent.fingerprint

    # 6. A changed text without a note is refused; the public still reads the sent text.
    client.force_login(chair_user)
    response = client.post(
        edit_url, letter_form(addressee, CORRECTED_TEXT, **{"action-publish": "1"}), follow=True
    )
    assert any("wijzigingsnotitie" in m for m in messages_of(response))
    html = public(client, url).content.decode()
    assert "omvang en ambities" in html and "omvang en ambitie." not in html
    assert LetterVersion.objects.filter(letter=letter).count() == 1

    # 7. With a note, but by the chair alone: refused, a second person reviews it first.
    corrected = letter_form(
        addressee,
        CORRECTED_TEXT,
        change_kind="correction",
        change_note="Het woord 'ambities' verbeterd in 'ambitie'.",
        **{"action-publish": "1"},
    )
    client.force_login(chair_user)
    response = client.post(edit_url, corrected, follow=True)
    assert any("tweede persoon" in m for m in messages_of(response))
    assert LetterVersion.objects.filter(letter=letter).count() == 1
    # The chair offers it for review ("Correctie"); a member of the council approves it.
    response = client.post(
        edit_url, letter_form(addressee, CORRECTED_TEXT, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.current_workflow_task.name == "Correctie beoordelen"
    client.force_login(member_user)
    assert approve_current_task(client, letter).status_code == 302
    letter.refresh_from_db()
    assert letter.current_workflow_state is None
    assert "omvang en ambities" in public(client, url).content.decode()  # not yet published

    # 8. With the review and the correction note it is published; the history lists the note.
    client.force_login(chair_user)
    response = client.post(edit_url, corrected, follow=True)
    assert any("openbare correctie" in m for m in messages_of(response))
    html = public(client, url).content.decode()
    assert "omvang en ambitie." in letter_text_on(html)
    # As text: the glossary writes the page's text back with its own (equivalent) escaping.
    assert "Het woord 'ambities' verbeterd in 'ambitie'." in unescape(strip_tags(html))
    # Tags stripped: the glossary links "Commissie" to its explanation (council.glossary).
    assert "Verzonden op 5 maart 2024 aan Commissie Werk" in strip_tags(html)
    assert sent.fingerprint in html  # the fingerprint of the sent version stays shown
    correction = LetterVersion.objects.get(letter=letter, number=2)
    assert correction.kind == LetterVersion.Kind.CORRECTION
    assert correction.fingerprint != sent.fingerprint

    # The sent version and the correction stay readable at their own URLs.
    first = public(client, url + "versies/1/").content.decode()
    assert "omvang en ambities" in letter_text_on(first)
    assert "de tekst zoals hij verzonden is" in first
    second = public(client, url + "versies/2/").content.decode()
    assert "omvang en ambitie." in letter_text_on(second)
    assert public(client, url + "versies/3/").status_code == 404

    # The sent PDF was stored once and never regenerated.
    sent.refresh_from_db()
    assert sent.pdf.name == pdf_name
    assert sent.pdf.read() == pdf_bytes
    assert public(client, url + "versies/1/pdf/").getvalue() == pdf_bytes
    assert public(client, url + "pdf/").getvalue() == correction.pdf.read()


def test_nothing_unpublished_reaches_the_public(client, council, chair_user):
    from tests.factories.advice import published_letter

    letter = published_letter(council, body=[("text", "De gepubliceerde tekst.")])
    url = letter.url
    draft = letter.get_latest_revision_as_object()
    draft.body = [("text", "GEHEIM-CONCEPT nog niet besproken.")]
    draft.save_revision(user=chair_user)
    Comment.objects.create(
        page=letter,
        user=chair_user,
        text="GEHEIME-OPMERKING in de kantlijn",
        contentpath="body",
        revision_created=Revision.objects.filter(object_id=str(letter.pk)).last(),
    )

    responses = [client.get(url + suffix) for suffix in ("", "versies/1/", "versies/1/tekst/")]
    responses.append(client.get(url + "pdf/"))

    for response in responses:
        assert response.status_code == 200
        content = b"".join(response) if response.streaming else response.content
        assert b"GEHEIM" not in content
    assert b"gepubliceerde tekst" in responses[0].content
    council_html = client.get(council.page.url).content.decode()
    assert letter.title in council_html
    assert "GEHEIM" not in council_html


def test_version_routes_answer_bad_input_with_not_found(client, council):
    from tests.factories.advice import published_letter

    letter = published_letter(council)

    for suffix in ("versies/0/", "versies/99/", "versies/abc/", "versies/1/pdf/x/", "versies/-1/"):
        assert client.get(letter.url + suffix).status_code == 404


def test_fingerprint_is_of_the_rendered_text(council):
    from tests.factories.advice import published_letter

    letter = published_letter(council)
    version = letter.versions.get()

    assert re.fullmatch(r"[0-9a-f]{64}", version.fingerprint)
    assert version.text.startswith(council.name)
    assert "Kenmerk\nCR-2024-001" in version.text
