"""Meeting and agenda-item listings, exports, the dashboard panel and the chooser in the admin.

The fixtures (a frozen day, a clerk who serves every council) are those of
``test_wagtail_hooks``: these tests are about what the lists show, not tenancy.
"""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agenda.models import Meeting
from tests.agenda.test_wagtail_hooks import (  # noqa: F401 (fixtures)
    TODAY,
    clerk_client,
    frozen_today,
    role_councils,
    url,
)
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import (
    CouncilFactory,
    MunicipalBodyFactory,
    MunicipalityFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


class TestListings:
    @pytest.fixture
    def meetings(self):
        leiden = CouncilFactory(municipality=MunicipalityFactory(name="Leiden", slug="leiden"))
        delft = CouncilFactory(municipality=MunicipalityFactory(name="Delft", slug="delft"))
        committee = MunicipalBodyFactory(municipality=leiden.municipality, name="Cie. W&F")
        council_body = MunicipalBodyFactory(municipality=leiden.municipality, name="Raad")
        topic = TopicFactory(name="bejegening", slug="bejegening")
        first = MeetingFactory(
            council=leiden, body=committee, title="Leiden april", date=datetime.date(2009, 4, 7)
        )
        tagged = AgendaItemFactory(meeting=first, number="5", title="Aanbesteding")
        tagged.topics.add(topic)
        tagged.save()
        MeetingFactory(
            council=leiden,
            body=council_body,
            title="Leiden december",
            date=datetime.date(2018, 12, 11),
            status=Meeting.Status.HELD,
        )
        MeetingFactory(council=delft, title="Delft juni", date=datetime.date(2026, 6, 1))
        return {"leiden": leiden, "committee": committee, "topic": topic}

    def titles(self, response):
        return {meeting.title for meeting in response.context["object_list"]}

    @pytest.mark.parametrize(
        ("params", "expected"),
        [
            ({}, {"Leiden april", "Leiden december", "Delft juni"}),
            ({"municipality": "leiden"}, {"Leiden april", "Leiden december"}),
            ({"body": "committee"}, {"Leiden april"}),
            ({"date_from": "2010-01-01", "date_to": "2019-01-01"}, {"Leiden december"}),
            ({"status": "held"}, {"Leiden december"}),
            ({"topic": "topic"}, {"Leiden april"}),
            ({"q": "december"}, {"Leiden december"}),
            ({"q": "Cie. W&F"}, {"Leiden april"}),
        ],
    )
    def test_meeting_listing_filters(self, clerk_client, meetings, params, expected):
        resolved = {
            key: (
                meetings["leiden"].municipality.pk
                if value == "leiden"
                else meetings[value].pk
                if value in ("committee", "topic")
                else value
            )
            for key, value in params.items()
        }

        response = clerk_client.get(url("meeting", "list"), resolved)

        assert response.status_code == 200
        assert self.titles(response) == expected

    def test_nonsense_filter_values_give_a_normal_page(self, clerk_client, meetings):
        response = clerk_client.get(
            url("meeting", "list"), {"status": "nonsense", "date_from": "gisteren", "body": "x"}
        )

        assert response.status_code == 200

    def test_item_listing_filters_by_meeting_and_topic(self, clerk_client, meetings):
        by_topic = clerk_client.get(url("agendaitem", "list"), {"topic": meetings["topic"].pk})
        by_date = clerk_client.get(url("agendaitem", "list"), {"date_from": "2010-01-01"})

        assert [str(i) for i in by_topic.context["object_list"]] == ["5. Aanbesteding"]
        assert list(by_date.context["object_list"]) == []

    def test_meetings_export_to_csv_and_xlsx(self, clerk_client, meetings):
        csv = clerk_client.get(url("meeting", "list"), {"export": "csv"})
        xlsx = clerk_client.get(url("meeting", "list"), {"export": "xlsx"})

        text = b"".join(csv.streaming_content).decode()
        assert text.splitlines()[0].startswith("Id,Cliëntenraad,Gemeentelijk orgaan,Titel,Datum")
        assert "Leiden april" in text and "Delft juni" in text
        sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
        assert [cell.value for cell in sheet[1]][:4] == [
            "Id",
            "Cliëntenraad",
            "Gemeentelijk orgaan",
            "Titel",
        ]
        assert sheet.max_row == 4

    def test_items_export_with_their_meeting_and_topics(self, clerk_client, meetings):
        csv = clerk_client.get(url("agendaitem", "list"), {"export": "csv"})

        text = b"".join(csv.streaming_content).decode()
        assert "Aanbesteding" in text
        assert "bejegening" in text
        assert "2009-04-07" in text


class TestDashboard:
    def test_shows_coming_meetings_with_items_for_the_council(self, client_for, member_user):
        body = MunicipalBodyFactory(name="Commissie Zorg")
        council = CouncilFactory(municipality=body.municipality)
        soon = MeetingFactory(
            council=council, body=body, title="Binnenkort", date=TODAY + datetime.timedelta(10)
        )
        AgendaItemFactory(
            meeting=soon, number="10", title="Minimabeleid", concern="advice_requested"
        )
        AgendaItemFactory(meeting=soon, number="2", title="Notulen", concern="information")
        AgendaItemFactory(
            meeting=soon, number="3", title="Bejegening", concern="unsolicited_advice"
        )
        info_only = MeetingFactory(
            council=council, body=body, title="Alleen informatie", date=TODAY
        )
        AgendaItemFactory(meeting=info_only, concern="information")
        later = MeetingFactory(
            council=council, body=body, title="Later", date=TODAY + datetime.timedelta(31)
        )
        AgendaItemFactory(meeting=later, concern="advice_requested")
        cancelled = MeetingFactory(
            council=council,
            body=body,
            title="Vervallen",
            date=TODAY + datetime.timedelta(3),
            status=Meeting.Status.CANCELLED,
        )
        AgendaItemFactory(meeting=cancelled, concern="advice_requested")
        past = MeetingFactory(
            council=council, body=body, title="Voorbij", date=TODAY - datetime.timedelta(1)
        )
        AgendaItemFactory(meeting=past, concern="advice_requested")

        content = client_for(member_user).get(reverse("wagtailadmin_home")).content.decode()

        assert "Vergaderingen van de komende 30 dagen die de cliëntenraad raken" in content
        assert "Binnenkort" in content
        assert content.index("3. Bejegening") < content.index("10. Minimabeleid")
        assert "Notulen" not in content
        for title in ("Alleen informatie", "Later", "Vervallen", "Voorbij"):
            assert title not in content


class TestChooser:
    """Linking a motion to an item: the chooser tells same-named items apart."""

    def chooser(self, client, **params):
        return client.get(reverse("wagtailsnippetchoosers_agenda_agendaitem:choose"), params)

    def test_shows_each_items_meeting_newest_first(self, clerk_client):
        old = MeetingFactory(title="Commissie 2009", date=datetime.date(2009, 4, 7))
        new = MeetingFactory(title="Commissie 2018", date=datetime.date(2018, 12, 11))
        AgendaItemFactory(meeting=old, number="6", title="Afdoening moties")
        AgendaItemFactory(meeting=new, number="6", title="Afdoening moties")

        response = self.chooser(clerk_client)

        html = response.json()["html"]
        assert html.index("Commissie 2018") < html.index("Commissie 2009")
        assert old.council.name in html

    def test_searches_items_and_their_meetings(self, clerk_client):
        AgendaItemFactory(title="Sociale winst op aanbesteding")
        AgendaItemFactory(title="Notulen", meeting=MeetingFactory(title="Raad over bejegening"))
        AgendaItemFactory(title="Rondvraag")

        by_title = self.chooser(clerk_client, q="aanbesteding").json()["html"]
        by_meeting = self.chooser(clerk_client, q="bejegening").json()["html"]

        assert "Sociale winst" in by_title and "Rondvraag" not in by_title
        assert "Notulen" in by_meeting and "Rondvraag" not in by_meeting
