"""/sitemap.xml: every public page, each with the date it last changed."""

import datetime
from xml.etree import ElementTree

import pytest
import time_machine
from wagtail.models import PageViewRestriction, Site

from advice.letters.services import letter_publish_correction
from advice.models import LetterPage
from tests.factories.advice import SIMPLE_BODY, ConsultationFactory, letter_page, published_letter
from tests.factories.agenda import MeetingFactory
from tests.factories.motions import MotionFactory

from .conftest import MOMENT

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _xml(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # noqa: S314 (our own output)


def section_locations(client):
    """The ``<loc>`` of every section file the index lists, with its ``<lastmod>``."""
    root = _xml(client, "/sitemap.xml")
    assert root.tag == f"{NS}sitemapindex"
    return {
        item.findtext(f"{NS}loc"): item.findtext(f"{NS}lastmod")
        for item in root.iter(f"{NS}sitemap")
    }


def sitemap(client, host="http://localhost"):
    """Every ``<url>`` of every section the index lists: location (its path) and lastmod."""
    entries = {}
    for section in section_locations(client):
        assert section.startswith(host + "/sitemap-"), section
        root = _xml(client, section.removeprefix(host))
        for url in root.iter(f"{NS}url"):
            location = url.findtext(f"{NS}loc")
            assert location.startswith(host + "/"), location
            entries[location.removeprefix(host)] = url.findtext(f"{NS}lastmod")
    return entries


def test_every_public_page_is_listed_with_its_last_change(client, site):
    meeting = MeetingFactory(council=site.leiden, body=site.committee)
    meeting.save_revision()
    motion = MotionFactory(council=site.leiderdorp)
    motion.save_revision()
    letter_page(site.leiden, title="Concept dat niemand mag zien")
    with time_machine.travel(MOMENT + datetime.timedelta(days=10), tick=False):
        letter_publish_correction(
            letter=site.a, note="Verbeterd.", body=[*SIMPLE_BODY, ("text", "Verbeterd.")]
        )
        letter_publish_correction(
            letter=site.a, note="Tikfout.", minor=True, body=[*SIMPLE_BODY, ("text", "Beter.")]
        )

    entries = sitemap(client)

    expected = {
        "/",
        "/brieven/",
        "/onderwerpen/",
        "/onderwerpen/armoede/",
        "/onderwerpen/bejegening/",
        "/open-data/",
        "/leiden/",
        "/leiderdorp/",
        "/leiden/vergaderingen/",
        f"/leiden/vergaderingen/{meeting.pk}/",
        "/leiderdorp/moties/",
        f"/leiderdorp/moties/{motion.pk}/",
        site.a.url,
        site.a.url + "versies/1/",
        site.a.url + "versies/2/",
        site.b.url,
        site.b.url + "versies/1/",
        site.c.url,
        site.c.url + "versies/1/",
    }
    assert expected <= set(entries)
    assert site.a.url + "versies/3/" not in entries  # a minor change is not listed
    assert not any("concept" in location for location in entries)
    missing = [location for location, lastmod in entries.items() if not lastmod]
    assert not missing, f"without lastmod: {missing}"
    assert entries[site.a.url] == "2024-03-11"  # its last publication
    assert entries[site.a.url + "versies/1/"] == "2024-03-01"
    assert entries[site.a.url + "versies/2/"] == "2024-03-11"
    assert entries["/leiden/"] >= "2024-03-11"  # the latest change of its letters
    assert entries["/onderwerpen/armoede/"] >= "2024-03-11"
    for location in entries:
        assert client.get(location).status_code == 200, location


def test_unpublished_and_restricted_pages_are_left_out(client, site):
    site.b.unpublish()
    PageViewRestriction.objects.create(
        page=site.leiden.page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    entries = sitemap(client)

    assert site.b.url not in entries
    assert not any(location.startswith("/leiden/") for location in entries)
    assert not any(location.startswith("/leiderdorp/advies") for location in entries)
    assert "/onderwerpen/armoede/" not in entries  # no public letter carries it now


def test_the_index_lists_each_section_with_its_latest_change(client, site):
    assert set(section_locations(client)) == {
        f"http://localhost/sitemap-{name}.xml" for name in ("pages", "letters", "versions")
    }  # the empty sections are left out
    MeetingFactory(council=site.leiden, body=site.committee).save_revision()
    MotionFactory(council=site.leiden).save_revision()
    ConsultationFactory(council=site.leiden)
    site.leiden.municipality.cbs_code = "gm0546"
    site.leiden.municipality.save()

    sections = section_locations(client)

    assert set(sections) == {
        f"http://localhost/sitemap-{name}.xml"
        for name in ("pages", "letters", "versions", "meetings", "motions", "consultations", "woo")
    }
    assert sections["http://localhost/sitemap-letters.xml"].startswith("2024-03-01T")
    assert sections["http://localhost/sitemap-pages.xml"] >= "2024-03-01"
    assert all(sections.values()), sections


def test_a_section_is_split_into_files_of_at_most_the_limit(client, site, settings):
    everything = sitemap(client)
    settings.SITEMAP_SECTION_LIMIT = 2

    sections = section_locations(client)
    files = [location for location in sections if "sitemap-letters" in location]
    assert files == [
        "http://localhost/sitemap-letters.xml",
        "http://localhost/sitemap-letters.xml?p=2",
    ]
    for location in sections:
        root = _xml(client, location.removeprefix("http://localhost"))
        assert len(root.findall(f"{NS}url")) <= 2, location
    assert sitemap(client) == everything  # the same URLs, in more files
    assert client.get("/sitemap-letters.xml?p=3").status_code == 404
    assert client.get("/sitemap-letters.xml?p=nul").status_code == 404
    assert client.get("/sitemap-onbekend.xml").status_code == 404


def test_the_limit_never_exceeds_the_protocol_maximum(settings, rf, site):
    from publications.sitemaps import LettersSitemap
    from publications.woo import WooSitemap

    settings.SITEMAP_SECTION_LIMIT = 1_000_000
    request = rf.get("/")
    assert LettersSitemap(request).limit == 50_000
    # A Woo entry is about 1.7 KB: 1,000 a file (about 2 MB) render in about a second.
    assert WooSitemap(request).limit == 1_000


def test_every_location_uses_the_configured_host(client, site):
    wagtail_site = Site.objects.get(is_default_site=True)
    wagtail_site.hostname = "kanttekening.example"
    wagtail_site.port = 443
    wagtail_site.save()

    entries = sitemap(client, host="https://kanttekening.example")

    assert site.a.url in entries
    robots = client.get("/robots.txt").content.decode()
    assert "Sitemap: https://kanttekening.example/sitemap.xml" in robots.splitlines()


def test_sections_answer_304_when_unchanged(client, site, public_cache):
    for path in ("/sitemap.xml", "/sitemap-letters.xml", "/sitemap-versions.xml"):
        first = client.get(path)
        assert first.status_code == 200
        assert first.has_header("Last-Modified"), path
        again = client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 304, path
        assert again.get("X-Public-Cache") == "hit", path


def test_each_location_is_the_url_wagtail_gives_the_page(client, site):
    """The paths are built from ``url_path`` without ``Page.get_url``: the same URLs, also
    for a slug outside ASCII."""
    unicode_letter = published_letter(site.leiden, title="Één brief")
    unicode_letter.slug = "één-brief"  # Wagtail's own slug field allows it
    unicode_letter.set_url_path(unicode_letter.get_parent())
    unicode_letter.save(clean=False)

    entries = sitemap(client)

    expected = {letter.get_url() for letter in LetterPage.objects.live().public()}
    assert "/leiden/%C3%A9%C3%A9n-brief/" in expected  # quoted, as reverse() quotes it
    assert {location for location in entries if location in expected} == expected
    assert client.get("/leiden/%C3%A9%C3%A9n-brief/").status_code == 200


def test_a_split_section_lists_every_public_letter_once_and_nothing_unpublished(
    client, site, settings
):
    for number in range(5):
        published_letter(site.leiden, title=f"Extra {number}")
    letter_page(site.leiden, title="Concept dat niemand mag zien")
    site.b.unpublish()
    settings.SITEMAP_SECTION_LIMIT = 2

    sections = section_locations(client)
    files = [location for location in sections if "sitemap-letters" in location]
    letters = []
    for location in files:
        root = _xml(client, location.removeprefix("http://localhost"))
        letters.extend(url.findtext(f"{NS}loc") for url in root.iter(f"{NS}url"))

    expected = {f"http://localhost{letter.url}" for letter in LetterPage.objects.live().public()}
    assert len(letters) == len(set(letters)) == len(expected)  # each once
    assert set(letters) == expected
    assert f"http://localhost{site.b.url}" not in letters
    assert len(files) == -(-len(expected) // 2)


def test_a_section_costs_the_same_queries_for_any_number_of_records(
    client, site, django_assert_max_num_queries
):
    """Meetings, motions and consultations of two councils: one query per kind, not per record."""
    for council in (site.leiden, site.leiderdorp):
        for _ in range(3):
            MeetingFactory(council=council, body=site.committee).save_revision()
            MotionFactory(council=council).save_revision()
            ConsultationFactory(council=council)
    for path in ("/sitemap-meetings.xml", "/sitemap-motions.xml", "/sitemap-consultations.xml"):
        client.get(path)
        with django_assert_max_num_queries(5):
            root = _xml(client, path)
        assert len(root.findall(f"{NS}url")) == 6, path
        for url in root.iter(f"{NS}url"):
            location = url.findtext(f"{NS}loc").removeprefix("http://localhost")
            assert client.get(location).status_code == 200, location
            assert url.findtext(f"{NS}lastmod"), location
