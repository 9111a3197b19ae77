"""The public meeting pages: content, bad input, and a query count that does not grow."""

import datetime

import pytest
import time_machine

from agenda.models import Meeting
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.motions import MotionFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def page():
    return council_page(CouncilFactory(slug="testraad", name="Cliëntenraad Testdorp"))


@pytest.fixture
def body(page):
    return MunicipalBodyFactory(
        municipality=page.council.municipality, name="Commissie Werk", slug="commissie-werk"
    )


def meeting(page, body, **kwargs):
    return MeetingFactory(council=page.council, body=body, **kwargs)


def test_council_page_links_meetings_motions_and_the_calendar(client, page):
    content = client.get(page.url).content.decode()

    assert '<a href="/testraad/vergaderingen/">' in content
    assert '<a href="/testraad/moties/">' in content
    assert (
        '<link rel="alternate" type="text/calendar" '
        'title="Vergaderingen gevolgd door Cliëntenraad Testdorp (iCal)" '
        'href="/testraad/vergaderingen/ical/">'
    ) in content


def test_meeting_list_shows_upcoming_and_past_meetings(client, page, body):
    meeting(page, body, title="Vandaag", date=TODAY)
    meeting(page, body, title="Volgende maand", date=TODAY + datetime.timedelta(30))
    meeting(page, body, title="Gisteren", date=TODAY - datetime.timedelta(1))
    meeting(page, body, title="In 2009", date=datetime.date(2009, 4, 7))
    MeetingFactory(title="Van een andere raad", date=TODAY)

    response = client.get("/testraad/vergaderingen/")

    content = response.content.decode()
    upcoming, past = content.split('id="eerder"')
    assert upcoming.index("Vandaag") < upcoming.index("Volgende maand")
    assert past.index("Gisteren") < past.index("In 2009")
    assert "Van een andere raad" not in content
    assert '<link rel="alternate" type="text/calendar"' in content


def test_meeting_list_filters_by_year(client, page, body):
    meeting(page, body, title="In 2009", date=datetime.date(2009, 4, 7))
    meeting(page, body, title="In 2018", date=datetime.date(2018, 12, 11))

    content = client.get("/testraad/vergaderingen/", {"year": "2009"}).content.decode()

    assert "In 2009" in content
    assert "In 2018" not in content
    assert '<option value="2009" selected>' in content


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"year": "x"}, "“x” is geen jaartal. Hieronder staan alle vergaderingen."),
        ({"year": "1850"}, "Er zijn geen vergaderingen in 1850."),
        ({"year": "99999999999"}, "Er zijn geen vergaderingen in 99999999999."),
        ({"year": "-1"}, "Er zijn geen vergaderingen in -1."),
        ({"year": "9" * 5000}, "is geen jaartal"),
        ({"page": "abc"}, None),
        ({"page": "99999"}, None),
        ({"page": "-1"}, None),
        ({"page": "abc", "year": "2009"}, None),
    ],
)
def test_bad_query_strings_get_a_normal_page(client, page, body, params, note):
    meeting(page, body, title="In 2009", date=datetime.date(2009, 4, 7))

    response = client.get("/testraad/vergaderingen/", params)

    assert response.status_code == 200
    content = response.content.decode()
    if note:
        assert note in content
    else:
        assert "In 2009" in content


def test_past_meetings_are_paginated(client, page, body):
    for day in range(25):
        meeting(page, body, title=f"Vergadering {day:02d}", date=datetime.date(2020, 1, 1 + day))

    first = client.get("/testraad/vergaderingen/").content.decode()
    second = client.get("/testraad/vergaderingen/", {"page": "2"}).content.decode()
    beyond = client.get("/testraad/vergaderingen/", {"page": "99999"}).content.decode()

    assert "Vergadering 24" in first and "Vergadering 05" in first
    assert "Vergadering 04" not in first
    assert "Pagina 1 van 2" in first
    assert 'href="?page=2" rel="next"' in first
    assert "Vergadering 04" in second and "Vergadering 05" not in second
    assert beyond == second


