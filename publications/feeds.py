"""RSS 2.0 and Atom feeds, built with feedgen from a list of entries.

The machinery is generic: a feed is a :class:`FeedSpec` (title, the page
it belongs to, the cache scopes it shows) and a function returning
:class:`FeedEntry` objects, newest first. :func:`serve_feed` answers a
conditional GET from the scopes' generations (one query, the feed is not
rendered for a 304), sends ``Cache-Control: public, max-age=300`` and marks
the response for the public cache. The letter feeds below are one use; a
feed of other records (scorecard events) builds its own entries the same way
(see docs/public-site.md).

Entry ids are tag URIs (RFC 4151) on the Wagtail Site's host name, never on
the request's: ``tag:<host>,<date first published>:brief/<page id>``. They
never change, also not when a letter is corrected; ``updated`` does.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

import nh3
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition
from feedgen.entry import FeedEntry as FeedgenEntry
from feedgen.feed import FeedGenerator
from lxml import etree
from wagtail.models import Site

from advice.letters.rendering import letter_html
from advice.models import LetterVersion

from . import caching
from .queries import public_letter_ids

FEED_SIZE = 50
CACHE_CONTROL = "public, max-age=300"
FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}

# What feed readers get of a letter's HTML: its structure and links, no
# attributes but links, no scripts or styles (the page's own sanitising
# already removed them; this is the second lock on the door).
FEED_TAGS = {
    "a", "article", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
    "figcaption", "figure", "footer", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "li", "ol", "p", "pre", "section", "span", "strong", "ul",
}  # fmt: skip
FEED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


@dataclasses.dataclass(frozen=True)
class Enclosure:
    url: str
    length: int
    type: str


@dataclasses.dataclass(frozen=True)
class FeedEntry:
    """One entry of a feed; URLs are absolute, ``content`` is sanitised HTML."""

    id: str
    title: str
    link: str
    content: str
    published: datetime.datetime
    updated: datetime.datetime
    summary: str = ""
    author: str = ""
    enclosure: Enclosure | None = None
    related: tuple = ()  # (url, title) pairs: rel="related" links (Atom)
    categories: tuple = ()  # (term, label) pairs


@dataclasses.dataclass(frozen=True)
class FeedSpec:
    """What a feed is about; URLs are absolute and built from the request."""

    title: str
    subtitle: str
    link: str  # the HTML page the feed belongs to (RSS channel link)
    self_url: str  # the feed itself (atom:link rel="self")
    scopes: tuple  # the cache scopes whose data the entries show
    author: str = "Kanttekening"


def tag_uri(authority, day, specific):
    """``tag:<authority>,<YYYY-MM-DD>:<specific>``: a stable id, RFC 4151."""
    return f"tag:{authority},{day:%Y-%m-%d}:{specific}"


def tag_authority(request):
    """The Wagtail Site's host name: the same whatever host the request used."""
    site = Site.find_for_request(request)
    return site.hostname if site is not None else request.get_host().split(":")[0]


def sanitise(html, *, base_url):
    """Feed-safe HTML: an allow-list of tags, links made absolute."""

    def absolute_links(element, attribute, value):
        if attribute == "href" and value.startswith("/") and not value.startswith("//"):
            return base_url.rstrip("/") + value
        return value

    return nh3.clean(
        html,
        tags=FEED_TAGS,
        attributes=FEED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        attribute_filter=absolute_links,
        link_rel=None,
    )


class _AtomLinksEntry(FeedgenEntry):
    """feedgen 1.0.0 writes an Atom entry's links without rel, type or length.

    (It reuses the name of the link's data for the new element.) Rewrite them
    from the same data, so that the enclosure and related links keep their role.
    """

    LINK_ATTRIBUTES = ("rel", "type", "hreflang", "title", "length")

    def atom_entry(self, extensions=True):
        entry = super().atom_entry(extensions=extensions)
        for element in entry.findall("link"):
            entry.remove(element)
        for link in self.link() or []:
            element = etree.SubElement(entry, "link", href=link["href"])
            for name in self.LINK_ATTRIBUTES:
                if link.get(name):
                    element.set(name, link[name])
        return entry


