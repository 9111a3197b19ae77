"""Who may do what with letters: members draft, chairs adopt, send and publish, clerks stay out."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Workflow, WorkflowState

from advice.letters.rules import LetterNotPublishable
from advice.models import LetterPage, LetterVersion
from council.models import Member
from publications.models import CouncilPage
from tests.factories.advice import adopted_letter, letter_page, published_letter
from tests.factories.council import CouncilFactory, MemberFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


def refused(response):
    return response.status_code == 403 or (
        response.status_code == 302 and "/login/" not in response["Location"]
    )


@pytest.fixture
def council(member_user, chair_user, clerk_user):
    """A council with a page, for which the three editor users work in their roles."""
    council = CouncilFactory()
    council_page(council)
    MemberFactory(council=council, user=member_user, role=Member.Role.MEMBER)
    MemberFactory(council=council, user=chair_user, role=Member.Role.CHAIR)
    MemberFactory(council=council, user=clerk_user, role=Member.Role.OFFICIAL_SUPPORT)
    return council


def add_url(council):
    return reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk])


def test_members_and_chairs_draft_letters_clerks_do_not(
    client_for, council, member_user, chair_user, clerk_user
):
    letter = letter_page(council)
    edit = reverse("wagtailadmin_pages:edit", args=[letter.pk])

    for user in (member_user, chair_user):
        client = client_for(user)
        assert client.get(add_url(council)).status_code == 200
        assert client.get(edit).status_code == 200
    client = client_for(clerk_user)
    assert refused(client.get(add_url(council)))
    assert refused(client.get(edit))


def test_members_compare_revisions(client_for, council, member_user):
    letter = letter_page(council)
    first = letter.get_latest_revision()
    draft = letter.get_latest_revision_as_object()
    draft.body = [("text", "Een tweede versie.")]
    second = draft.save_revision()

    response = client_for(member_user).get(
        reverse("wagtailadmin_pages:revisions_compare", args=[letter.pk, first.pk, second.pk])
    )

    assert response.status_code == 200


def test_a_member_never_publishes_even_an_adopted_and_sent_letter(client_for, council, member_user):
    letter = adopted_letter(council)
    client = client_for(member_user)

    assert not letter.permissions_for_user(member_user).can_publish()
    assert refused(client.get(reverse("advice_letter_send", args=[letter.pk])))
    assert not LetterVersion.objects.exists()


def test_chairs_send_members_and_clerks_cannot(
    client_for, council, member_user, clerk_user, chair_user
):
    letter = adopted_letter(council)
    url = reverse("advice_letter_send", args=[letter.pk])

    for user in (member_user, clerk_user):
        assert refused(client_for(user).post(url, {"sent_on": "2024-03-01", "sent_to": "x"}))
    assert not LetterVersion.objects.exists()

    response = client_for(chair_user).post(
        url, {"sent_on": "2024-03-01", "sent_to": "Commissie", "publish": "on"}
    )
    assert response.status_code == 302
    assert LetterPage.objects.get(pk=letter.pk).live
    assert LetterVersion.objects.get().sent_to == "Commissie"


def test_sending_bad_input_is_refused_in_dutch(client_for, council, chair_user):
    letter = adopted_letter(council)
    url = reverse("advice_letter_send", args=[letter.pk])

    response = client_for(chair_user).post(url, {"sent_on": "morgen", "sent_to": ""})
    assert response.status_code == 200
    assert (
        "Vul een geldige datum in" in response.content.decode()
        or "geldige datum" in response.content.decode()
    )
    response = client_for(chair_user).post(url, {"sent_on": "2999-01-01", "sent_to": "x"})
    assert "ligt in de toekomst" in response.content.decode()
    assert not LetterVersion.objects.exists()


def test_an_unadopted_letter_cannot_be_sent(client_for, council, chair_user):
    letter = letter_page(council)

    response = client_for(chair_user).get(reverse("advice_letter_send", args=[letter.pk]))

    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nog niet vastgesteld" in m for m in messages)


def test_the_publish_button_cannot_bypass_adoption(client_for, council, chair_user):
    letter = letter_page(council)
    client = client_for(chair_user)
    edit = reverse("wagtailadmin_pages:edit", args=[letter.pk])
    form = client.get(edit).context["form"]
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, (str, int)) and key in form.fields
    }
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data.update(
        nested_form_data(
            {
                "body": streamfield([("text", "Tekst")]),
                "comments": inline_formset([]),
                "topics": "",
                "action-publish": "1",
            }
        )
    )

    response = client.post(edit, data, follow=True)

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("nog niet vastgesteld" in m for m in messages), messages
    assert not LetterPage.objects.get(pk=letter.pk).live


def test_every_other_publish_path_is_guarded(council, chair_user):
    letter = letter_page(council)
    # The bulk action, scheduled publishing and the API all call Revision.publish().
    with pytest.raises(LetterNotPublishable, match="nog niet vastgesteld"):
        letter.get_latest_revision().publish(user=chair_user)
    assert not LetterPage.objects.get(pk=letter.pk).live

    sent = published_letter(council)
    draft = sent.get_latest_revision_as_object()
    draft.body = [("text", "Gewijzigd zonder notitie.")]
    revision = draft.save_revision()
    with pytest.raises(LetterNotPublishable, match="wijzigingsnotitie"):
        revision.publish(user=chair_user)
    assert "Gewijzigd" not in LetterPage.objects.get(pk=sent.pk).body[0].value


def test_letters_are_not_bulk_published(client_for, council, chair_user):
    letter = adopted_letter(council, kind="public_letter")  # publishable from the editor
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "publish"]) + f"?id={letter.pk}"
    )

    response = client_for(chair_user).post(url, {"include_descendants": ""}, follow=True)

    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("niet in bulk gepubliceerd" in m for m in messages), messages
    assert not LetterPage.objects.get(pk=letter.pk).live


def test_the_workflow_reaches_every_letter_and_leaves_structure_alone(
    council, admin_user, chair_user
):
    letter = letter_page(council)
    later = CouncilFactory()
    council_page(later)
    later_letter = letter_page(later)

    assert letter.get_workflow().name == "Vaststellen"
    assert later_letter.get_workflow().name == "Vaststellen"
    assert [t.name for t in Workflow.objects.get(name="Vaststellen").tasks] == [
        "Bespreking door de leden",
        "Vaststelling door de voorzitter",
    ]

    # An administrator who submits a council page passes straight through to
    # Wagtail's default (publishing); no chair gets a task or editor access.
    page = CouncilPage.objects.get(council=council)
    page.title = "Nieuwe titel"
    page.save_revision(user=admin_user)
    state = page.get_workflow().start(page, admin_user)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert CouncilPage.objects.get(pk=page.pk).title == "Nieuwe titel"
    assert not page.permissions_for_user(chair_user).can_edit()


def test_references_count_per_council_and_year(council):
    other = CouncilFactory()
    council_page(other)

    first = adopted_letter(council, year=2009)
    second = adopted_letter(council, year=2009)
    next_year = adopted_letter(council, year=2010)
    elsewhere = adopted_letter(other, year=2009)

    assert [first.reference, second.reference, next_year.reference, elsewhere.reference] == [
        "CR-2009-001",
        "CR-2009-002",
        "CR-2010-001",
        "CR-2009-001",
    ]


def test_a_reference_is_given_once(council):
    from advice.letters.services import letter_adopt

    letter = adopted_letter(council, year=2009)
    letter_adopt(letter=letter, reference_year=2011)

    letter.refresh_from_db()
    assert letter.reference == "CR-2009-001"
    assert letter.adoptions.count() == 2


def test_a_sent_letter_cannot_be_deleted_or_moved(council, chair_user, admin_user):
    letter = published_letter(council)

    for user in (chair_user, admin_user):
        permissions = letter.permissions_for_user(user)
        assert not permissions.can_delete()
        assert not permissions.can_move()
