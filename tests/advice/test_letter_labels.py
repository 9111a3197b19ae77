"""The letter editor's buttons and status box say what happens, read in the rendered HTML."""

import pytest
from django.urls import reverse
from wagtail.models import Workflow

from advice.models import LetterPage
from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person, text_of
from tests.factories.advice import adopted_letter, letter_page

pytestmark = pytest.mark.django_db

councils = test_tenancy_letters.councils


def edit_page(client, user, letter):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk]))
    assert response.status_code == 200
    return text_of(response)


def status_box(html):
    start = html.index('class="help-block help-info letter-status"')
    return html[start : html.index("</div>", start)]


def test_the_adoption_step_reads_vaststellen_and_the_status_names_the_step(client, councils):
    own, _ = councils
    submitter = person("indiener", own, Member.Role.MEMBER, groups.MEMBERS)
    colleague = person("collega", own, Member.Role.MEMBER, groups.MEMBERS)
    chair = person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS)
    letter = letter_page(own)
    Workflow.objects.get(name="Vaststellen").start(letter, submitter)

    # The discussion: the colleague approves; the status names the step and who acts.
    html = edit_page(client, colleague, LetterPage.objects.get(pk=letter.pk))
    box = status_box(html)
    assert "Bied de brief aan" not in box and "Concept" not in box
    assert "stap 'Bespreking door de leden'" in box
    assert "Aan zet: de leden (ook voorzitter en secretaris)" in box
    assert "Goedkeuren met opmerking" in html

    letter = LetterPage.objects.get(pk=letter.pk)
    letter.current_workflow_task_state.approve(user=colleague)

    # The adoption: "Vaststellen", never "… en publiceren".
    html = edit_page(client, chair, LetterPage.objects.get(pk=letter.pk))
    assert "Vaststellen" in html
    assert "Vaststellen met opmerking" in html
    assert "en publiceren" not in html
    assert "Goedkeuren en publiceren" not in html
    box = status_box(html)
    assert "stap 'Vaststelling door de voorzitter'" in box
    assert "Aan zet: de voorzitter of de secretaris" in box
    assert "Bied de brief aan" not in box

    # The submitter sees that someone else approves, and no approve button.
    # The submitter is told that someone else approves.
    html = edit_page(client, submitter, LetterPage.objects.get(pk=letter.pk))
    assert "een ander keurt deze stap goed" in status_box(html)


def test_an_adopted_letter_offers_verzenden_vastleggen_and_publiceren(client, councils):
    own, _ = councils
    chair = person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS)
    letter = adopted_letter(own)

    html = edit_page(client, chair, letter)

    assert "Verzenden vastleggen" in html
    assert "Publiceren" in html
    assert "Publiceer<" not in html
