"""Reads of the public site that cut across layers.

Every public query starts from :func:`public_letters` (live and public: a
page under a view restriction is left out too) or from the council pages
that are live and public. What only concerns one model is a method of its
QuerySet in the layer that owns it; what lives here combines several models,
or needs the council pages of this layer.
"""

import dataclasses
import logging

from django.conf import settings
from django.core.cache import caches
from django.db.models import Count
from wagtail.models import Page

from advice.models import LetterPage
from agenda.models import AgendaItem, Meeting
from council.models import Council, MunicipalBody, Topic
from motions.models import Motion

from . import caching

logger = logging.getLogger(__name__)

#: What a feed entry or API item shows of each letter beyond its own row.
LISTING_PREFETCH = ("tagged_items__tag",)


def public_letters():
    """Live letters outside any view restriction (one query for the restrictions)."""
    return LetterPage.objects.live().public()


def public_letter_ids(letter_ids):
    """The ids among ``letter_ids`` of letters that are live and public (one query, none if empty)."""
    letter_ids = {pk for pk in letter_ids if pk}
    if not letter_ids:
        return set()
    return set(public_letters().filter(pk__in=letter_ids).values_list("pk", flat=True))


def public_council_pages():
    """The ids of live, public pages, for ``council__page__in`` (no import of the page models)."""
    return Page.objects.live().public().values("pk")


def public_councils():
    return Council.objects.filter(page__in=public_council_pages())


def letters_for_feed(letters, limit):
    """The ``limit`` letters changed last (``LetterPageQuerySet.newest_changes``), with what
    entries show: the candidates are read through indexes, never every letter sorted."""
    return (
        letters.for_listing().prefetch_related("versions", *LISTING_PREFETCH).newest_changes(limit)
    )


# --- Facets of a set of letters ------------------------------------------------------------------


def councils_of(letters):
    return Council.objects.filter(pk__in=letters.values("council_id")).order_by("name")


def topics_of(letters):
    return (
        Topic.objects.filter(advice_taggedletter_items__content_object__in=letters)
        .annotate(letter_count=Count("advice_taggedletter_items"))
        .order_by("name")
    )


def bodies_of(letters):
    return (
        MunicipalBody.objects.filter(pk__in=letters.values("addressee_id"))
        .select_related("municipality")
        .order_by("municipality__name", "name")
    )


def years_of(letters):
    """The years of the letters' dates, the latest first (letters without a date left out)."""
    return [day.year for day in letters.dates("date", "year", order="DESC")]


@dataclasses.dataclass(frozen=True)
class LetterFacets:
    """The filter choices of the letter index: what the public letters have, with counts."""

    councils: list
    topics: list  # each with ``letter_count``
    bodies: list
    years: list
    has_undated: bool


FACETS_TIMEOUT = 60 * 60 * 24


def _count_facets(letters):
    return LetterFacets(
        councils=list(councils_of(letters)),
        topics=list(topics_of(letters)),
        bodies=list(bodies_of(letters)),
        years=years_of(letters),
        has_undated=letters.filter(date__isnull=True).exists(),
    )


def letter_facets(letters=None):
    """The letter index's facets, counted once per change of the public letters.

    ``letters`` is the caller's ``public_letters()``, if it has one (its view
    restrictions are read once).

    Counting them reads every public letter (five queries). They are kept in
    the public cache under the generations of the ``letters`` and ``site``
    scopes (``publications.caching``), read from the database: a publish,
    unpublish or correction moves ``letters`` on, a renamed topic or council
    or a council page taken offline moves ``site`` on, so a count never shows
    a letter that is no longer public. A set counted while either moved on is
    not kept. A hit costs one query (the generations) and reads no letter.

    They are cached also with the page cache off (``LETTER_FACETS_CACHED``):
    a page rendered afresh still does not count every letter. With that
    setting off (tests), they are counted each time.
    """
    if letters is None:
        letters = public_letters()
    if not getattr(settings, "LETTER_FACETS_CACHED", True):
        return _count_facets(letters)
    scopes = (caching.LETTERS, caching.SITE)
    before = caching.scope_state(scopes)
    key = f"letter-facets:{before.etag}"
    cache = caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")]
    try:
        facets = cache.get(key)
    except Exception:  # a cache outage must not take the index down
        logger.exception("Public cache unavailable")
        return _count_facets(letters)
    if isinstance(facets, LetterFacets):
        return facets
    facets = _count_facets(letters)
    if caching.scope_state(scopes).tokens == before.tokens:
        try:
            cache.set(key, facets, FACETS_TIMEOUT)
        except Exception:
            logger.exception("Public cache unavailable")
    return facets


def topic_letter_count(topic, letters):
    """How many of ``letters`` (``public_letters()``) carry ``topic``.

    From the cached facets when they are cached (no letter read on a hit),
    else counted.
    """
    if getattr(settings, "LETTER_FACETS_CACHED", True):
        facets = letter_facets(letters)
        return next((t.letter_count for t in facets.topics if t.pk == topic.pk), 0)
    return letters.filter(tagged_items__tag=topic).count()


# --- Meetings, agenda items and motions --------------------------------------------------------


def upcoming_meetings(today, *, council_pages=None, council=None, limit=5):
    """The next meetings, the first first: of ``council``, or of the councils of ``council_pages``.

    ``council_pages`` defaults to every live, public council page; a council
    page passes its own council (it is public, or it would not be shown).
    """
    if council is not None:
        meetings = Meeting.objects.for_council(council)
    else:
        pages = council_pages if council_pages is not None else public_council_pages()
        meetings = Meeting.objects.filter(council__page__in=pages)
    return list(meetings.upcoming(today).select_related("body", "council__page")[:limit])


def agenda_items_with_topic(topic):
    return (
        AgendaItem.objects.filter(
            tagged_items__tag=topic, meeting__council__page__in=public_council_pages()
        )
        .select_related("meeting__body", "meeting__council__page")
        .order_by("-meeting__date", "meeting_id", "number", "pk")
    )


def motions_with_topic(topic, today):
    return (
        Motion.objects.filter(tagged_items__tag=topic, council__page__in=public_council_pages())
        .with_follow_up(today)
        .select_related("council__page")
        .in_listing_order()
    )


def topic_usage():
    """``{topic id: {"letters": n, "items": n, "motions": n}}`` of public records."""
    councils = public_council_pages()
    usage = {}

    def add(rows, kind):
        for row in rows:
            usage.setdefault(row["tag_id"], {"letters": 0, "items": 0, "motions": 0})[kind] = row[
                "count"
            ]

    through = LetterPage._meta.get_field("tagged_items").related_model
    add(
        through.objects.filter(content_object__in=public_letters())
        .values("tag_id")
        .annotate(count=Count("pk"))
        .order_by(),
        "letters",
    )
    through = AgendaItem._meta.get_field("tagged_items").related_model
    add(
        through.objects.filter(content_object__meeting__council__page__in=councils)
        .values("tag_id")
        .annotate(count=Count("pk"))
        .order_by(),
        "items",
    )
    through = Motion._meta.get_field("tagged_items").related_model
    add(
        through.objects.filter(content_object__council__page__in=councils)
        .values("tag_id")
        .annotate(count=Count("pk"))
        .order_by(),
        "motions",
    )
    return usage


def topics_in_use():
    """Every topic that a public letter, agenda item or motion carries, with counts."""
    usage = topic_usage()
    topics = list(Topic.objects.filter(pk__in=usage.keys()).order_by("name"))
    for topic in topics:
        topic.usage = usage[topic.pk]
    return topics
