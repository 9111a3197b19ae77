"""Who may do what with which council's letters, through the admin's own HTTP endpoints.

One table, ``ALLOWED``, says for each role which actions it may take on the
letters of its own council; on another council's letters only a platform
administrator may act. Every cell (role × action × own/other council) is one
test: a forged request with the Django test client, then either the effect
the action must have, or nothing changed in the database.
"""

import datetime

import pytest
from django.urls import reverse
from wagtail.models import Comment, Revision, TaskState, Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from advice.letters.approval import correction_workflow
from advice.letters.services import letter_send
from advice.models import LetterAdoption, LetterPage, LetterVersion
from council import groups
from council.models import Council, Member
from tests.factories.advice import adopted_letter, letter_page, published_letter
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

TEXT = "De Cliëntenraad wil hier enkele kanttekeningen bij plaatsen."
SIGNATURE = {"closing": "Met vriendelijke groet", "signatory": "De Cliëntenraad"}

ACTIONS = [
    "create",
    "edit",
    "view_draft",
    "comment",
    "submit",
    "approve_discussion",
    "adopt",
    "send",
    "publish",
    "correct",
    "unpublish",
    "delete",
    "export_reports",
]
MEMBER_ACTIONS = {
    "create",
    "edit",
    "view_draft",
    "comment",
    "submit",
    "approve_discussion",
    "delete",  # a draft that was never published, as Wagtail lets an editor
    "export_reports",
}
# What each role may do with the letters of its own council.
ALLOWED = {
    "member": MEMBER_ACTIONS,
    "chair": set(ACTIONS),
    "secretary": set(ACTIONS),
    "clerk": set(),
    "superuser": set(ACTIONS),
}
# Who may act on another council's letters: the platform administrator only.
ALLOWED_ELSEWHERE = {"superuser": set(ACTIONS)}

ROLES = {
    "member": (groups.MEMBERS, Member.Role.MEMBER),
    "chair": (groups.CHAIRS, Member.Role.CHAIR),
    "secretary": (groups.CHAIRS, Member.Role.SECRETARY),
    "clerk": (groups.CLERKS, Member.Role.OFFICIAL_SUPPORT),
}

CELLS = [
    (role, action, where) for role in ALLOWED for action in ACTIONS for where in ("own", "other")
]


def test_the_matrix_has_every_cell():
    assert len(CELLS) == 5 * 13 * 2 == 130


@pytest.fixture
def councils(db):
    own, other = (
        CouncilFactory(name="Cliëntenraad Eigen"),
        CouncilFactory(name="Cliëntenraad Ander"),
    )
    for council in (own, other):
        council_page(council)
    return Council.objects.get(pk=own.pk), Council.objects.get(pk=other.pk)


def make_user(role, council):
    if role == "superuser":
        return UserFactory(username="platformbeheer", is_superuser=True, is_staff=True)
    group, member_role = ROLES[role]
    # The global group gives the admin and the role's permission table; the
    # membership says where they apply.
    user = UserFactory(username=f"gebruiker-{role}", groups=[group])
    MemberFactory(council=council, user=user, role=member_role)
    return user


def form(letter, text=TEXT, **overrides):
    data = {
        "title": letter.title,
        "slug": letter.slug,
        "kind": letter.kind,
        "addressee": str(letter.addressee_id or ""),
        "salutation": letter.salutation,
        "summary": letter.summary,
        "date": letter.date.isoformat() if letter.date else "",
        "date_precision": letter.date_precision,
        "body": streamfield([("text", text), ("signature", SIGNATURE)]),
        "topics": "",
        "change_kind": "",
        "change_note": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


def with_comment(data):
    data.update(
        {
            "comments-TOTAL_FORMS": "1",
            "comments-0-DELETE": "",
            "comments-0-resolved": "",
            "comments-0-id": "",
            "comments-0-contentpath": "title",
            "comments-0-text": "Een opmerking in de kantlijn",
            "comments-0-position": "",
            "comments-0-replies-TOTAL_FORMS": "0",
            "comments-0-replies-INITIAL_FORMS": "0",
            "comments-0-replies-MIN_NUM_FORMS": "0",
            "comments-0-replies-MAX_NUM_FORMS": "0",
        }
    )
    return data


def fresh(letter):
    return LetterPage.objects.filter(pk=letter.pk).first()


def database(include_revisions=True):
    """What a refused request must leave as it was."""
    state = {
        "letters": sorted(
            LetterPage.objects.values_list(
                "pk", "title", "live", "live_revision_id", "locked", "path", "council_id"
            )
        ),
        "comments": Comment.objects.count(),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "tasks": sorted(TaskState.objects.values_list("pk", "status")),
        "adoptions": LetterAdoption.objects.count(),
        "versions": LetterVersion.objects.count(),
    }
    if include_revisions:
        state["revisions"] = Revision.objects.count()
    return state


def in_workflow(letter, *, at_adoption=False):
    starter = UserFactory(username="indiener", is_superuser=True)
    Workflow.objects.get(name="Vaststellen").start(letter, starter)
    if at_adoption:
        fresh(letter).current_workflow_task_state.approve(user=starter)
    return fresh(letter)


def approve(client, letter):
    task_state = letter.current_workflow_task_state
    return client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk]),
        {"comment": ""},
    )


def edit_url(letter):
    return reverse("wagtailadmin_pages:edit", args=[letter.pk])


# Each action: (arrange, act, effect). arrange(council) -> letter or None;
# act(client, council, letter) -> response; effect(council, letter) -> did it happen?


def _create(client, council, letter):
    url = reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk])
    template = LetterPage(title="Een nieuwe brief uit de matrix", slug="nieuwe-brief-matrix")
    template.kind, template.date_precision = "public_letter", "day"
    return client.post(url, form(template))


