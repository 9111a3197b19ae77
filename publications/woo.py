"""The Woo sitemap: published letters as *adviezen*, with DiWoo metadata (schema 0.9.8).

Each ``<url>`` carries a ``diwoo:Document`` (namespace
``https://standaarden.overheid.nl/diwoo/metadata/``), so that the national
Woo index can pick the letters up. Which field comes from where, and why
these categories, is in docs/open-data.md.

Only letters whose municipality has a CBS code are listed: the publisher
must be a TOOI organisation (``https://identifier.overheid.nl/tooi/id/gemeente/gm0546``),
and without a code there is none to name.

The values come from the value lists of the 0.9.8 schema
(``diwoo-metadata-lijsten.xsd``); tests/publications/test_woo_sitemap.py
validates the output against the schema.
"""

import dataclasses
import datetime
from xml.sax.saxutils import escape

from django.db.models import Prefetch
from django.utils import timezone

from advice.consultations.routes import ConsultationRoutes
from advice.letters.rules import LetterKind
from advice.models import Consultation, DocumentKind, LetterVersion, RecordDocument, TaggedLetter

from . import queries
from .sitemaps import SiteSitemap, lastmod_day, site_path, summary

NAMESPACE = "https://standaarden.overheid.nl/diwoo/metadata/"
SCHEMA_VERSION = "0.9.8"
KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"

#: Informatiecategorie (scw_woo_informatiecategorieen): Woo art. 3.3 lid 2 sub e.
ADVIEZEN = (f"{KERN}c_99a836c7", "adviezen")
#: Documentsoorten (ccw_plooi_documentsoorten).
ADVIES = (f"{KERN}c_d506b718", "advies")
BRIEF = (f"{KERN}c_7652d853", "brief")
ADVIESAANVRAAG = (f"{KERN}c_a40458df", "adviesaanvraag")
#: Soorten handeling (ccw_plooi_documenthandelingen, the whole list in 0.9.8).
VASTSTELLING = (f"{KERN}c_641ecd76", "vaststelling")
ONTVANGST = (f"{KERN}c_dfcee535", "ontvangst")
ONDERTEKENING = (f"{KERN}c_e1ec050e", "ondertekening")
#: Documentrelaties (scw_documentrelatie).
IS_REACTIE_OP = (f"{KERN}c_07748060", "is reactie op")
VERWIJST_NAAR = (f"{KERN}c_75fac459", "verwijst naar")
#: Language and format (EU authority tables, as in the schema's lists).
DUTCH = ("http://publications.europa.eu/resource/authority/language/NLD", "Nederlands")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
HTML = (f"{FILE_TYPE}HTML", "HTML")
#: The file types a document on the record may have (advice.documents.uploads), by extension.
FILE_FORMATS = {
    "pdf": (f"{FILE_TYPE}PDF", "PDF"),
    "odt": (f"{FILE_TYPE}ODT", "ODT"),
    "ods": (f"{FILE_TYPE}ODS", "ODS"),
    "docx": (f"{FILE_TYPE}DOCX", "Word DOCX"),
    "xlsx": (f"{FILE_TYPE}XLSX", "Excel XLSX"),
}

ADVICE_KINDS = {LetterKind.REQUESTED_ADVICE, LetterKind.UNSOLICITED_ADVICE}

#: Woo entries are far larger than plain ones (about 1.7 KB against 0.1 KB), and
#: slower to build (about 1 ms each): 1,000 a file keeps a file near 2 MB and
#: about a second to render afresh, far under the protocol's 50 MB.
WOO_URL_LIMIT = 1_000


@dataclasses.dataclass
class Relation:
    role: tuple
    resource: str
    label: str


@dataclasses.dataclass
class DiWooDocument:
    """The metadata of one ``diwoo:Document``; :func:`diwoo_xml` writes it."""

    publisher: tuple  # (TOOI URI, label)
    title: str
    categories: list
    handelingen: list  # [((URI, label), aware datetime)]
    identifiers: list = dataclasses.field(default_factory=list)
    opsteller: str = ""
    document_types: list = dataclasses.field(default_factory=list)
    keywords: list = dataclasses.field(default_factory=list)
    created: datetime.date | None = None
    language: tuple = DUTCH
    format: tuple | None = HTML
    relations: list = dataclasses.field(default_factory=list)
    replacement_reason: str = ""


def publisher_of(municipality):
    return (municipality.tooi_uri, f"gemeente {municipality.name}")


