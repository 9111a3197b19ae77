"""Nothing unpublished leaks, with every cache warm: the letter's page, every index,
feed, search result, the sitemap and the API, changed through the real admin; and no
internal document on the record, nor its file."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import Comment

from advice.documents.models import DocumentKind
from advice.models import LetterPage
from council.models import Municipality
from tests.factories.advice import ConsultationFactory, letter_form_data, letter_page
from tests.factories.agenda import AgendaItemFactory
from tests.factories.council import UserFactory
from tests.factories.documents import record_document
from tests.public_crawl import crawl

pytestmark = pytest.mark.django_db


def surfaces(site, letter, word):
    """Every public place a published letter shows up, as (name, path)."""
    council = letter.council.slug
    # With a CBS code, so that the Woo sitemap lists the municipality's letters.
    Municipality.objects.filter(pk=letter.council.municipality_id).update(cbs_code="gm0546")
    topic = letter.topics.first().slug
    body = f"{letter.addressee.municipality.slug}/{letter.addressee.slug}"
    places = {
        "home": "/",
        "council page": letter.council.page.url,
        "index": "/brieven/",
        "index of the council": f"/brieven/?council={council}",
        "index of the topic and body": f"/brieven/?topic={topic}&body={body}",
        "search": f"/brieven/?q={word}",
        "topic page": f"/onderwerpen/{topic}/",
        "sitemap of letters": "/sitemap-letters.xml",
        "sitemap of versions": "/sitemap-versions.xml",
        "woo sitemap": "/sitemap-woo.xml",
        "api": "/api/v2/pages/",
        "api of the council": f"/api/v2/pages/?council={council}",
        "api search": f"/api/v2/pages/?search={word}",
    }
    for fmt in ("rss", "atom"):
        places[f"feed ({fmt})"] = f"/brieven/{fmt}/"
        places[f"council feed ({fmt})"] = f"/brieven/raad/{council}/{fmt}/"
        places[f"topic feed ({fmt})"] = f"/brieven/onderwerp/{topic}/{fmt}/"
        places[f"body feed ({fmt})"] = f"/brieven/orgaan/{body}/{fmt}/"
    own = {
        "page": letter.url,
        "version": letter.url + "versies/1/",
        "version text": letter.url + "versies/1/tekst/",
        "pdf": letter.url + "pdf/",
        "api detail": f"/api/v2/pages/{letter.pk}/",
    }
    return places, own


def body(response):
    """What a reader gets: the bytes of a page, the extracted text of a PDF (its
    streams are compressed, so a secret could not be found in the raw bytes)."""
    content = b"".join(response) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        pages = PdfReader(io.BytesIO(content)).pages
        return "\n".join(page.extract_text() for page in pages).encode()
    return content


def test_an_unpublished_letter_vanishes_everywhere_at_once(client, site, public_cache, admin_user):
    letter = site.b
    places, own = surfaces(site, letter, "bejegening")
    marker = letter.url.encode()
    for name, path in {**places, **own}.items():
        first = client.get(path)
        assert first.status_code == 200, name
        if name not in ("pdf", "version text"):
            assert marker in body(first), name
        again = client.get(path)
        assert again.get("X-Public-Cache") == ("hit" if name not in ("pdf",) else None), name

    editor = Client()
    editor.force_login(admin_user)
    response = editor.post(reverse("wagtailadmin_pages:unpublish", args=[letter.pk]))
    assert response.status_code == 302

    for name, path in own.items():
        assert client.get(path).status_code == 404, name
    for name, path in places.items():
        response = client.get(path)
        assert response.status_code == 200, name
        assert marker not in response.content, f"{name} still shows the letter"
        assert f"/api/v2/pages/{letter.pk}/".encode() not in response.content, name


def test_a_draft_never_shows_until_it_is_published(client, site, public_cache, admin_user):
    letter = site.a
    draft_only = letter_page(site.leiden, title="Concept dat niemand mag zien")
    places, own = surfaces(site, letter, "GEHEIMCONCEPT")
    places["search for the draft"] = "/brieven/?q=niemand"
    places["api search for the draft"] = "/api/v2/pages/?search=niemand"
    for path in {**places, **own}.values():
        client.get(path)
    editor = Client()
    editor.force_login(admin_user)
    edit = reverse("wagtailadmin_pages:edit", args=[letter.pk])
    data = letter_form_data(letter, "GEHEIMCONCEPT van de nieuwe tekst.", title="Geheime titel")

    saved = editor.post(edit, data)  # "Save draft"
    assert saved.status_code == 302
    Comment.objects.create(
        page=letter,
        user=admin_user,
        text="INTERNE OPMERKING over de toon",
        contentpath="title",
        revision_created=letter.latest_revision,
    )

    secrets = (b"GEHEIMCONCEPT", b"Geheime titel", b"niemand mag zien", b"INTERNE OPMERKING")
    # First what the cache holds, then everything rendered afresh.
    for fresh in (False, True):
        if fresh:
            public_cache.clear()
        for name, path in {**places, **own}.items():
            response = client.get(path)
            assert response.status_code == 200, name
            content = body(response)
            if name == "pdf":
                assert letter.title.encode() in content, name  # the text was read
            if name == "search":  # the page repeats what was searched for; it finds nothing
                assert "0 brieven gevonden voor “GEHEIMCONCEPT”".encode() in content
                content = content.replace(b"GEHEIMCONCEPT", b"")
            for secret in secrets:
                assert secret not in content, f"{name} shows the draft ({fresh=}): {secret!r}"
    assert client.get(draft_only.url).status_code == 404

    # A changed text of a sent letter is reviewed by a second person ("Correctie") ...
    assert editor.post(edit, {**data, "action-submit": "action-submit"}).status_code == 302
    reviewer = Client()
    reviewer.force_login(UserFactory(username="tweede-beheerder", is_superuser=True))
    task_state = LetterPage.objects.get(pk=letter.pk).current_workflow_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[letter.pk, "approve", task_state.pk]
    )
    assert reviewer.post(approve, {"comment": ""}).status_code == 302
    assert LetterPage.objects.get(pk=letter.pk).current_workflow_state is None
    # ... which publishes nothing yet.
    for name in ("page", "feed (atom)", "search"):
        assert b"Geheime titel" not in client.get({**places, **own}[name]).content, name

    published = editor.post(
        edit,
        {**data, "action-publish": "action-publish", "change_kind": "correction",
         "change_note": "De tekst is herschreven."},
    )  # fmt: skip
    assert published.status_code == 302

    for name in ("page", "feed (atom)", "council feed (rss)", "search", "api search", "index"):
        response = client.get({**places, **own}[name])
        assert b"Geheime titel" in response.content, f"{name} does not show the published change"
    assert "1 brief gevonden voor “GEHEIMCONCEPT”".encode() in client.get(places["search"]).content
    feed = client.get("/brieven/raad/leiden/atom/").content.decode()
    assert "GEHEIMCONCEPT van de nieuwe tekst." in feed
    assert "De tekst is herschreven." in feed
    assert b"niemand mag zien" not in client.get("/brieven/?q=niemand").content


# --- Documents on the record --------------------------------------------------------------------


def record_document_places(consultation, item):
    council = consultation.council.slug
    # With a CBS code, so that the Woo sitemaps list the municipality's documents.
    Municipality.objects.filter(pk=consultation.council.municipality_id).update(cbs_code="gm0546")
    return {
        "home": "/",
        "council page": consultation.council.page.url,
        "sitemap": "/sitemap.xml",
        "woo sitemap": "/sitemap-woo.xml",
        "woo sitemap of requests": "/sitemap-woo-aanvragen.xml",
        "consultation page": f"/{council}/raadplegingen/{consultation.pk}/",
        "consultation list": f"/{council}/raadplegingen/alle/",
        "meeting page": f"/{council}/vergaderingen/{item.meeting_id}/",
        "meetings": f"/{council}/vergaderingen/",
        "api consultations": "/api/v2/consultations/",
        "api consultation": f"/api/v2/consultations/{consultation.pk}/",
        "api meetings": "/api/v2/meetings/",
        "api meeting": f"/api/v2/meetings/{item.meeting_id}/",
        "meetings feed": f"/{council}/vergaderingen/feed/atom/",
        "consultations feed": f"/{council}/raadplegingen/feed/rss/",
        "consultation feed": f"/{council}/raadplegingen/{consultation.pk}/feed/atom/",
    }


def test_a_document_made_internal_vanishes_everywhere_and_its_file_closes(
    client, site, public_cache, admin_user
):
    consultation = ConsultationFactory(
        council=site.leiden, subject="Raadpleging met stukken", decided_on=datetime.date(2024, 2, 1)
    )
    item = AgendaItemFactory(meeting__council=site.leiden, meeting__body=site.committee)
    kept = record_document(consultation, title="Openbare adviesaanvraag", public=True)
    secret = record_document(
        item, title="Voorstel dat INTERN wordt", kind=DocumentKind.PROPOSAL, public=True
    )
    also = record_document(consultation, title="Reactie die INTERN wordt", public=True)
    places = record_document_places(consultation, item)
    for name, path in places.items():
        assert client.get(path).status_code == 200, name
        assert client.get(path).get("X-Public-Cache") == "hit", name
    for attachment in (secret, also):
        assert client.get(attachment.document.url).status_code == 200
    assert secret.document.url.encode() in client.get(places["meeting page"]).content

    editor = Client()
    editor.force_login(admin_user)
    for attachment in (secret, also):
        response = editor.post(
            reverse("wagtailsnippets_advice_recorddocument:edit", args=[attachment.pk]),
            {"title": attachment.document.title, "kind": attachment.kind, "sort_order": "0"},
        )  # "openbaar" unticked
        assert response.status_code == 302

    for fresh in (False, True):
        if fresh:
            public_cache.clear()
        for name, path in places.items():
            content = client.get(path).content
            assert b"INTERN" not in content, f"{name} still shows the document ({fresh=})"
            for attachment in (secret, also):
                assert attachment.document.url.encode() not in content, name
        assert kept.document.title.encode() in client.get(places["consultation page"]).content
    for attachment in (secret, also):
        assert client.get(attachment.document.url).status_code == 404
    assert client.get(kept.document.url).status_code == 200


def test_the_public_crawl_reaches_public_documents_and_no_internal_one(client, site):
    consultation = ConsultationFactory(
        council=site.leiden, subject="Raadpleging met stukken", decided_on=datetime.date(2024, 2, 1)
    )
    item = AgendaItemFactory(meeting__council=site.leiden, meeting__body=site.committee)
    public = [
        record_document(consultation, title="Openbare adviesaanvraag", public=True),
        record_document(item, title="Openbaar voorstel", kind=DocumentKind.PROPOSAL, public=True),
    ]
    internal = [
        record_document(consultation, title="INTERNE notitie"),
        record_document(item, title="INTERN conceptbesluit", kind=DocumentKind.PROPOSAL),
        record_document(
            ConsultationFactory(council=site.leiderdorp), title="INTERN elders", public=False
        ),
    ]
    pages, _unvisited = crawl(client)
    for attachment in public:
        assert pages[attachment.document.url].status == 200, attachment
    for path, page in pages.items():
        assert b"INTERN" not in page.body, path
        for attachment in internal:
            assert attachment.document.url.encode() not in page.body, path
    for attachment in internal:
        assert attachment.document.url not in pages
        assert client.get(attachment.document.url).status_code == 404
