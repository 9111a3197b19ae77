"""The public search of letters, shared by the letter index and the API.

- A query that is a reference (``CR-2026-001``, ``cr 2026 1``) puts the letter
  with that reference first, an exact match; the text results follow.
- Every word of the query also matches as the start of a longer word, so
  "klachten" finds "klachtenregeling" and "re-integratie" (the words "re" and
  "integratie") finds "re-integratievisie". This is Wagtail's ``autocomplete()``
  over the ``AutocompleteField``\\ s of ``LetterPage`` (title, text, salutation,
  topic names), with each word its own prefix term.

``candidates`` is always a queryset of live, public letters already narrowed by
the other filters; search never widens it.
"""

import re

from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from . import search_index
from .search_index import word_query

REFERENCE = re.compile(
    r"^\s*CR\s*[-‐–—_/.\s]?\s*(\d{4})\s*[-‐–—_/.\s]\s*(\d{1,4})\s*$", re.IGNORECASE
)


def parse_reference(raw):
    """``(year, number)`` when ``raw`` is a reference as a reader types it, else None."""
    match = REFERENCE.match(raw or "")
    if match is None:
        return None
    number = int(match[2])
    return (int(match[1]), number) if number else None


class ExactFirst:
    """The exact matches, then the text results without them.

    A sequence for Django's ``Paginator`` and the API's pagination: ``count()``
    and slices, each slice one query for the text results.
    """

    def __init__(self, exact, rest):
        self.exact = list(exact)
        self.rest = rest

    def count(self):
        return len(self.exact) + self.rest.count()

    def __len__(self):
        return self.count()

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        start, stop = key.start or 0, key.stop
        head = self.exact[start:stop]
        rest_start = max(start - len(self.exact), 0)
        rest_stop = None if stop is None else max(stop - len(self.exact), 0)
        if rest_stop is not None and rest_stop <= rest_start:
            return head
        return head + list(self.rest[rest_start:rest_stop])


def search_letters(candidates, query, *, raw="", operator="and"):
    """``candidates`` matching ``query`` by relevance, a reference in ``raw`` first."""
    reference = parse_reference(raw)
    if reference is None:
        return candidates.autocomplete(word_query(query, operator))
    year, number = reference
    exact = list(candidates.filter(reference_year=year, reference_number=number))
    if not exact:
        return candidates.autocomplete(word_query(query, operator))
    rest = candidates.exclude(pk__in=[letter.pk for letter in exact])
    return ExactFirst(exact, rest.autocomplete(word_query(query, operator)))


class NewestFirst:
    """The letter index's search: exact references first, then the other matches newest first.

    A sequence for Django's ``Paginator``. ``count()`` is one query (the
    exact matches counted whole, the others up to ``COUNT_CAP``; ``capped``
    says there are more), which on PostgreSQL also picks how the letters are
    read (``search_index.LetterMatch``); a page is one query, two when it
    holds exact matches. ``letters`` is the index's queryset, filters and all.
    """

    def __init__(self, letters, query, *, raw=""):
        self.letters, self.query = letters, query
        reference = parse_reference(raw)
        self.exact_q = (
            None
            if reference is None
            else Q(reference_year=reference[0], reference_number=reference[1])
        )
        self.rest = letters if self.exact_q is None else letters.exclude(self.exact_q)
        self.letter_match = None
        self.exact_count = 0
        self.capped = False

    @cached_property
    def _count(self):
        exact = [] if self.exact_q is None else [self.letters.filter(self.exact_q)]
        if search_index.indexed_on_postgres():
            self.letter_match = search_index.LetterMatch(self.rest, self.query)
            numbers = search_index.capped_counts(exact, letters=self.letter_match)
            found = self.letter_match.count
            self.capped = self.letter_match.capped
        else:
            found, *numbers = search_index.capped_counts([self._found(), *exact])
            self.capped = found > search_index.COUNT_CAP
            found = min(found, search_index.COUNT_CAP)
        self.exact_count = numbers[0] if numbers else 0
        return self.exact_count + found

    def count(self):
        return self._count

    def __len__(self):
        return self._count

    @property
    def cap_label(self):
        return f"{search_index.COUNT_CAP:,}".replace(",", ".")

    def _found(self):
        if self.letter_match is None:
            return self.rest.filter(search_index.backend_match(self.rest.model, self.query))
        return self.rest.filter(self.letter_match.filter())

    def __getitem__(self, key):
        if not isinstance(key, slice):
            return self[key : key + 1][0]
        self.count()  # counted first: it picks how the page is read
        start, stop = key.start or 0, key.stop
        head = []
        if start < self.exact_count:
            head = list(self.letters.filter(self.exact_q).newest_first()[start:stop])
        rest_start = max(start - self.exact_count, 0)
        rest_stop = None if stop is None else max(stop - self.exact_count, 0)
        if rest_stop is not None and rest_stop <= rest_start:
            return head
        walk = self.letter_match is not None and self.letter_match.ordered_walk
        found = self._found().order_by(*search_index.letter_order(walk=walk))
        return head + list(found[rest_start:rest_stop])


