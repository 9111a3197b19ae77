"""Councils as tenants, for letters: what a person sees, is mailed and may still do.

The permission matrix (test_tenancy_matrix.py) judges each action; these
tests judge the listings (explorer, search, dashboard, reports and their
exports), the workflow e-mail, moving, and a membership that ends.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, Workflow

from advice.letters.permissions import forget
from advice.models import LetterAdoption, LetterApprovalTask, LetterPage
from council import groups
from council.models import Council, Member
from tests.factories.advice import letter_page, published_letter
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def councils(db):
    own = CouncilFactory(name="Cliëntenraad Eigenstad", slug="eigenstad")
    other = CouncilFactory(name="Cliëntenraad Anderdorp", slug="anderdorp")
    for council in (own, other):
        council_page(council)
    return Council.objects.get(pk=own.pk), Council.objects.get(pk=other.pk)


def person(username, council, role, group):
    user = UserFactory(username=username, groups=[group])
    if council is not None:
        MemberFactory(council=council, user=user, role=role)
    return user


def start_workflow(letter, user):
    Workflow.objects.get(name="Vaststellen").start(letter, user)
    return LetterPage.objects.get(pk=letter.pk)


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


def text_of(response):
    content = b"".join(response) if response.streaming else response.content
    return content.decode()


# --- Moving and creating -------------------------------------------------------


@pytest.mark.parametrize("who", ["chair_of_both", "superuser"])
def test_a_letter_is_never_moved_to_another_councils_page(client, councils, who):
    own, other = councils
    if who == "superuser":
        user = UserFactory(username="beheer", is_superuser=True)
    else:
        user = person("beide", own, Member.Role.CHAIR, groups.CHAIRS)
        MemberFactory(council=other, user=user, role=Member.Role.CHAIR)
    letter = letter_page(own)
    client.force_login(user)

    assert refused(client.get(reverse("wagtailadmin_pages:move", args=[letter.pk])))
    confirm = reverse("wagtailadmin_pages:move_confirm", args=[letter.pk, other.page.pk])
    assert refused(client.get(confirm))
    assert refused(client.post(confirm))

    letter = LetterPage.objects.get(pk=letter.pk)
    assert letter.get_parent().pk == own.page.pk
    assert letter.council == own


def test_no_letter_is_even_offered_under_another_councils_page(client, councils):
    own, other = councils
    member = person("lid", own, Member.Role.MEMBER, groups.MEMBERS)
    client.force_login(member)

    def add(council):
        return reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk])

    assert client.get(add(own)).status_code == 200
    assert refused(client.get(add(other)))
    assert refused(client.get(reverse("wagtailadmin_pages:add_subpage", args=[other.page.pk])))


# --- A membership that ends ------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "expired"])
def test_removing_the_chairs_membership_takes_the_open_task_away_at_once(client, councils, how):
    own, _ = councils
    chair = person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS)
    submitter = person("lid", own, Member.Role.MEMBER, groups.MEMBERS)
    letter = start_workflow(letter_page(own), submitter)
    letter.current_workflow_task_state.approve(user=submitter)
    letter = LetterPage.objects.get(pk=letter.pk)
    task_state = letter.current_workflow_task_state
    assert task_state.task.specific.role == LetterApprovalTask.Role.CHAIRS
    assert task_state.task.specific.get_actions(letter, chair)  # the chair may adopt ...

    membership = Member.objects.get(user=chair)
    if how == "deleted":
        membership.delete()
    else:
        membership.active_to = datetime.date.today() - datetime.timedelta(days=1)
        membership.save()
    forget(chair)

    # ... and no longer: not offered, and a forged POST is refused and changes nothing.
    assert task_state.task.specific.get_actions(letter, chair) == []
    client.force_login(chair)
    url = reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk])
    assert refused(client.post(url, {"comment": ""}))
    task_state.refresh_from_db()
    assert task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not LetterAdoption.objects.exists()
    # Nor may they edit, see the draft, or find the task on their dashboard.
    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])))
    assert letter.title not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_a_membership_that_starts_tomorrow_grants_nothing_today(client, councils):
    own, _ = councils
    user = UserFactory(username="nieuw", groups=[groups.CHAIRS])
    MemberFactory(
        council=own,
        user=user,
        role=Member.Role.CHAIR,
        active_from=datetime.date.today() + datetime.timedelta(days=1),
    )
    letter = letter_page(own)
    client.force_login(user)

    assert refused(client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk])))


# --- Workflow e-mail -------------------------------------------------------------


def test_workflow_mail_reaches_only_the_letters_council(client, councils, settings):
    own, other = councils
    submitter = person("indiener", own, Member.Role.MEMBER, groups.MEMBERS)
    colleague = person("collega", own, Member.Role.MEMBER, groups.MEMBERS)
    chair = person("voorzitter", own, Member.Role.CHAIR, groups.CHAIRS)
    secretary = person("secretaris", own, Member.Role.SECRETARY, groups.CHAIRS)
    person("ambtelijk", own, Member.Role.OFFICIAL_SUPPORT, groups.CLERKS)
    person("ander-lid", other, Member.Role.MEMBER, groups.MEMBERS)
    person("ander-voorzitter", other, Member.Role.CHAIR, groups.CHAIRS)
    person("alleen-groep", None, None, groups.CHAIRS)  # a global group, no membership
    MemberFactory(
        council=own,
        user=UserFactory(username="oud-lid", groups=[groups.MEMBERS]),
        role=Member.Role.MEMBER,
        active_to=datetime.date.today() - datetime.timedelta(days=1),
    )
    letter = letter_page(own)

    def recipients():
        sent = {address for message in mail.outbox for address in message.to}
        mail.outbox.clear()
        return sent

    # Submitting: the discussion task goes to the council's members, chairs and secretaries.
    client.force_login(submitter)
    start_workflow(letter, submitter)  # what the editor's "submit" does, as the submitter
    assert recipients() == {colleague.email, chair.email, secretary.email}

    # A member approves the discussion: the adoption task goes to its chair and secretary.
    letter = LetterPage.objects.get(pk=letter.pk)
    client.force_login(colleague)
    task_state = letter.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk])
    assert client.post(url, {"comment": "Akkoord"}).status_code in (200, 302)
    assert recipients() == {chair.email, secretary.email}

    # The chair asks for changes with a comment: that goes to the submitter only.
    letter = LetterPage.objects.get(pk=letter.pk)
    client.force_login(chair)
    task_state = letter.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[letter.pk, "reject", task_state.pk])
    assert client.post(url, {"comment": "Alinea twee inkorten"}).status_code in (200, 302)
    messages = list(mail.outbox)
    assert recipients() == {submitter.email}
    assert any("Alinea twee inkorten" in message.body for message in messages)


def test_submitting_through_the_editor_mails_only_its_council(client, councils):
    own, other = councils
    submitter = person("indiener", own, Member.Role.MEMBER, groups.MEMBERS)
    colleague = person("collega", own, Member.Role.MEMBER, groups.MEMBERS)
    stranger = person("ander-lid", other, Member.Role.MEMBER, groups.MEMBERS)
    letter = letter_page(own)
    form = client_form(client, submitter, letter)
    form["action-submit"] = "1"

    response = client.post(reverse("wagtailadmin_pages:edit", args=[letter.pk]), form)

    assert response.status_code == 302
    assert LetterPage.objects.get(pk=letter.pk).workflow_in_progress
    sent = {address for message in mail.outbox for address in message.to}
    assert colleague.email in sent
    assert stranger.email not in sent and submitter.email not in sent


def client_form(client, user, letter):
    from tests.advice.test_tenancy_matrix import form

    client.force_login(user)
    return form(letter)


# --- Listings: explorer, search, dashboard, reports, exports ------------------------


@pytest.fixture
def two_letters(councils):
    """A published, locked letter in a workflow in each council."""
    own, other = councils
    admin = UserFactory(username="beheer", is_superuser=True)
    letters = []
    for council, title in ((own, "Brief van Eigenstad"), (other, "Brief van Anderdorp")):
        letter = published_letter(council, title=title)
        letter.locked, letter.locked_by = True, admin
        letter.save(update_fields=["locked", "locked_by"])
        letters.append(start_workflow(letter, admin))
    return letters


REPORTS = ["workflow", "workflow_tasks", "site_history", "locked_pages", "aging_pages"]


@pytest.mark.parametrize("role", [Member.Role.MEMBER, Member.Role.CHAIR])
def test_every_listing_shows_only_own_council_letters(client, councils, two_letters, role):
    own, other = councils
    group = groups.MEMBERS if role == Member.Role.MEMBER else groups.CHAIRS
    user = person("iemand", own, role, group)
    client.force_login(user)
    mine, theirs = "Brief van Eigenstad", "Brief van Anderdorp"

    pages = {
        "explorer (home)": client.get(
            reverse("wagtailadmin_explore", args=[own.page.get_parent().pk])
        ),
        "explorer (own)": client.get(reverse("wagtailadmin_explore", args=[own.page.pk])),
        "search": client.get(reverse("wagtailadmin_pages:search") + "?q=Brief"),
        "dashboard": client.get(reverse("wagtailadmin_home")),
    }
    for name in REPORTS:
        url = reverse(f"wagtailadmin_reports:{name}")
        pages[name] = client.get(url)
        pages[f"{name} (csv)"] = client.get(url + "?export=csv")
        pages[f"{name} (xlsx)"] = client.get(url + "?export=xlsx")

    # What members may not open at all: the locked pages report is for those
    # who unlock, aging pages for those who publish. A one-council user's
    # explorer starts at their council page, not at the home page.
    closed = {"explorer (home)"}
    if role == Member.Role.MEMBER:
        closed |= {name for name in pages if name.startswith(("aging_pages", "locked_pages"))}
    texts = {}
    for name, response in pages.items():
        if response.status_code != 200:
            assert name in closed and refused(response), name
            continue
        texts[name] = text_of(response) if "xlsx" not in name else ""
        assert theirs not in texts[name], name
        assert "Anderdorp" not in texts[name], name
    # Where the letter must show, it does (xlsx is binary and only checked for status).
    shown = ["explorer (own)", "search", "dashboard", "workflow", "workflow (csv)"]
    shown += ["workflow_tasks (csv)", "site_history", "site_history (csv)"]
    if role == Member.Role.CHAIR:
        shown += ["locked_pages", "locked_pages (csv)", "aging_pages", "aging_pages (csv)"]
    for name in shown:
        assert mine in texts[name], name
    # The other council's page is not explored either.
    response = client.get(reverse("wagtailadmin_explore", args=[other.page.pk]))
    assert refused(response) or theirs not in text_of(response)


@pytest.mark.parametrize(
    ("role", "group"),
    [(Member.Role.MEMBER, groups.MEMBERS), (Member.Role.CHAIR, groups.CHAIRS)],
)
def test_choosing_where_to_add_a_letter_leads_to_the_own_council(client, councils, role, group):
    """Wagtail's "choose a parent page" view collects the page permissions in a set; the
    membership's permissions are hashable, so it answers (it was a server error)."""
    own, _ = councils
    client.force_login(person("schrijver", own, role, group))
    response = client.get(
        reverse("wagtailadmin_pages:choose_parent", args=["advice", "letterpage"])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "wagtailadmin_pages:add", args=["advice", "letterpage", own.page.pk]
    )
