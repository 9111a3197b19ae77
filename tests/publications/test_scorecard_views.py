"""The public consultation pages: figures from the database, content, bad input, query budgets."""

import datetime
import re

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.utils.html import strip_tags

from advice.consultations.services import consultation_save
from advice.consultations.verdicts import ConsultationVerdict
from advice.models import Consultation
from publications.models import HomePage
from publications.scorecard import scorecard_for
from tests.factories.advice import (
    ConsultationFactory,
    bulk_consultations,
    letter_page,
    published_letter,
)
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, MunicipalityFactory
from tests.factories.motions import MotionFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 22)


def d(text):
    return datetime.date.fromisoformat(text)


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def page():
    municipality = MunicipalityFactory(name="Testdorp", slug="testdorp")
    return council_page(
        CouncilFactory(slug="testraad", name="Cliëntenraad Testdorp", municipality=municipality)
    )


@pytest.fixture
def bodies(page):
    municipality = page.council.municipality
    return (
        MunicipalBodyFactory(municipality=municipality, name="Commissie", slug="commissie"),
        MunicipalBodyFactory(municipality=municipality, name="College", slug="college"),
    )


@pytest.fixture
def fixture(page, bodies):
    """Six consultations of a council counting calendar days (6 weeks = 42 days), by hand:

    ======  ========  ==============================================  =================  ====
    ref     body      dates                                           verdict            year
    ======  ========  ==============================================  =================  ====
    C1      Commissie asked 1-1-26, sent 20-1, decided 12-2 (42 d),   in time            2026
                      response 19-2 (30 d)
    C2      Commissie asked 1-3-26, decided 11-3 (10 d)               late               2026
    C3      College   decided, date unknown, never asked              not consulted      -
    C4      College   asked 1-3-25, decided 1-2-25                    before the advice  2025
    C5      College   asked 1-9-25                                    pending            2025
    C6      Commissie asked 1-1-25, letter sent 15-1, decided 1-3     response overdue   2025
                      (59 d), no response (due 26-2-25)
    ======  ========  ==============================================  =================  ====

    Notice (asked → decided): 42, 10, 59 → median 42 (all Commissie). Response: 30.
    """
    council = page.council
    commissie, college = bodies
    letter = published_letter(council, title="Advies C6", sent_on=d("2025-01-15"))
    made = {}
    for ref, fields in {
        "C1": {"body": commissie, "asked_on": d("2026-01-01"), "advice_sent_on": d("2026-01-20"),
                   "decided_on": d("2026-02-12"), "response_received_on": d("2026-02-19")},
        "C2": {"body": commissie, "asked_on": d("2026-03-01"), "decided_on": d("2026-03-11")},
        "C3": {"body": college, "decided_date_unknown": True, "internal_notes": "GEHEIME NOTITIE"},
        "C4": {"body": college, "asked_on": d("2025-03-01"), "decided_on": d("2025-02-01")},
        "C5": {"body": college, "asked_on": d("2025-09-01")},
        "C6": {"body": commissie, "asked_on": d("2025-01-01"), "letter": letter,
                   "decided_on": d("2025-03-01")},
    }.items():  # fmt: skip
        made[ref] = ConsultationFactory(
            council=council, reference=ref, subject=f"Besluit {ref}", **fields
        )
    return made


def test_scorecard_for_maps_the_database_to_the_hand_computed_figures(page, fixture):
    data = scorecard_for(council=page.council, today=TODAY)
    card = data.scorecard

    assert card.total == 6
    assert card.years == [
        (2026, {ConsultationVerdict.CONSULTED_IN_TIME: 1, ConsultationVerdict.CONSULTED_LATE: 1}),
        (
            2025,
            {
                ConsultationVerdict.DECIDED_BEFORE_ADVICE: 1,
                ConsultationVerdict.PENDING: 1,
                ConsultationVerdict.RESPONSE_OVERDUE: 1,
            },
        ),
        (None, {ConsultationVerdict.NOT_CONSULTED: 1}),
    ]
    assert card.bypassed == 2
    assert (card.median_notice_days, card.median_response_days) == (42, 30)
    assert [(b.body, b.consultations, b.median_notice_days, b.median_response_days)
            for b in card.bodies] == [
        ("College", 3, None, None),
        ("Commissie", 3, 42, 30),
    ]  # fmt: skip
    assert [entry.pk for entry in data.entries] == [
        fixture[ref].pk for ref in ("C2", "C1", "C5", "C6", "C4", "C3")
    ]
    # Every verdict is the one the rule gives the record itself.
    for entry in data.entries:
        assert entry.verdict == Consultation.objects.get(pk=entry.pk).judgement().verdict


