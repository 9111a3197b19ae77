"""``manage.py export_ods --raad SLUG [--output FILE]``: a council's public meetings,
agenda items, letters and motions as ODS Open Raadsinformatie JSON (publications.api.ods.export)."""

import json

from django.core.management.base import BaseCommand, CommandError

from council.models import Council
from publications.api.ods import mapping
from publications.api.ods.export import export_council


class Command(BaseCommand):
    help = "Schrijft de openbare vergaderingen, agendapunten, brieven en moties van een cliëntenraad als ODS-JSON."

    def add_arguments(self, parser):
        parser.add_argument("--raad", required=True, help="korte naam van de cliëntenraad")
        parser.add_argument("--output", help="bestand om in te schrijven (standaard: het scherm)")
        parser.add_argument(
            "--base-url",
            help="het adres van de site voor de url-velden (standaard WAGTAILADMIN_BASE_URL)",
        )

    def handle(self, *args, raad, output=None, base_url=None, **options):
        council = Council.objects.filter(slug=raad).first()
        if council is None:
            raise CommandError(f"Er is geen cliëntenraad met de korte naam “{raad[:60]}”.")
        links = mapping.Links(base_url.rstrip("/")) if base_url else None
        text = json.dumps(export_council(council, links), ensure_ascii=False, indent=2)
        if output:
            try:
                with open(output, "w", encoding="utf-8") as handle:
                    handle.write(text + "\n")
            except OSError as error:
                raise CommandError(f"Kan {output} niet schrijven: {error.strerror}.") from error
            data = json.loads(text)
            self.stdout.write(
                f"{len(data['vergaderingen'])} vergaderingen, {len(data['agendapunten'])} "
                f"agendapunten en {len(data['informatieobjecten'])} informatieobjecten "
                f"geschreven naar {output}."
            )
        else:
            self.stdout.write(text)
