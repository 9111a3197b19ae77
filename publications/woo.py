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

from django.db.models import Max, Prefetch
from django.utils import timezone

from advice.consultations.routes import ConsultationRoutes
from advice.letters.rules import LetterKind
from advice.models import Consultation, LetterVersion

from . import queries
from .sitemaps import SiteSitemap

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
HTML = ("http://publications.europa.eu/resource/authority/file-type/HTML", "HTML")

ADVICE_KINDS = {LetterKind.REQUESTED_ADVICE, LetterKind.UNSOLICITED_ADVICE}

#: Woo entries are far larger than plain ones (about 2 KB against 0.1 KB):
#: 10,000 a file keeps a file well under the protocol's 50 MB.
WOO_URL_LIMIT = 10_000


@dataclasses.dataclass
class Relation:
    role: tuple
    resource: str
    label: str


@dataclasses.dataclass
class DiWooDocument:
    """The metadata of one ``diwoo:Document``; ``templates/publications/sitemap_woo.xml`` writes it."""

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
    format: tuple = HTML
    relations: list = dataclasses.field(default_factory=list)
    replacement_reason: str = ""


def publisher_of(municipality):
    return (municipality.tooi_uri, f"gemeente {municipality.name}")


def start_of_day(day):
    """A day known only as a date, at 00:00 in the site's time zone (``atTime`` is a dateTime)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def woo_letters():
    """Public letters of municipalities with a CBS code, with what their entries need prefetched."""
    return (
        queries.public_letters()
        .exclude(council__municipality__cbs_code="")
        .select_related("council__municipality", "council__page")
        .prefetch_related(
            "adoptions",
            Prefetch(
                "versions",
                queryset=LetterVersion.objects.exclude(kind=LetterVersion.Kind.MINOR).only(
                    "letter_id", "number", "kind", "note", "recorded_at", "sent_on"
                ),
            ),
            Prefetch(
                "consultations",
                queryset=Consultation.objects.select_related("council__page").order_by("pk"),
            ),
            "topics",
        )
        .order_by("pk")
    )


def letter_document(letter, *, consultation_url):
    """The DiWoo metadata of a published letter (prefetched as in :func:`woo_letters`)."""
    council = letter.council
    versions = list(letter.versions.all())
    adoptions = list(letter.adoptions.all())  # newest first (LetterAdoption.Meta.ordering)
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
    for consultation in letter.consultations.all():
        request = consultation.proposal_url or consultation_url(consultation)
        relations.append(
            Relation(IS_REACTIE_OP, request, f"Adviesaanvraag: {consultation.subject}")
        )
        if consultation.response_url:
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
        keywords=[topic.name for topic in letter.topics.all()],
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


class WooSitemap(SiteSitemap):
    """``/sitemap-woo.xml``: the published letters, each with a ``diwoo:Document``."""

    template_name = "publications/sitemap_woo.xml"

    @property
    def limit(self):
        return min(super().limit, WOO_URL_LIMIT)

    def items(self):
        return woo_letters()

    def location(self, item):
        return item.get_url(self.request)

    def lastmod(self, item):
        return item.last_published_at

    def latest(self):
        return (
            queries.public_letters()
            .exclude(council__municipality__cbs_code="")
            .aggregate(latest=Max("last_published_at"))["latest"]
        )

    def _urls(self, page, protocol, domain):
        urls = super()._urls(page, protocol, domain)
        routes = {}

        def consultation_url(consultation):
            council_page = consultation.council.page
            if council_page.pk not in routes:
                routes[council_page.pk] = ConsultationRoutes(council_page, self.request, full=True)
            return routes[council_page.pk].consultation(consultation.pk)

        for url in urls:
            url["diwoo"] = letter_document(url["item"], consultation_url=consultation_url)
        return urls