def test_the_platform_judges_each_council_by_its_own_rules(page, fixture):
    working = council_page(
        CouncilFactory(slug="werkdagen", day_count="working", notice_weeks=6)
    ).council
    # 46 calendar days, but 29 working days (Good Friday, Easter Monday, King's Day): late.
    ConsultationFactory(council=working, asked_on=d("2026-03-20"), decided_on=d("2026-05-05"))
    ConsultationFactory(council=CouncilFactory(), decided_date_unknown=True)  # no page: not public

    data = scorecard_for(today=TODAY)

    assert data.scorecard.total == 7
    assert data.scorecard.years[0] == (
        2026,
        {ConsultationVerdict.CONSULTED_IN_TIME: 1, ConsultationVerdict.CONSULTED_LATE: 2},
    )
    assert {figures.council_id: figures.total for figures in data.per_council().values()} == {
        page.council.pk: 6,
        working.pk: 1,
    }
    assert "Commissie (Testdorp)" in [body.body for body in data.scorecard.bodies]


def test_the_council_scorecard_shows_chart_table_and_the_bypassed_decisions(client, page, fixture):
    item = AgendaItemFactory(meeting=MeetingFactory(council=page.council), number="6")
    c3 = fixture["C3"]
    c3.agenda_item = item
    consultation_save(consultation=c3)

    response = client.get("/testraad/raadplegingen/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg role="img"' in html
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert not re.search(r'(?:x|y|width|height)="[^"]*,[^"]*"', svg), "decimal commas in SVG"
    assert "<caption>Aantal raadplegingen per jaar, naar oordeel</caption>" in html
    table = html[html.index('class="scorecard-table"') : html.index("</table>")]
    # The data table carries the chart's numbers: 2025 has 1 pending, 1 overdue, 1 before the advice.
    row_2025 = re.search(r"2025</a></th>(.*?)</tr>", table, re.S).group(1)
    assert re.findall(r"<td>(\d+)</td>", row_2025) == ["0", "1", "1", "0", "1", "0", "3"]
    assert "We kennen 6 besluiten" in html
    assert "2 keer besloot de gemeente zonder de cliëntenraad" in html
    # The bypassed list: C3 (not consulted) and C4 (before the advice), linked to item and page.
    bypassed = html[html.index('id="zonder-raad"') :]
    assert "Besluit C3" in bypassed and "Besluit C4" in bypassed
    assert "Besluit C1" not in bypassed.split("Alle raadplegingen van")[0]
    assert f'href="/testraad/vergaderingen/{item.meeting_id}/#agendapunt-{item.pk}"' in bypassed
    assert f'href="/testraad/raadplegingen/{c3.pk}/"' in bypassed
    assert "GEHEIME NOTITIE" not in html


def test_the_bypassed_list_links_a_public_letter_only(client, page, bodies):
    sent = published_letter(page.council, title="Gepubliceerd advies", sent_on=d("2026-01-10"))
    ConsultationFactory(
        council=page.council, asked_on=d("2026-01-02"), letter=sent, decided_on=d("2026-01-05")
    )

    html = client.get("/testraad/raadplegingen/").content.decode()

    assert f'href="{sent.url}"' in html


def test_one_consultation_shows_every_date_the_verdict_and_the_extension(client, page, bodies):
    consultation = ConsultationFactory(
        council=page.council,
        subject="Nieuw minimabeleid",
        body=bodies[1],
        asked_on=d("2026-01-05"),
        advice_due=d("2026-02-01"),
        advice_sent_on=d("2026-01-30"),
        decided_on=d("2026-03-10"),
        response_extension_days=14,
        response_extension_reason="het college vroeg uitstel",
        source="Brief van de gemeente, kenmerk 2026/123",
        internal_notes="GEHEIME NOTITIE",
    )

    response = client.get(f"/testraad/raadplegingen/{consultation.pk}/")

    html = response.content.decode()
    text_only = strip_tags(html)  # a glossary term in a sentence is a link (council.glossary)
    assert response.status_code == 200
    for text in (
        "Nieuw minimabeleid",
        "5 januari 2026",
        "1 februari 2026",
        "30 januari 2026",
        "10 maart 2026",
        "Antwoord te laat",
        "Advies gevraagd op 5 januari 2026, besluit op 10 maart 2026: 64 dagen, "
        "de verordening vraagt 42.",
        "verlengd met 14 dagen (het college vroeg uitstel), liep tot 27 maart 2026",
        "14 dagen extra (kalenderdagen). Reden: het college vroeg uitstel",
        "Brief van de gemeente, kenmerk 2026/123",
        "College",
    ):
        assert text in text_only, text
    assert "GEHEIME NOTITIE" not in html
    assert "secretaris" not in html.lower() or "secretaris" in page.council.name.lower()


def test_an_unpublished_letter_is_not_named_on_the_public_page(client, page):
    adopted = published_letter(page.council, title="Nog niet openbaar", sent_on=d("2026-01-10"))
    adopted.unpublish()
    consultation = ConsultationFactory(
        council=page.council, asked_on=d("2026-01-02"), letter=adopted
    )

    html = client.get(f"/testraad/raadplegingen/{consultation.pk}/").content.decode()

    assert "Nog niet openbaar" not in html
    assert "10 januari 2026" in html  # the sent date is a fact of the record


def test_the_list_filters_by_year_and_verdict(client, page, fixture):
    html = client.get("/testraad/raadplegingen/alle/?year=2025").content.decode()
    assert all(f"Besluit {ref}" in html for ref in ("C4", "C5", "C6"))
    assert not any(f"Besluit {ref}<" in html for ref in ("C1", "C2", "C3"))

    html = client.get("/testraad/raadplegingen/alle/?oordeel=zonder-raad").content.decode()
    assert "Besluit C3" in html and "Besluit C4" in html and "Besluit C5" not in html

    html = client.get("/testraad/raadplegingen/alle/?year=onbekend").content.decode()
    assert "Besluit C3" in html and "Besluit C4" not in html


@pytest.mark.parametrize(
    ("query", "note"),
    [
        ("?page=abc", None),
        ("?page=99999", None),
        ("?year=x", "“x” is geen jaartal"),
        ("?year=1900", "Uit 1900 zijn geen raadplegingen bekend"),
        ("?oordeel=onzin", "“onzin” is geen oordeel dat we kennen"),
        ("?year=2025&oordeel=op-tijd-gevraagd&page=-1", None),
    ],
)
def test_bad_input_gets_a_normal_page(client, page, fixture, query, note):
    for path in ("/testraad/raadplegingen/alle/", "/testraad/raadplegingen/", "/raadplegingen/"):
        response = client.get(path + query)
        assert response.status_code == 200, path
        if note and path.endswith("alle/"):
            assert note in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/testraad/raadplegingen/999999/", "/testraad/raadplegingen/abc/", "/raadplegingen/1/"],
)
def test_unknown_consultations_are_not_found(client, page, path):
    assert client.get(path).status_code == 404