EXCERPT_LENGTH = 220


def _letter_text(letter):
    body = type(letter)._meta.get_field("body")
    texts = [*body.get_searchable_content(letter.body), letter.salutation]
    return re.sub(r"\s+", " ", " ".join(text for text in texts if text)).strip()


def excerpt(letter, query):
    """A piece of the letter's text around the first word that matched, the matches marked.

    Safe HTML (``<mark>`` around every word that starts with a word of the
    query). When no word of the text matched (only the title, a topic or the
    summary did): the start of the plain-language summary, or "" for a letter
    published without one. Made in Python from
    the letter's own (published) text, so it is the same on SQLite and
    PostgreSQL and costs no query.
    """
    pattern = _query_pattern(query)
    if pattern is None:
        return ""
    return mark_excerpt(_letter_text(letter), query) or _summary_excerpt(letter, pattern)


def _query_pattern(query):
    """Every word that starts with a word of ``query`` (longest first), or None."""
    words = sorted({word.casefold() for word in query.split()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(word) for word in words) + r")\w*", re.I)


def mark_excerpt(text, query):
    """A piece of plain ``text`` around the first word that starts with a word of ``query``.

    Safe HTML: every character escaped, each such word in ``<mark>``; "" when none matched.
    """
    pattern = _query_pattern(query)
    if pattern is None or not text:
        return ""
    first = pattern.search(text)
    if first is None:
        return ""
    start = max(first.start() - EXCERPT_LENGTH // 3, 0)
    if start:
        start = text.find(" ", start) + 1 or start  # begin at a whole word
    end = min(start + EXCERPT_LENGTH, len(text))
    if end < len(text):
        space = text.rfind(" ", first.end(), end)  # end at a whole word
        end = space if space > 0 else end
    return _marked(text[start:end], pattern, before=bool(start), after=end < len(text))


def _summary_excerpt(letter, pattern):
    """No word of the letter's text matched: the start of its plain-language summary.

    A letter without one (published with "geen samenvatting") gets "", as before.
    """
    summary = re.sub(r"\s+", " ", letter.summary_state[0])
    if not summary:
        return ""
    end = len(summary)
    if end > EXCERPT_LENGTH:
        space = summary.rfind(" ", 0, EXCERPT_LENGTH)
        end = space if space > 0 else EXCERPT_LENGTH
    return _marked(summary[:end], pattern, before=False, after=end < len(summary))


def _marked(piece, pattern, *, before, after):
    parts, last = [], 0
    for match in pattern.finditer(piece):
        parts.append(escape(piece[last : match.start()]))
        parts.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    parts.append(escape(piece[last:]))
    return mark_safe(  # noqa: S308 -- every part is escaped above
        ("… " if before else "") + "".join(parts) + (" …" if after else "")
    )