def start_of_day(day):
    """A day known only as a date, at 00:00 in the site's time zone (``atTime`` is a dateTime)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def _public_documents(*kinds):
    return RecordDocument.objects.public().filter(kind__in=kinds).select_related("document")


def woo_letters():
    """Public letters of municipalities with a CBS code, with what their entries need prefetched."""
    return (
        queries.public_letters()
        .exclude(council__municipality__cbs_code="")
        .select_related("council__municipality", "council__page")
        # Into lists (to_attr): a related manager's .all() costs a queryset clone per letter.
        .prefetch_related(
            Prefetch("adoptions", to_attr="woo_adoptions"),
            Prefetch(
                "versions",
                queryset=LetterVersion.objects.exclude(kind=LetterVersion.Kind.MINOR).only(
                    "letter_id", "number", "kind", "note", "recorded_at", "sent_on"
                ),
                to_attr="woo_versions",
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("council__page").order_by("pk"),
                to_attr="woo_consultations",
            ),
            Prefetch(
                "woo_consultations__documents",
                queryset=_public_documents(
                    DocumentKind.ADVICE_REQUEST, DocumentKind.EXECUTIVE_RESPONSE
                ),
                to_attr="public_documents",
            ),
        )
        .order_by("pk")
    )


def letter_document(letter, *, consultation_url, document_url, keywords=()):
    """The DiWoo metadata of a published letter (prefetched as in :func:`woo_letters`)."""
    council = letter.council
    versions = letter.woo_versions
    adoptions = letter.woo_adoptions  # newest first (LetterAdoption.Meta.ordering)
    sent = next((v for v in versions if v.kind == LetterVersion.Kind.SENT), None)
    corrections = [v for v in versions if v.kind == LetterVersion.Kind.CORRECTION]

    handelingen = []
    adopted_at = _adopted_at(letter, adoptions, versions)
    if adopted_at is not None:
        handelingen.append((VASTSTELLING, adopted_at))
    if sent is not None and sent.sent_on is not None:
        # The list has no "verzending": a sent letter is received by the municipality,
        # by e-mail on the day it is sent.
        handelingen.append((ONTVANGST, start_of_day(sent.sent_on)))

    relations = []
    for consultation in letter.woo_consultations:
        documents = consultation.public_documents
        requests = [d for d in documents if d.kind == DocumentKind.ADVICE_REQUEST]
        responses = [d for d in documents if d.kind == DocumentKind.EXECUTIVE_RESPONSE]
        # The request: its public document, else the link to the proposal, else the
        # consultation's public page (the record of the request).
        if requests:
            relations.extend(
                Relation(IS_REACTIE_OP, document_url(d), d.document.title) for d in requests
            )
        else:
            request = consultation.proposal_url or consultation_url(consultation)
            relations.append(
                Relation(IS_REACTIE_OP, request, f"Adviesaanvraag: {consultation.subject}")
            )
        if responses:
            relations.extend(
                Relation(VERWIJST_NAAR, document_url(d), d.document.title) for d in responses
            )
        elif consultation.response_url:
            relations.append(
                Relation(
                    VERWIJST_NAAR,
                    consultation.response_url,
                    f"Reactie van het college: {consultation.subject}",
                )
            )

    reason = ""
    if corrections:
        latest = corrections[-1]
        reason = f"Gecorrigeerd op {timezone.localdate(latest.recorded_at):%d-%m-%Y}: {latest.note}"

    return DiWooDocument(
        identifiers=[letter.reference] if letter.reference else [],
        publisher=publisher_of(council.municipality),
        opsteller=council.name,
        title=letter.title,
        categories=[ADVIEZEN],
        document_types=[ADVIES if letter.kind in ADVICE_KINDS else BRIEF],
        keywords=list(keywords),
        created=letter.date if letter.date and letter.date_precision == "day" else None,
        handelingen=handelingen,
        relations=relations,
        replacement_reason=reason,
    )


def _adopted_at(letter, adoptions, versions):
    """When the letter was adopted: the adoption, else its date, else its first public version.

    Letters imported from an archive have no adoption recorded; their own
    date is the day the council adopted them.
    """
    if adoptions:
        return adoptions[0].adopted_at
    if letter.date is not None:
        return start_of_day(letter.date)
    if versions:
        return versions[0].recorded_at
    return letter.first_published_at


WOO_URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    f' xmlns:diwoo="{NAMESPACE}">\n'
)
_QUOTES = {'"': "&quot;", "'": "&#x27;"}


def _text(value):
    """Escaped for XML text and attributes (as the template's autoescape did)."""
    return escape(str(value), _QUOTES)


def _resource(element, pair):
    """``<element resource="URI">label</element>`` of a ``(URI, label)`` pair."""
    return f'<{element} resource="{_text(pair[0])}">{_text(pair[1])}</{element}>'


def _moment(moment, zone):
    """``atTime``: ISO 8601 in the site's time zone (as the ``date:"c"`` filter gave it)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(zone)
    return moment.isoformat()


def diwoo_xml(doc, zone):
    """The ``diwoo:Document`` of a :class:`DiWooDocument` (schema 0.9.8, element order as in it)."""
    parts = ["<diwoo:Document><diwoo:DiWoo>"]
    if doc.identifiers:
        parts.append("<diwoo:identifiers>")
        parts.extend(f"<diwoo:identifier>{_text(i)}</diwoo:identifier>" for i in doc.identifiers)
        parts.append("</diwoo:identifiers>")
    parts.append(_resource("diwoo:publisher", doc.publisher))
    if doc.opsteller:
        parts.append(f"<diwoo:opsteller>{_text(doc.opsteller)}</diwoo:opsteller>")
    parts.append(
        "<diwoo:titelcollectie><diwoo:officieleTitel>"
        f"{_text(doc.title)}</diwoo:officieleTitel></diwoo:titelcollectie>"
    )
    parts.append("<diwoo:classificatiecollectie><diwoo:informatiecategorieen>")
    parts.extend(_resource("diwoo:informatiecategorie", pair) for pair in doc.categories)
    parts.append("</diwoo:informatiecategorieen>")
    if doc.document_types:
        parts.append("<diwoo:documentsoorten>")
        parts.extend(_resource("diwoo:documentsoort", pair) for pair in doc.document_types)
        parts.append("</diwoo:documentsoorten>")
    if doc.keywords:
        parts.append("<diwoo:trefwoorden>")
        parts.extend(f"<diwoo:trefwoord>{_text(word)}</diwoo:trefwoord>" for word in doc.keywords)
        parts.append("</diwoo:trefwoorden>")
    parts.append("</diwoo:classificatiecollectie>")
    if doc.created:
        parts.append(f"<diwoo:creatiedatum>{doc.created:%Y-%m-%d}</diwoo:creatiedatum>")
    parts.append(_resource("diwoo:language", doc.language))
    if doc.format:
        parts.append(_resource("diwoo:format", doc.format))
    parts.append("<diwoo:documenthandelingen>")
    parts.extend(
        f"<diwoo:documenthandeling>{_resource('diwoo:soortHandeling', kind)}"
        f"<diwoo:atTime>{_moment(moment, zone)}</diwoo:atTime></diwoo:documenthandeling>"
        for kind, moment in doc.handelingen
    )
    parts.append("</diwoo:documenthandelingen>")
    if doc.relations:
        parts.append("<diwoo:documentrelaties>")
        parts.extend(
            f"<diwoo:documentrelatie>{_resource('diwoo:role', relation.role)}"
            f"{_resource('diwoo:relation', (relation.resource, relation.label))}"
            "</diwoo:documentrelatie>"
            for relation in doc.relations
        )
        parts.append("</diwoo:documentrelaties>")
    if doc.replacement_reason:
        parts.append(
            "<diwoo:redenVerwijderingVervanging>"
            f"{_text(doc.replacement_reason)}</diwoo:redenVerwijderingVervanging>"
        )
    parts.append("</diwoo:DiWoo></diwoo:Document>")
    return "".join(parts)


def write_woo_urlset(urls):
    """``(xml, last_modified)`` of Woo entries (``location``, ``lastmod``, ``diwoo``)."""
    zone = timezone.get_current_timezone()
    parts = [WOO_URLSET_OPEN]
    for url in urls:
        parts.append(f"<url><loc>{_text(url['location'])}</loc>")
        if url["lastmod"]:
            parts.append(f"<lastmod>{lastmod_day(url['lastmod'], zone)}</lastmod>")
        parts.append(diwoo_xml(url["diwoo"], zone))
        parts.append("</url>\n")
    parts.append("</urlset>\n")
    moments = [url["lastmod"] for url in urls]
    last_modified = max(moments) if moments and None not in moments else None
    return "".join(parts), last_modified


class _WooBase(SiteSitemap):
    """A Woo section: a file is its rows' keys, then the records with what they need prefetched.

    Paging reads only the primary keys (``rows()``), so a deep file skips
    keys, not whole records; ``records(keys)`` loads the 1,000 of one file.
    """

    @property
    def limit(self):
        return min(super().limit, WOO_URL_LIMIT)

    def document_url(self, attachment):
        """The full URL of a document on the record, on the site's root URL."""
        return self.root_url + site_path(attachment.url)

    def render(self, number):
        return write_woo_urlset(self.urls(self.file_rows(number)))


class WooSitemap(_WooBase):
    """``/sitemap-woo.xml``: the published letters, each with a ``diwoo:Document``."""

    def letters(self):
        return self.public_letters().exclude(council__municipality__cbs_code="")

    def rows(self):
        return self.letters().order_by("pk").values_list("pk", flat=True)

    def summary(self):
        return summary(self.letters(), "last_published_at")

    def urls(self, keys):
        letters = woo_letters().filter(pk__in=keys)
        # The topics in one plain query: taggit's prefetch costs more than the rest together.
        topics = {}
        for letter_id, name in (
            TaggedLetter.objects.filter(content_object_id__in=keys)
            .order_by("tag__name")
            .values_list("content_object_id", "tag__name")
        ):
            topics.setdefault(letter_id, []).append(name)
        routes = {}

        def consultation_url(consultation):
            council_page = consultation.council.page
            if council_page.pk not in routes:
                routes[council_page.pk] = ConsultationRoutes(council_page, self.request, full=True)
            return routes[council_page.pk].consultation(consultation.pk)

        path = self.page_paths
        return [
            {
                "location": self.root_url + path(letter.url_path),
                "lastmod": letter.last_published_at,
                "diwoo": letter_document(
                    letter,
                    consultation_url=consultation_url,
                    document_url=self.document_url,
                    keywords=topics.get(letter.pk, ()),
                ),
            }
            for letter in letters
        ]


# --- Requests for advice ------------------------------------------------------------------------


def woo_requests():
    """Public *adviesaanvraag* documents of municipalities with a CBS code."""
    return (
        RecordDocument.objects.public_advice_requests()
        .exclude(consultation__council__municipality__cbs_code="")
        .select_related("consultation__council__page", "consultation__letter")
        .prefetch_related(
            Prefetch(
                "consultation__documents",
                queryset=_public_documents(DocumentKind.EXECUTIVE_RESPONSE),
                to_attr="public_documents",
            )
        )
        .order_by("pk")
    )


def request_document(attachment, *, public_letter_url, document_url):
    """The DiWoo metadata of a public request for advice (prefetched as in :func:`woo_requests`).

    ``public_letter_url(letter)`` is the full URL of the advice letter, or
    None when it is not published.
    """
    consultation = attachment.consultation
    if consultation.asked_on is not None:
        received = start_of_day(consultation.asked_on)
    else:
        received = attachment.added_at  # the council had it when it was added, at the latest
    relations = []
    letter_url = public_letter_url(consultation.letter) if consultation.letter_id else None
    if letter_url:
        relations.append(Relation(VERWIJST_NAAR, letter_url, consultation.letter.title))
    relations.extend(
        Relation(VERWIJST_NAAR, document_url(response), response.document.title)
        for response in consultation.public_documents
    )
    return DiWooDocument(
        identifiers=[consultation.reference] if consultation.reference else [],
        publisher=publisher_of(consultation.council.municipality),
        title=attachment.document.title,
        categories=[ADVIEZEN],
        document_types=[ADVIESAANVRAAG],
        handelingen=[(ONTVANGST, received)],
        format=FILE_FORMATS.get(attachment.document.file_extension.lower()),
        relations=relations,
    )


class WooRequestsSitemap(_WooBase):
    """``/sitemap-woo-aanvragen.xml``: public requests for advice, each with a ``diwoo:Document``."""

    def requests(self):
        return RecordDocument.objects.public_advice_requests().exclude(
            consultation__council__municipality__cbs_code=""
        )

    def rows(self):
        return self.requests().order_by("pk").values_list("pk", flat=True)

    def summary(self):
        return summary(self.requests(), "added_at")

    def urls(self, keys):
        attachments = list(woo_requests().filter(pk__in=keys))
        public_ids = queries.public_letter_ids(
            {attachment.consultation.letter_id for attachment in attachments}
        )
        path = self.page_paths

        def public_letter_url(letter):
            if letter.pk not in public_ids:
                return None
            return self.root_url + path(letter.url_path)

        return [
            {
                "location": self.root_url + site_path(attachment.url),
                "lastmod": attachment.added_at,
                "diwoo": request_document(
                    attachment,
                    public_letter_url=public_letter_url,
                    document_url=self.document_url,
                ),
            }
            for attachment in attachments
        ]