def test_another_councils_consultation_is_not_found_under_this_council(client, page):
    other = ConsultationFactory(council=council_page(CouncilFactory(slug="elders")).council)

    assert client.get(f"/testraad/raadplegingen/{other.pk}/").status_code == 404
    assert client.get(f"/elders/raadplegingen/{other.pk}/").status_code == 200


def test_nothing_is_public_while_the_council_page_is_not(client, page, fixture):
    page.unpublish()

    for path in ("/testraad/raadplegingen/", f"/testraad/raadplegingen/{fixture['C1'].pk}/"):
        assert client.get(path).status_code == 404
    html = client.get("/raadplegingen/").content.decode()
    assert "Besluit C3" not in html
    assert "Er zijn nog geen raadplegingen vastgelegd." in html


@pytest.mark.parametrize("count", [10, 5000])
def test_the_pages_need_the_same_number_of_queries_for_10_and_5000(
    client, page, bodies, count, django_assert_max_num_queries
):
    bulk_consultations(page.council, count, body=bodies[0])
    client.get("/testraad/raadplegingen/")  # warm Wagtail's site-root cache

    # 11 each: Wagtail's routing and the site settings take 7, the council 1, the
    # counts of the stored verdicts 1 (years, bodies, verdicts and the medians'
    # day histograms in one UNION), the names of the bodies found 1, the listed
    # page of entries 1 (a letter in the bypassed list would add 2).
    with django_assert_max_num_queries(11):
        response = client.get("/testraad/raadplegingen/")
    assert response.status_code == 200
    assert f"We kennen {count} besluiten" in response.content.decode()

    with django_assert_max_num_queries(11):
        assert client.get("/testraad/raadplegingen/alle/?oordeel=zonder-raad").status_code == 200

    with django_assert_max_num_queries(11):
        assert client.get("/raadplegingen/").status_code == 200

    pk = Consultation.objects.order_by("pk").last().pk
    # Two more: the glossary its text links to (council.glossary) and its public documents.
    with django_assert_max_num_queries(11):
        assert client.get(f"/testraad/raadplegingen/{pk}/").status_code == 200