def _letter_of_matrix(council):
    return LetterPage.objects.filter(council=council, slug="nieuwe-brief-matrix").exists()


def _edit(client, council, letter):
    return client.post(edit_url(letter), form(letter, title="Gewijzigde titel"))


def _edited(council, letter):
    return fresh(letter).get_latest_revision_as_object().title == "Gewijzigde titel"


def _view(client, council, letter):
    return client.get(edit_url(letter))


def _comment(client, council, letter):
    return client.post(edit_url(letter), with_comment(form(letter)))


def _submit(client, council, letter):
    return client.post(edit_url(letter), form(letter, **{"action-submit": "1"}))


def _approve(client, council, letter):
    return approve(client, letter)


def _send(client, council, letter):
    url = reverse("advice_letter_send", args=[letter.pk])
    return client.post(url, {"sent_on": "2024-03-01", "sent_to": "Commissie"})


def _publish(client, council, letter):
    return client.post(edit_url(letter), form(letter, **{"action-publish": "1"}))


def _correct(client, council, letter):
    data = form(
        letter,
        text=TEXT + " Met een correctie.",
        change_kind="correction",
        change_note="Een zin toegevoegd.",
        **{"action-publish": "1"},
    )
    return client.post(edit_url(letter), data)


def _unpublish(client, council, letter):
    return client.post(reverse("wagtailadmin_pages:unpublish", args=[letter.pk]))


def _delete(client, council, letter):
    return client.post(reverse("wagtailadmin_pages:delete", args=[letter.pk]))


def _sent(council):
    letter = adopted_letter(council)
    letter_send(letter=letter, sent_on=datetime.date(2024, 3, 1), sent_to="Commissie")
    return fresh(letter)


def _reviewed_correction(council):
    """Published, with a changed text that a second person approved in "Correctie"."""
    letter = published_letter(council)
    draft = letter.get_latest_revision_as_object()
    draft.body = [("text", TEXT + " Met een correctie."), ("signature", SIGNATURE)]
    author = UserFactory(username="corrector", is_superuser=True)
    draft.save_revision(user=author)
    correction_workflow().start(fresh(letter), author)
    task_state = fresh(letter).current_workflow_task_state
    reviewer = UserFactory(username="beoordelaar", is_superuser=True)
    task_state.task.specific.on_action(task_state, reviewer, "approve")
    return fresh(letter)


def _export(client, council, letter):
    return [
        client.get(reverse("wagtailadmin_reports:workflow") + "?export=csv"),
        client.get(reverse("wagtailadmin_reports:workflow_tasks") + "?export=csv"),
        client.get(reverse("wagtailadmin_reports:site_history") + "?export=csv"),
    ]


def _csv(response):
    if response.status_code != 200:
        return ""
    content = b"".join(response) if response.streaming else response.content
    return content.decode()


def _in_exports(letter):
    return lambda responses: [letter.title in _csv(r) for r in responses]


ACTION_SPECS = {
    "create": (lambda c: None, _create, lambda c, letter, r: _letter_of_matrix(c)),
    "edit": (letter_page, _edit, lambda c, letter, r: _edited(c, letter)),
    "view_draft": (letter_page, _view, lambda c, letter, r: r.status_code == 200),
    "comment": (letter_page, _comment, lambda c, letter, r: Comment.objects.exists()),
    "submit": (
        letter_page,
        _submit,
        lambda c, letter, r: fresh(letter).workflow_in_progress,
    ),
    "approve_discussion": (
        lambda c: in_workflow(letter_page(c)),
        _approve,
        lambda c, letter, r: (
            fresh(letter).current_workflow_task.name == "Vaststelling door de voorzitter"
        ),
    ),
    "adopt": (
        lambda c: in_workflow(letter_page(c), at_adoption=True),
        _approve,
        lambda c, letter, r: LetterAdoption.objects.filter(letter=letter).exists(),
    ),
    "send": (adopted_letter, _send, lambda c, letter, r: LetterVersion.objects.exists()),
    "publish": (_sent, _publish, lambda c, letter, r: fresh(letter).live),
    "correct": (
        _reviewed_correction,
        _correct,
        lambda c, letter, r: LetterVersion.objects.filter(letter=letter, number=2).exists(),
    ),
    "unpublish": (published_letter, _unpublish, lambda c, letter, r: not fresh(letter).live),
    "delete": (letter_page, _delete, lambda c, letter, r: fresh(letter) is None),
}


@pytest.mark.parametrize(("role", "action", "where"), CELLS)
def test_permission_matrix(client, councils, role, action, where):
    own, other = councils
    council = own if where == "own" else other
    user = make_user(role, own)
    allowed = action in (ALLOWED if where == "own" else ALLOWED_ELSEWHERE).get(role, set())

    if action == "export_reports":
        letter = in_workflow(letter_page(council, title=f"Brief van {council.name}"))
        client.force_login(user)
        before = database()
        seen = _in_exports(letter)(_export(client, council, letter))
        assert seen == [allowed] * 3, seen
        assert database() == before
        return

    arrange, act, effect = ACTION_SPECS[action]
    letter = arrange(council)
    # Someone who may edit the letter saves a draft with a forged publish: that
    # is editing, which the cell does not judge; every other table must stay.
    may_edit = "edit" in (ALLOWED if where == "own" else ALLOWED_ELSEWHERE).get(role, set())
    before = database(include_revisions=not may_edit)
    client.force_login(user)

    response = act(client, council, letter)

    assert response.status_code in (200, 302, 403), response.status_code
    if allowed:
        assert effect(council, letter, response), (role, action, where, response.status_code)
    else:
        assert not effect(council, letter, response)
        assert database(include_revisions=not may_edit) == before
