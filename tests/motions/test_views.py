"""The public motion pages: content, status filter, bad input, fixed query counts."""

import datetime

import pytest
import time_machine

from motions.models import Motion, MotionSubmitter
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory
from tests.factories.motions import MotionFactory, MotionSubmitterFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@pytest.fixture
def page():
    return council_page(CouncilFactory(slug="testraad", name="Cliëntenraad Testdorp"))


@pytest.fixture
def motions(page):
    council = page.council
    return {
        "overdue": MotionFactory(
            council=council, title="Verlopen motie", deadline=datetime.date(2019, 3, 31)
        ),
        "open": MotionFactory(
            council=council, title="Open motie", deadline=datetime.date(2026, 12, 1)
        ),
        "disposed": MotionFactory(
            council=council,
            title="Afgedane motie",
            deadline=datetime.date(2019, 3, 31),
            disposed_on=datetime.date(2019, 4, 2),
        ),
        "rejected": MotionFactory(council=council, title="Verworpen motie", vote="rejected"),
        "elsewhere": MotionFactory(title="Motie van een andere raad"),
    }


def listed_titles(response):
    return [motion.title for motion in response.context["motion_page"].object_list]


def test_motion_list_shows_every_motion_with_its_status(client, page, motions):
    response = client.get("/testraad/moties/")

    content = response.content.decode()
    assert set(listed_titles(response)) == {
        "Verlopen motie",
        "Open motie",
        "Afgedane motie",
        "Verworpen motie",
    }
    assert "Termijn verlopen op 31 maart 2019, 2793 dagen geleden." in content
    assert "Afgedaan op 2 april 2019, 2 dagen na de termijn (31 maart 2019)." in content
    assert '<option value="verlopen">Termijn verlopen (1)</option>' in content
    assert '<option value="">Alle (4)</option>' in content


@pytest.mark.parametrize(
    ("status", "titles"),
    [
        ("verlopen", ["Verlopen motie"]),
        ("open", ["Open motie"]),
        ("afgedaan", ["Afgedane motie"]),
        ("geen-afdoening", ["Verworpen motie"]),
    ],
)
def test_status_filter_agrees_with_each_motions_own_page(client, page, motions, status, titles):
    response = client.get("/testraad/moties/", {"status": status})

    assert listed_titles(response) == titles
    assert f'<option value="{status}" selected>' in response.content.decode()
    label = response.context["status_label"]
    for motion in response.context["motion_page"].object_list:
        detail = client.get(f"/testraad/moties/{motion.pk}/").content.decode()
        assert f">{label[0].upper()}{label[1:]}</span>" in detail


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"status": "nonsense"}, "“nonsense” is geen status die we kennen."),
        ({"status": "overdue"}, "“overdue” is geen status die we kennen."),
        ({"status": "<script>"}, "“&lt;script&gt;” is geen status die we kennen."),
        ({"page": "abc"}, None),
        ({"page": "99999"}, None),
        ({"page": "0"}, None),
        ({"status": "verlopen", "page": "abc"}, None),
        ({"year": "x"}, None),
    ],
)
def test_bad_query_strings_get_a_normal_page(client, page, motions, params, note):
    response = client.get("/testraad/moties/", params)

    assert response.status_code == 200
    if note:
        assert note in response.content.decode()
        assert len(listed_titles(response)) == 4
    else:
        assert listed_titles(response)


def test_motions_are_paginated(client, page):
    for n in range(30):
        MotionFactory(council=page.council, title=f"Motie nummer {n}")

    first = client.get("/testraad/moties/")
    last = client.get("/testraad/moties/", {"page": "99999"})

    assert len(listed_titles(first)) == 25
    assert len(listed_titles(last)) == 5
    assert "Pagina 2 van 2" in last.content.decode()


