"""The letter editor: the agenda-item links use the agenda layer's chooser."""

import pytest
from django.urls import reverse

from advice.models import LetterPage

pytestmark = pytest.mark.django_db


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
