"""``manage.py send_alerts``: enqueue the run that mails ``direct`` followers (cron, every 10 min)."""

from django.core.management.base import BaseCommand

from council.background import enqueue_on_commit

from ...tasks import send_direct_alerts


class Command(BaseCommand):
    help = (
        "Zet de ronde in de wachtrij die nieuwe gebeurtenissen vastlegt en volgers met 'direct' "
        "mailt. Veilig om vaak te draaien: niemand krijgt een bericht twee keer."
    )

    def handle(self, *args, **options):
        enqueue_on_commit(send_direct_alerts)
        self.stdout.write("Meldingen (direct) staan in de wachtrij.")