def render_feed(spec, entries, fmt):
    """The feed as bytes. ``entries`` are newest first and stay in that order."""
    entries = list(entries)
    feed = FeedGenerator()
    feed.id(spec.self_url)
    feed.title(spec.title)
    # Titles, subtitles and summaries are plain text. Atom says so (type
    # "text"); RSS readers take a description as HTML, so there the text is
    # HTML-escaped first and XML-escaped by feedgen: escaped exactly once for
    # what each reader does with it.
    plain = escape if fmt == "rss" else str
    feed.subtitle(plain(spec.subtitle))  # the RSS channel description
    feed.language("nl")
    feed.author({"name": spec.author})
    feed.generator("Kanttekening")
    # feedgen makes the last link the RSS channel link: the page, not the feed.
    feed.link(href=spec.self_url, rel="self", type=FORMATS[fmt].split(";")[0])
    feed.link(href=spec.link, rel="alternate", type="text/html")
    latest = max((entry.updated for entry in entries), default=None)
    # A fixed date when there are no entries, so that the feed does not change
    # with the clock (feedgen would put "now" here).
    latest = latest or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    feed.updated(latest)
    feed.lastBuildDate(latest)
    for entry in entries:
        # feedgen prepends by default, which would reverse the newest-first order.
        item = feed.add_entry(feedEntry=_AtomLinksEntry(), order="append")
        item.id(entry.id)
        item.guid(entry.id, permalink=False)
        item.title(entry.title)
        item.link(href=entry.link, rel="alternate", type="text/html")
        for url, title in entry.related:
            item.link(href=url, rel="related", title=title)
        if entry.enclosure is not None:
            item.link(
                href=entry.enclosure.url,
                rel="enclosure",
                type=entry.enclosure.type,
                length=str(entry.enclosure.length),
            )
        item.published(entry.published)
        item.updated(entry.updated)
        if entry.summary:
            item.summary(plain(entry.summary))  # also the RSS description
        item.content(entry.content, type="html")
        if entry.author:
            item.author({"name": entry.author})
        for term, label in entry.categories:
            item.category(term=term, label=label)
    if fmt == "rss":
        return feed.rss_str(pretty=False)
    return feed.atom_str(pretty=False)


def serve_feed(request, *, spec, fmt, entries: Callable[[], Iterable[FeedEntry]], daily=False):
    """The feed in ``fmt`` (``rss`` or ``atom``), with conditional GET and caching.

    ETag and Last-Modified come from the generations of ``spec.scopes``:
    one query, and a 304 renders nothing. ``entries`` is only called to
    render the feed. A ``daily`` feed (its entries depend on today's date,
    like a motion that becomes overdue) also changes at midnight: today's
    date is part of its ETag, and its Last-Modified is at least today's start.
    """
    if fmt not in FORMATS:
        raise Http404(_("Deze feed bestaat niet."))
    caching.depends_on(request, *spec.scopes, daily=daily)
    scopes = caching.plan_of(request).scopes
    today = timezone.localdate()

    def etag(request):
        state = caching.request_state(request, scopes)
        day = f"-{today:%Y%m%d}" if daily else ""
        return f'"{fmt}-{state.etag}{day}"'

    def last_modified(request):
        changed = caching.request_state(request, scopes).changed_at
        if not daily:
            return changed
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time()))
        return midnight if changed is None or changed < midnight else changed

    @condition(etag_func=etag, last_modified_func=last_modified)
    def view(request):
        return HttpResponse(render_feed(spec, entries(), fmt), content_type=FORMATS[fmt])

    response = view(request)
    response["Cache-Control"] = CACHE_CONTROL
    return response


# --- Letters -----------------------------------------------------------------------------------


