"""Meetings and agenda items through the real admin views.

Bad input gets a Dutch message on the field and saves nothing; a duplicate
item number never reaches the database as an IntegrityError.
"""

import datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import ModelLogEntry, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from agenda.models import AgendaItem, Meeting
from council.date_input import DATE_HINT, TIME_HINT
from tests.admin_forms import loaded
from tests.admin_history import history_rows
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import (
    CouncilFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def url(model_name, view, *args):
    return reverse(f"wagtailsnippets_agenda_{model_name}:{view}", args=args)


def post_edit(client, meeting, data):
    """Open the meeting's edit form, as a person does, and save ``data`` from it."""
    edit = url("meeting", "edit", meeting.pk)
    return client.post(edit, loaded(client, edit, data))


@pytest.fixture
def clerk_client(client_for, clerk_user):
    return client_for(clerk_user)


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def role_councils(every_council):
    """These tests are about listings and forms, not tenancy: the clerk serves every council."""
    return every_council


@pytest.fixture
def body(council):
    return MunicipalBodyFactory(municipality=council.municipality, name="Commissie Werk")


def item(number, title=None, **overrides):
    return {
        "number": number,
        "title": title or f"Punt {number}",
        "concern": AgendaItem.Concern.INFORMATION,
        "summary": "",
        "topics": "",
        "proposal_number": "",
        "proposal_url": "",
        **overrides,
    }


def meeting_data(council, body, items=(), initial=0, **overrides):
    return nested_form_data(
        {
            "council": council.pk,
            "body": body.pk,
            "title": "Commissievergadering",
            "date": "2026-12-01",
            "start_time": "19:30",
            "end_time": "22:00",
            "location": "Stadhuis",
            "url": "",
            "status": Meeting.Status.PLANNED,
            "items": inline_formset(list(items), initial=initial),
            **overrides,
        }
    )


def field_errors(response):
    return {
        field: [str(message) for message in messages]
        for field, messages in response.context["form"].errors.items()
    }


def item_errors(response):
    return [
        {field: [str(m) for m in messages] for field, messages in form.errors.items()}
        for form in response.context["form"].formsets["items"].forms
    ]


def test_clerk_adds_a_meeting_with_items_and_history(clerk_client, clerk_user, council, body):
    response = clerk_client.post(
        url("meeting", "add"),
        meeting_data(
            council,
            body,
            [item("5", "Sociale winst op aanbesteding"), item("6", topics="re-integratie")],
        ),
    )

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert [(i.number, i.title) for i in meeting.items_in_order()] == [
        ("5", "Sociale winst op aanbesteding"),
        ("6", "Punt 6"),
    ]
    assert Revision.objects.for_instance(meeting).get().user == clerk_user
    entry = ModelLogEntry.objects.for_instance(meeting).get()
    assert (entry.action, entry.user) == ("wagtail.create", clerk_user)


def test_history_shows_who_changed_what_and_when(clerk_client, council, body):
    clerk_client.post(url("meeting", "add"), meeting_data(council, body))
    meeting = Meeting.objects.get()
    post_edit(
        clerk_client,
        meeting,
        meeting_data(council, body, location="Raadzaal"),
    )

    history = clerk_client.get(url("meeting", "history", meeting.pk))

    assert history.status_code == 200
    rows = history_rows(history)
    assert [user for _, user in rows] == ["secretaris", "secretaris"]
    assert rows[0][0].startswith("Gewijzigd") and rows[1][0].startswith("Aangemaakt")
    assert Revision.objects.for_instance(meeting).count() == 2


@pytest.mark.parametrize(
    ("items", "bad_form"),
    [
        ([item("5"), item("5")], 1),
        ([item("6a"), item("6A")], 1),
        ([item("7"), item("8"), item(" 7 ")], 2),
    ],
    ids=["same", "differing case", "with spaces"],
)
def test_duplicate_numbers_in_one_post_are_refused(clerk_client, council, body, items, bad_form):
    response = clerk_client.post(url("meeting", "add"), meeting_data(council, body, items))

    assert response.status_code == 200
    errors = item_errors(response)
    assert errors[bad_form]["number"] == [
        f"Nummer {items[bad_form]['number'].strip()} staat twee keer op deze agenda. "
        "Geef elk agendapunt een eigen nummer."
    ]
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()


def test_an_item_number_already_on_the_agenda_is_refused(clerk_client, council, body):
    meeting = MeetingFactory(council=council, body=body, date=datetime.date(2026, 12, 1))
    existing = AgendaItemFactory(meeting=meeting, number="5", title="Bestaand")

    response = post_edit(
        clerk_client,
        meeting,
        meeting_data(
            council,
            body,
            [item("5", "Bestaand", id=existing.pk), item("5", "Nieuw")],
            initial=1,
        ),
    )

    assert response.status_code == 200
    assert "Nummer 5 staat twee keer" in item_errors(response)[1]["number"][0]
    assert list(meeting.items.values_list("title", flat=True)) == ["Bestaand"]


def test_two_items_may_swap_numbers_in_one_save(clerk_client, council, body):
    meeting = MeetingFactory(council=council, body=body, date=datetime.date(2026, 12, 1))
    five = AgendaItemFactory(meeting=meeting, number="5", title="Eerst vijf")
    six = AgendaItemFactory(meeting=meeting, number="6", title="Eerst zes")

    response = post_edit(
        clerk_client,
        meeting,
        meeting_data(
            council,
            body,
            [item("6", "Eerst vijf", id=five.pk), item("5", "Eerst zes", id=six.pk)],
            initial=2,
        ),
    )

    assert response.status_code == 302
    assert dict(meeting.items.values_list("title", "number")) == {
        "Eerst vijf": "6",
        "Eerst zes": "5",
    }


def test_a_deleted_items_number_can_be_reused(clerk_client, council, body):
    meeting = MeetingFactory(council=council, body=body, date=datetime.date(2026, 12, 1))
    old = AgendaItemFactory(meeting=meeting, number="5", title="Vervallen punt")

    response = post_edit(
        clerk_client,
        meeting,
        meeting_data(
            council,
            body,
            [item("5", "Vervallen punt", id=old.pk, DELETE="1"), item("5", "Nieuw punt")],
            initial=1,
        ),
    )

    assert response.status_code == 302
    assert list(meeting.items.values_list("number", "title")) == [("5", "Nieuw punt")]


def test_items_without_a_number_may_repeat(clerk_client, council, body):
    response = clerk_client.post(
        url("meeting", "add"), meeting_data(council, body, [item("", "A"), item("", "B")])
    )

    assert response.status_code == 302
    assert AgendaItem.objects.filter(number="").count() == 2


def test_a_standalone_item_with_a_taken_number_is_refused_on_the_field(clerk_client):
    existing = AgendaItemFactory(number="6a")

    response = clerk_client.post(
        url("agendaitem", "add"), {"meeting": existing.meeting.pk, **item("6a", "Dubbel")}
    )

    assert response.status_code == 200
    assert field_errors(response) == {
        "number": ["Deze vergadering heeft al een agendapunt met nummer 6a. Kies een ander nummer."]
    }
    assert AgendaItem.objects.count() == 1


def test_a_standalone_item_can_be_added_and_keeps_a_log(clerk_client, clerk_user):
    meeting = MeetingFactory()

    response = clerk_client.post(
        url("agendaitem", "add"), {"meeting": meeting.pk, **item("10", "Nieuw")}
    )

    assert response.status_code == 302
    created = AgendaItem.objects.get()
    entry = ModelLogEntry.objects.for_instance(created).get()
    assert entry.user == clerk_user
    history = clerk_client.get(url("agendaitem", "history", created.pk))
    assert [(action.split()[0], user) for action, user in history_rows(history)] == [
        ("Aangemaakt", "secretaris")
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"start_time": "20:00", "end_time": "19:00"},
            "end_time",
            "Het einde ligt voor of op de aanvang. Controleer beide tijden.",
        ),
        (
            {"start_time": "", "end_time": "19:00"},
            "end_time",
            "Vul ook de aanvang in, of laat het einde leeg.",
        ),
        (
            {"status": Meeting.Status.HELD},
            "status",
            "Deze vergadering ligt in de toekomst en kan dus nog niet gehouden zijn.",
        ),
        (
            {"date": "31-02-2026"},
            "date",
            "Datum: '31-02-2026' bestaat niet in de kalender. " + DATE_HINT,
        ),
        ({"date": ""}, "date", "Dit is een verplicht veld."),
        (
            {"start_time": "25:00"},
            "start_time",
            "Aanvang: '25:00' is geen tijd die wij kunnen lezen. " + TIME_HINT,
        ),
        ({"url": "geen adres"}, "url", "Voer een geldige URL in."),
    ],
)
def test_bad_meeting_input_is_refused_in_dutch(
    clerk_client, council, body, overrides, field, message
):
    response = clerk_client.post(
        url("meeting", "add"), meeting_data(council, body, [item("1")], **overrides)
    )

    assert response.status_code == 200
    assert field_errors(response)[field] == [message]
    assert not Meeting.objects.exists()


