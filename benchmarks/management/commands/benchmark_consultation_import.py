"""``manage.py benchmark_consultation_import --url URL``: the admin import of a big CSV, timed.

Against a running server (gunicorn and a ``db_worker`` on the same database as
this command): it makes a council ``benchmark-import`` with a clerk, empties
that council's consultations, generates a CSV of ``--rows`` new
consultations, and then does over HTTP what the clerk does: log in, upload,
poll the progress until the check is done, confirm, poll until the import is
done. It prints the time of every kind of page (count, median, max), the
total, and how many rows were written. Unlike the other benchmarks this one
commits: the server must see the data. Run it on a database of its own.
"""

import secrets
import statistics
import time
from urllib.parse import urljoin

import requests
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from advice.models import Consultation, ConsultationImport
from council import groups
from council.models import Council, Member, MunicipalBody, Municipality

SLUG = "benchmark-import"
USERNAME = "benchmark-secretaris"
HEADER = "kenmerk;cliëntenraad;onderwerp;orgaan;gevraagd op;besluit op;verlenging (dagen);reden verlenging"


def csv_file(rows):
    lines = [HEADER]
    for number in range(1, rows + 1):
        day, month = number % 28 + 1, number % 12 + 1
        lines.append(
            f"BM-{number:05d};{SLUG};Raadpleging nummer {number} over het minimabeleid;college;"
            f"{day:02d}-{month:02d}-2024;{day:02d}-{month:02d}-2025;;"
        )
    return ("\n".join(lines) + "\n").encode()


class Command(BaseCommand):
    help = "Meet de import van een groot CSV-bestand in het beheer, via een draaiende server."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="De server.")
        parser.add_argument("--rows", type=int, default=10_000, help="Aantal regels (10000).")
        parser.add_argument("--interval", type=float, default=0.5, help="Pauze tussen polls (s).")
        parser.add_argument("--timeout", type=float, default=1800, help="Maximale duur (s).")

    def handle(self, *args, url, rows, interval, timeout, **options):
        self.timings = {}
        self.bar = {}  # the percentages the bar showed while running, per stage and phase
        self.slowest = (0.0, "", 0.0)
        self.started = time.perf_counter()
        password = self.prepare()
        data = csv_file(rows)
        session = requests.Session()
        started = time.perf_counter()
        self.log_in(session, url, password)
        self.page(session, "GET upload", "get", urljoin(url, reverse("advice_consultation_import")))
        response = self.page(
            session,
            "POST upload",
            "post",
            urljoin(url, reverse("advice_consultation_import")),
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
            files={"file": ("raadplegingen.csv", data, "text/csv")},
        )
        progress_url = urljoin(url, response.headers["Location"])
        job = int(progress_url.rstrip("/").rsplit("/", 1)[1])
        status_url = urljoin(url, reverse("advice_consultation_import_status", args=[job]))
        self.page(session, "GET voortgang", "get", progress_url)
        check = self.poll(session, status_url, interval, started + timeout)
        checked_job = ConsultationImport.objects.defer("data").get(pk=job)
        if not checked_job.may_apply:
            raise CommandError(
                f"De controle laat niet importeren: {checked_job.report.get('summary')}"
            )
        checked = time.perf_counter()
        self.page(session, "GET voortgang", "get", progress_url)
        self.page(
            session,
            "POST importeren",
            "post",
            urljoin(url, reverse("advice_consultation_import_apply", args=[job])),
            data={"csrfmiddlewaretoken": session.cookies["csrftoken"]},
        )
        state = self.poll(session, status_url, interval, started + timeout)
        self.page(session, "GET voortgang", "get", progress_url)
        finished = time.perf_counter()
        written = Consultation.objects.filter(council__slug=SLUG).count()
        self.report(rows, check, state, written, checked - started, finished - checked)

    def prepare(self):
        municipality, _ = Municipality.objects.get_or_create(
            slug=SLUG, defaults={"name": "Benchmarkstad"}
        )
        council, _ = Council.objects.get_or_create(
            slug=SLUG, defaults={"name": "Cliëntenraad Benchmarkstad", "municipality": municipality}
        )
        MunicipalBody.objects.get_or_create(
            municipality=municipality, slug="college", defaults={"name": "College van B&W"}
        )
        Consultation.objects.filter(council=council).delete()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group

        user, _ = get_user_model().objects.get_or_create(username=USERNAME)
        password = secrets.token_urlsafe(20)
        user.set_password(password)
        user.is_active = True
        user.save()
        user.groups.add(Group.objects.get(name=groups.CLERKS))
        Member.objects.get_or_create(
            council=council,
            user=user,
            defaults={"role": Member.Role.OFFICIAL_SUPPORT, "name": "Benchmark"},
        )
        return password

    def log_in(self, session, url, password):
        login = urljoin(url, reverse("wagtailadmin_login"))
        self.page(session, "GET inloggen", "get", login)
        response = self.page(
            session,
            "POST inloggen",
            "post",
            login,
            data={
                "username": USERNAME,
                "password": password,
                "csrfmiddlewaretoken": session.cookies["csrftoken"],
            },
        )
        if response.status_code != 302:
            raise CommandError(f"Inloggen mislukt (HTTP {response.status_code}).")

    def page(self, session, name, method, url, **kwargs):
        started = time.perf_counter()
        response = getattr(session, method)(url, allow_redirects=False, timeout=60, **kwargs)
        elapsed = time.perf_counter() - started
        self.timings.setdefault(name, []).append(elapsed)
        self.slowest = max(self.slowest, (elapsed, name, time.perf_counter() - self.started))
        if response.status_code >= 400:
            raise CommandError(f"{name}: HTTP {response.status_code}")
        return response

    def poll(self, session, status_url, interval, deadline):
        while time.perf_counter() < deadline:
            state = self.page(session, "GET status (poll)", "get", status_url).json()
            if state["status"] == "running":
                seen = self.bar.setdefault(f"{state['stage_label']}, {state['phase_label']}", [])
                if not seen or seen[-1] != state["percent"]:
                    seen.append(state["percent"])
            if state["finished"]:
                return state
            time.sleep(interval)
        raise CommandError("De import werd niet op tijd klaar.")

    def report(self, rows, check, state, written, check_seconds, apply_seconds):
        self.stdout.write(f"Import van {rows} regels via het beheer:")
        for name, times in self.timings.items():
            self.stdout.write(
                f"  {name}: {len(times)}x, mediaan {1000 * statistics.median(times):.0f} ms, "
                f"max {1000 * max(times):.0f} ms"
            )
        for name, percents in self.bar.items():
            shown = ", ".join(str(percent) for percent in percents)
            self.stdout.write(f"  Balk bij {name}: {len(percents)} standen ({shown})")
        slowest, name, at = self.slowest
        self.stdout.write(f"Traagste pagina: {1000 * slowest:.0f} ms ({name}, na {at:.0f} s)")
        self.stdout.write(
            f"Controle {check_seconds:.1f} s (tot {check['percent']}%), inlezen "
            f"{apply_seconds:.1f} s (tot {state['percent']}%, status {state['status']}); "
            f"totaal {check_seconds + apply_seconds:.1f} s"
        )
        self.stdout.write(f"Geschreven: {written} van {rows} raadplegingen")
