"""Motions through the real admin views: validation, listings, export, history, dashboard."""

import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry, Revision
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from council.date_input import DATE_HINT
from motions.models import Motion
from tests.admin_forms import loaded
from tests.admin_history import history_rows
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalityFactory, TopicFactory
from tests.factories.motions import MotionFactory, MotionSubmitterFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def url(view, *args):
    return reverse(f"wagtailsnippets_motions_motion:{view}", args=args)


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


def submitter(name, party="", order=0):
    return {"name": name, "party": party, "ORDER": str(order), "id": "", "DELETE": ""}


def motion_data(council, submitters=(), **overrides):
    return nested_form_data(
        {
            "council": council.pk,
            "kind": Motion.Kind.MOTION,
            "identifier": "M2018-14",
            "title": "Plan voor verbetering van bejegening cliënten W&I",
            "policy_context": "",
            "agenda_item": "",
            "submitted_on": "2018-12-11",
            "submitted_on_precision": "day",
            "operative_text": "verzoekt het college: een notitie op te stellen",
            "vote": Motion.Vote.ADOPTED,
            "topics": "",
            "deadline": "2019-03-31",
            "deadline_text": "in het eerste kwartaal van 2019",
            "disposed_on": "",
            "disposed_on_precision": "day",
            "disposal_text": "",
            "assessment": "",
            "submitters": inline_formset(list(submitters)),
            **overrides,
        }
    )


def field_errors(response):
    return {
        field: [str(message) for message in messages]
        for field, messages in response.context["form"].errors.items()
    }


def test_clerk_adds_a_motion_with_submitters_and_history(clerk_client, clerk_user, council):
    response = clerk_client.post(
        url("add"),
        motion_data(
            council,
            [submitter("Jeroen van Rossum", "GroenLinks"), submitter("Tweede Indiener", order=1)],
        ),
    )

    assert response.status_code == 302
    motion = Motion.objects.get()
    assert [str(s) for s in motion.submitters.all()] == [
        "Jeroen van Rossum (GroenLinks)",
        "Tweede Indiener",
    ]
    assert motion.deadline == datetime.date(2019, 3, 31)
    assert motion.deadline_text == "in het eerste kwartaal van 2019"
    assert Revision.objects.for_instance(motion).get().user == clerk_user
    assert ModelLogEntry.objects.for_instance(motion).get().action == "wagtail.create"

    edit = url("edit", motion.pk)
    clerk_client.post(
        edit, loaded(clerk_client, edit, motion_data(council, disposed_on="2019-04-02"))
    )
    rows = history_rows(clerk_client.get(url("history", motion.pk)))
    assert [(action.split()[0], user) for action, user in rows] == [
        ("Gewijzigd", "secretaris"),
        ("Aangemaakt", "secretaris"),
    ]


def test_a_commitment_needs_no_number_nor_submitters(clerk_client, council):
    response = clerk_client.post(
        url("add"),
        motion_data(
            council,
            kind=Motion.Kind.COMMITMENT,
            identifier="",
            operative_text="De wethouder zegt toe de raad voor de zomer te informeren.",
        ),
    )

    assert response.status_code == 302
    assert Motion.objects.get().is_commitment


def test_a_partial_submission_date_is_stored_as_the_start_of_its_period(clerk_client, council):
    clerk_client.post(
        url("add"),
        motion_data(council, submitted_on="2018-12-11", submitted_on_precision="year"),
    )

    motion = Motion.objects.get()
    assert motion.submitted_on == datetime.date(2018, 1, 1)
    assert motion.submitted_on_display() == "2018"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"disposed_on": "2018-12-10"},
            "disposed_on",
            "De afdoening ligt voor de datum van de motie zelf (11 december 2018). "
            "Controleer beide data.",
        ),
        (
            {"disposed_on": "2017-01-01", "disposed_on_precision": "year"},
            "disposed_on",
            "De afdoening ligt voor de datum van de motie zelf (11 december 2018). "
            "Controleer beide data.",
        ),
        (
            {"disposed_on": "2026-11-23"},
            "disposed_on",
            "De afdoening ligt in de toekomst. Vul de datum in als het college de "
            "motie heeft afgedaan.",
        ),
        (
            {"deadline": "2018-12-10"},
            "deadline",
            "De termijn loopt af voor de datum van de motie zelf (11 december 2018). "
            "Controleer beide data.",
        ),
        (
            {"deadline": ""},
            "deadline",
            "Vul ook de laatste dag van deze termijn in, bijvoorbeeld 31-03-2019 voor "
            "'in het eerste kwartaal van 2019'.",
        ),
        (
            {"disposal_text": "Het college heeft een notitie gestuurd."},
            "disposed_on",
            "Vul ook de datum van de afdoening in; weet u alleen de maand of het jaar, "
            "kies dat bij 'datum afdoening bekend tot op'.",
        ),
        (
            {"deadline": "31-02-2019"},
            "deadline",
            "Uiterste datum afdoening: '31-02-2019' bestaat niet in de kalender. " + DATE_HINT,
        ),
        ({"vote": "misschien"}, "vote", None),
        ({"title": ""}, "title", "Dit is een verplicht veld."),
    ],
)
def test_bad_motion_input_is_refused_in_dutch(clerk_client, council, overrides, field, message):
    response = clerk_client.post(url("add"), motion_data(council, **overrides))

    assert response.status_code == 200
    errors = field_errors(response)
    assert field in errors
    if message:
        assert errors[field] == [message]
    assert not Motion.objects.exists()


