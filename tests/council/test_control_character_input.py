"""Admin forms refuse the control characters XML cannot hold, naming the field, and save nothing."""

import pytest
from django.urls import reverse

from advice.models import Consultation
from agenda.models import Meeting
from council.plain_text import CONTROL_CHARACTERS
from tests.advice.test_consultation_admin import form_data
from tests.advice.test_consultation_causes import edit_form
from tests.factories.agenda import MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory

pytestmark = pytest.mark.django_db

REFUSED = [chr(code) for code in range(0x20) if CONTROL_CHARACTERS.match(chr(code))]


def test_the_refused_characters_are_exactly_those_xml_cannot_hold():
    assert [f"{ord(c):02X}" for c in REFUSED] == [
        *(f"{code:02X}" for code in range(0x00, 0x09)),
        "0B",
        "0C",
        *(f"{code:02X}" for code in range(0x0E, 0x20)),
    ]


@pytest.mark.parametrize("character", REFUSED, ids=[f"U+{ord(c):04X}" for c in REFUSED])
def test_a_consultation_form_refuses_a_control_character_naming_the_field(
    client_for, admin_user, character
):
    council = CouncilFactory()
    response = client_for(admin_user).post(
        reverse("wagtailsnippets_advice_consultation:add"),
        form_data(council, subject=f"Minima{character}beleid"),
    )

    assert response.status_code == 200
    [message] = response.context["form"].errors["subject"]
    assert message == (
        f"'Onderwerp' bevat een onzichtbaar stuurteken (U+{ord(character):04X}) op positie 7. "
        "Verwijder het en probeer het opnieuw."
    )
    assert not Consultation.objects.exists()


def test_a_meeting_edit_refuses_a_control_character_and_keeps_the_old_title(client_for, admin_user):
    council = CouncilFactory()
    meeting = MeetingFactory(
        council=council, body=MunicipalBodyFactory(municipality=council.municipality)
    )
    client = client_for(admin_user)
    url = reverse("wagtailsnippets_agenda_meeting:edit", args=[meeting.pk])

    response = client.post(url, edit_form(client, url, location="Stad\x07huis"))

    assert response.status_code == 200
    assert "&#x27;Locatie&#x27; bevat een onzichtbaar stuurteken (U+0007)" in (
        response.content.decode()
    )
    assert Meeting.objects.get().location == meeting.location
