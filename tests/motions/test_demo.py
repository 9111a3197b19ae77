"""The demo motions of seeds 001 and 002, their derived status, and every public route."""

import datetime

import pytest
import time_machine

from agenda.models import AgendaItem, Meeting
from council.models import MunicipalBody
from motions.models import Motion
from motions.rules import FollowUpStatus
from publications.models import CouncilPage

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


def test_seed_001_motions_2_6_and_8_on_item_6(demo):
    item_6 = AgendaItem.objects.get(meeting__council__slug="leiden", number="6")

    motions = Motion.objects.filter(council__slug="leiden").order_by("identifier")

    assert [(m.identifier, m.title) for m in motions] == [
        ("Motie 2", "Evaluatie aanbieders re-integratietrajecten"),
        ("Motie 6", "Beoordeling door de cliënt"),
        ("Motie 8", "Doelstellingen casemanagers"),
    ]
    for motion in motions:
        assert motion.agenda_item == item_6
        assert motion.policy_context == "re-integratievisie"
        # Not in the seed: when, by whom, the vote, a deadline, the disposal.
        assert motion.submitted_on is None
        assert motion.vote == Motion.Vote.UNKNOWN
        assert (motion.deadline, motion.disposed_on, motion.disposal_text) == (None, None, "")
        assert not motion.submitters.exists()
        assert motion.assessment
    assert motions[0].assessment.startswith("Over de betekenis van het Blik op Werk keurmerk")


def test_seed_002_motion_with_its_deadline_and_submitter(demo):
    motion = Motion.objects.get(council__slug="leidschendam-voorburg")

    assert motion.title == "Plan voor verbetering van bejegening cliënten W&I"
    assert motion.identifier == ""  # the seed gives no number
    assert motion.agenda_item.title == (
        "Vaststellen Re-integratie- en Participatiebeleid 2019 - 2022"
    )
    assert motion.submitted_on == datetime.date(2018, 12, 11)
    assert [(s.name, s.party) for s in motion.submitters.all()] == [
        ("Jeroen van Rossum", "GroenLinks")
    ]
    assert motion.deadline == datetime.date(2019, 3, 31)
    assert motion.deadline_text == "in het eerste kwartaal van 2019"
    assert motion.vote == Motion.Vote.UNKNOWN
    assert motion.disposed_on is None
    assert "verzoekt het college:" in motion.operative_text
    assert "in het eerste kwartaal van 2019 een notitie op te stellen" in motion.operative_text
    for ocr_error in ("cliénten", "W&}", "inhet"):
        assert ocr_error not in motion.operative_text


def test_the_2018_motion_is_overdue_derived_from_its_dates(demo, client):
    motion = Motion.objects.get(council__slug="leidschendam-voorburg")

    follow_up = motion.follow_up()

    assert follow_up.status == FollowUpStatus.OVERDUE
    assert follow_up.sentence == (
        "termijn verlopen op 31 maart 2019, 2793 dagen geleden (uitslag van de stemming onbekend)"
    )
    assert list(Motion.objects.overdue(datetime.date(2026, 11, 22))) == [motion]
    listing = client.get("/leidschendam-voorburg/moties/", {"status": "verlopen"})
    assert [m.pk for m in listing.context["motion_page"].object_list] == [motion.pk]
    detail = client.get(f"/leidschendam-voorburg/moties/{motion.pk}/").content.decode()
    assert "Termijn verlopen op 31 maart 2019, 2793 dagen geleden" in detail
    assert "Jeroen van Rossum (GroenLinks)" in detail


def test_the_demo_motions_have_a_history(demo):
    motions = Motion.objects.all()
    assert motions.exists()
    assert all(motion.latest_revision is not None for motion in motions)


def public_urls():
    """Every public page and feed URL of the agenda and motions, on every council page."""
    for page in CouncilPage.objects.live().select_related("council"):
        base = page.url
        yield base
        yield f"{base}vergaderingen/"
        yield f"{base}vergaderingen/ical/"
        for body in MunicipalBody.objects.filter(municipality=page.council.municipality):
            yield f"{base}vergaderingen/ical/{body.slug}/"
        for year in Meeting.objects.filter(council=page.council).years():
            yield f"{base}vergaderingen/?year={year}"
        for meeting in Meeting.objects.filter(council=page.council):
            yield f"{base}vergaderingen/{meeting.pk}/"
        yield f"{base}moties/"
        for status in ("open", "verlopen", "afgedaan", "geen-afdoening"):
            yield f"{base}moties/?status={status}"
        for motion in Motion.objects.filter(council=page.council):
            yield f"{base}moties/{motion.pk}/"


def test_every_public_route_of_the_demo_answers(demo, client):
    urls = list(public_urls())

    failures = {url: client.get(url).status_code for url in urls}

    assert len(urls) > 40
    assert {url: code for url, code in failures.items() if code != 200} == {}