@pytest.mark.parametrize("count", [5, 500])
def test_meeting_list_queries_do_not_grow(client, page, body, count, django_assert_max_num_queries):
    Meeting.objects.bulk_create(
        Meeting(
            council=page.council,
            body=body,
            title=f"Vergadering {n}",
            date=TODAY + datetime.timedelta(days=n - count // 2),
        )
        for n in range(count)
    )

    client.get("/testraad/vergaderingen/")  # once, so one-off setup does not count

    with django_assert_max_num_queries(12):
        response = client.get("/testraad/vergaderingen/")

    assert response.status_code == 200


def test_meeting_detail_shows_items_in_agenda_order(client, page, body):
    subject = meeting(page, body, title="Commissie", date=datetime.date(2009, 4, 7))
    for number in ["10", "6a", "2", "6", ""]:
        AgendaItemFactory(meeting=subject, number=number, title=f"Punt «{number}»")

    content = client.get(f"/testraad/vergaderingen/{subject.pk}/").content.decode()

    positions = [content.index(f"Punt «{number}»") for number in ["2", "6", "6a", "10", ""]]
    assert positions == sorted(positions)
    assert "dinsdag 7 april 2009" in content
    assert "Het nummer van dit agendapunt is niet bekend." in content
    assert f'href="/testraad/vergaderingen/ical/{body.slug}/"' in content


def test_meeting_detail_lists_the_items_motions_with_their_status(client, page, body):
    subject = meeting(page, body, date=datetime.date(2009, 4, 7))
    item = AgendaItemFactory(meeting=subject, number="6")
    motion = MotionFactory(
        council=page.council,
        agenda_item=item,
        identifier="Motie 2",
        title="Evaluatie aanbieders",
        deadline=datetime.date(2019, 3, 31),
    )

    content = client.get(f"/testraad/vergaderingen/{subject.pk}/").content.decode()

    assert f'<a href="/testraad/moties/{motion.pk}/">Motie 2: Evaluatie aanbieders</a>' in content
    assert "Termijn verlopen op 31 maart 2019, 2793 dagen geleden." in content


def test_a_cancelled_meeting_says_so_in_words(client, page, body):
    subject = meeting(page, body, status=Meeting.Status.CANCELLED)

    content = client.get(f"/testraad/vergaderingen/{subject.pk}/").content.decode()

    assert "Deze vergadering is vervallen." in content


@pytest.mark.parametrize("count", [5, 100])
def test_meeting_detail_queries_do_not_grow_with_items(
    client, page, body, count, django_assert_max_num_queries
):
    subject = meeting(page, body)
    for n in range(count):
        item = AgendaItemFactory(meeting=subject, number=str(n + 1))
        MotionFactory(council=page.council, agenda_item=item)

    client.get(f"/testraad/vergaderingen/{subject.pk}/")

    # 17: the advice layer adds each item's public letters (2), consultations (1) and
    # public documents (1); the glossary its text links to (council.glossary) one more.
    with django_assert_max_num_queries(17):
        response = client.get(f"/testraad/vergaderingen/{subject.pk}/")

    assert response.content.decode().count('class="agenda-item"') == count


@pytest.mark.parametrize(
    "path",
    [
        "/testraad/vergaderingen/999999/",
        "/testraad/vergaderingen/abc/",
        "/testraad/vergaderingen/ical/onbekend-orgaan/",
        "/testraad/vergaderingen/agenda.ics",
    ],
)
def test_unknown_meetings_and_bodies_are_not_found(client, page, path):
    assert client.get(path).status_code == 404


def test_another_councils_meeting_is_not_found_here(client, page):
    elsewhere = MeetingFactory()

    assert client.get(f"/testraad/vergaderingen/{elsewhere.pk}/").status_code == 404


def test_sitemap_lists_the_public_routes_with_lastmod(rf, page, body):
    subject = meeting(page, body)
    revision = subject.save_revision()
    motion = MotionFactory(council=page.council)
    MeetingFactory(title="Andere raad")

    urls = {entry["location"]: entry["lastmod"] for entry in page.get_sitemap_urls(rf.get("/"))}

    base = page.get_full_url()
    assert set(urls) == {
        base,
        f"{base}vergaderingen/",
        f"{base}vergaderingen/{subject.pk}/",
        f"{base}moties/",
        f"{base}moties/{motion.pk}/",
        f"{base}raadplegingen/",
        f"{base}raadplegingen/alle/",
    }
    assert urls[f"{base}vergaderingen/{subject.pk}/"] == revision.created_at
    assert urls[f"{base}vergaderingen/"] == revision.created_at
    assert urls[f"{base}moties/{motion.pk}/"] is None
