"""A backup that can be proven (docs/operations.md): dump, restore, verify, compare.

The demo is committed to the test database, with its letters' PDFs made.
Every public URL is crawled (tests/public_crawl.py). Then the backup is made
as docs/operations.md says: the database dumped (PostgreSQL: ``pg_dump
--format=custom``; SQLite: its online backup API, what ``sqlite3 …
".backup …"`` uses), the private folder and MEDIA_ROOT archived with tar.
The originals are then lost: the folders deleted, the original database
changed (every page title), so that a crawl that reached them would differ.
The backup is restored into an empty database and new folders, Django is
pointed at them, ``verify_archive`` passes, and the same URLs give the same
status, type and bytes. Per request only the CSRF token and a CSP nonce may
differ (none of the public pages has either today); the ``Date``, cookie and
other headers are not compared. Last, one changed byte in one restored PDF
fails ``verify_archive``, naming that version.
"""

import io
import os
import re
import shutil
import sqlite3
import subprocess
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advice.models import LetterVersion
from tests.committed import committed_database, ensured_test_database  # noqa: F401
from tests.public_crawl import Page, crawl, fetch

#: What may differ between two requests for the same public URL.
PER_REQUEST = (
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*'), rb"\1-"),
    (re.compile(rb'(nonce=")[^"]*'), rb"\1-"),
)

POSTGRES_CLIENT = (
    "pg_dump, pg_restore, createdb and dropdb (Debian: apt-get install postgresql-client)"
)


def normalised(page):
    body = page.body
    for pattern, replacement in PER_REQUEST:
        body = pattern.sub(replacement, body)
    return (page.status, page.content_type, page.location, body)


@pytest.fixture
def committed_demo(committed_database, _demo_snapshots):
    """The demo with its PDFs, committed, so that ``pg_dump`` sees it."""
    _demo_snapshots.put()


def clear_caches():
    for cache in caches.all():
        cache.clear()


def verify_archive():
    out = io.StringIO()  # stdout and stderr, in order
    try:
        call_command("verify_archive", stdout=out, stderr=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + str(error)
    return 0, out.getvalue()


# -- The database: PostgreSQL with its own client tools, SQLite with its backup API.


def _pg_env(database):
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def _run(*command, env=None):
    if shutil.which(command[0]) is None:
        pytest.fail(f"The restore test needs {POSTGRES_CLIENT}; {command[0]} is missing.")
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=60)  # noqa: S603


def dump_database(connection, target):
    if connection.vendor == "postgresql":
        database = connection.settings_dict
        _run(
            "pg_dump",
            "--format=custom",
            f"--file={target}",
            database["NAME"],
            env=_pg_env(database),
        )
    else:
        connection.ensure_connection()
        with closing(sqlite3.connect(target)) as copy:
            connection.connection.backup(copy)


@contextmanager
def restored_database(connection, dump, folder):
    """The settings of a new database restored from ``dump``; dropped afterwards."""
    database = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        database["NAME"] = f"{database['NAME']}_restore_{os.getpid()}"[:63]
        env = _pg_env(database)
        _run("dropdb", "--if-exists", database["NAME"], env=env)
        _run("createdb", "--template=template0", database["NAME"], env=env)
        try:
            _run(
                "pg_restore", "--exit-on-error", "--no-owner", "-d", database["NAME"], dump, env=env
            )
            yield database
        finally:
            _run("dropdb", "--if-exists", "--force", database["NAME"], env=env)
    else:
        database["NAME"] = str(folder / "db.sqlite3")
        shutil.copyfile(dump, database["NAME"])
        yield database


@contextmanager
def django_uses(database):
    """Every query of Django goes to ``database`` (settings) while in the block."""
    original = connections[DEFAULT_DB_ALIAS]
    restored = original.__class__(database, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = restored
    try:
        yield restored
    finally:
        restored.close()
        connections[DEFAULT_DB_ALIAS] = original


# -- The test.


def test_a_restored_backup_verifies_and_serves_the_same_site(committed_demo, settings, tmp_path):
    connection = connections[DEFAULT_DB_ALIAS]
    versions = list(LetterVersion.objects.select_related("letter"))
    assert versions and all(version.pdf and version.pdf_fingerprint for version in versions)
    assert verify_archive()[0] == 0

    clear_caches()
    before, unvisited = crawl(Client())
    assert not unvisited, f"the crawl stopped before {unvisited[:5]}"
    assert all(page.status == 200 for page in before.values()), [
        (path, page.status) for path, page in before.items() if page.status != 200
    ]
    types = {page.content_type.split(";")[0] for page in before.values()}
    assert {
        "text/html",
        "application/rss+xml",
        "application/atom+xml",
        "text/calendar",
        "application/pdf",
        "application/json",
        "application/xml",
    } <= types
    found = re.search(rb"(\d+) brie(?:f|ven)", before["/brieven/?q=advies"].body)
    assert found and int(found[1]) > 0, "the search finds no letter"
    pdfs = [path for path, page in before.items() if page.content_type == "application/pdf"]
    assert len(pdfs) >= len(versions)

    # The backup, in the order of docs/operations.md: the database first, then the folders.
    backup = tmp_path / "backup"
    backup.mkdir()
    dump_database(connection, backup / "database.dump")
    for name, folder in (("private", settings.PRIVATE_MEDIA_ROOT), ("media", settings.MEDIA_ROOT)):
        shutil.make_archive(str(backup / name), "gztar", root_dir=folder)

    # The originals are lost: a crawl that still reached them would differ.
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
    shutil.rmtree(settings.MEDIA_ROOT)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailcore_page SET title = title || ' (origineel)'")

    # The restore: an empty database and new folders.
    restored = tmp_path / "restored"
    for name in ("private", "media"):
        shutil.unpack_archive(backup / f"{name}.tar.gz", restored / name)
    settings.PRIVATE_MEDIA_ROOT = restored / "private"
    settings.MEDIA_ROOT = restored / "media"
    with (
        restored_database(connection, backup / "database.dump", restored) as database,
        django_uses(database) as restored_connection,
    ):
        status, output = verify_archive()
        assert status == 0, output
        assert f"Pdf: {len(versions)} in orde, 0 afwijkend, 0 ontbreekt" in output

        clear_caches()
        with CaptureQueriesContext(restored_connection) as queries:
            after = fetch(Client(), list(before))
        assert len(queries) > len(before)  # the pages were read from the restored database
        different = [path for path in before if normalised(before[path]) != normalised(after[path])]
        assert not different, different

        # One changed byte in one restored PDF is found, and its version named.
        version = versions[len(versions) // 2]
        path = Path(settings.PRIVATE_MEDIA_ROOT) / version.pdf.name
        data = bytearray(path.read_bytes())
        data[-10] ^= 0x20
        path.write_bytes(bytes(data))
        status, output = verify_archive()
        assert status == 1
        assert (
            f'AFWIJKEND: brief {version.letter_id} "{version.letter.title}", '
            f"versie {version.number} ({version.get_kind_display()}): pdf: "
        ) in output
        assert "Het archief is niet in orde: 1 afwijking." in output


def test_only_the_csrf_token_and_a_nonce_may_differ():
    def page(token, nonce, text):
        return Page(
            200,
            "text/html; charset=utf-8",
            "",
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
            f'<script nonce="{nonce}" src="/static/a.js"></script><p>{text}</p>'.encode(),
        )

    assert normalised(page("a1", "n1", "Brief")) == normalised(page("b2", "m2", "Brief"))
    assert normalised(page("a1", "n1", "Brief")) != normalised(page("a1", "n1", "Brieven"))
