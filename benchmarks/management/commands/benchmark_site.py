"""``manage.py benchmark_site``: the public site under gunicorn, as in production.

In a temporary folder: a fresh SQLite database (or, with ``--postgres``, a
PostgreSQL database it creates and drops, or keeps and reuses with
``--database``), migrated, with the demo content and ``--letters`` published
letters (``benchmarks.bulk``: pages, revisions, versions and topics, no PDFs,
indexed for search; on PostgreSQL most of them copies made in SQL), and
``collectstatic``. Then gunicorn (the gthread worker, as documented in
docs/deployment.md) serves it on 127.0.0.1 with the production settings,
twice: first with the page cache off, where each target gets ``--samples``
requests one after another (p50, p95 and the SQL statements, from an
``X-Query-Count`` header that only the benchmark's settings add) and a
throughput run; then with the cache on, a throughput run. Throughput runs
send ``--requests`` requests, ``--concurrency`` at a time, each on a new
connection, at most ``--seconds`` per target, and are divided by a static
file's throughput on the same server. The targets are the pages of issue 17:
a letter, home, the index and the filtered index, the searches, a topic, the
feed and its 304, the scorecards, the sitemap index and one section of each
kind (``describe`` and ``targets``).

Loopback only, bounded in requests and time; it stops gunicorn and removes
the folder itself, also when interrupted.

Production settings do not install the ``benchmarks`` app, so this command
does not exist there. Only the steps that add the letters (``--fill``) and
choose the targets (``--describe``) run with ``bench_fill_settings``: the
production settings plus this app. The migrations, the demo content,
``collectstatic`` and gunicorn run with the production settings alone, as on
a server.
"""

import http.client
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models

HOST = "127.0.0.1"
MAX_REQUESTS = 5000
MAX_SECONDS = 60


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def fetch(port, path, headers=None, timeout=10):
    """``(status, headers, body, seconds)`` of one GET on a new connection."""
    started = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return response.status, dict(response.getheaders()), body, time.perf_counter() - started
    finally:
        connection.close()


def run_load(port, path, *, headers, expect, requests, concurrency, seconds):
    """Send up to ``requests`` GETs, ``concurrency`` at a time, for at most ``seconds``."""
    durations, failures, cache = [], [], {}
    lock = threading.Lock()
    issued = 0
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal issued
        while True:
            with lock:
                if issued >= requests or time.perf_counter() > deadline:
                    return
                issued += 1
            try:
                status, response_headers, _, duration = fetch(port, path, headers)
            except OSError as error:
                with lock:
                    failures.append(repr(error))
                continue
            with lock:
                if status == expect:
                    durations.append(duration)
                    state = response_headers.get("X-Public-Cache", "-")
                    cache[state] = cache.get(state, 0) + 1
                else:
                    failures.append(str(status))

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return durations, failures, elapsed, cache


def fill_part(value):
    k, n = (int(number) for number in value.split("/"))
    if not 0 <= k < n:
        raise ValueError(value)
    return k, n


#: Processes that fill the database at once (each its own councils).
FILL_PROCESSES = 4


def percentile(values, fraction):
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


