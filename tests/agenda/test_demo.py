"""The demo holds the meetings and items the seeds state, and nothing they do not."""

import datetime

import pytest
import time_machine

from agenda.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def test_seed_001_the_leiden_committee_meeting_of_7_april_2009(demo):
    meeting = Meeting.objects.get(council__slug="leiden")

    assert meeting.body.slug == "commissie-werk-en-financien"
    assert meeting.body.municipality.slug == "leiden"
    assert meeting.date == datetime.date(2009, 4, 7)
    assert (meeting.start_time, meeting.end_time, meeting.location, meeting.url) == (
        None,
        None,
        "",
        "",
    )
    assert [(item.number, item.title) for item in meeting.items_in_order()] == [
        ("5", "Sociale winst op aanbesteding"),
        ("6", "Afdoening moties re-integratievisie/verordening"),
    ]
    item_5, item_6 = meeting.items_in_order()
    assert [t.slug for t in item_5.topics.all()] == ["social-return-aanbesteding"]
    assert [t.slug for t in item_6.topics.all()] == ["re-integratie"]


def test_seed_002_the_leidschendam_voorburg_council_meeting(demo):
    meeting = Meeting.objects.get(council__slug="leidschendam-voorburg")

    assert (meeting.body.slug, meeting.body.municipality.slug) == (
        "gemeenteraad",
        "leidschendam-voorburg",
    )
    assert meeting.date == datetime.date(2018, 12, 11)
    item = meeting.items.get()
    assert item.title == "Vaststellen Re-integratie- en Participatiebeleid 2019 - 2022"
    assert item.number == ""  # not stated in the seed
    assert item.concern == ""  # not stated either


def test_the_demo_meetings_have_a_history(demo):
    meetings = Meeting.objects.all()
    assert meetings.count() == 2
    assert all(meeting.latest_revision is not None for meeting in meetings)


def test_the_demo_invents_no_other_meetings_or_items(demo):
    assert Meeting.objects.count() == 2
    assert AgendaItem.objects.count() == 3


def test_the_demo_meeting_pages(demo, client):
    meeting = Meeting.objects.get(council__slug="leiden")

    listing = client.get("/leiden/vergaderingen/").content.decode()
    detail = client.get(f"/leiden/vergaderingen/{meeting.pk}/").content.decode()

    assert "7 april 2009" in listing
    assert "Vergadering Cie. Werk &amp; Financiën" in listing
    assert '<span class="item-number">5.</span> Sociale winst op aanbesteding' in detail
    assert (
        '<span class="item-number">6.</span> Afdoening moties re-integratievisie/verordening'
    ) in detail
    assert "<dt>Tijd</dt>\n    <dd>onbekend</dd>" in detail