def test_an_agenda_item_of_another_council_is_refused(clerk_client, council):
    elsewhere = AgendaItemFactory(meeting=MeetingFactory(council=CouncilFactory()))

    response = clerk_client.post(url("add"), motion_data(council, agenda_item=elsewhere.pk))

    assert field_errors(response)["agenda_item"] == [
        "Dit agendapunt hoort bij een vergadering die een andere cliëntenraad volgt."
    ]
    assert not Motion.objects.exists()


def test_a_bad_edit_changes_nothing(clerk_client, council):
    motion = MotionFactory(
        council=council, title="Origineel", submitted_on=datetime.date(2018, 12, 11)
    )

    edit = url("edit", motion.pk)
    response = clerk_client.post(
        edit,
        loaded(
            clerk_client, edit, motion_data(council, title="Gewijzigd", disposed_on="2018-01-01")
        ),
    )

    assert response.status_code == 200
    motion.refresh_from_db()
    assert (motion.title, motion.disposed_on) == ("Origineel", None)
    assert not Revision.objects.for_instance(motion).exists()


class TestListing:
    @pytest.fixture
    def motions(self):
        leiden = CouncilFactory(municipality=MunicipalityFactory(name="Leiden", slug="leiden"))
        other = CouncilFactory(municipality=MunicipalityFactory(name="Delft", slug="delft"))
        item = AgendaItemFactory(meeting=MeetingFactory(council=leiden))
        topic = TopicFactory(name="bejegening", slug="bejegening")
        overdue = MotionFactory(
            council=leiden,
            title="Verlopen",
            deadline=datetime.date(2019, 3, 31),
            agenda_item=item,
            submitted_on=datetime.date(2018, 12, 11),
        )
        overdue.topics.add(topic)
        overdue.save()
        MotionSubmitterFactory(motion=overdue, name="Jeroen van Rossum", party="GroenLinks")
        MotionFactory(
            council=leiden,
            title="Afgedaan",
            deadline=datetime.date(2019, 3, 31),
            disposed_on=datetime.date(2019, 3, 1),
            submitted_on=datetime.date(2009, 1, 1),
        )
        MotionFactory(council=other, title="Open", deadline=TODAY, vote=Motion.Vote.UNKNOWN)
        return {"leiden": leiden, "item": item, "topic": topic}

    def titles(self, response):
        return {motion.title for motion in response.context["object_list"]}

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({}, {"Verlopen", "Afgedaan", "Open"}),
            ({"status": "overdue"}, {"Verlopen"}),
            ({"status": "disposed"}, {"Afgedaan"}),
            ({"status": "open"}, {"Open"}),
            ({"status": "not_required"}, set()),
            ({"municipality": "leiden"}, {"Verlopen", "Afgedaan"}),
            ({"body": "body"}, {"Verlopen"}),
            ({"topic": "topic"}, {"Verlopen"}),
            ({"submitted_on_from": "2010-01-01", "submitted_on_to": "2019-01-01"}, {"Verlopen"}),
            ({"vote": "unknown"}, {"Open"}),
            ({"q": "verlopen"}, {"Verlopen"}),
        ],
    )
    def test_filters(self, clerk_client, motions, params, expected):
        lookups = {
            "leiden": motions["leiden"].municipality.pk,
            "body": motions["item"].meeting.body.pk,
            "topic": motions["topic"].pk,
        }
        response = clerk_client.get(
            url("list"), {key: lookups.get(value, value) for key, value in params.items()}
        )

        assert response.status_code == 200
        assert self.titles(response) == expected

    def test_listing_shows_the_derived_status(self, clerk_client, motions):
        content = clerk_client.get(url("list")).content.decode()

        assert "termijn verlopen" in content
        assert "afgedaan" in content

    def test_nonsense_filters_give_a_normal_page(self, clerk_client, motions):
        response = clerk_client.get(url("list"), {"status": "nonsense", "deadline_from": "x"})

        assert response.status_code == 200

    def test_export_to_csv_and_xlsx(self, clerk_client, motions):
        csv = clerk_client.get(url("list"), {"export": "csv", "status": "overdue"})
        xlsx = clerk_client.get(url("list"), {"export": "xlsx"})

        lines = b"".join(csv.streaming_content).decode().splitlines()
        assert lines[0].startswith("Id,Cliëntenraad,Soort,Nummer,Titel")
        assert len(lines) == 2
        assert "Jeroen van Rossum (GroenLinks)" in lines[1]
        assert "termijn verlopen op 31 maart 2019, 2793 dagen geleden" in lines[1]
        assert "bejegening" in lines[1]
        sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
        assert sheet.max_row == 4


