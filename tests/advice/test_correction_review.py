"""A change of a sent letter is reviewed by a second person of its council before it is published.

Once a letter has a version (sent, or published as adopted), its workflow is
"Correctie" with the one step "Correctie beoordelen". Whoever made the change
(submitted it or edited it last) cannot approve it; a member's change is
approved by the chair or the secretary; a member of another council cannot.
Publishing the changed text still needs the public change note, and is
refused without the review. Every refusal is tried as a forged request.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState

from advice.letters.rules import NOTE_REQUIRED, REVIEW_REQUIRED
from advice.models import LetterPage, LetterVersion
from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person
from tests.advice.test_tenancy_matrix import database
from tests.factories.advice import letter_form_data, published_letter

pytestmark = pytest.mark.django_db

SENT_TEXT = "De Cliëntenraad adviseert positief over het voorstel van 2024."
CORRECTED = "De Cliëntenraad adviseert positief over het voorstel van 2025."
NOTE = "Het jaartal van het voorstel verbeterd."

councils = test_tenancy_letters.councils


@pytest.fixture
def people(councils):
    own, other = councils
    return {
        "member": person("lid", own, Member.Role.MEMBER, groups.MEMBERS),
        "colleague": person("collega", own, Member.Role.MEMBER, groups.MEMBERS),
        "chair": person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS),
        "secretary": person("secretaris", own, Member.Role.SECRETARY, groups.CHAIRS),
        "other_chair": person("ander", other, Member.Role.CHAIR, groups.CHAIRS),
    }


@pytest.fixture
def letter(councils):
    own, _ = councils
    return published_letter(own, body=[("text", SENT_TEXT)], sent_on=datetime.date(2024, 3, 1))


def everything():
    return {**database(), "log": PageLogEntry.objects.count()}


def fresh(letter):
    return LetterPage.objects.get(pk=letter.pk)


def edit(client, user, letter, text, **actions):
    client.force_login(user)
    url = reverse("wagtailadmin_pages:edit", args=[letter.pk])
    return client.post(url, letter_form_data(fresh(letter), text, **actions), follow=True)


def submit_correction(client, user, letter):
    response = edit(client, user, letter, CORRECTED, **{"action-submit": "1"})
    assert response.status_code == 200
    letter = fresh(letter)
    assert letter.current_workflow_state.workflow.name == "Correctie"
    assert letter.current_workflow_task.name == "Correctie beoordelen"
    return letter


def approve(client, user, letter):
    client.force_login(user)
    task_state = fresh(letter).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def publish(client, user, letter, note=NOTE):
    return edit(
        client,
        user,
        letter,
        CORRECTED,
        change_kind="correction" if note else "",
        change_note=note,
        **{"action-publish": "1"},
    )


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def public_text(client, letter):
    client.logout()
    return client.get(fresh(letter).url).content.decode()


def test_the_chair_alone_cannot_publish_a_correction(client, letter, people):
    before_versions = LetterVersion.objects.count()

    response = publish(client, people["chair"], letter)

    assert any(str(REVIEW_REQUIRED)[:60] in m for m in messages_of(response))
    assert LetterVersion.objects.count() == before_versions
    assert "voorstel van 2024" in public_text(client, letter)
    assert "voorstel van 2025" not in public_text(client, letter)


def test_a_chairs_correction_is_reviewed_by_another_member_then_published(client, letter, people):
    client.force_login(people["chair"])
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])).content.decode()
    assert "Stuur door naar Correctie" in edit_page
    letter = submit_correction(client, people["chair"], letter)
    client.force_login(people["colleague"])
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])).content.decode()
    assert "Correctie goedkeuren" in edit_page
    task = letter.current_workflow_task.specific
    assert [n for n, *_ in task.get_actions(letter, people["chair"])] == ["reject"]
    assert "approve" in [n for n, *_ in task.get_actions(letter, people["colleague"])]

    # The chair who made it: a forged approval is refused with the reason, nothing changes.
    before = everything()
    response = approve(client, people["chair"], letter)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[letter.pk])
    assert any("U kunt uw eigen voorstel niet goedkeuren" in m for m in messages_of(response))
    assert everything() == before

    # A chair of another council: refused, nothing changes.
    response = approve(client, people["other_chair"], letter)
    assert response.status_code in (302, 403) and "/login/" not in response.get("Location", "")
    assert everything() == before

    # A member of the council reviews it: approved, and still nothing is published.
    assert approve(client, people["colleague"], letter).status_code == 302
    letter = fresh(letter)
    assert letter.current_workflow_state is None
    review = TaskState.objects.get(
        workflow_state__object_id=str(letter.pk), task__name="Correctie beoordelen"
    )
    assert review.status == TaskState.STATUS_APPROVED
    assert review.finished_by == people["colleague"]
    assert LetterVersion.objects.filter(letter=letter).count() == 1
    assert "voorstel van 2024" in public_text(client, letter)
    client.force_login(people["chair"])
    status = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])).content.decode()
    assert "De gewijzigde tekst is goedgekeurd door collega" in status

    # The public change note stays required ...
    response = publish(client, people["chair"], letter, note="")
    assert any(str(NOTE_REQUIRED)[:60] in m for m in messages_of(response))
    assert LetterVersion.objects.filter(letter=letter).count() == 1

    # ... and with it the reviewed text is published as a correction.
    response = publish(client, people["chair"], letter)
    assert any("openbare correctie" in m for m in messages_of(response))
    correction = LetterVersion.objects.get(letter=letter, number=2)
    assert correction.kind == LetterVersion.Kind.CORRECTION
    assert correction.note == NOTE
    assert "voorstel van 2025" in public_text(client, letter)


def test_a_members_correction_is_reviewed_by_the_chair_or_secretary(client, letter, people):
    letter = submit_correction(client, people["member"], letter)
    task = letter.current_workflow_task.specific
    # Another plain member may look and ask for changes, not approve.
    assert [n for n, *_ in task.get_actions(letter, people["colleague"])] == ["reject"]
    before = everything()
    response = approve(client, people["colleague"], letter)
    assert any("de voorzitter of de secretaris" in m for m in messages_of(response))
    assert everything() == before
    # The member who made it cannot either.
    response = approve(client, people["member"], letter)
    assert any("U kunt uw eigen voorstel niet goedkeuren" in m for m in messages_of(response))
    assert everything() == before

    assert approve(client, people["secretary"], letter).status_code == 302
    assert fresh(letter).current_workflow_state is None

    # The member cannot publish; the chair publishes the reviewed text with the note.
    assert not fresh(letter).permissions_for_user(people["member"]).can_publish()
    publish(client, people["chair"], letter)
    assert LetterVersion.objects.get(letter=letter, number=2).kind == "correction"


def test_a_text_changed_after_the_review_needs_a_new_review(client, letter, people):
    letter = submit_correction(client, people["chair"], letter)
    assert approve(client, people["colleague"], letter).status_code == 302

    response = edit(
        client,
        people["chair"],
        letter,
        CORRECTED + " Nog een zin erbij.",
        change_kind="correction",
        change_note=NOTE,
        **{"action-publish": "1"},
    )

    assert any(str(REVIEW_REQUIRED)[:60] in m for m in messages_of(response))
    assert LetterVersion.objects.filter(letter=letter).count() == 1


def test_an_unsent_letter_still_goes_through_vaststellen(councils):
    from tests.factories.advice import letter_page

    own, _ = councils
    assert letter_page(own).get_workflow().name == "Vaststellen"


def test_the_dashboard_and_reports_show_the_review_to_the_council_only(client, letter, people):
    letter = submit_correction(client, people["member"], letter)
    for who in ("chair", "secretary", "colleague", "other_chair"):
        client.force_login(people[who])
        for url in (
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_reports:workflow"),
            reverse("wagtailadmin_reports:workflow_tasks"),
        ):
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            shown = letter.title in response.content.decode()
            assert shown is (who != "other_chair"), (who, url)


def test_without_an_active_correction_workflow_nothing_can_be_submitted(client, letter, people):
    from wagtail.models import Workflow

    Workflow.objects.filter(name="Correctie").update(active=False)
    letter = fresh(letter)
    assert letter.get_workflow() is None
    assert not letter.has_workflow
    assert not letter.permissions_for_user(people["chair"]).can_submit_for_moderation()

    before = LetterVersion.objects.count()
    response = edit(client, people["chair"], letter, CORRECTED, **{"action-submit": "1"})
    assert response.status_code == 200  # saved as a draft, never a server error
    assert fresh(letter).current_workflow_state is None
    assert LetterVersion.objects.count() == before
