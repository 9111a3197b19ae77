"""Query budgets of the ODS endpoints at 10 and at 2,000 of each record.

Meetings, agenda items (one per meeting, each with a motion and a commitment)
published letters (``benchmarks.bulk``, half of them linked to an item) and
documents (per item a public and an internal one, per consultation a public one)
are added in bulk, once per size, and rolled back after the module. Every
page of 20 costs the same number of queries, whatever the size; so does a detail.
"""

import datetime

import pytest
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection

from advice.documents.models import DocumentKind, RecordDocument
from advice.models import LetterPage
from agenda.models import AgendaItem, Meeting
from benchmarks.bulk import add_published_letters
from motions.models import Motion, MotionSubmitter
from tests.factories.advice import bulk_consultations
from tests.factories.council import CouncilFactory, MunicipalBodyFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

API = "/api/ods/v2/"

BUDGETS = {
    # Wagtail's view restrictions (records.Public), the count and the page of the records,
    # and one query per prefetch
    "vergaderingen": 5,  # + the meetings' items, their documents
    "vergaderingen?raad=groot&status=gehouden": 5,
    "vergaderingen/{meeting}": 4,
    "agendapunten": 7,  # + the meeting's items, the motions, the letters, the documents
    "agendapunten?vergaderingsIdentificatie={meeting}": 7,
    "agendapunten/{item}": 6,
    # three sources: per source a count and a slice with its prefetches (letters: versions,
    # agenda items; motions: submitters; documents: none), and Wagtail's site root paths for
    # the links
    "informatieobjecten": 10,
    "informatieobjecten?page=2": 10,
    "informatieobjecten?informatieobjecttype=motie": 5,
    "informatieobjecten?informatieobjecttype=voorstel": 3,
    "informatieobjecten?informatieobjecttype=ingekomen_stuk": 7,
    "informatieobjecten?page={last_page}": 5,  # documents only
    "informatieobjecten/brief-{letter}": 5,
    "informatieobjecten/motie-{motion}": 4,
    "informatieobjecten/document-{document}": 2,
    "informatieobjecten/document-{consultation_document}": 2,
}


def add_documents(council, items, consultations):
    """Per item a public and an internal document, per consultation a public one (bulk)."""
    Document = get_document_model()
    root = Collection.get_first_root_node()
    records = [("agenda_item", item, public) for item in items for public in (True, False)]
    records += [("consultation", consultation, True) for consultation in consultations]
    files = Document.objects.bulk_create(
        Document(title=f"Stuk {n}", file=f"documents/stuk-{n}.pdf", collection=root)
        for n in range(len(records))
    )
    attachments = RecordDocument.objects.bulk_create(
        RecordDocument(
            council=council, document=file, public=public, **{field: record},
            kind=DocumentKind.PROPOSAL if field == "agenda_item" else DocumentKind.ADVICE_REQUEST,
        )
        for file, (field, record, public) in zip(files, records, strict=True)
    )  # fmt: skip
    public = [a for a in attachments if a.public]
    return {
        "item": next(a.pk for a in public[len(public) // 4 :] if a.agenda_item_id),
        "consultation": next(a.pk for a in public if a.consultation_id),
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
        documents = add_documents(council, items, bulk_consultations(council, size))
        yield {
            "document": documents["item"],
            "consultation_document": documents["consultation"],
            "last_page": (5 * size + 19) // 20,
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
        page = int(url.partition("page=")[2] or 1)
        skipped = 20 * (page - 1)
        assert len(answer["results"]) == min(answer["count"] - skipped, 20)
        if path == "informatieobjecten":
            assert answer["count"] == 5 * many["size"]  # letters, motions, documents
        if path == "informatieobjecten?page={last_page}":
            assert answer["results"][-1]["id"].startswith("document-")
