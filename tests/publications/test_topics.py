"""Topic pages: letters, agenda items and motions about one topic."""

import datetime

import pytest
import time_machine

from tests.factories.advice import letter_page
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.motions import MotionFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(site):
    meeting = MeetingFactory(
        council=site.leiden,
        body=site.committee,
        title="Commissie Werk",
        date=datetime.date(2024, 4, 2),
    )
    item = AgendaItemFactory(meeting=meeting, number="7", title="Armoedebeleid 2025")
    item.topics.add(site.poverty)
    item.save()  # modelcluster commits the tags with the record
    other = AgendaItemFactory(meeting=meeting, number="8", title="Parkeren")
    motion = MotionFactory(
        council=site.leiderdorp,
        identifier="M12",
        title="Schuldhulp zonder wachtlijst",
        deadline=datetime.date(2024, 6, 30),
        agenda_item=None,
    )
    motion.topics.add(site.poverty)
    motion.save()
    MotionFactory(council=site.leiden, title="Motie over iets anders")
    return meeting, item, other, motion


@time_machine.travel(datetime.datetime(2024, 7, 15, 12, 0), tick=False)
def test_a_topic_page_combines_letters_agenda_items_and_motions(client, site, records):
    meeting, item, other, motion = records
    letter_page(site.leiden, title="Concept over armoede", topics=[site.poverty])

    response = client.get("/onderwerpen/armoede/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>Armoede</h1>" in html
    assert "2 brieven" in html
    assert html.index(site.c.title) < html.index(site.a.title)  # newest first
    assert site.b.title not in html and "Concept over armoede" not in html
    assert "1 agendapunt" in html
    assert f'<a href="/leiden/vergaderingen/{meeting.pk}/">7. Armoedebeleid 2025</a>' in html
    assert "Parkeren" not in html
    assert "1 motie of toezegging" in html
    assert (
        f'<a href="/leiderdorp/moties/{motion.pk}/">M12: Schuldhulp zonder wachtlijst</a>' in html
    )
    assert "Termijn verlopen" in html  # 30 June 2024 has passed on 15 July
    assert "Motie over iets anders" not in html
    assert 'href="/brieven/?topic=armoede"' in html
    for path in (f"/leiden/vergaderingen/{meeting.pk}/", f"/leiderdorp/moties/{motion.pk}/"):
        assert client.get(path).status_code == 200


def test_records_of_a_council_without_a_public_page_stay_off(client, site, records):
    meeting, item, other, motion = records
    site.leiderdorp.page.unpublish()

    html = client.get("/onderwerpen/armoede/").content.decode()

    assert "Schuldhulp zonder wachtlijst" not in html
    assert "0 moties en toezeggingen" in html


def test_an_existing_topic_without_public_records_says_so(client, site):
    from tests.factories.council import TopicFactory

    TopicFactory(name="handhaving", slug="handhaving")

    html = client.get("/onderwerpen/handhaving/").content.decode()

    assert "Er zijn nog geen brieven over dit onderwerp gepubliceerd." in html
    assert "Er zijn geen agendapunten over dit onderwerp." in html


@pytest.mark.parametrize(
    "path",
    ["/onderwerpen/onbekend/", "/onderwerpen/%00/", "/onderwerpen/" + "x" * 3000 + "/"],
)
def test_an_unknown_topic_is_not_found(client, site, path):
    assert client.get(path).status_code == 404


def test_the_topic_index_lists_topics_in_use_with_their_counts(client, site, records):
    from tests.factories.council import TopicFactory

    TopicFactory(name="ongebruikt", slug="ongebruikt")
    other = council_page()
    letter_page(other.council, title="Concept", topics=[TopicFactory(name="geheim", slug="geheim")])

    html = client.get("/onderwerpen/").content.decode()

    assert '<a href="/onderwerpen/armoede/">armoede</a>' in html
    assert "2 brieven, 1 agendapunt, 1 motie" in html
    assert '<a href="/onderwerpen/bejegening/">bejegening</a>' in html
    assert "2 brieven, 0 agendapunten, 0 moties" in html
    assert "ongebruikt" not in html
    assert "geheim" not in html  # only a draft carries it


def test_the_letter_count_comes_from_the_cached_facets_and_follows_an_unpublish(
    client, site, public_cache, settings
):
    settings.PUBLIC_CACHE_ENABLED = False  # pages rendered afresh, the facets cached
    assert "2 brieven" in client.get("/onderwerpen/armoede/").content.decode()

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as hit:
        assert "2 brieven" in client.get("/onderwerpen/armoede/").content.decode()
    counts = [q["sql"] for q in hit if "COUNT(" in q["sql"].upper() and "taggedletter" in q["sql"]]
    assert counts == []  # the count is the cached facet's

    site.c.unpublish()
    html = client.get("/onderwerpen/armoede/").content.decode()
    assert "1 brief" in html and "2 brieven" not in html
    assert site.c.title not in html
    letter_page(site.leiden, title="Concept over armoede", topics=[site.poverty])  # a draft
    assert "1 brief" in client.get("/onderwerpen/armoede/").content.decode()
