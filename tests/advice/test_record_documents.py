"""Documents on the record in the admin: upload, bad input, tenancy, the file guard, the response date."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.models import Collection, ModelLogEntry

from advice.consultations.services import consultation_save
from advice.documents import uploads
from advice.documents.collections import for_council
from advice.documents.models import CouncilCollection, DocumentKind, RecordDocument
from advice.models import Consultation
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory
from tests.factories.council import CouncilFactory, MemberFactory, UserFactory
from tests.factories.documents import docx_bytes, odt_bytes, pdf_bytes, pdf_upload, record_document
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_advice_recorddocument:add"
EDIT = "wagtailsnippets_advice_recorddocument:edit"
DELETE = "wagtailsnippets_advice_recorddocument:delete"
LIST = "wagtailsnippets_advice_recorddocument:list"


@pytest.fixture
def councils(db):
    ours = CouncilFactory(name="Cliëntenraad Eigen", slug="eigen")
    theirs = CouncilFactory(name="Cliëntenraad Ander", slug="ander")
    council_page(ours)
    council_page(theirs)
    return ours, theirs


@pytest.fixture
def role_councils(councils):
    return [councils[0]]


@pytest.fixture
def ours(councils):
    return councils[0]


@pytest.fixture
def theirs(councils):
    return councils[1]


@pytest.fixture
def consultation(ours):
    return ConsultationFactory(
        council=ours,
        subject="Armoedebeleid",
        asked_on=datetime.date(2025, 1, 6),
        advice_sent_on=datetime.date(2025, 2, 3),
    )


@pytest.fixture
def clerk(client_for, clerk_user):
    return client_for(clerk_user)


def form(record=None, **overrides):
    data = {
        "consultation": "",
        "agenda_item": "",
        "title": "Adviesaanvraag armoedebeleid",
        "kind": DocumentKind.ADVICE_REQUEST,
        "sort_order": "0",
        "response_date": "",
        "file": pdf_upload(),
    }
    if record is not None:
        field = "consultation" if isinstance(record, Consultation) else "agenda_item"
        data[field] = str(record.pk)
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def errors(response):
    assert response.status_code == 200, response
    page = response.content.decode()
    found = re.findall(r'class="error-message"[^>]*>\s*(.*?)\s*<', page, re.S)
    found += re.findall(r'class="help-block help-critical"[^>]*>\s*(.*?)\s*<', page, re.S)
    assert found, page[:3000]
    return " ".join(found)


def stored_files():
    folder = Path(settings.MEDIA_ROOT) / "documents"
    return sorted(folder.iterdir()) if folder.exists() else []


def nothing_stored():
    return (
        not RecordDocument.objects.exists() and not Document.objects.exists() and not stored_files()
    )


# --- Upload -------------------------------------------------------------------------------------


def test_a_clerk_attaches_a_document_internal_by_default_in_the_council_collection(
    clerk, clerk_user, ours, consultation
):
    response = clerk.post(reverse(ADD), form(consultation))
    assert response.status_code == 302, errors(response)
    attachment = RecordDocument.objects.get()
    assert attachment.public is False
    assert attachment.council == ours
    assert attachment.consultation == consultation
    assert attachment.added_by == clerk_user
    assert attachment.document.title == "Adviesaanvraag armoedebeleid"
    assert attachment.document.file_size == len(pdf_bytes())
    collection = CouncilCollection.objects.get(council=ours).collection
    assert attachment.document.collection == collection
    assert collection.get_parent() == Collection.get_first_root_node()

    item = AgendaItemFactory(meeting__council=ours)
    second = clerk.post(
        reverse(ADD), form(item, kind=DocumentKind.PROPOSAL, file=pdf_upload("voorstel.pdf"))
    )
    assert second.status_code == 302, errors(second)
    assert RecordDocument.objects.get(agenda_item=item).document.collection == collection
    assert CouncilCollection.objects.count() == 1


def test_the_collection_of_a_council_is_made_once_and_named_uniquely(ours, theirs):
    Collection.get_first_root_node().add_child(name=str(ours.name))
    first = for_council(ours)
    assert first.name == f"{ours.name} (2)"
    assert for_council(ours) == first
    assert for_council(theirs) != first


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plaatje.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>", "kies een PDF"),
        ("pagina.html", b"<html><script>alert(1)</script></html>", "kies een PDF"),
        ("programma.exe", b"MZ\x90\x00", "kies een PDF"),
        ("zonder-extensie", pdf_bytes(), "kies een PDF"),
        ("nep.pdf", b"<html><script>alert(1)</script></html>", "geen echt PDF-bestand"),
        ("nep.docx", b"PK\x03\x04 geen zip", "geen echt DOCX-bestand"),
        ("nep.odt", docx_bytes(), "geen echt ODT-bestand"),
        ("nep.docx", odt_bytes(), "geen echt DOCX-bestand"),
        ("leeg.pdf", b"", "leeg"),
    ],
)
def test_a_file_of_the_wrong_kind_is_refused_in_dutch_and_nothing_is_stored(
    clerk, consultation, name, content, message
):
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    response = clerk.post(reverse(ADD), form(consultation, file=upload))
    assert message in errors(response)
    assert nothing_stored()


@pytest.mark.parametrize(
    ("name", "content"), [("brief.docx", docx_bytes()), ("brief.odt", odt_bytes())]
)
def test_office_documents_are_accepted(clerk, consultation, name, content):
    upload = SimpleUploadedFile(name, content, content_type="application/octet-stream")
    response = clerk.post(reverse(ADD), form(consultation, file=upload))
    assert response.status_code == 302, errors(response)
    assert RecordDocument.objects.get().document.file_extension == name.rsplit(".", 1)[1]


def test_an_oversized_file_is_refused_before_it_is_stored(clerk, consultation, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_BYTES", 100)
    upload = pdf_upload(content=pdf_bytes("x" * 200))
    response = clerk.post(reverse(ADD), form(consultation, file=upload))
    assert "te groot" in errors(response)
    assert nothing_stored()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"file": None}, "Kies een bestand"),
        ({"consultation": ""}, "Kies de raadpleging of het agendapunt"),
        ({"kind": "geheim"}, "Selecteer een geldige keuze"),
        ({"title": ""}, "verplicht"),
        ({"title": "Aanvraag\x07"}, "onzichtbaar stuurteken (U+0007)"),
        ({"sort_order": "-1"}, "minstens 0"),
    ],
)
def test_incomplete_forms_get_a_dutch_message(clerk, consultation, overrides, message):
    response = clerk.post(reverse(ADD), form(consultation, **overrides))
    assert message in errors(response)
    assert nothing_stored()


def test_a_document_belongs_to_one_record_not_two(clerk, ours, consultation):
    item = AgendaItemFactory(meeting__council=ours)
    response = clerk.post(reverse(ADD), form(consultation, agenda_item=str(item.pk)))
    assert "niet beide" in errors(response)
    assert nothing_stored()


def test_the_listing_of_a_record_links_its_documents(clerk, consultation):
    listing = clerk.get(reverse("wagtailsnippets_advice_consultation:list"))
    url = reverse(LIST) + f"?consultation={consultation.pk}"
    assert url.encode() in listing.content.replace(b"&amp;", b"&")
    record_document(consultation, title="Het verzoek")
    assert "Het verzoek" in clerk.get(url).content.decode()
    add = clerk.get(reverse(ADD) + f"?consultation={consultation.pk}")
    assert f'value="{consultation.pk}"' in add.content.decode()


def test_editing_changes_kind_public_and_title_but_not_the_record(clerk, ours, consultation):
    attachment = record_document(consultation)
    other = ConsultationFactory(council=ours)
    response = clerk.post(
        reverse(EDIT, args=[attachment.pk]),
        {
            "consultation": str(other.pk),
            "title": "Nieuwe titel",
            "kind": DocumentKind.DECISION,
            "public": "on",
            "sort_order": "2",
        },
    )
    assert response.status_code == 302, errors(response)
    attachment.refresh_from_db()
    assert (attachment.kind, attachment.public, attachment.sort_order) == ("decision", True, 2)
    assert attachment.consultation == consultation
    assert attachment.document.title == "Nieuwe titel"


def test_removing_an_attachment_removes_its_file(clerk, consultation):
    attachment = record_document(consultation)
    assert stored_files()
    response = clerk.post(reverse(DELETE, args=[attachment.pk]))
    assert response.status_code == 302
    assert nothing_stored()


# --- Tenancy ----------------------------------------------------------------------------------


def test_a_clerk_cannot_attach_to_another_councils_records(clerk, theirs):
    their_consultation = ConsultationFactory(council=theirs)
    their_item = AgendaItemFactory(meeting__council=theirs)
    for record in (their_consultation, their_item):
        response = clerk.post(reverse(ADD), form(record))
        assert "Selecteer een geldige keuze" in errors(response)
    assert nothing_stored()


def test_another_councils_documents_are_out_of_reach(clerk, theirs):
    attachment = record_document(ConsultationFactory(council=theirs), title="Hun geheim")
    before = list(RecordDocument.objects.values())
    assert "Hun geheim" not in clerk.get(reverse(LIST)).content.decode()
    assert clerk.get(reverse(EDIT, args=[attachment.pk])).status_code == 404
    edited = clerk.post(
        reverse(EDIT, args=[attachment.pk]),
        {"title": "Gekaapt", "kind": DocumentKind.OTHER, "public": "on", "sort_order": "0"},
    )
    assert edited.status_code == 404
    assert clerk.post(reverse(DELETE, args=[attachment.pk])).status_code == 404
    assert list(RecordDocument.objects.values()) == before
    assert Document.objects.get().title == "Hun geheim"


def test_a_member_reads_but_does_not_attach(client_for, member_user, consultation):
    member = client_for(member_user)
    attachment = record_document(consultation, title="Intern stuk")
    assert "Intern stuk" in member.get(reverse(LIST)).content.decode()
    response = member.post(reverse(ADD), form(consultation))
    assert response.status_code in (302, 403)
    assert RecordDocument.objects.get() == attachment
    edited = member.post(
        reverse(EDIT, args=[attachment.pk]),
        {"title": "Gewijzigd", "kind": DocumentKind.OTHER, "public": "on", "sort_order": "0"},
    )
    assert edited.status_code in (302, 403)
    attachment.refresh_from_db()
    assert (attachment.public, attachment.document.title) == (False, "Intern stuk")


# --- The file itself --------------------------------------------------------------------------


def download(client, attachment):
    response = client.get(attachment.document.url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_an_internal_file_is_served_to_its_council_only(ours, theirs, consultation, admin_user):
    attachment = record_document(consultation, title="Intern stuk")
    anonymous = Client()
    assert download(anonymous, attachment).status_code == 404

    stranger = UserFactory(username="ander-lid")
    MemberFactory(council=theirs, user=stranger, role="secretary")
    other = Client()
    other.force_login(stranger)
    assert download(other, attachment).status_code == 404

    insider = UserFactory(username="eigen-lid")
    MemberFactory(council=ours, user=insider, role="member")
    own = Client()
    own.force_login(insider)
    response = download(own, attachment)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"

    platform = Client()
    platform.force_login(admin_user)
    assert download(platform, attachment).status_code == 200

    # The media path is never served: not by Django, and not by the proxy (docs/deployment.md).
    assert anonymous.get(attachment.document.file.url).status_code == 404


def test_a_public_file_is_served_while_its_council_page_is_live(ours, consultation):
    attachment = record_document(consultation, public=True)
    anonymous = Client()
    assert download(anonymous, attachment).status_code == 200
    ours.page.unpublish()
    assert download(anonymous, attachment).status_code == 404
    ours.page.save_revision().publish()
    attachment.public = False
    attachment.save()
    assert download(anonymous, attachment).status_code == 404


def test_an_unattached_file_in_a_council_collection_is_not_public(ours):
    document = Document.objects.create(
        title="Los", file=pdf_upload("los.pdf"), collection=for_council(ours)
    )
    response = Client().get(document.url)
    assert response.status_code == 404


# --- The college's response fills the response date only when asked -------------------------


def response_form(consultation, **overrides):
    values = {
        "kind": DocumentKind.EXECUTIVE_RESPONSE,
        "title": "Reactie van het college",
        "response_date": "10-03-2025",
        **overrides,
    }
    return form(consultation, **values)


def test_the_response_date_is_filled_when_the_clerk_says_so(clerk, clerk_user, consultation):
    page = clerk.get(reverse(ADD) + f"?consultation={consultation.pk}").content.decode()
    assert "Datum van de reactie bij de raadpleging invullen met de datum hierboven?" in page
    response = clerk.post(reverse(ADD), response_form(consultation, fill_response_date="on"))
    assert response.status_code == 302, errors(response)
    consultation.refresh_from_db()
    assert consultation.response_received_on == datetime.date(2025, 3, 10)
    entry = ModelLogEntry.objects.filter(object_id=str(consultation.pk)).order_by("-pk").first()
    assert entry.action == "advice.consultation.change"
    assert entry.user == clerk_user
    assert entry.data["via"] == "document"
    assert RecordDocument.objects.get().kind == DocumentKind.EXECUTIVE_RESPONSE


def test_the_response_date_is_never_filled_silently(clerk, consultation):
    version = Consultation.objects.get(pk=consultation.pk).version
    response = clerk.post(reverse(ADD), response_form(consultation))
    assert response.status_code == 302, errors(response)
    stored = Consultation.objects.get(pk=consultation.pk)
    assert stored.response_received_on is None
    assert stored.version == version
    assert RecordDocument.objects.get().kind == DocumentKind.EXECUTIVE_RESPONSE


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"response_date": ""}, "Vul de datum van de reactie in"),
        ({"kind": DocumentKind.DECISION}, "Alleen een reactie van het college"),
        ({"response_date": "31-02-2025"}, "bestaat niet in de kalender"),
        ({"response_date": "01-01-2025"}, "antwoord"),  # before the advice was sent
        ({"response_date": "01-01-2099"}, "toekomst"),
    ],
)
def test_a_response_date_that_cannot_be_filled_stores_nothing(
    clerk, consultation, overrides, message
):
    response = clerk.post(
        reverse(ADD), response_form(consultation, fill_response_date="on", **overrides)
    )
    assert message.lower() in errors(response).lower()
    assert nothing_stored()
    assert Consultation.objects.get(pk=consultation.pk).response_received_on is None


def test_a_response_date_already_recorded_is_not_overwritten(clerk, consultation):
    consultation.response_received_on = datetime.date(2025, 3, 1)
    consultation_save(consultation=consultation)
    response = clerk.post(reverse(ADD), response_form(consultation, fill_response_date="on"))
    assert "al een datum van de reactie: 1 maart 2025" in errors(response)
    assert nothing_stored()
    assert Consultation.objects.get(pk=consultation.pk).response_received_on == datetime.date(
        2025, 3, 1
    )
