"""Query budgets of the ODS endpoints at 10 and at 2,000 of each record.

Meetings, agenda items (one per meeting, each with a motion and a commitment)
and published letters (``benchmarks.bulk``, half of them linked to an item)
are added in bulk, once per size, and rolled back after the module. Every
page of 20 costs the same number of queries, whatever the size; so does a detail.
"""

import datetime

import pytest
from django.db import transaction

from advice.models import LetterPage
from agenda.models import AgendaItem, Meeting
from benchmarks.bulk import add_published_letters
from motions.models import Motion, MotionSubmitter
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

API = "/api/ods/v2/"

BUDGETS = {
    # Wagtail's view restrictions (records.Public), the count and the page of the records,
    # and one query per prefetch
    "vergaderingen": 4,  # + the meetings' items
    "vergaderingen?raad=groot&status=gehouden": 4,
    "vergaderingen/{meeting}": 3,
    "agendapunten": 6,  # + the meeting's items, the motions, the letters
    "agendapunten?vergaderingsIdentificatie={meeting}": 6,
    "agendapunten/{item}": 5,
    # two sources: per source a count and a slice with its prefetches (letters: versions,
    # agenda items; motions: submitters), and Wagtail's site root paths for the links
    "informatieobjecten": 9,
    "informatieobjecten?page=2": 9,
    "informatieobjecten?informatieobjecttype=motie": 5,
    "informatieobjecten/brief-{letter}": 5,
    "informatieobjecten/motie-{motion}": 4,
}


@pytest.fixture(scope="module", params=[10, 2000], ids=["10 of each", "2000 of each"])
def many(request, module_db):
    size = request.param
    with transaction.atomic():
        council = CouncilFactory(name="Cliëntenraad Groot", slug="groot")
        page = council_page(council)
        body = MunicipalBodyFactory(municipality=council.municipality, kind="municipal_council")
        first = datetime.date(2020, 1, 1)
        meetings = Meeting.objects.bulk_create(
            Meeting(
                council=council, body=body, title=f"Vergadering {n}",
                date=first + datetime.timedelta(days=n), start_time=datetime.time(19, 30),
                status=Meeting.Status.HELD,
            )
            for n in range(size)
        )  # fmt: skip
        items = AgendaItem.objects.bulk_create(
            AgendaItem(meeting=meeting, number=str(n % 30 + 1), title=f"Punt {n}")
            for n, meeting in enumerate(meetings)
        )
        motions = Motion.objects.bulk_create(
            Motion(
                council=council, agenda_item=item, title=f"Motie {n}", kind=kind,
                submitted_on=first + datetime.timedelta(days=n),
            )
            for n, item in enumerate(items)
            for kind in Motion.Kind
        )  # fmt: skip
        MotionSubmitter.objects.bulk_create(
            MotionSubmitter(motion=motion, name="Raadslid", party="Partij", sort_order=0)
            for motion in motions
        )
        ids = add_published_letters(page, size, addressee=body, first_date=first)
        LetterPage.agenda_items.through.objects.bulk_create(
            LetterPage.agenda_items.through(letterpage_id=pk, agendaitem_id=item.pk)
            for pk, item in zip(ids[::2], items, strict=False)
        )
        yield {
            "meeting": meetings[size // 2].pk,
            "item": items[size // 2].pk,
            "letter": ids[size // 2],
            "motion": next(m.pk for m in motions[size:] if m.kind == Motion.Kind.MOTION),
            "size": size,
        }
        transaction.set_rollback(True)


@pytest.mark.parametrize("path", BUDGETS, ids=list(BUDGETS))
def test_ods_answers_run_a_fixed_number_of_queries(
    client, many, django_assert_max_num_queries, path
):
    url = API + path.format(**many)
    client.get(url)  # settles Wagtail's own caches

    with django_assert_max_num_queries(BUDGETS[path]):
        response = client.get(url)

    assert response.status_code == 200, response.content
    answer = response.json()
    if "results" in answer:
        skipped = 20 if "page=2" in path else 0
        assert len(answer["results"]) == min(answer["count"] - skipped, 20)
        if path == "informatieobjecten":
            assert answer["count"] == 3 * many["size"]
