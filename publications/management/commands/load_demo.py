"""Load the demo content of every layer from ``fixtures/``.

Each layer owns a ``demo.load(fixtures_dir)`` that creates what is missing
and returns a Counter of what it created; this command runs them bottom-up,
so a second run creates nothing. Later layers add their loader to LOADERS.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from advice import demo as advice_demo
from agenda import demo as agenda_demo
from council import demo as council_demo
from motions import demo as motions_demo
from publications import demo as publications_demo

LOADERS = [
    council_demo.load,
    publications_demo.load,
    agenda_demo.load,
    motions_demo.load,
    advice_demo.load,
]


class Command(BaseCommand):
    help = "Laadt de demo-inhoud uit fixtures/ (nogmaals draaien verandert niets)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="Map met de fixtures (standaard: fixtures/).",
        )

    def handle(self, *args, fixtures, **options):
        total = 0
        for loader in LOADERS:
            created = loader(fixtures)
            for label, count in created.items():
                if count:
                    self.stdout.write(f"  {label}: {count} aangemaakt")
                    total += count
        if total:
            self.stdout.write(self.style.SUCCESS(f"Demo-inhoud geladen ({total} nieuwe records)."))
        else:
            self.stdout.write("Demo-inhoud was al geladen; niets veranderd.")
