"""Query budgets of the public site at 10 and at 2,000 published letters.

The letters are added in bulk (``benchmarks.bulk``): live pages in the
tree with a revision, a sent version, an addressee and topics, which is all
that these pages read of a letter; adoption and the stored PDF are skipped,
because they cost a PDF rendering each and are not read here. Each size is
built once for the module and rolled back after it.

The budgets measure a page rendered afresh (the public cache is off in the
test settings); a stored page costs one query (test_caching).
"""

import datetime

import feedparser
import pytest
from django.db import transaction
from wagtail.search.backends import get_search_backend

from advice.models import LetterPage
from benchmarks.bulk import add_published_letters
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, TopicFactory
from tests.factories.motions import MotionFactory, MotionSubmitterFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

BUDGETS = {
    # path: the queries it runs, at 10 and at 2,000 letters (about 6 of them are
    # Wagtail's routing, the view restrictions and the site settings)
    "/": 12,  # two of them: the scorecard summary (publications.scorecard_for)
    "/brieven/": 13,
    "/brieven/?council=groot&topic=armoede&year=2010&page=2": 13,
    "/brieven/?page=99999": 13,  # past the end: the last page, counted up to the cap
    "/groot/": 17,  # three of them: the scorecard summary, the members (named, counted)
    "{letter}": 12,  # the consultations the letter answers (advice), the glossary (council)
    "{letter}versies/1/": 25,  # the version is rebuilt from its revision (advice); the glossary
    "/brieven/rss/": 10,
    "/brieven/raad/groot/atom/": 12,  # one of them: is the council page public?
    "/brieven/onderwerp/armoede/rss/": 11,
    "/brieven/orgaan/grootstad/commissie-werk/atom/": 11,
    "/onderwerpen/armoede/": 15,
    "/api/v2/pages/": 7,
    "/onderwerpen/": 11,
    "/brieven/?q=brief": 12,
    "/brieven/?q=advies": 13,  # every letter matches: a full page, its topics prefetched
    "/brieven/?q=CR-2010-001": 13,  # one of them: the exact match on the reference
    "/api/v2/pages/?search=advies": 8,
    "/api/v2/": 0,
    # The search of the whole site (publications.site_search): the view restrictions once
    # for the letters and once for the council pages, one query for every count (and, on
    # PostgreSQL, the probe and the letters' ids), one UNION for the page, one query per
    # kind on it
    "/zoeken/?q=advies": 10,
    "/zoeken/?q=advies&soort=brieven&page=2": 10,
    "/zoeken/?q=CR-2010-001": 8,
    "/zoeken/?q=agendapunt&soort=agendapunten": 10,
    "/zoeken/rss/?q=advies": 9,
    "/zoeken/atom/?q=motie&soort=moties": 9,
    # The sitemap index and its sections: queries per kind of record, not per record.
    "/sitemap.xml": 39,  # per section one query for its size and latest change; the pages
    # section is built (its 25)
    "/sitemap-pages.xml": 25,
    "/sitemap-letters.xml": 3,  # the site, the view restrictions, one narrow values() query
    "/sitemap-versions.xml": 3,
    "/sitemap-meetings.xml": 4,
    "/sitemap-motions.xml": 4,
    "/sitemap-consultations.xml": 3,
    "/sitemap-woo.xml": 10,  # the file's keys; adoptions, versions, consultations, their
    # documents, topics
    "/sitemap-woo-aanvragen.xml": 10,  # with documents: test_woo_sitemap
}


@pytest.fixture(scope="module", params=[10, 2000], ids=["10 letters", "2000 letters"])
def many_letters(request, module_db):
    """A council with ``param`` published letters, meetings and motions; rolled back after."""
    with transaction.atomic():
        council = CouncilFactory(name="Cliëntenraad Groot", slug="groot")
        council.municipality.slug = "grootstad"
        council.municipality.cbs_code = "gm0363"  # listed in the Woo sitemap
        council.municipality.save()
        page = council_page(council)
        body = MunicipalBodyFactory(
            municipality=council.municipality, name="Commissie Werk", slug="commissie-werk"
        )
        topics = [TopicFactory(name=name, slug=name) for name in ("armoede", "zorg", "werk")]
        ids = add_published_letters(
            page, request.param, addressee=body, topics=topics, first_date=datetime.date(2010, 1, 1)
        )
        # Indexed for search, so that a search page shows a full page of results.
        get_search_backend().get_index_for_model(LetterPage).add_items(
            LetterPage, list(LetterPage.objects.filter(pk__in=ids))
        )
        for n in range(6):
            meeting = MeetingFactory(
                council=council, body=body, date=datetime.date(2040, 1, 1) + datetime.timedelta(n)
            )
            item = AgendaItemFactory(meeting=meeting)
            item.topics.add(topics[0])
            item.save()
            motion = MotionFactory(council=council, agenda_item=item)
            motion.topics.add(topics[0])
            motion.save()
            MotionSubmitterFactory(motion=motion)
        yield LetterPage.objects.get(pk=ids[len(ids) // 2]).url
        transaction.set_rollback(True)


@pytest.mark.parametrize("path", BUDGETS, ids=list(BUDGETS))
def test_public_pages_run_a_fixed_number_of_queries(
    client, many_letters, django_assert_max_num_queries, path
):
    url = path.format(letter=many_letters)
    client.get(url)  # the first request of a test database settles Wagtail's own caches

    with django_assert_max_num_queries(BUDGETS[path]):
        response = client.get(url)

    assert response.status_code == 200
    letters = LetterPage.objects.live().count()
    if path.endswith(("rss/", "atom/")):
        entries = feedparser.parse(response.content).entries
        assert len(entries) == min(letters if "onderwerp" not in path else letters // 3 + 1, 50)
    if path == "/brieven/":
        assert f"{letters} brieven" in response.content.decode()
    if path == "/brieven/?q=advies":
        assert response.content.decode().count('class="letter-list-meta"') == min(letters, 20)
    if path.startswith("/zoeken/?q=advies"):  # page 2, or the last page: the only one
        shown = min(letters, 20) if letters <= 20 or "page" not in path else min(letters - 20, 20)
        assert response.content.decode().count('class="search-kind"') == shown
    if path.startswith("/zoeken/rss/"):
        assert len(feedparser.parse(response.content).entries) == min(letters, 50)
    if path == "/sitemap-letters.xml":
        assert response.content.count(b"<loc>") == letters
    if path == "/sitemap-woo.xml":
        assert response.content.count(b"<loc>") == min(letters, 1_000)  # a full file
