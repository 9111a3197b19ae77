"""The discussion needs as many distinct members as the council says; nobody approves their own text.

``Council.discussion_approvals`` (default 1) is the number of distinct
members, other than the submitter and the last editor, who approve the step
"Bespreking door de leden" before the chair can adopt. A forged approval by
the submitter gets the reason in Dutch and changes nothing.
"""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, Workflow

from advice.letters.permissions import forget
from advice.models import DiscussionApproval, LetterPage
from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person
from tests.advice.test_tenancy_matrix import database
from tests.factories.advice import letter_page

pytestmark = pytest.mark.django_db

DISCUSSION = "Bespreking door de leden"
ADOPTION = "Vaststelling door de voorzitter"

councils = test_tenancy_letters.councils


@pytest.fixture
def people(councils):
    own, other = councils
    return {
        "submitter": person("indiener", own, Member.Role.MEMBER, groups.MEMBERS),
        "anna": person("anna", own, Member.Role.MEMBER, groups.MEMBERS),
        "bert": person("bert", own, Member.Role.MEMBER, groups.MEMBERS),
        "chair": person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS),
        "stranger": person("vreemde", other, Member.Role.MEMBER, groups.MEMBERS),
    }


def everything():
    """``database()`` and what a partial approval writes."""
    return {
        **database(),
        "approvals": sorted(DiscussionApproval.objects.values_list("user_id", "revision_id")),
        "log": PageLogEntry.objects.count(),
    }


def submitted(council, user, required):
    council.discussion_approvals = required
    council.save(update_fields=["discussion_approvals"])
    letter = letter_page(council)
    Workflow.objects.get(name="Vaststellen").start(letter, user)
    return LetterPage.objects.get(pk=letter.pk)


def approve(client, user, letter):
    client.force_login(user)
    task_state = LetterPage.objects.get(pk=letter.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def step(letter):
    return LetterPage.objects.get(pk=letter.pk).current_workflow_task.name


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_the_default_is_one_member_other_than_the_author(client, councils, people):
    own, _ = councils
    assert own.discussion_approvals == 1
    letter = submitted(own, people["submitter"], 1)

    assert approve(client, people["anna"], letter).status_code == 302
    assert step(letter) == ADOPTION


def test_two_required_one_approval_leaves_the_step_open(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"], 2)

    response = approve(client, people["anna"], letter)
    assert response.status_code == 302
    assert messages_of(response) == [
        "Uw goedkeuring is vastgelegd: 1 van de 2 nodige goedkeuringen. De brief blijft in de "
        "bespreking tot genoeg andere leden hem goedkeuren."
    ]

    letter = LetterPage.objects.get(pk=letter.pk)
    assert letter.current_workflow_task.name == DISCUSSION
    assert letter.current_workflow_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert DiscussionApproval.objects.filter(user=people["anna"]).count() == 1
    entry = PageLogEntry.objects.filter(page=letter, action=DiscussionApproval.LOG_ACTION).get()
    assert entry.user_id == people["anna"].pk
    assert entry.data == {"counted": 1, "required": 2, "comment": ""}
    # The history shows it in Dutch.
    client.force_login(people["chair"])
    history = client.get(reverse("wagtailadmin_pages:history", args=[letter.pk]))
    assert "Goedgekeurd in de bespreking (1 van de 2 nodige goedkeuringen)" in (
        history.content.decode()
    )


def test_the_same_member_approving_twice_counts_once(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"], 2)
    assert approve(client, people["anna"], letter).status_code == 302
    task = LetterPage.objects.get(pk=letter.pk).current_workflow_task.specific
    # Anna is not offered approve again ...
    assert [name for name, *_ in task.get_actions(letter, people["anna"])] == ["reject"]

    # ... and a forged second approval is refused with the reason, and changes nothing.
    before = everything()
    response = approve(client, people["anna"], letter)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[letter.pk])
    assert any("U heeft deze tekst al goedgekeurd (1 van de 2" in m for m in messages_of(response))
    assert everything() == before
    assert step(letter) == DISCUSSION


def test_the_second_distinct_member_completes_the_step(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"], 2)
    assert approve(client, people["anna"], letter).status_code == 302
    assert step(letter) == DISCUSSION

    assert approve(client, people["chair"], letter).status_code == 302

    letter = LetterPage.objects.get(pk=letter.pk)
    assert letter.current_workflow_task.name == ADOPTION
    done = TaskState.objects.get(workflow_state__object_id=str(letter.pk), task__name=DISCUSSION)
    assert done.status == TaskState.STATUS_APPROVED
    assert done.finished_by == people["chair"]
    assert set(DiscussionApproval.objects.values_list("user_id", flat=True)) == {
        people["anna"].pk,
        people["chair"].pk,
    }


def test_the_author_and_the_last_editor_never_count(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"], 2)

    # The submitter: refused, with the reason in Dutch, and nothing changes.
    before = everything()
    response = approve(client, people["submitter"], letter)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[letter.pk])
    assert any("U kunt uw eigen voorstel niet goedkeuren" in m for m in messages_of(response))
    assert everything() == before

    # Anna approves, then edits the text: her approval was of the old text, and she
    # is now the last editor, so she does not count for the new one.
    assert approve(client, people["anna"], letter).status_code == 302
    LetterPage.objects.get(pk=letter.pk).save_revision(user=people["anna"])
    before = everything()
    response = approve(client, people["anna"], letter)
    assert any("U kunt uw eigen voorstel niet goedkeuren" in m for m in messages_of(response))
    assert everything() == before

    # Bert's approval alone is not enough: the new text needs two others.
    assert approve(client, people["bert"], letter).status_code == 302
    assert step(letter) == DISCUSSION
    assert approve(client, people["chair"], letter).status_code == 302
    assert step(letter) == ADOPTION


def test_a_member_of_another_council_never_counts(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"], 1)
    before = everything()

    response = approve(client, people["stranger"], letter)

    assert response.status_code in (302, 403)
    assert "/login/" not in response.get("Location", "")
    assert not any("goedkeuren" in m for m in messages_of(response))  # no reason given away
    assert everything() == before
    assert step(letter) == DISCUSSION


def test_the_council_setting_is_validated_in_dutch(councils):
    from django.core.exceptions import ValidationError

    own, _ = councils
    own.discussion_approvals = 0
    with pytest.raises(ValidationError) as error:
        own.full_clean()
    assert "discussion_approvals" in error.value.message_dict


def test_an_approval_stops_counting_when_the_membership_ends(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"], 2)
    assert approve(client, people["anna"], letter).status_code == 302
    Member.objects.filter(user=people["anna"]).update(
        active_to=datetime.date.today() - datetime.timedelta(days=1)
    )
    forget(people["anna"])

    # Bert's approval is the only one that still counts: the step stays open.
    assert approve(client, people["bert"], letter).status_code == 302
    assert step(letter) == DISCUSSION
    assert approve(client, people["chair"], letter).status_code == 302
    assert step(letter) == ADOPTION
