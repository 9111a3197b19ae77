"""The letter editor: the agenda-item links use the agenda layer's chooser."""

import pytest
from django.urls import reverse

from advice.models import LetterPage
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
        ("morgen", "Voer een geldige datum in."),
        ("2024-02-30", "Voer een geldige datum in."),
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
