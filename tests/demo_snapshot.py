"""The demo content, loaded once and put back into each test that asks for it.

``manage.py load_demo`` takes seconds (most of it WeasyPrint rendering the
letters' PDFs), and some thirty tests ask for the demo. ``DemoSnapshots.put``
runs the real command the first time, in a savepoint it rolls back, and
records which rows it inserted, changed and deleted, and which files it wrote.
Every later test with the same starting point gets exactly those rows (same
ids, same values) written straight into its own transaction, and a copy of
the files in its own media folders: a few hundredths of a second instead.

A snapshot is reused only where the command would have started from the very
same database (every table compared, row by row) at the same "now": the date,
or the exact moment where a test froze the clock (time-machine with
``tick=False``), because the loaders stamp revisions and verdicts with it.
Any other starting point gets a snapshot of its own, made the same way, so a
test never sees anything a fresh ``load_demo`` would not have produced.
"""

import io
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import override_settings

from tests import on_commit


@dataclass
class Table:
    name: str
    pk: str
    columns: list
    models: list = field(default_factory=list)
    by_triggers: bool = False

    def rows(self, cursor):
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT {', '.join(map(quote, self.columns))} FROM {quote(self.name)}")  # noqa: S608
        index = self.columns.index(self.pk)
        return {row[index]: row for row in cursor.fetchall()}

    def delete(self, cursor, pks):
        quote = connection.ops.quote_name
        for chunk in _chunks(sorted(pks)):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(
                f"DELETE FROM {quote(self.name)} WHERE {quote(self.pk)} IN ({marks})",  # noqa: S608
                chunk,
            )

    def insert(self, cursor, rows):
        quote = connection.ops.quote_name
        marks = ", ".join(["%s"] * len(self.columns))
        cursor.executemany(
            f"INSERT INTO {quote(self.name)} ({', '.join(map(quote, self.columns))}) "  # noqa: S608
            f"VALUES ({marks})",
            rows,
        )


def _chunks(items, size=500):
    return [items[i : i + size] for i in range(0, len(items), size)]


def _kept_by_triggers():
    """Tables the database's own triggers write to: they follow the others.

    On SQLite, Wagtail's search keeps its full-text table
    (``wagtailsearch_indexentry_fts``) in step with its index entries so.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
            sql = " ".join(row[0] for row in cursor.fetchall())
        return set(re.findall(r"(?:INSERT INTO|UPDATE|DELETE FROM)\s+\"?(\w+)", sql))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
            )
            (count,) = cursor.fetchone()
        if count:
            raise NotImplementedError("tests/demo_snapshot.py: which tables do the triggers write?")
    return set()


def _tables():
    """Every table a model maps to (auto-created many-to-many tables included)."""
    existing = set(connection.introspection.table_names())
    tables = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or meta.db_table not in existing:
            continue
        table = tables.get(meta.db_table)
        if table is None:
            table = tables[meta.db_table] = Table(
                meta.db_table, meta.pk.column, [f.column for f in meta.local_concrete_fields]
            )
        table.models.append(model)
    for name in _kept_by_triggers() & set(tables):
        tables[name].by_triggers = True
    return sorted(tables.values(), key=lambda table: table.name)


def _state(tables):
    with connection.cursor() as cursor:
        return {table.name: table.rows(cursor) for table in tables}


def _now_key():
    """The date, or the exact moment if a test stopped the clock."""
    before = time.time_ns()
    time.sleep(0.002)
    after = time.time_ns()
    return ("frozen", before) if before == after else ("date", date.today())


@dataclass
class Snapshot:
    load: object
    now: tuple
    before: dict  # table name -> {pk: row}, the starting point
    deleted: dict = field(default_factory=dict)  # table name -> pks
    written: dict = field(default_factory=dict)  # table name -> rows (new or changed)
    media: Path | None = None


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


class DemoSnapshots:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.snapshots = []
        self.tables = None
        self.loads = 0  # how often a loader really ran

    def put(self, load=load_demo):
        """Make the database and media folders what ``load()`` would make of them.

        ``load`` is ``manage.py load_demo`` unless a test needs more steps
        (tests/advice/test_seeds.py); each loader has snapshots of its own.
        """
        if self.tables is None:
            self.tables = _tables()
        before = _state(self.tables)
        now = _now_key()
        snapshot = next(
            (s for s in self.snapshots if (s.load, s.now, s.before) == (load, now, before)),
            None,
        )
        if snapshot is None:
            snapshot = self._take(load, before, now)
            self.snapshots.append(snapshot)
        self._restore(snapshot)

    def _take(self, load, before, now):
        self.loads += 1
        snapshot = Snapshot(load, now, before, media=self.folder / f"demo-{self.loads}")
        with (
            override_settings(
                MEDIA_ROOT=snapshot.media / "public",
                PRIVATE_MEDIA_ROOT=snapshot.media / "private",
            ),
            # The test's block, not the command's: the tasks the command enqueues
            # on commit (a sent letter's PDF) run when its own transactions end.
            on_commit.test_atomic(),
        ):
            load()
            after = _state(self.tables)
            transaction.set_rollback(True)
        for table in self.tables:
            old, new = before[table.name], after[table.name]
            if old == new:
                continue
            snapshot.deleted[table.name] = [pk for pk, row in old.items() if new.get(pk) != row]
            snapshot.written[table.name] = [row for pk, row in new.items() if old.get(pk) != row]
        return snapshot

    def _restore(self, snapshot):
        changed = [
            table
            for table in self.tables
            if table.name in snapshot.written and not table.by_triggers
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for table in changed:
                table.delete(cursor, snapshot.deleted[table.name])
            for table in changed:
                table.insert(cursor, snapshot.written[table.name])
            models = [model for table in changed for model in table.models]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        for name, target in (
            ("public", settings.MEDIA_ROOT),
            ("private", settings.PRIVATE_MEDIA_ROOT),
        ):
            source = snapshot.media / name
            if source.exists():
                shutil.copytree(source, target, dirs_exist_ok=True)
        # The command's saves emptied what the caches held (Wagtail's site
        # root paths among them); rows written directly send no signals.
        for cache in caches.all(initialized_only=True):
            cache.clear()
