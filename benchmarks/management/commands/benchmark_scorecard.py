"""``manage.py benchmark_scorecard``: how long the scorecard takes at 5,000 and 50,000 consultations.

For each count, consultations are bulk-created for one council (a mix of
every verdict, over ten years and three bodies), each with its stored verdict
(``Consultation.store_verdict``, what the save path stores), then the
council's scorecard, its list, the platform-wide scorecard and
``scorecard_for`` alone are timed (p50 and p95 over ``--repeat`` requests,
30 by default), with the number of queries each page took. Everything
happens in a transaction that is rolled back, after which the touched tables
are analysed again (``analyze_after_rollback``): the database is left as it
was. Needs a council with a page (``manage.py load_demo``).
"""

import datetime
import random
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

from advice.models import Consultation
from benchmarks.bulk import analyze_after_rollback
from council.models import Council, MunicipalBody
from publications.scorecard import scorecard_for


class Rollback(Exception):
    pass


def _percentiles(timings):
    """``p50 … ms, p95 … ms`` of ``timings`` (ms)."""
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms"


def make_consultations(council, count, *, bodies, seed=5):
    """``count`` consultations of ``council`` with a realistic spread of dates and verdicts."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    today = timezone.localdate()
    first = today - datetime.timedelta(days=3650)
    rows = []
    for number in range(count):
        asked = first + datetime.timedelta(days=rng.randrange(3600))
        kind = rng.random()
        row = Consultation(
            council=council,
            reference=f"BENCH-{number:06d}",
            subject=f"Besluit nummer {number}",
            body=rng.choice(bodies),
        )
        if kind < 0.1:  # never asked
            row.decided_on = asked
        elif kind < 0.15:  # decided, date unknown, never asked
            row.decided_date_unknown = True
        else:
            row.asked_on = asked
            row.advice_due = asked + datetime.timedelta(days=rng.randrange(20, 50))
            if rng.random() < 0.85:
                row.advice_sent_on = asked + datetime.timedelta(days=rng.randrange(10, 45))
                if rng.random() < 0.7:
                    row.response_received_on = row.advice_sent_on + datetime.timedelta(
                        days=rng.randrange(10, 80)
                    )
            if rng.random() < 0.9:
                row.decided_on = asked + datetime.timedelta(days=rng.randrange(-10, 90))
        for field in ("decided_on", "advice_sent_on", "response_received_on"):
            if getattr(row, field) and getattr(row, field) > today:
                setattr(row, field, None)
        row.store_verdict(today)  # what consultation_save stores
        rows.append(row)
    Consultation.objects.bulk_create(rows, batch_size=2000)


class Command(BaseCommand):
    help = (
        "Meet hoe lang de scorecard (per cliëntenraad en voor het hele platform) erover doet bij "
        "5.000 en 50.000 raadplegingen. Alles wordt daarna teruggedraaid."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--counts",
            type=int,
            nargs="+",
            default=[5000, 50000],
            help="Aantallen raadplegingen (5000 50000).",
        )
        parser.add_argument("--repeat", type=int, default=30, help="Herhalingen per meting (30).")
        parser.add_argument(
            "--working-days",
            action="store_true",
            help="Laat de cliëntenraad tijdens de meting in werkdagen tellen (trager: feestdagen).",
        )

    def handle(self, *args, counts, repeat, working_days, **options):
        council = Council.objects.filter(page__isnull=False, page__live=True).first()
        if council is None:
            raise CommandError("Geen cliëntenraad met een pagina: draai eerst manage.py load_demo.")
        self.stdout.write(
            f"Database: {connection.vendor}; cliëntenraad: {council.name}; "
            f"{repeat} metingen per pagina, p50 en p95."
        )
        for count in counts:
            try:
                with transaction.atomic():
                    if working_days:
                        Council.objects.filter(pk=council.pk).update(
                            day_count=Council.DayCount.WORKING
                        )
                        council.refresh_from_db()
                    self.run(council, count, repeat)
                    raise Rollback
            except Rollback:
                analyze_after_rollback(Consultation, Council, MunicipalBody)

    def run(self, council, count, repeat):
        bodies = [
            MunicipalBody.objects.create(
                municipality=council.municipality,
                slug=f"benchmark-{n}",
                kind="committee",
                name=f"Commissie {n} (benchmark)",
            )
            for n in range(3)
        ]
        existing = Consultation.objects.count()
        started = time.perf_counter()
        make_consultations(council, count, bodies=bodies)
        if connection.vendor == "postgresql":
            # What autovacuum does on a server: without statistics the planner
            # misjudges the join and spends longer compiling (JIT) than running it.
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE advice_consultation, council_council, council_municipalbody"
                )
        created = time.perf_counter() - started
        self.stdout.write(
            f"\n{count} raadplegingen aangemaakt (bulk_create) in {created:.1f} s; "
            f"{existing} bestonden al."
        )

        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        client = Client(HTTP_HOST=host)
        base = council.page.url
        paths = {
            "scorecard van de cliëntenraad": f"{base}raadplegingen/",
            "lijst (zonder de raad, pagina 1)": f"{base}raadplegingen/alle/?oordeel=zonder-raad",
            "scorecard van het platform": "/raadplegingen/",
        }
        for label, path in paths.items():
            # The page itself, not a copy from the public page cache.
            with override_settings(PUBLIC_CACHE_ENABLED=False):
                client.get(path, secure=True)  # warm templates
                timings = []
                for _ in range(repeat):
                    with CaptureQueriesContext(connection) as queries:
                        started = time.perf_counter()
                        response = client.get(path, secure=True)
                        timings.append(1000 * (time.perf_counter() - started))
                    if response.status_code != 200:
                        raise CommandError(f"{path} gaf status {response.status_code}")
            self.stdout.write(
                f"  {label}: {_percentiles(timings)}, {len(queries.captured_queries)} queries"
            )

        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            card = scorecard_for(council=council, today=timezone.localdate()).scorecard
            timings.append(1000 * (time.perf_counter() - started))
        self.stdout.write(
            f"  scorecard_for alleen (de tellingen + de cijfers, {card.total} raadplegingen): "
            f"{_percentiles(timings)}"
        )