def test_the_letter_page_shows_the_verdict_of_the_consultation_it_answers(client, page):
    letter = published_letter(page.council, title="Advies minimabeleid", sent_on=d("2026-01-10"))
    consultation = ConsultationFactory(
        council=page.council,
        subject="Nieuw minimabeleid",
        asked_on=d("2026-01-05"),
        letter=letter,
        decided_on=d("2026-01-08"),
    )

    html = client.get(letter.url).content.decode()

    section = html[html.index('id="raadpleging"') :]
    assert "Nieuw minimabeleid" in section
    assert "Besloten vóór het advies" in section
    assert "het advies werd op 10 januari 2026 verzonden" in section
    assert f'href="/testraad/raadplegingen/{consultation.pk}/"' in section


@pytest.mark.parametrize("count", [2, 20])
def test_the_meeting_page_shows_letters_and_consultations_per_item(
    client, page, count, django_assert_max_num_queries
):
    meeting = MeetingFactory(council=page.council)
    items = [AgendaItemFactory(meeting=meeting, number=str(n + 1)) for n in range(count)]
    letter = published_letter(page.council, title="Advies bij punt 1", sent_on=d("2026-01-10"))
    revision = letter.get_latest_revision_as_object()
    revision.agenda_items.set([items[0]])
    revision.save_revision().publish()
    # The draft is linked in the database too, so only its being a draft keeps it off.
    draft = letter_page(page.council, title="Concept bij punt 1", agenda_items=[items[0]])
    assert set(items[0].letters.all()) == {letter, draft}
    for item in items:
        ConsultationFactory(
            council=page.council,
            subject=f"Raadpleging {item.number}",
            agenda_item=item,
            decided_date_unknown=True,
        )
    path = f"/testraad/vergaderingen/{meeting.pk}/"
    client.get(path)

    # 17: the items' public documents are one, the glossary its text links to one.
    with django_assert_max_num_queries(17):
        html = client.get(path).content.decode()

    assert html.count('class="item-consultations"') == count
    assert 'Raadpleging 1</a> — <span class="verdict verdict-not_consulted">Niet gevraagd' in html
    assert "Advies bij punt 1" in html
    assert "Concept bij punt 1" not in html


def test_agenda_items_and_motions_link_their_public_pages(page):
    item = AgendaItemFactory(meeting=MeetingFactory(council=page.council))
    motion = MotionFactory(council=page.council)
    hidden_item = AgendaItemFactory(meeting=MeetingFactory(council=CouncilFactory()))

    assert item.get_absolute_url() == (
        f"/testraad/vergaderingen/{item.meeting_id}/#agendapunt-{item.pk}"
    )
    assert motion.get_absolute_url() == f"/testraad/moties/{motion.pk}/"
    assert hidden_item.get_absolute_url() == ""


def test_the_sitemap_lists_the_consultation_pages(rf, page, fixture):
    urls = {entry["location"] for entry in page.get_sitemap_urls(rf.get("/"))}
    base = page.get_full_url()

    assert f"{base}raadplegingen/" in urls
    assert f"{base}raadplegingen/alle/" in urls
    assert {f"{base}raadplegingen/{c.pk}/" for c in fixture.values()} <= urls
    home = HomePage.objects.get()
    assert f"{home.get_full_url()}raadplegingen/" in {
        entry["location"] for entry in home.get_sitemap_urls(rf.get("/"))
    }


def test_the_council_page_links_its_scorecard(client, page):
    assert '<a href="/testraad/raadplegingen/">' in client.get(page.url).content.decode()


def test_the_summary_include_speaks_for_a_council_and_for_the_platform(page, fixture):
    template = Template('{% include "publications/includes/scorecard_summary.html" %}')
    request = RequestFactory().get("/")

    council_html = template.render(Context({"page": page, "request": request}))
    home_html = template.render(Context({"page": HomePage.objects.get(), "request": request}))

    assert "We kennen 6 besluiten" in council_html
    assert "2 keer besloot de gemeente" in council_html
    assert 'href="/testraad/raadplegingen/"' in council_html
    assert "Werden de cliëntenraden op tijd gevraagd?" in home_html
    assert 'href="/raadplegingen/"' in home_html