def letter_updated(letter, versions):
    """When the letter last changed in a way readers are told about.

    The first publication, or the latest published correction. A minor
    change (a typo, recorded but not listed) does not move it.
    """
    corrections = [v.recorded_at for v in versions if v.kind == LetterVersion.Kind.CORRECTION]
    return max([letter.first_published_at, *corrections])


def _sent_line(version):
    if version is None:
        return ""
    if version.sent_on:
        return _("Verzonden op %(on)s aan %(to)s.") % {
            "on": version.sent_on_display,
            "to": version.sent_to,
        }
    return _("Verzonden aan %(to)s (datum van verzending onbekend).") % {"to": version.sent_to}


def _pdf_enclosure(url, current, absolute):
    if current is None or not current.pdf:
        return None
    try:
        length = current.pdf.size
    except (OSError, ValueError):  # the file is missing: no enclosure rather than a broken one
        return None
    return Enclosure(url=absolute(url + "pdf/"), length=length, type="application/pdf")


def letter_entry(letter, *, request, authority, topic_url):
    """A letter as a feed entry: its full text, its change notes, its PDF."""
    versions = list(letter.versions.all())
    current = versions[-1] if versions else None
    sent = next((v for v in versions if v.kind == LetterVersion.Kind.SENT), None)
    corrections = [v for v in versions if v.kind == LetterVersion.Kind.CORRECTION]
    base_url = request.build_absolute_uri("/")

    def absolute(url):
        return request.build_absolute_uri(url)

    facts = _("%(kind)s van %(council)s") % {
        "kind": letter.get_kind_display().capitalize(),
        "council": letter.council.name,
    }
    details = [
        _("aan %(to)s") % {"to": letter.addressee.name} if letter.addressee else "",
        str(letter.date_display),
        _("kenmerk %(reference)s") % {"reference": letter.reference} if letter.reference else "",
    ]
    facts = ", ".join([facts, *(detail for detail in details if detail)]) + "."
    notes = [
        _("Gecorrigeerd op %(on)s: %(note)s")
        % {"on": date_format(timezone.localtime(v.recorded_at), "j F Y"), "note": v.note}
        for v in corrections
    ]
    summary = " ".join([facts, *notes])

    parts = [f"<p>{escape(facts)}</p>"]
    if sent_line := _sent_line(sent):
        parts.append(f"<p>{escape(sent_line)}</p>")
    if notes:
        parts.append(
            f"<p><strong>{escape(_('Correcties'))}</strong></p><ul>"
            + "".join(f"<li>{escape(note)}</li>" for note in notes)
            + "</ul>"
        )
    parts.append(letter_html(letter))
    if current is not None:
        parts.append(
            f'<p><a href="{escape(absolute(letter.get_url(request) + "pdf/"))}">'
            f"{escape(_('De brief als PDF'))}</a></p>"
        )
    topics = letter.topic_list
    first_published = timezone.localtime(letter.first_published_at)
    return FeedEntry(
        id=tag_uri(authority, first_published.date(), f"brief/{letter.pk}"),
        title=letter.title,
        link=absolute(letter.get_url(request)),
        content=sanitise("\n".join(parts), base_url=base_url),
        published=letter.first_published_at,
        updated=letter_updated(letter, versions),
        summary=summary,
        author=letter.council.name,
        enclosure=_pdf_enclosure(letter.get_url(request), current, absolute),
        categories=tuple((topic.slug, topic.name) for topic in topics),
        related=tuple((absolute(topic_url(topic)), topic.name) for topic in topics),
    )


def letter_entries(request, letters, *, topic_url):
    """The newest ``FEED_SIZE`` letters of ``letters`` (from ``queries.letters_for_feed``)."""
    authority = tag_authority(request)
    return [
        letter_entry(letter, request=request, authority=authority, topic_url=topic_url)
        for letter in letters[:FEED_SIZE]
    ]


# --- Scorecard events ------------------------------------------------------------------
#
# One entry each time a consultation got a "not consulted" or "decided before
# the advice" verdict (advice.models.ConsultationVerdictEvent): journalists
# follow the decisions taken without the council without visiting.


