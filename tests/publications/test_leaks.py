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
from publications.api.ods.export import export_council
from tests.factories.advice import ConsultationFactory, letter_form_data, letter_page
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import UserFactory
from tests.factories.documents import record_document
from tests.factories.motions import MotionFactory
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
        "site search": f"/zoeken/?q={word}",
        "site search of letters": f"/zoeken/?q={word}&soort=brieven",
        "topic page": f"/onderwerpen/{topic}/",
        "sitemap of letters": "/sitemap-letters.xml",
        "sitemap of versions": "/sitemap-versions.xml",
        "woo sitemap": "/sitemap-woo.xml",
        "api": "/api/v2/pages/",
        "api of the council": f"/api/v2/pages/?council={council}",
        "api search": f"/api/v2/pages/?search={word}",
        "ods information objects": "/api/ods/v2/informatieobjecten",
        "ods information objects of the council": f"/api/ods/v2/informatieobjecten?raad={council}",
    }
    for fmt in ("rss", "atom"):
        places[f"feed ({fmt})"] = f"/brieven/{fmt}/"
        places[f"council feed ({fmt})"] = f"/brieven/raad/{council}/{fmt}/"
        places[f"topic feed ({fmt})"] = f"/brieven/onderwerp/{topic}/{fmt}/"
        places[f"body feed ({fmt})"] = f"/brieven/orgaan/{body}/{fmt}/"
        places[f"site search feed ({fmt})"] = f"/zoeken/{fmt}/?q={word}"
    own = {
        "page": letter.url,
        "version": letter.url + "versies/1/",
        "version text": letter.url + "versies/1/tekst/",
        "pdf": letter.url + "pdf/",
        "api detail": f"/api/v2/pages/{letter.pk}/",
        "ods detail": f"/api/ods/v2/informatieobjecten/brief-{letter.pk}",
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
    data = letter_form_data(
        letter,
        "GEHEIMCONCEPT van de nieuwe tekst.",
        title="Geheime titel",
        summary="GEHEIME SAMENVATTING van het concept.",
    )

    saved = editor.post(edit, data)  # "Save draft"
    assert saved.status_code == 302
    Comment.objects.create(
        page=letter,
        user=admin_user,
        text="INTERNE OPMERKING over de toon",
        contentpath="title",
        revision_created=letter.latest_revision,
    )

    secrets = (
        b"GEHEIMCONCEPT",
        b"Geheime titel",
        b"niemand mag zien",
        b"INTERNE OPMERKING",
        b"GEHEIME SAMENVATTING",
    )
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
            if name.startswith("site search"):  # so do the site search and its feed
                assert "0 resultaten" in content.decode() or "feed" in name, name
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

    for name in (
        "page", "feed (atom)", "council feed (rss)", "search", "api search", "index",
        "site search", "site search feed (rss)",
    ):  # fmt: skip
        response = client.get({**places, **own}[name])
        assert b"Geheime titel" in response.content, f"{name} does not show the published change"
    assert "1 brief gevonden voor “GEHEIMCONCEPT”".encode() in client.get(places["search"]).content
    feed = client.get("/brieven/raad/leiden/atom/").content.decode()
    assert "GEHEIMCONCEPT van de nieuwe tekst." in feed
    assert "De tekst is herschreven." in feed
    assert "GEHEIME SAMENVATTING van het concept." in feed  # the summary came with it
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
        "ods information objects": f"/api/ods/v2/informatieobjecten?raad={council}",
        "ods item": f"/api/ods/v2/agendapunten/{item.pk}",
        "ods meeting": f"/api/ods/v2/vergaderingen/{item.meeting_id}",
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
    assert f"/document-{secret.pk}".encode() in client.get(places["ods meeting"]).content
    assert f"/document-{also.pk}".encode() in client.get(places["ods information objects"]).content

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
                assert f"/document-{attachment.pk}".encode() not in content, name
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


def test_alerts_never_carry_a_draft_or_a_restricted_letter(settings):
    """E-mail alerts (docs/alerts.md): only what is public when the mail is made, live text only."""
    import datetime

    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone
    from wagtail.models import PageViewRestriction

    from alerts.models import Kind, Subscriber, Subscription
    from tests.factories.advice import published_letter
    from tests.factories.publications import council_page

    settings.EMAIL_BACKEND = "council.mail.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    open_council = council_page().council
    closed_page = council_page()
    PageViewRestriction.objects.create(
        page=closed_page, restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )
    since = timezone.now() - datetime.timedelta(days=1)
    subscriber = Subscriber.objects.create(email="lezer@example.nl", confirmed_at=since)
    for council in (open_council, closed_page.council):
        Subscription.objects.create(
            subscriber=subscriber, kind=Kind.COUNCIL, council=council, confirmed_at=since
        )
    published_letter(closed_page.council, title="Brief achter een wachtwoord")
    letter = published_letter(open_council, title="Openbare brief")
    draft = letter.get_latest_revision_as_object()
    draft.title = "GEHEIME CONCEPTTITEL"
    draft.save_revision()

    call_command("send_alerts")
    call_command("send_alert_digests", frequency="dagelijks")
    (alert,) = mail.outbox
    assert "Openbare brief" in alert.subject
    text = alert.subject + alert.body + str(alert.extra_headers)
    assert "GEHEIME CONCEPTTITEL" not in text
    assert "Brief achter een wachtwoord" not in text


def test_ods_shows_nothing_of_a_council_whose_page_goes_offline(
    client, site, public_cache, admin_user
):
    """Meetings, items and motions are public while their council's page is; the ODS
    answers (lists and details, cached) drop them the moment it is unpublished."""
    meeting = MeetingFactory(council=site.leiden, body=site.committee, title="VERGADERING-X")
    item = AgendaItemFactory(meeting=meeting, title="AGENDAPUNT-X")
    motion = MotionFactory(council=site.leiden, agenda_item=item, title="MOTIE-X")
    document = record_document(item, title="DOCUMENT-X", public=True)
    consultation_document = record_document(
        ConsultationFactory(council=site.leiden),
        title="DOCUMENT-X bij een raadpleging",
        public=True,
    )
    internal = record_document(item, title="INTERN-DOCUMENT", kind=DocumentKind.PROPOSAL)
    ods = "/api/ods/v2/"
    places = {
        "meetings": ods + "vergaderingen",
        "items": ods + "agendapunten",
        "information objects": ods + "informatieobjecten",
        "information objects of a type": ods + "informatieobjecten?informatieobjecttype=motie",
    }
    own = {
        "meeting": f"{ods}vergaderingen/{meeting.pk}",
        "item": f"{ods}agendapunten/{item.pk}",
        "motion": f"{ods}informatieobjecten/motie-{motion.pk}",
        "letter": f"{ods}informatieobjecten/brief-{site.a.pk}",
        "document": f"{ods}informatieobjecten/document-{document.pk}",
        "document of a consultation": f"{ods}informatieobjecten/document-{consultation_document.pk}",
    }
    markers = (b"VERGADERING-X", b"AGENDAPUNT-X", b"MOTIE-X", b"DOCUMENT-X")
    assert client.get(f"{ods}informatieobjecten/document-{internal.pk}").status_code == 404
    for name, path in {**places, **own}.items():
        first = client.get(path)
        assert first.status_code == 200, name
        assert b"INTERN-DOCUMENT" not in first.content, name
        assert f"document-{internal.pk}".encode() not in first.content, name
        assert any(marker in first.content for marker in markers) or name == "letter", name
        assert client.get(path).get("X-Public-Cache") == "hit", name
    exported = export_council(site.leiden)
    assert exported["vergaderingen"]
    exported_ids = {r["id"] for r in exported["informatieobjecten"]}
    assert {f"document-{document.pk}", f"document-{consultation_document.pk}"} <= exported_ids
    assert f"document-{internal.pk}" not in exported_ids
    assert "INTERN-DOCUMENT" not in str(exported)

    editor = Client()
    editor.force_login(admin_user)
    page = site.leiden.page
    response = editor.post(
        reverse("wagtailadmin_pages:unpublish", args=[page.pk]), {"include_descendants": "on"}
    )
    assert response.status_code == 302

    for name, path in own.items():
        response = client.get(path)
        assert response.status_code == 404, name
    for name, path in places.items():
        response = client.get(path)
        assert response.status_code == 200, name
        for marker in (*markers, f"brief-{site.a.pk}".encode(), b"/document-"):
            assert marker not in response.content, f"{name} still shows {marker!r}"
    assert export_council(site.leiden) == {
        "vergaderingen": [],
        "agendapunten": [],
        "informatieobjecten": [],
    }
    # the other council's records stay
    assert f"brief-{site.b.pk}".encode() in client.get(places["information objects"]).content


def test_the_records_of_a_council_whose_page_is_unpublished_vanish_from_the_site_search(
    client, site, public_cache, admin_user
):
    meeting = MeetingFactory(council=site.leiderdorp, body=site.executive, title="Raadsvergadering")
    shown = {
        b"Agendapunt over de zilvervos": AgendaItemFactory(
            meeting=meeting, title="Agendapunt over de zilvervos"
        ),
        b"Motie over de zilvervos": MotionFactory(
            council=site.leiderdorp, title="Motie over de zilvervos"
        ),
        b"Raadpleging over de zilvervos": ConsultationFactory(
            council=site.leiderdorp, subject="Raadpleging over de zilvervos"
        ),
    }
    paths = ["/zoeken/?q=zilvervos", "/zoeken/rss/?q=zilvervos", "/zoeken/atom/?q=zilver"]
    paths += [f"/zoeken/?q=zilver&soort={kind}" for kind in ("agendapunten", "moties")]
    paths += ["/zoeken/?q=zilvervos&soort=raadplegingen"]
    for path in paths:
        first = client.get(path)
        assert first.status_code == 200, path
        assert any(title in first.content for title in shown), path
        assert client.get(path).get("X-Public-Cache") == "hit", path
    assert "3 resultaten" in client.get("/zoeken/?q=zilvervos").content.decode()

    editor = Client()
    editor.force_login(admin_user)
    unpublish = reverse("wagtailadmin_pages:unpublish", args=[site.leiderdorp.page.pk])
    assert editor.post(unpublish).status_code == 302

    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        for title in shown:
            assert title not in response.content, f"{path} still shows {title!r}"
    assert "0 resultaten" in client.get("/zoeken/?q=zilvervos").content.decode()
