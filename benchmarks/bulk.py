"""Many published letters, fast: for query budgets and the benchmarks.

Publishing a letter through its lifecycle (adopt, send, publish) renders
and stores a PDF, about 0.3 s a letter; 2,000 letters would take ten
minutes. What a public page, index, feed or API response reads of a letter
is its page row, its tags, its versions and its live revision, so
:func:`add_published_letters` writes exactly those rows in bulk: live pages
in the tree under the council page, each with a revision (live and latest),
a sent version (its real text and fingerprint, no PDF file) and topics. No
signal is sent and nothing is indexed for search: callers that cache or
search must bump the scopes or index themselves.

The tree positions come from treebeard, not from arithmetic of our own:
:func:`reserve_child_paths` does for ``count`` children what treebeard's
``add_child`` does for one (see its docstring for why that is valid).

Not for real content: a letter added here skipped adoption and sending.
Installed only by the dev and test settings (the ``benchmarks`` app).
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from treebeard.exceptions import PathOverflow
from wagtail.models import Page, Revision

from advice.letters.rendering import letter_text
from advice.letters.rules import LetterKind
from advice.models import LetterPage, LetterVersion
from advice.text import fingerprint

BATCH = 200
BODY = [
    ("text", "De Cliëntenraad heeft het voorstel besproken en wil enkele kanttekeningen plaatsen."),
    ("text", "Wij vragen het college de cliënten eerder en beter te betrekken."),
    ("signature", {"closing": "Met vriendelijke groet", "signatory": "De Cliëntenraad"}),
]


def _batches(items):
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


@transaction.atomic
def add_published_letters(
    council_page,
    count,
    *,
    addressee=None,
    topics=(),
    kind=LetterKind.REQUESTED_ADVICE,
    first_date=datetime.date(2010, 1, 1),
    published_at=None,
    title="Advies {n}",
    days_apart=1.0,
):
    """``count`` live letters under ``council_page``; returns their ids, oldest first.

    Letter ``n`` is dated ``first_date + n * days_apart`` days (rounded
    down; below 1, several letters share a day), published a second after
    letter ``n - 1``, tagged with ``topics[n % len(topics)]``.
    """
    council_page = Page.objects.get(pk=council_page.pk).specific
    council = council_page.council
    letter_type = ContentType.objects.get_for_model(LetterPage)
    page_type = ContentType.objects.get_for_model(Page)
    published_at = published_at or timezone.now() - datetime.timedelta(seconds=count + 1)
    paths = reserve_child_paths(council_page, count)
    tag_model = LetterPage._meta.get_field("tagged_items").related_model
    topics = list(topics)

    letters = []
    for n in range(count):
        moment = published_at + datetime.timedelta(seconds=n)
        slug = f"bulk-{uuid.uuid4().hex[:12]}"
        letters.append(
            LetterPage(
                title=title.format(n=n + 1),
                draft_title=title.format(n=n + 1),
                slug=slug,
                content_type=letter_type,
                path=paths[n],
                depth=council_page.depth + 1,
                numchild=0,
                url_path=f"{council_page.url_path}{slug}/",
                locale_id=council_page.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                has_unpublished_changes=False,
                first_published_at=moment,
                last_published_at=moment,
                latest_revision_created_at=moment,
                council=council,
                kind=kind,
                addressee=addressee,
                salutation="Geacht college,",
                summary="De cliëntenraad geeft het college een advies.",
                date=first_date + datetime.timedelta(days=int(n * days_apart)),
                body=BODY,
            )
        )

    for batch in _batches(letters):
        pages = Page.objects.bulk_create([Page(**_page_fields(letter)) for letter in batch])
        for letter, page in zip(batch, pages, strict=True):
            letter.page_ptr_id = letter.pk = letter.id = page.pk
        LetterPage._base_manager._insert(
            batch, fields=LetterPage._meta.local_concrete_fields, raw=True
        )

    if topics:
        tag_model.objects.bulk_create(
            [
                tag_model(content_object_id=letter.pk, tag=topics[n % len(topics)])
                for n, letter in enumerate(letters)
            ],
            batch_size=BATCH,
        )

    # One serialisation (modelcluster reads the child relations from the
    # database), then per letter the fields that differ.
    content = letters[0].serializable_data() if letters else {}
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                content_type=letter_type,
                base_content_type=page_type,
                object_id=str(letter.pk),
                object_str=letter.title,
                content=content
                | {
                    "pk": letter.pk,
                    "title": letter.title,
                    "draft_title": letter.title,
                    "slug": letter.slug,
                    "path": letter.path,
                    "url_path": letter.url_path,
                    "translation_key": str(letter.translation_key),
                    "date": letter.date.isoformat(),
                    "tagged_items": [
                        {"pk": None, "tag": topics[n % len(topics)].pk, "content_object": letter.pk}
                    ]
                    if topics
                    else [],
                },
                created_at=letter.first_published_at,
            )
            for n, letter in enumerate(letters)
        ],
        batch_size=BATCH,
    )
    for letter, revision in zip(letters, revisions, strict=True):
        letter.latest_revision = letter.live_revision = revision
    Page.objects.bulk_update(letters, ["latest_revision", "live_revision"], batch_size=BATCH)

    texts = _letter_texts(letters)
    LetterVersion.objects.bulk_create(
        [
            _sent_version(letter, revision, text)
            for letter, revision, text in zip(letters, revisions, texts, strict=True)
        ],
        batch_size=BATCH,
    )
    return [letter.pk for letter in letters]


TITLE_MARK = "Bulktitelplaatsvervanger"
#: Every this many letters, the text is also rendered in full and must be the same.
CHECK_EVERY = 97


def _letter_texts(letters):
    """``letter_text`` of each letter, rendered once per date (most of a bulk fill's time).

    Bulk letters differ only in title and date, so the text of a day is
    rendered once with a mark for the title, which is then filled in. Every
    ``CHECK_EVERY``-th letter (and the first of each day) is rendered in full
    as well and must give the very same text, or this raises: a template
    change that puts the title where it cannot be filled in is caught, not
    stored.
    """
    by_date, texts = {}, []
    for n, letter in enumerate(letters):
        if letter.date not in by_date:
            title = letter.title
            letter.title = TITLE_MARK
            try:
                by_date[letter.date] = letter_text(letter)
            finally:
                letter.title = title
            check = True
        else:
            check = n % CHECK_EVERY == 0
        text = by_date[letter.date].replace(TITLE_MARK, letter.title)
        if check and text != letter_text(letter):
            raise AssertionError(f"Bulk text of {letter.title!r} differs from letter_text")
        texts.append(text)
    return texts


def reserve_child_paths(parent, count):
    """Tree paths for ``count`` new last children of ``parent``; counts them in its numchild.

    The fast path is valid because it leaves the tree exactly as ``count``
    calls of treebeard's ``parent.add_child(instance=...)`` would
    (``MP_AddChildHandler``), without saving each page on its own:

    - ``Page`` has no ``node_order_by``, so ``add_child`` always appends: the
      new child's path is ``_get_path(parent.path, depth, 1)`` when the parent
      is a leaf, otherwise the last child's ``_inc_path()``. Appending
      ``count`` times gives the consecutive steps after the last child's
      step, built here with the same ``_get_path``, with treebeard's
      ``PathOverflow`` when they run out of the alphabet.
    - Each child gets ``depth = parent.depth + 1`` and ``numchild = 0``
      (it is a new leaf), the caller sets them; ``add_child`` adds 1 to the
      parent's ``numchild`` per child with an ``F()`` update, this adds
      ``count`` in one.
    - As in ``add_child``, the parent row is locked first (``SELECT ... FOR
      UPDATE``), so no other transaction adds a child between reading the
      last child and writing these; call it inside the transaction that
      inserts the pages.

    What the fast path skips is per page: ``full_clean``, the save signals
    and the search index, which the caller accounts for. ``Page.find_problems()``
    stays empty after it (tests/benchmarks/test_bulk.py).
    """
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last_child = parent.get_last_child()
    first_step = last_child._get_lastpos_in_path() + 1 if last_child else 1
    steps = range(first_step, first_step + count)
    if count and len(Page._int2str(steps[-1])) > Page.steplen:
        raise PathOverflow(f"No room for {count} more children under {parent.path!r}")
    paths = [Page._get_path(parent.path, parent.depth + 1, step) for step in steps]
    if paths and len(paths[0]) > Page._meta.get_field("path").max_length:
        raise PathOverflow(f"Children of {parent.path!r} would be too deep in the tree")
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + count)
    return paths


def _page_fields(letter):
    names = [field.attname for field in Page._meta.concrete_fields if field.attname != "id"]
    return {name: getattr(letter, name) for name in names}


def _sent_version(letter, revision, text):
    return LetterVersion(
        letter_id=letter.pk,
        number=1,
        kind=LetterVersion.Kind.SENT,
        revision=revision,
        text=text,
        fingerprint=fingerprint(text),
        recorded_at=letter.first_published_at,
        sent_on=letter.date,
        sent_to=letter.addressee.name if letter.addressee else "",
    )


def analyze_after_rollback(*models):
    """``ANALYZE`` the tables of ``models`` on PostgreSQL, after a benchmark rolled its rows back.

    A rolled-back bulk insert leaves the planner's statistics describing rows
    that no longer exist (50,000 consultations in an empty table): a later
    query then plans for them, and spent 313 ms in JIT compilation instead of
    0.04 ms. Every benchmark that bulk-writes and rolls back calls this.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    tables = sorted({model._meta.db_table for model in models})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def copy_letters_in_sql(council_page, count):
    """Copy ``count`` bulk letters of ``council_page`` as new live letters, in SQL (PostgreSQL).

    For the national-scale benchmark: :func:`add_published_letters` makes
    about 70 letters a second on a busy 2-core machine, so 200,000 would take
    most of an hour. This copies existing bulk letters (the oldest first)
    row for row, a few statements for any number: each copy is a new page
    (its own id, tree path from :func:`reserve_child_paths`, slug, URL path
    and translation key) with its letter row, its revision (the content's
    own keys set to the copy's), its topics, its sent version (same text and
    fingerprint: the title and date are the original's) and its search
    index entry (the same vectors: the indexed text is the same). Returns the
    number of letters copied, at most the bulk letters there are.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        raise NotImplementedError("copy_letters_in_sql needs PostgreSQL")
    with transaction.atomic():
        parent = Page.objects.select_for_update().get(pk=council_page.pk)
        sources = list(
            Page.objects.child_of(parent)
            .filter(slug__startswith="bulk-")
            .order_by("path")
            .values_list("pk", flat=True)[:count]
        )
        if not sources:
            return 0
        paths = reserve_child_paths(parent, len(sources))
        letter_type = ContentType.objects.get_for_model(LetterPage)
        page_type = ContentType.objects.get_for_model(Page)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                CREATE TEMP TABLE bulk_copy ON COMMIT DROP AS
                SELECT source.id AS old_id,
                       nextval(pg_get_serial_sequence('wagtailcore_page', 'id')) AS new_id,
                       step.path,
                       'bulk-' || substr(md5(random()::text || source.id::text), 1, 12) AS slug,
                       gen_random_uuid() AS translation_key
                FROM unnest(%s::int[], %s::text[]) AS step(old_id, path)
                JOIN wagtailcore_page source ON source.id = step.old_id
                """,
                [sources, paths],
            )
            cursor.execute(
                """
                INSERT INTO wagtailcore_page
                SELECT (jsonb_populate_record(NULL::wagtailcore_page, to_jsonb(p) || jsonb_build_object(
                    'id', c.new_id, 'path', c.path, 'slug', c.slug,
                    'url_path', %s || c.slug || '/', 'translation_key', c.translation_key,
                    'live_revision_id', NULL, 'latest_revision_id', NULL))).*
                FROM wagtailcore_page p JOIN bulk_copy c ON c.old_id = p.id
                """,
                [parent.url_path],
            )
            cursor.execute(
                """
                INSERT INTO advice_letterpage
                SELECT (jsonb_populate_record(NULL::advice_letterpage,
                    to_jsonb(l) || jsonb_build_object('page_ptr_id', c.new_id))).*
                FROM advice_letterpage l JOIN bulk_copy c ON c.old_id = l.page_ptr_id
                """
            )
            cursor.execute(
                """
                CREATE TEMP TABLE bulk_revision_copy ON COMMIT DROP AS
                SELECT r.id AS old_id,
                       nextval(pg_get_serial_sequence('wagtailcore_revision', 'id')) AS new_id,
                       c.new_id AS page_id
                FROM wagtailcore_revision r JOIN bulk_copy c ON r.object_id = c.old_id::text
                WHERE r.base_content_type_id = %s
                """,
                [page_type.pk],
            )
            cursor.execute(
                """
                INSERT INTO wagtailcore_revision
                SELECT (jsonb_populate_record(NULL::wagtailcore_revision, to_jsonb(r) || jsonb_build_object(
                    'id', rc.new_id, 'object_id', rc.page_id::text,
                    'content', r.content || jsonb_build_object(
                        'pk', rc.page_id, 'slug', c.slug, 'path', c.path,
                        'url_path', %s || c.slug || '/',
                        'translation_key', c.translation_key::text,
                        'tagged_items', COALESCE((
                            SELECT jsonb_agg(item || jsonb_build_object('content_object', rc.page_id))
                            FROM jsonb_array_elements(r.content -> 'tagged_items') AS item
                        ), '[]'::jsonb))))).*
                FROM wagtailcore_revision r
                JOIN bulk_revision_copy rc ON rc.old_id = r.id
                JOIN bulk_copy c ON c.new_id = rc.page_id
                """,
                [parent.url_path],
            )
            cursor.execute(
                """
                UPDATE wagtailcore_page p
                SET live_revision_id = rc.new_id, latest_revision_id = rc.new_id
                FROM bulk_revision_copy rc WHERE p.id = rc.page_id
                """
            )
            cursor.execute(
                """
                INSERT INTO advice_taggedletter (tag_id, content_object_id)
                SELECT t.tag_id, c.new_id
                FROM advice_taggedletter t JOIN bulk_copy c ON c.old_id = t.content_object_id
                """
            )
            cursor.execute(
                """
                INSERT INTO advice_letterversion
                SELECT (jsonb_populate_record(NULL::advice_letterversion, to_jsonb(v) || jsonb_build_object(
                    'id', nextval(pg_get_serial_sequence('advice_letterversion', 'id')),
                    'letter_id', c.new_id, 'revision_id', rc.new_id))).*
                FROM advice_letterversion v
                JOIN bulk_copy c ON c.old_id = v.letter_id
                JOIN bulk_revision_copy rc ON rc.old_id = v.revision_id
                """
            )
            cursor.execute(
                """
                INSERT INTO wagtailsearch_indexentry
                SELECT (jsonb_populate_record(NULL::wagtailsearch_indexentry, to_jsonb(e) || jsonb_build_object(
                    'id', nextval(pg_get_serial_sequence('wagtailsearch_indexentry', 'id')),
                    'object_id', c.new_id::text))).*
                FROM wagtailsearch_indexentry e JOIN bulk_copy c ON e.object_id = c.old_id::text
                WHERE e.content_type_id = %s
                """,
                [letter_type.pk],
            )
            # Dropped at commit too, but a caller's transaction (a test) may go on.
            cursor.execute("DROP TABLE bulk_copy, bulk_revision_copy")
    return len(sources)