def test_a_malformed_start_time_gets_one_message_not_two(clerk_client, council, body):
    response = clerk_client.post(
        url("meeting", "add"), meeting_data(council, body, start_time="half acht")
    )

    assert field_errors(response) == {
        "start_time": ["Aanvang: 'half acht' is geen tijd die wij kunnen lezen. " + TIME_HINT]
    }


def test_a_body_of_another_municipality_is_refused(clerk_client, council):
    elsewhere = MunicipalBodyFactory(municipality=MunicipalityFactory(name="Elders"))

    response = clerk_client.post(url("meeting", "add"), meeting_data(council, elsewhere))

    assert field_errors(response)["body"] == [
        "Dit orgaan hoort bij een andere gemeente dan de cliëntenraad. "
        f"Kies een orgaan van {council.municipality}."
    ]
    assert not Meeting.objects.exists()


def test_an_edit_with_bad_input_changes_nothing(clerk_client, council, body):
    meeting = MeetingFactory(council=council, body=body, title="Origineel")
    AgendaItemFactory(meeting=meeting, number="1")

    response = post_edit(
        clerk_client,
        meeting,
        meeting_data(council, body, [item("2"), item("2")], title="Gewijzigd"),
    )

    assert response.status_code == 200
    meeting.refresh_from_db()
    assert meeting.title == "Origineel"
    assert list(meeting.items.values_list("number", flat=True)) == ["1"]