def _verdict_event_key(event):
    """A recorded event's id is its pk; a derived one (``change_feeds``) names its own."""
    key = getattr(event, "key", None)
    return key or f"raadpleging/{event.consultation_id}/oordeel/{event.pk}"


def public_documents_by(field, ids):
    """``{record id: [RecordDocument, …]}`` of the public documents of those records: one query."""
    from advice.models import RecordDocument

    found = {}
    attachments = (
        RecordDocument.objects.public()
        .filter(**{f"{field}__in": set(ids)})
        .select_related("document")
        .in_order()
    )
    for attachment in attachments:
        found.setdefault(getattr(attachment, f"{field}_id"), []).append(attachment)
    return found


def document_links(request, attachments):
    """``rel="related"`` links to public documents: ``(absolute url, "title (kind)")``."""
    return tuple(
        (
            request.build_absolute_uri(attachment.document.url),
            f"{attachment.document.title} ({attachment.get_kind_display()})",
        )
        for attachment in attachments
    )


def document_lines(attachments):
    """The documents as HTML list items, for an entry's content (sanitised with the rest)."""
    if not attachments:
        return []
    items = "".join(
        f'<li><a href="{escape(attachment.document.url)}">{escape(attachment.document.title)}</a>'
        f" ({escape(attachment.get_kind_display())})</li>"
        for attachment in attachments
    )
    return [f"<p>{escape(_('Documenten'))}:</p><ul>{items}</ul>"]


def verdict_event_entry(event, *, request, authority, public_letter_ids, documents=()):
    consultation = event.consultation
    council = consultation.council
    judgement = consultation.judgement()

    def absolute(url):
        return request.build_absolute_uri(url)

    recorded = timezone.localtime(event.recorded_at)
    title = _("%(verdict)s: %(subject)s") % {
        "verdict": event.get_verdict_display().capitalize(),
        "subject": consultation.subject,
    }
    facts = [
        _("%(council)s, gemeente %(municipality)s.")
        % {"council": council.name, "municipality": council.municipality.name},
    ]
    if consultation.body is not None:
        facts.append(_("Besluit van %(body)s.") % {"body": consultation.body.name})
    parts = [f"<p>{escape(' '.join(facts))}</p>", "<ul>"]
    parts += [f"<li>{escape(finding)}</li>" for finding in judgement.findings]
    parts.append("</ul>")
    if consultation.source:
        parts.append(f"<p>{escape(_('Bron'))}: <q>{escape(consultation.source)}</q></p>")
    parts += document_lines(documents)
    link = absolute(consultation.get_absolute_url())
    related = []
    letter = consultation.letter
    if letter is not None and letter.pk in public_letter_ids:
        related.append((absolute(letter.get_url(request)), letter.title))
    related += document_links(request, documents)
    return FeedEntry(
        id=tag_uri(authority, recorded.date(), _verdict_event_key(event)),
        title=title,
        link=link,
        content=sanitise("\n".join(parts), base_url=request.build_absolute_uri("/")),
        published=event.recorded_at,
        updated=event.recorded_at,
        summary=judgement.explanation,
        author=council.name,
        related=tuple(related),
        categories=((event.verdict, str(event.get_verdict_display())),),
    )


def verdict_event_entries(request, events):
    """The newest ``FEED_SIZE`` events of ``events`` (``ConsultationVerdictEvent.for_feed()``)."""
    authority = tag_authority(request)
    events = list(events[:FEED_SIZE])
    # A letter is linked only while it is published and public.
    public = public_letter_ids(event.consultation.letter_id for event in events)
    # Only the public documents, with one query for all entries.
    documents = public_documents_by("consultation", (event.consultation_id for event in events))
    return [
        verdict_event_entry(
            event,
            request=request,
            authority=authority,
            public_letter_ids=public,
            documents=documents.get(event.consultation_id, ()),
        )
        for event in events
    ]
