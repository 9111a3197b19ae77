"""``manage.py benchmark_ods_import [--meetings 400 --items 10]``: how long import_ods takes.

Generates an ODS export of that many meetings (each with ``--items`` agenda
items and one motion), imports it into a new council, imports it again
(nothing to write) and once more with one changed item, and prints the time
and the queries of each run. Everything is rolled back.
"""

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from wagtail.models import Revision

from agenda.models import AgendaItem, Meeting
from benchmarks.bulk import analyze_after_rollback
from council.models import Council, MunicipalBody, Municipality
from motions.models import Motion
from motions.ods.importing import ods_import

BASE = "https://raad.benchmark.example/api/v1"


def export(meetings, items):
    data = {"vergaderingen": [], "agendapunten": [], "moties": []}
    for m in range(meetings):
        meeting_id = f"v{m}"
        data["vergaderingen"].append(
            {
                "url": f"{BASE}/vergaderingen/{meeting_id}",
                "id": meeting_id,
                "naam": f"Commissie Samenleving {m}",
                "vergaderingstype": "commissievergadering",
                "georganiseerdDoorGremium": {
                    "gremiumidentificatie": "CS",
                    "gremiumnaam": "Commissie Samenleving",
                },
                "vergaderdatum": f"20{10 + m % 15}-{1 + m % 12:02d}-{1 + m % 28:02d}",
                "geplandeAanvangVergadering": "2020-01-01T19:30:00+01:00",
                "locatie": "Raadzaal",
                "status": "gehouden",
            }
        )
        for i in range(items):
            data["agendapunten"].append(
                {
                    "url": f"{BASE}/agendapunten/{meeting_id}-{i}",
                    "id": f"{meeting_id}-{i}",
                    "vergadering": {"id": meeting_id, "url": f"{BASE}/vergaderingen/{meeting_id}"},
                    "agendapuntKenmerk": str(i + 1),
                    "agendapuntTitel": f"Agendapunt {i + 1} over het armoedebeleid",
                    "agendapuntOmschrijving": "Raadsvoorstel over het armoedebeleid. " * 5,
                }
            )
        data["moties"].append(
            {
                "url": f"{BASE}/informatieobjecten/m{m}",
                "id": f"m{m}",
                "informatieobjecttype": "motie",
                "titel": f"Motie {m}",
                "inhoud": "verzoekt het college ...",
                "datumIngediend": "2020-01-01",
                "auteur": "A. Jansen (Partij)",
                "agendapunten": [
                    {"id": f"{meeting_id}-0", "url": f"{BASE}/agendapunten/{meeting_id}-0"}
                ],
            }
        )
    return data


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Meet de tijd van import_ods voor een grote ODS-export (alles wordt teruggedraaid)."

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, default=400, help="Aantal vergaderingen (400).")
        parser.add_argument(
            "--items", type=int, default=10, help="Agendapunten per vergadering (10)."
        )

    def handle(self, *args, meetings, items, **options):
        data = export(meetings, items)
        objects = sum(len(value) for value in data.values())
        try:
            with transaction.atomic():
                municipality = Municipality.objects.create(
                    name="Benchmarkstad", slug="benchmarkstad"
                )
                council = Council.objects.create(
                    name="Cliëntenraad Benchmarkstad",
                    slug="benchmarkstad",
                    municipality=municipality,
                )
                self.timed("eerste import", data, council, objects)
                self.timed("tweede import (niets veranderd)", data, council, objects)
                data["agendapunten"][0]["agendapuntTitel"] = "Gewijzigde titel"
                self.timed("derde import (één agendapunt gewijzigd)", data, council, objects)
                raise Rollback
        except Rollback:
            pass
        analyze_after_rollback(Meeting, AgendaItem, Motion, MunicipalBody, Revision)

    def timed(self, label, data, council, objects):
        raw = json.dumps(data).encode()
        queries = []

        def count(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            started = time.perf_counter()
            report = ods_import(data=raw, name="benchmark.json", council=council)
            elapsed = time.perf_counter() - started
        if not report.applied:
            self.stderr.write("\n".join(report.problem_lines()[:5]))
        self.stdout.write(
            f"{label}: {objects} objecten ({len(raw) // 1024} kB), {elapsed:.1f} s, "
            f"{1000 * elapsed / objects:.1f} ms per object, {len(queries)} queries; "
            f"{report.summary()}"
        )