class TestDashboard:
    def test_lists_overdue_motions_and_those_due_within_30_days(self, client_for, member_user):
        council = CouncilFactory()
        MotionFactory(
            council=council, title="Al lang verlopen", deadline=datetime.date(2019, 3, 31)
        )
        MotionFactory(
            council=council, title="Over een maand", deadline=TODAY + datetime.timedelta(30)
        )
        MotionFactory(council=council, title="Te ver weg", deadline=TODAY + datetime.timedelta(31))
        MotionFactory(
            council=council,
            title="Afgedaan",
            deadline=datetime.date(2019, 3, 31),
            disposed_on=datetime.date(2019, 3, 1),
        )
        MotionFactory(
            council=council,
            title="Verworpen",
            deadline=datetime.date(2019, 3, 31),
            vote=Motion.Vote.REJECTED,
        )

        content = client_for(member_user).get(reverse("wagtailadmin_home")).content.decode()

        assert "Moties: termijn verlopen of binnen 30 dagen" in content
        assert "Al lang verlopen" in content
        assert "termijn verlopen op 31 maart 2019, 2793 dagen geleden" in content
        assert "Over een maand" in content
        assert "nog 30 dagen" in content
        for title in ("Te ver weg", "Afgedaan", "Verworpen"):
            assert title not in content

    def test_the_panel_shows_at_most_twenty_and_says_how_many(self, client_for, clerk_user):
        council = CouncilFactory()
        for day in range(25):
            MotionFactory(council=council, deadline=datetime.date(2019, 1, 1 + day))

        content = client_for(clerk_user).get(reverse("wagtailadmin_home")).content.decode()

        assert "De eerste 20 van 25." in content
        assert content.count("wagtailsnippets_motions_motion") == 0
        assert content.count("/beheer/snippets/motions/motion/edit/") == 20


@pytest.mark.parametrize("count", [2, 50])
def test_dashboard_queries_do_not_grow(
    client_for, clerk_user, count, django_assert_max_num_queries
):
    client = client_for(clerk_user)
    client.get(reverse("wagtailadmin_home"))
    council = CouncilFactory()
    for offset in range(count):
        meeting = MeetingFactory(council=council, date=TODAY + datetime.timedelta(offset))
        AgendaItemFactory(meeting=meeting, concern="advice_requested")
        MotionFactory(council=council, deadline=TODAY + datetime.timedelta(offset - 10))

    # Our three panels take 5-6 queries (the consultations' one 2); the rest is
    # Wagtail's own dashboard, including its workflow panel (about 7 queries for
    # the adoption tasks), and the user's roles per council (council.tenancy: 2,
    # once per request, whatever the number of councils).
    with django_assert_max_num_queries(26):
        response = client.get(reverse("wagtailadmin_home"))

    content = response.content.decode()
    assert content.count("advies gevraagd") == min(count, 31)
    assert content.count("/beheer/snippets/motions/motion/edit/") == min(count, 20)
