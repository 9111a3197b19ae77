"""Matching letters against Wagtail's search index without reading every match.

Wagtail's PostgreSQL backend (``modelsearch``) already stores what a search
needs: ``wagtailsearch_indexentry`` holds per indexed object a stored
``tsvector`` ``autocomplete`` (configuration ``simple``: every word as
written, which is what a prefix search needs) next to ``title`` and ``body``
(``SEARCH_CONFIG``, ``dutch``), each with a GIN index. The public search
matches the ``autocomplete`` column, every word a prefix (``'word':*``), all
words required (or any, for the API's ``search_operator=or``).

What made a common word slow was the query around it, not the index:

- a prefix term gets a fixed selectivity estimate from PostgreSQL (2 %,
  whatever the word), so the planner cannot tell "advies" (every letter)
  from "voicemail" (two);
- through the GIN index, a common word costs a bitmap of every match and a
  visit to each of their (wide) index rows before anything is sorted or
  counted; an ordered walk over the letters, testing each one, costs a
  rare word every letter.

So the letters are matched in one of two shapes, and the caller picks by a
*probe*: how many of the newest ``PROBE_SIZE`` letters match (a walk over
``LetterPage``'s newest-first index, each tested by the unique index of the
entries).

- ``walk`` (a common word): the match is a test per letter (``EXISTS`` on
  the entry's unique index, the vector read from its row); read in the
  listing's order and stopped at the page, or at the count's cap.
- ``gin`` (a rarer word): the matching entries through the GIN index,
  their letters looked up by primary key.

Counts stop at ``COUNT_CAP + 1``. Elsewhere (SQLite, another backend) the
letters are matched through the backend's own ``autocomplete()``, as
before; see ``docs/performance.md`` ("Search") for the switch to
OpenSearch or Elasticsearch.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
)
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Cast, Coalesce
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from wagtail.search.query import And, Or, PlainText

#: Sorts after every date (a letter's date is never this early).
UNDATED = datetime.date(1, 1, 1)
#: How far a search counts; beyond it the page says "meer dan 1.000".
COUNT_CAP = 1_000
#: How many of the newest letters the probe tests, and how many of them must
#: match for the ordered walk (``walk``) rather than the GIN index (``gin``).
PROBE_SIZE = 200
WALK_FROM = 40  # 20 % of the newest letters: a page of 20 within about 100 letters


def indexed_on_postgres():
    """Whether the letters are matched here (PostgreSQL and Wagtail's database backend)."""
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend == "wagtail.search.backends.database"


def tsquery(query, operator="and"):
    """Every word of ``query`` (already cleaned to ``\\w+`` words) as a prefix term."""
    terms = ["'" + word.replace("\\", "\\\\").replace("'", "''") + "':*" for word in query.split()]
    return SearchQuery(
        (" & " if operator == "and" else " | ").join(terms), search_type="raw", config="simple"
    )


def _entries(model):
    from wagtail.search.models import IndexEntry

    content_type = ContentType.objects.get_for_model(model)
    return IndexEntry.objects.filter(content_type_id=content_type.pk)


def walk_match(model, query, operator="and"):
    """A test of each letter on its own entry (an ``Exists`` for ``filter``).

    The vector is read as ``autocomplete || ''``, which the GIN index cannot
    serve: so the planner does not trade this walk for the bitmap of every
    match, which is what made a common word slow.
    """
    unindexed = CombinedExpression(
        F("autocomplete"),
        "||",
        Value("", output_field=SearchVectorField()),
        output_field=SearchVectorField(),
    )
    entries = (
        _entries(model)
        .filter(object_id=Cast(OuterRef("pk"), CharField(max_length=50)))
        .annotate(walked=unindexed)
        .filter(walked=tsquery(query, operator))
    )
    return Exists(entries)


def gin_match(model, query, operator="and"):
    """The letters of the entries the GIN index finds (a ``Q`` for ``filter``)."""
    entries = (
        _entries(model)
        .filter(autocomplete=tsquery(query, operator))
        .annotate(letter=Cast("object_id", BigIntegerField()))
        .values("letter")
    )
    return Q(pk__in=entries)


def word_query(query, operator="and"):
    """Each word of ``query`` (already cleaned to words) as its own prefix term."""
    terms = [PlainText(word) for word in query.split()]
    if len(terms) == 1:
        return terms[0]
    return And(terms) if operator == "and" else Or(terms)


def backend_match(model, query, operator="and"):
    """Elsewhere (SQLite, ...): the search backend's own matches, as a ``Q`` on the primary key.

    Asked of every ``model`` object, since the backend accepts filters on
    indexed fields only; the caller's queryset brings the other filters.
    """
    found = model.objects.autocomplete(word_query(query, operator), order_by_relevance=False)
    return Q(pk__in=found.get_queryset().values("pk"))


def match(model, query, operator="and", *, walk):
    return walk_match(model, query, operator) if walk else gin_match(model, query, operator)


def letter_order(*, walk):
    """The letter listings' order (``LetterPage.newest_first``: date, undated last,
    first publication, id), for the letters' part of a search.

    Walking, it is the plain order, which the newest-first index of the
    letters serves: the walk stops at the page. Otherwise the date is
    written so that no index serves it (``COALESCE(date, '0001-01-01')``,
    the same order): the planner then takes the few matches from the GIN
    index and sorts them, instead of walking every letter for them.
    """
    if walk:
        date = F("date").desc(nulls_last=True)
    else:
        date = Coalesce("date", Value(UNDATED), output_field=DateField()).desc()
    return (date, F("first_published_at").desc(), F("pk").desc())


def probe(letters, query, operator="and"):
    """A queryset counting how many of the newest ``PROBE_SIZE`` of ``letters`` match."""
    newest = letters.order_by().newest_first().values("pk")[:PROBE_SIZE]
    return letters.model.objects.filter(pk__in=newest).filter(
        walk_match(letters.model, query, operator)
    )


def gated_match(records, query, operator="and", *, walk):
    """``match`` behind the probe: true only when the probe picks this shape.

    The probe is an uncorrelated subquery, which PostgreSQL evaluates once
    and checks before reading anything (a one-time filter).
    """
    sql, params = compiled(probe(records, query, operator).values("pk"))
    # Django's own SQL of the probe, its values passed as parameters.
    probed = RawSQL(  # noqa: S611
        f"(SELECT COUNT(*) FROM ({sql}) AS probed)",  # noqa: S608
        params,
        output_field=IntegerField(),
    )
    chosen = GreaterThanOrEqual(probed, WALK_FROM) if walk else LessThan(probed, WALK_FROM)
    return Q(match(records.model, query, operator, walk=walk)) & Q(chosen)


def compiled(queryset):
    sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    return sql, list(params)


class LetterMatch:
    """The letters of ``records`` that match ``query`` on PostgreSQL, and how to read them.

    ``select()`` gives two columns for the counting query: the probe, and
    the ids of at most ``COUNT_CAP + 1`` matching letters, read in the shape
    the probe chose. ``read()`` takes them back. Then ``count`` and
    ``capped`` are known, and ``filter()`` is the cheapest test for the
    page's query: the ids themselves when they are all of them (the planner
    then knows how few there are), else the walk or the GIN index.
    """

    def __init__(self, records, query, operator="and"):
        self.records, self.query, self.operator = records, query, operator
        self.walk = False
        self.ids = None
        self.count = 0
        self.capped = False

    def select(self):
        """``(columns, from_clause, params)``: the probe and the ids, over ``FROM probe``."""
        probe_sql, probe_params = compiled(
            probe(self.records, self.query, self.operator).values("pk")
        )
        shapes = []
        for walk in (True, False):
            found = self.records.filter(
                match(self.records.model, self.query, self.operator, walk=walk)
            )
            sql, params = compiled(found.order_by().values("pk")[: COUNT_CAP + 1])
            # Django's own SQL of a queryset, its values passed as parameters.
            shapes.append((f"(SELECT array_agg(pk) FROM ({sql}) AS found)", params))  # noqa: S608
        (walk_sql, walk_params), (gin_sql, gin_params) = shapes
        columns = f"probe.n, CASE WHEN probe.n >= %s THEN {walk_sql} ELSE {gin_sql} END"
        from_clause = f" FROM (SELECT COUNT(*) AS n FROM ({probe_sql}) AS probed) AS probe"  # noqa: S608
        return columns, [WALK_FROM, *walk_params, *gin_params], from_clause, probe_params

    def read(self, probe_n, ids):
        ids = ids or []
        self.walk = probe_n >= WALK_FROM
        self.count = min(len(ids), COUNT_CAP)
        self.capped = len(ids) > COUNT_CAP
        self.ids = None if self.capped else ids

    @property
    def ordered_walk(self):
        """Whether the page's letters are read by walking the newest-first index."""
        return self.walk and self.ids is None

    def filter(self):
        if self.ids is not None:
            return Q(pk__in=self.ids)
        return match(self.records.model, self.query, self.operator, walk=self.walk)


def capped_counts(parts, letters=None):
    """One query: ``[count, ...]`` of each queryset in ``parts``, each stopped at ``COUNT_CAP + 1``.

    With ``letters`` (a ``LetterMatch``), it is read first, in the same query.
    """
    selects, params, from_clause, from_params = [], [], "", []
    if letters is not None:
        columns, params, from_clause, from_params = letters.select()
        selects.append(columns)
    for part in parts:
        sql, part_params = compiled(part.order_by().values("pk")[: COUNT_CAP + 1])
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS counted)")  # noqa: S608
        params += part_params
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects) + from_clause, [*params, *from_params])
        row = list(cursor.fetchone())
    if letters is not None:
        letters.read(row.pop(0), row.pop(0))
    return row