def test_motion_detail_shows_text_status_deadline_submitters_and_item(client, page):
    meeting = MeetingFactory(council=page.council, date=datetime.date(2018, 12, 11))
    item = AgendaItemFactory(meeting=meeting, number="", title="Vaststellen beleid")
    motion = MotionFactory(
        council=page.council,
        identifier="",
        title="Bejegening",
        agenda_item=item,
        submitted_on=datetime.date(2018, 12, 11),
        vote=Motion.Vote.UNKNOWN,
        deadline=datetime.date(2019, 3, 31),
        deadline_text="in het eerste kwartaal van 2019",
        operative_text="verzoekt het college:\n\n- een notitie op te stellen",
    )
    MotionSubmitterFactory(motion=motion, name="Jeroen van Rossum", party="GroenLinks")

    content = client.get(f"/testraad/moties/{motion.pk}/").content.decode()

    assert "<h1>Bejegening</h1>" in content
    assert (
        '<span class="status status-bad">Termijn verlopen</span> '
        '<span class="follow-up-sentence">Termijn verlopen op 31 maart 2019, 2793 dagen '
        "geleden (uitslag van de stemming onbekend).</span>"
    ) in content
    assert "“in het eerste kwartaal van 2019”, dus uiterlijk" in content
    assert "Jeroen van Rossum (GroenLinks)" in content
    assert "<p>verzoekt het college:</p>" in content
    assert f'<a href="/testraad/vergaderingen/{meeting.pk}/">Vaststellen beleid</a>' in content
    assert "<dt>Nummer</dt>\n    <dd>onbekend</dd>" in content


def test_a_commitment_shows_the_promise_and_no_vote(client, page):
    commitment = MotionFactory(
        council=page.council,
        kind=Motion.Kind.COMMITMENT,
        title="Informeren voor de zomer",
        operative_text="De wethouder informeert de raad voor de zomer.",
        vote=Motion.Vote.REJECTED,
    )

    content = client.get(f"/testraad/moties/{commitment.pk}/").content.decode()

    assert "De toezegging" in content
    assert "Uitslag stemming" not in content
    assert "Open</span>" in content


@pytest.mark.parametrize("path", ["/testraad/moties/999999/", "/testraad/moties/abc/"])
def test_unknown_motions_are_not_found(client, page, path):
    assert client.get(path).status_code == 404


def test_another_councils_motion_is_not_found_here(client, page, motions):
    assert client.get(f"/testraad/moties/{motions['elsewhere'].pk}/").status_code == 404


@pytest.mark.parametrize("count", [5, 500])
@pytest.mark.parametrize("status", ["", "verlopen"])
def test_motion_list_queries_do_not_grow(
    client, page, count, status, django_assert_max_num_queries
):
    item = AgendaItemFactory(meeting=MeetingFactory(council=page.council))
    created = Motion.objects.bulk_create(
        Motion(
            council=page.council,
            identifier=f"M{n}",
            title=f"Motie {n}",
            agenda_item=item,
            vote="adopted",
            deadline=datetime.date(2019, 1, 1) + datetime.timedelta(days=n),
        )
        for n in range(count)
    )
    MotionSubmitter.objects.bulk_create(
        MotionSubmitter(motion=motion, name=f"Indiener {motion.pk}", sort_order=0)
        for motion in created
    )
    client.get("/testraad/moties/")

    with django_assert_max_num_queries(12):
        response = client.get("/testraad/moties/", {"status": status})

    assert len(listed_titles(response)) == min(count, 25)


@pytest.mark.parametrize("count", [5, 500])
def test_motion_detail_queries_do_not_grow(client, page, count, django_assert_max_num_queries):
    item = AgendaItemFactory(meeting=MeetingFactory(council=page.council))
    Motion.objects.bulk_create(
        Motion(council=page.council, title=f"Motie {n}", agenda_item=item) for n in range(count)
    )
    motion = Motion.objects.filter(council=page.council).last()
    client.get(f"/testraad/moties/{motion.pk}/")

    # 12 with the glossary its text links to (council.glossary).
    with django_assert_max_num_queries(12):
        response = client.get(f"/testraad/moties/{motion.pk}/")

    assert response.status_code == 200
