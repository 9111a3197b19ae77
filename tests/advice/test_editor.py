"""The letter editor: the agenda-item links use the agenda layer's chooser."""

import pytest
from django.urls import reverse

from advice.models import LetterPage
from council.date_input import DATE_HINT
from council.models import Council

pytestmark = pytest.mark.django_db


@pytest.fixture
def role_councils(demo):
    """The member works for the demo councils (the chooser lists only their items)."""
    return list(Council.objects.all())


def test_the_editor_offers_the_item_chooser_and_names_each_items_meeting(
    demo, client_for, member_user
):
    letter = LetterPage.objects.get(slug="advies-voor-de-commissie-werk-financien-van-7-april-2009")
    client = client_for(member_user)

    response = client.get(reverse("wagtailadmin_pages:edit", args=[letter.pk]))
    chooser = client.get(reverse("wagtailsnippetchoosers_agenda_agendaitem:choose"))

    assert response.status_code == 200
    html = response.content.decode()
    # The section block's chooser is the agenda item snippet chooser ...
    assert "/beheer/snippets/choose/agenda/agendaitem/" in html
    # ... and the linked items name their meeting, not only "6. Afdoening …".
    assert "07-04-2009 · " in html
    assert chooser.status_code == 200
    assert "Afdoening moties re-integratievisie/verordening" in chooser.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("morgen", "Datum: 'morgen' is geen datum die wij kunnen lezen. " + DATE_HINT),
        ("2024-02-30", "Datum: '2024-02-30' bestaat niet in de kalender. " + DATE_HINT),
        ("9999-12-31", "Controleer het jaartal: een datum ligt tussen 1900 en 2199."),
    ],
)
def test_a_bad_letter_date_is_refused_in_dutch_and_creates_nothing(
    client, admin_user, date, message
):
    from council.models import Council
    from tests.advice.test_lifecycle import letter_form
    from tests.factories.council import CouncilFactory, MunicipalBodyFactory
    from tests.factories.publications import council_page

    council = CouncilFactory()
    council_page(council)
    council = Council.objects.get(pk=council.pk)
    addressee = MunicipalBodyFactory(municipality=council.municipality)
    client.force_login(admin_user)

    response = client.post(
        reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk]),
        letter_form(addressee, "Tekst.", date=date),
    )

    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [message]
    assert not LetterPage.objects.exists()


def post_new_letter(client, council, title):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return client.post(
        reverse("wagtailadmin_pages:add", args=["advice", "letterpage", council.page.pk]),
        nested_form_data(
            {
                "title": title,
                "slug": "",
                "body": streamfield([("text", "De raad adviseert positief.")]),
                "comments": inline_formset([]),
            }
        ),
    )


@pytest.fixture
def council_with_page():
    from council.models import Council
    from tests.factories.council import CouncilFactory
    from tests.factories.publications import council_page

    council = CouncilFactory()
    council_page(council)
    return Council.objects.get(pk=council.pk)


def test_the_first_save_of_a_new_letter_with_only_a_title_and_a_body_succeeds(
    client, admin_user, council_with_page
):
    # The slug sits on the "Eigenschappen" tab; the title fills it in the
    # browser (TitleFieldPanel) and, where it arrives empty, on the server.
    client.force_login(admin_user)

    response = post_new_letter(client, council_with_page, "Advies over de nieuwe verordening")

    assert response.status_code == 302, response.context["form"].errors
    letter = LetterPage.objects.get()
    assert letter.slug == "advies-over-de-nieuwe-verordening"
    assert letter.get_parent().pk == council_with_page.page.pk


def test_a_slug_made_from_the_title_is_free_and_reachable(client, admin_user, council_with_page):
    client.force_login(admin_user)

    for title in ("Advies", "Advies", "Vergaderingen"):
        assert post_new_letter(client, council_with_page, title).status_code == 302

    # A second "Advies" gets its own slug; "vergaderingen" is the council page's route.
    assert sorted(LetterPage.objects.values_list("slug", flat=True)) == [
        "advies",
        "advies-2",
        "vergaderingen-2",
    ]


def test_a_title_without_letters_asks_for_a_slug_in_dutch(client, admin_user, council_with_page):
    client.force_login(admin_user)

    response = post_new_letter(client, council_with_page, "???")

    assert response.status_code == 200
    assert response.context["form"].errors["slug"] == [
        "Uit deze titel is geen webadres te maken. Vul bij Eigenschappen een webadres in."
    ]
    assert not LetterPage.objects.exists()