class Command(BaseCommand):
    help = (
        "Meet de publieke site onder gunicorn met productie-instellingen en veel brieven "
        "(alleen op 127.0.0.1; ruimt zelf op)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--letters", type=int, default=2000)
        parser.add_argument("--requests", type=int, default=400, help="per doel")
        parser.add_argument("--concurrency", type=int, default=4)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers")
        parser.add_argument("--threads", type=int, default=4, help="threads per worker (gthread)")
        parser.add_argument("--seconds", type=int, default=20, help="hoogstens, per doel")
        parser.add_argument(
            "--samples",
            type=int,
            default=30,
            help="verzoeken na elkaar per doel, zonder paginacache, voor p50 en p95",
        )
        parser.add_argument(
            "--postgres",
            metavar="URL",
            help="PostgreSQL-server (postgres://user@host:port/); maakt een eigen database en "
            "verwijdert die na afloop",
        )
        parser.add_argument(
            "--database",
            metavar="NAAM",
            help="met --postgres: deze database gebruiken en bewaren; bestaat hij al, dan worden "
            "alleen de ontbrekende brieven toegevoegd (200.000 brieven opbouwen duurt lang)",
        )
        parser.add_argument(
            "--redis",
            metavar="URL",
            help="de paginacache in deze Redis (redis://host:port/db), onder een eigen "
            "sleutelvoorvoegsel dat na afloop wordt gewist; zonder: elk proces een eigen cache",
        )
        parser.add_argument("--fill", type=int, help=textwrap.dedent("(intern) vul de database"))
        parser.add_argument(
            "--fill-part", type=fill_part, default=(0, 1), help="(intern) K/N: deel K van N"
        )
        parser.add_argument("--describe", action="store_true", help="(intern) wat te meten")

    def handle(self, *args, **options):
        if options["fill"] is not None:
            return self.fill(options["fill"], part=options["fill_part"])
        if options["describe"]:
            return self.describe()
        for name, limit in (
            ("requests", MAX_REQUESTS),
            ("seconds", MAX_SECONDS),
            ("samples", MAX_REQUESTS),
        ):
            if not 1 <= options[name] <= limit:
                raise CommandError(f"--{name} moet tussen 1 en {limit} liggen.")
        self.threads = options["threads"]
        if not 1 <= self.threads <= 16:
            raise CommandError("--threads tussen 1 en 16.")
        if options["database"] and not options["postgres"]:
            raise CommandError("--database kan alleen met --postgres.")
        if not 1 <= options["concurrency"] <= 32 or not 1 <= options["workers"] <= 16:
            raise CommandError("--concurrency hoogstens 32, --workers hoogstens 16.")
        folder = Path(tempfile.mkdtemp(prefix="kanttekening-benchmark-"))
        database = env = None
        try:
            env, database = self.environment(folder, options)
            self.prepare(env, options["letters"], reused=self.reused)
            self.benchmark(env, options)
        finally:
            if database is not None:
                self.drop_database(*database)
            if options["redis"] and env is not None:
                self.forget_redis_keys(options["redis"], env)
            shutil.rmtree(folder, ignore_errors=True)

    # --- Setting up -----------------------------------------------------------------------

    def environment(self, folder, options):
        (folder / "bench_fill_settings.py").write_text(
            "from bench_settings import *  # noqa\n"
            "INSTALLED_APPS = ['benchmarks', *INSTALLED_APPS]\n"
        )
        (folder / "bench_settings.py").write_text(
            "from config.settings.production import *  # noqa\n"
            f"STATIC_ROOT = {str(folder / 'static')!r}\n"
            f"MEDIA_ROOT = {str(folder / 'media')!r}\n"
            "PUBLIC_CACHE_ENABLED = True\n"
            "MIDDLEWARE = ['benchmarks.middleware.QueryCountMiddleware', *MIDDLEWARE]\n"
            "LOGGING = {'version': 1, 'disable_existing_loggers': False,"
            " 'root': {'level': 'ERROR'}}\n"
        )
        (folder / "bench_nocache_settings.py").write_text(
            "from bench_settings import *  # noqa\nPUBLIC_CACHE_ENABLED = False\n"
        )
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(folder), str(settings.BASE_DIR)]),
            "DJANGO_SETTINGS_MODULE": "bench_settings",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "DATABASE_URL": f"sqlite:///{folder / 'benchmark.sqlite3'}",
        }
        env.pop("REDIS_URL", None)
        if options["redis"]:
            # The production settings' Redis cache, under a prefix of this run only.
            env["REDIS_URL"] = options["redis"]
            env["KT_BENCHMARK_CACHE_PREFIX"] = f"kanttekening-benchmark-{os.getpid()}"
            with (folder / "bench_settings.py").open("a") as extra:
                extra.write(
                    "import os\n"
                    "CACHES['default']['KEY_PREFIX'] = os.environ['KT_BENCHMARK_CACHE_PREFIX']\n"
                )
        database = None
        self.reused = False
        if options["postgres"]:
            server = options["postgres"].rstrip("/")
            name = options["database"] or f"kanttekening_benchmark_{os.getpid()}"
            if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
                raise CommandError("--database: kleine letters, cijfers en _, hoogstens 63 tekens.")
            self.reused = bool(options["database"]) and self.database_exists(server, name)
            if not self.reused:
                self.psql(server, f'CREATE DATABASE "{name}"')
                if not options["database"]:
                    database = (server, name)  # dropped afterwards
            env["DATABASE_URL"] = f"{server}/{name}"
        return env, database

    def database_exists(self, server, name):
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return found.fetchone() is not None

    def forget_redis_keys(self, url, env):
        import redis

        client = redis.Redis.from_url(url)
        keys = list(client.scan_iter(match=f"{env['KT_BENCHMARK_CACHE_PREFIX']}:*"))
        if keys:
            client.delete(*keys)

    def psql(self, server, sql):
        import psycopg

        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(sql)

    def drop_database(self, server, name):
        self.psql(server, f'DROP DATABASE IF EXISTS "{name}"')

    def manage(self, env, *arguments):
        """Run ``manage.py`` in the benchmark's environment; returns what it printed."""
        done = subprocess.run(  # noqa: S603 - our own manage.py, fixed arguments
            [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
            env=env,
            check=False,
            capture_output=True,
        )
        if done.returncode:
            raise CommandError(
                f"manage.py {' '.join(arguments)} faalde:\n"
                + done.stderr.decode(errors="replace")[-3000:]
            )
        return done.stdout.decode()

    def prepare(self, env, letters, *, reused):
        started = time.perf_counter()
        self.stdout.write(f"Database voorbereiden ({letters} brieven) ...")
        self.manage(env, "migrate", "--noinput")
        self.manage(env, "collectstatic", "--noinput")
        if not reused:
            self.manage(env, "load_demo")
        fill_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_fill_settings"}
        threads = [
            threading.Thread(
                target=self.manage,
                args=(
                    fill_env,
                    "benchmark_site",
                    "--fill",
                    str(letters),
                    "--fill-part",
                    f"{k}/{n}",
                ),
            )
            for n in [FILL_PROCESSES]
            for k in range(n)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.stdout.write(f"  klaar in {time.perf_counter() - started:.0f} s")

    #: Letters per transaction while filling (and per batch for the search index).
    FILL_CHUNK = 5000
    #: On PostgreSQL, past this many letters a council's further letters are copies of its
    #: first ones, made in SQL (``benchmarks.bulk.copy_letters_in_sql``): same title, date and
    #: text, their own page, revision, version and index entry.
    COPY_AFTER = 12_500
    #: The bulk letters are dated over these years, spread evenly over the councils.
    FILL_YEARS = (2010, 2026)

    def fill(self, count, part=(0, 1)):
        """(In the benchmark's own environment.) Up to ``count`` bulk letters, indexed for search.

        They are spread over every council page and every topic, each
        council's share dated evenly over ``FILL_YEARS``. ``part`` ``(k, n)``
        fills only the councils ``k``, ``k + n``, ... so that ``n`` processes
        can fill at once (each council page is locked by its own filler).
        Letters from an earlier run of a kept database (``--database``) are
        counted per council first; only the missing ones are added, and any
        letter not in the search index (the demo's, or one an interrupted run
        left out) is indexed.
        """
        import datetime

        from django.contrib.contenttypes.models import ContentType
        from django.db.models.functions import Cast
        from wagtail.search.backends import get_search_backend
        from wagtail.search.models import IndexEntry

        from advice.models import LetterPage
        from benchmarks.bulk import add_published_letters, copy_letters_in_sql
        from council.models import MunicipalBody, Topic
        from publications import caching
        from publications.models import CouncilPage

        pages = list(CouncilPage.objects.select_related("council").order_by("pk"))
        topics = list(Topic.objects.order_by("pk"))
        first, last = (datetime.date(year, 1, 1) for year in self.FILL_YEARS)
        index = get_search_backend().get_index_for_model(LetterPage)

        def add_to_index(letters):
            # Topics prefetched: the index reads each letter's (one query per letter otherwise).
            index.add_items(LetterPage, list(letters.prefetch_related("topics")))

        indexed = IndexEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(LetterPage)
        ).values("object_id")
        k, n = part
        for number, page in enumerate(pages):
            if number % n != k:
                continue
            bulk = LetterPage.objects.filter(council=page.council, slug__startswith="bulk-")
            # The demo's letters too: under the production settings the index is updated by
            # a task on the queue, and no worker runs while the benchmark builds its data.
            unindexed = (
                LetterPage.objects.filter(council=page.council)
                .annotate(key=Cast("pk", models.TextField()))
                .exclude(key__in=indexed)
            )
            if unindexed.exists():
                add_to_index(unindexed)
            share = count // len(pages) + (1 if number < count % len(pages) else 0)
            addressee = MunicipalBody.objects.filter(municipality=page.council.municipality).first()
            days_apart = (last - first).days / max(share, 1)
            made = bulk.count()
            while made < share:
                if connection.vendor == "postgresql" and made >= self.COPY_AFTER:
                    made += copy_letters_in_sql(page, min(made, share - made))
                    self.stdout.write(f"  {page.council.slug}: {made}/{share} (kopieën)")
                    continue
                start, size = made, min(self.FILL_CHUNK, share - made)
                made += size
                ids = add_published_letters(
                    page,
                    size,
                    addressee=addressee,
                    topics=topics[number % len(topics) :] + topics[: number % len(topics)],
                    first_date=first + datetime.timedelta(days=int(start * days_apart)),
                    days_apart=days_apart,
                )
                add_to_index(LetterPage.objects.filter(pk__in=ids))
                self.stdout.write(f"  {page.council.slug}: {start + size}/{share}")
        caching.bump(caching.SITE)
        caching.bump(caching.LETTERS)

    #: A word in one demo letter and in none of the bulk letters; "advies" is in every title.
    RARE_WORD = "participatiewet"
    COMMON_WORD = "advies"

    def describe(self):
        """(In the benchmark's own environment.) Print the paths to measure, as JSON."""
        import json

        from django.db.models import Count

        from advice.models import LetterPage
        from council.models import Topic
        from publications.queries import public_letters

        letters = public_letters()
        letter = letters.filter(slug__startswith="bulk-").order_by("-date", "-pk").first()
        letter = letter or letters.order_by("-date", "-pk").first()
        council = letter.council
        year = (
            letters.filter(council=council, date__isnull=False)
            .order_by("date")
            .values_list("date", flat=True)[letters.filter(council=council).count() // 2]
            .year
        )
        topic = (
            Topic.objects.filter(advice_taggedletter_items__content_object__in=letters)
            .annotate(letters=Count("advice_taggedletter_items"))
            .order_by("-letters", "pk")
            .first()
        )
        council_url = council.page.get_url()
        targets = [
            ("brief", letter.get_url()),
            ("home", "/"),
            ("brievenindex", "/brieven/"),
            ("index raad + jaar", f"/brieven/?council={council.slug}&year={year}"),
            ("zoeken, veel", f"/zoeken/?q={self.COMMON_WORD}"),
            ("zoeken, weinig", f"/zoeken/?q={self.RARE_WORD}"),
            ("brieven zoeken", f"/brieven/?q={self.COMMON_WORD}"),
            ("onderwerp", f"/onderwerpen/{topic.slug}/"),
            ("feed (RSS)", "/brieven/rss/"),
            ("scorekaart raad", f"{council_url}raadplegingen/"),
            ("scorekaart", "/raadplegingen/"),
        ]
        self.stdout.write(json.dumps({"targets": targets, "letters": LetterPage.objects.count()}))

    # --- Measuring --------------------------------------------------------------------------

    def start_server(self, env, workers):
        port = free_port()
        process = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv, loopback
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(workers),
                # As docs/deployment.md runs it: gunicorn's threaded worker.
                "--worker-class",
                "gthread",
                "--threads",
                str(self.threads),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise CommandError(
                    "gunicorn stopte: " + process.stderr.read().decode(errors="replace")[-2000:]
                )
            try:
                if fetch(port, "/", timeout=30)[0] == 200:
                    return process, port
            except OSError:
                time.sleep(0.2)
        self.stop_server(process)
        raise CommandError("gunicorn antwoordde niet binnen 60 seconden.")

    def stop_server(self, process):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def targets(self, env, port):
        """``[(name, path, headers, expected status)]``: the pages, feeds, sitemaps and a file."""
        import json

        fill_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_fill_settings"}
        described = json.loads(self.manage(fill_env, "benchmark_site", "--describe"))
        targets = [(name, path, {}, 200) for name, path in described["targets"]]
        status, headers, home, _ = fetch(port, "/")
        static = re.search(rb'<link rel="stylesheet" href="([^"]+)"', home)
        if status != 200 or static is None:
            raise CommandError("De site geeft geen stylesheet op de home.")
        feed = fetch(port, "/brieven/rss/", timeout=60)[1]
        targets.append(("feed, 304", "/brieven/rss/", {"If-None-Match": feed["ETag"]}, 304))
        targets.append(("sitemap-index", "/sitemap.xml", {}, 200))
        # One section of each kind (the Woo sitemaps have hundreds of numbered files).
        index = fetch(port, "/sitemap.xml", timeout=60)[2].decode()
        kinds = {}
        for loc in re.findall(r"<loc>([^<]+)</loc>", index):
            path = re.sub(r"^https?://[^/]+", "", loc)
            kinds.setdefault(re.sub(r"\d+", "N", path), path)
        targets += [(f"sitemap {path[:24]}", path, {}, 200) for path in kinds.values()]
        targets.append(("statisch bestand", static.group(1).decode(), {}, 200))
        return targets

    def samples(self, port, path, headers, expect, *, count, seconds):
        """One request after another: durations and the query count each one reported."""
        durations, queries = [], []
        deadline = time.perf_counter() + seconds
        while len(durations) < count and time.perf_counter() < deadline:
            status, response_headers, _, duration = fetch(port, path, headers, timeout=120)
            if status != expect:
                raise CommandError(f"{path}: {status}, verwacht {expect}")
            durations.append(duration)
            queries.append(int(response_headers.get("X-Query-Count", -1)))
        return durations, queries

    def throughput(self, port, name, path, headers, expect, options):
        durations, failures, elapsed, cache = run_load(
            port,
            path,
            headers=headers,
            expect=expect,
            requests=options["requests"],
            concurrency=options["concurrency"],
            seconds=options["seconds"],
        )
        if failures:
            raise CommandError(f"{name}: {len(failures)} fouten, bijv. {failures[:3]}")
        return len(durations) / elapsed, cache

    def benchmark(self, env, options):
        """Cache off: p50/p95 one at a time, queries, throughput; cache on: throughput."""
        rows = {}
        nocache_env = {**env, "DJANGO_SETTINGS_MODULE": "bench_nocache_settings"}
        process, port = self.start_server(nocache_env, options["workers"])
        try:
            targets = self.targets(env, port)
            for name, path, headers, expect in targets:
                fetch(port, path, headers, timeout=120)  # warm the worker's own caches
                durations, queries = self.samples(
                    port,
                    path,
                    headers,
                    expect,
                    count=options["samples"],
                    seconds=options["seconds"] * 3,
                )
                rps, _ = self.throughput(port, name, path, headers, expect, options)
                rows[name] = {"path": path, "durations": durations, "queries": queries, "off": rps}
        finally:
            self.stop_server(process)
        process, port = self.start_server(env, options["workers"])
        try:
            for name, path, headers, expect in targets:
                for _ in range(options["workers"] * 2):  # every worker has its own cache
                    fetch(port, path, headers, timeout=120)
                rows[name]["on"], rows[name]["cache"] = self.throughput(
                    port, name, path, headers, expect, options
                )
                rows[name]["cached_queries"] = int(
                    fetch(port, path, headers, timeout=120)[1].get("X-Query-Count", -1)
                )
        finally:
            self.stop_server(process)
        self.report(list(rows.items()), options)

    def report(self, rows, options):
        static = rows[-1][1]
        database = "PostgreSQL" if options["postgres"] else "SQLite"
        cache = "Redis" if options["redis"] else "lokaal geheugen per worker"
        self.stdout.write(
            f"\ngunicorn gthread, {options['workers']} workers × {self.threads} threads, "
            f"productie-instellingen, {database}, "
            f"{options['letters']} brieven, paginacache {cache}.\n"
            f"Zonder cache: {options['samples']} verzoeken na elkaar (p50, p95, queries); "
            f"doorvoer: {options['concurrency']} tegelijk, elk verzoek een nieuwe verbinding, "
            f"gedeeld door die van het statische bestand op dezelfde server.\n"
        )
        self.stdout.write(
            f"{'doel':<26}{'p50 ms':>8}{'p95 ms':>8}{'queries':>8}{'q cache':>8}"
            f"{'req/s uit':>10}{'req/s aan':>10}{'uit/stat':>9}{'aan/stat':>9}  pad"
        )
        for name, row in rows:
            durations = row["durations"]
            self.stdout.write(
                f"{name:<26}{statistics.median(durations) * 1000:>8.1f}"
                f"{percentile(durations, 0.95) * 1000:>8.1f}"
                f"{statistics.median(row['queries']):>8.0f}{row['cached_queries']:>8}"
                f"{row['off']:>10.1f}{row['on']:>10.1f}"
                f"{row['off'] / static['off']:>9.3f}{row['on'] / static['on']:>9.2f}  {row['path']}"
            )
