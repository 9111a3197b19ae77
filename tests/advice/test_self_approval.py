"""Nobody approves their own work: not the submitter, not whoever edited the letter last.

The approve action is not offered to them, and a forged approve POST to
Wagtail's workflow action URL is refused and changes nothing: Wagtail checks
the offered actions before it calls the task; our view in front of Wagtail's
URL says why in Dutch; and the task refuses again, with the reason, when
anything calls it directly.
"""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import TaskState, Workflow

from advice.models import LetterAdoption, LetterApprovalTask, LetterPage
from council import groups
from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person, refused
from tests.advice.test_tenancy_matrix import database
from tests.factories.advice import letter_page

pytestmark = pytest.mark.django_db


def action_names(task_state, letter, user):
    return [name for name, _label, _modal in task_state.task.specific.get_actions(letter, user)]


def forge(client, user, letter, action="approve"):
    client.force_login(user)
    task_state = LetterPage.objects.get(pk=letter.pk).current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, action, task_state.pk])
    return client.post(url, {"comment": ""})


councils = test_tenancy_letters.councils


@pytest.fixture
def people(councils):
    own, _other = councils
    return {
        "submitter": person("indiener", own, Member.Role.MEMBER, groups.MEMBERS),
        "colleague": person("collega", own, Member.Role.MEMBER, groups.MEMBERS),
        "chair": person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS),
        "secretary": person("secretaris", own, Member.Role.SECRETARY, groups.CHAIRS),
    }


def submitted(council, user):
    letter = letter_page(council)
    Workflow.objects.get(name="Vaststellen").start(letter, user)
    return LetterPage.objects.get(pk=letter.pk)


def test_the_submitter_is_not_offered_approve_and_a_forged_post_changes_nothing(
    client, councils, people
):
    own, _ = councils
    letter = submitted(own, people["submitter"])
    task_state = letter.current_workflow_task_state
    # They may still ask for changes (withdraw); approving is for someone else.
    assert action_names(task_state, letter, people["submitter"]) == ["reject"]
    assert "approve" in action_names(task_state, letter, people["colleague"])

    before = database()
    # The forged approval is answered with the reason in Dutch, back on the letter.
    response = forge(client, people["submitter"], letter)
    assert refused(response)
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[letter.pk])
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        str(LetterApprovalTask.SELF_APPROVAL_REFUSED)
    ]
    assert database() == before
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS

    # The second guard, in the task itself, names the reason in Dutch.
    with pytest.raises(PermissionDenied, match="U kunt uw eigen voorstel niet goedkeuren"):
        task_state.task.specific.on_action(task_state, people["submitter"], "approve")
    assert database() == before

    # Another member approves the discussion.
    assert forge(client, people["colleague"], letter).status_code == 302
    assert LetterPage.objects.get(pk=letter.pk).current_workflow_task.name == (
        "Vaststelling door de voorzitter"
    )


def test_a_chair_who_submitted_cannot_adopt_their_own_letter(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["chair"])
    assert forge(client, people["colleague"], letter).status_code == 302
    letter = LetterPage.objects.get(pk=letter.pk)
    task_state = letter.current_workflow_task_state
    assert task_state.task.specific.role == LetterApprovalTask.Role.CHAIRS
    assert action_names(task_state, letter, people["chair"]) == ["reject"]

    before = database()
    assert refused(forge(client, people["chair"], letter))
    assert database() == before
    assert not LetterAdoption.objects.exists()

    # The secretary adopts.
    assert forge(client, people["secretary"], letter).status_code == 302
    assert LetterAdoption.objects.filter(letter=letter, adopted_by=people["secretary"]).exists()


def test_the_last_editor_cannot_approve(client, councils, people):
    own, _ = councils
    letter = submitted(own, people["submitter"])
    # The colleague edits the letter during the discussion: now it is their text.
    letter.save_revision(user=people["colleague"])
    letter = LetterPage.objects.get(pk=letter.pk)
    task_state = letter.current_workflow_task_state
    assert action_names(task_state, letter, people["colleague"]) == ["reject"]

    before = database()
    assert refused(forge(client, people["colleague"], letter))
    assert database() == before
    with pytest.raises(PermissionDenied, match="U kunt uw eigen voorstel niet goedkeuren"):
        task_state.task.specific.on_action(task_state, people["colleague"], "approve")

    # The chair, who neither submitted nor edited, approves the discussion.
    assert forge(client, people["chair"], letter).status_code == 302
