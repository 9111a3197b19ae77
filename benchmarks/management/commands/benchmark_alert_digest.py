"""``manage.py benchmark_alert_digest``: the cost of a daily digest to 10,000 subscribers.

Creates ``--subscribers`` addresses that follow one council daily (a third
also follow a topic, a tenth one of the motions, so that the "once per
address" rule has work to do), makes ``--events`` motions disposed of today
(tagged with the topic) and one consultation decided without the council,
then times ``alerts.dispatch.send_digests("dagelijks")``: the scan, who
follows what, the public re-check, the mails rendered and stored
(``council.mail.QueuedEmailBackend``) and the deliveries recorded. Then,
apart, the ``deliver_mail`` tasks those mails enqueue on commit (one task
row each with the database backend). Time and query count of each.

Everything happens in a transaction that is rolled back; on PostgreSQL the
touched tables are analysed afterwards, so the planner's statistics are those
of the data that stays. Needs a council with a page (``manage.py load_demo``).
"""

import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from advice.models import Consultation, ConsultationVerdictEvent
from alerts import dispatch
from alerts.models import Delivery, Event, Frequency, Kind, Subscriber, Subscription
from council.mail import OutgoingMail
from council.models import Council, Topic
from motions.models import Motion

TOUCHED_TABLES = (
    "alerts_subscriber",
    "alerts_subscription",
    "alerts_event",
    "alerts_event_topics",
    "alerts_delivery",
    "council_outgoingmail",
    "motions_motion",
    "motions_taggedmotion",
    "advice_consultation",
    "advice_consultationverdictevent",
    "django_tasks_database_dbtaskresult",
)


class Rollback(Exception):
    pass


class QueryCounter:
    """Counts the queries run (``CaptureQueriesContext`` keeps only the last 9,000)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class Command(BaseCommand):
    help = (
        "Meet wat het dagelijkse overzicht van meldingen kost bij 10.000 abonnees (tijd en "
        "queries). Alles wordt daarna teruggedraaid."
    )

    def add_arguments(self, parser):
        parser.add_argument("--subscribers", type=int, default=10000, help="Abonnees (10000).")
        parser.add_argument("--events", type=int, default=5, help="Afgedane moties (5).")

    def handle(self, *args, subscribers, events, **options):
        council = Council.objects.filter(page__isnull=False, page__live=True).first()
        if council is None:
            raise CommandError("Geen cliëntenraad met een pagina: draai eerst manage.py load_demo.")
        self.stdout.write(
            f"Database: {connection.vendor}; cliëntenraad: {council.name}; "
            f"{subscribers} abonnees, {events + 1} gebeurtenissen."
        )
        try:
            with (
                override_settings(EMAIL_BACKEND="council.mail.QueuedEmailBackend"),
                transaction.atomic(),
            ):
                self.run(council, subscribers, events)
                raise Rollback
        except Rollback:
            pass
        finally:
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE " + ", ".join(TOUCHED_TABLES))
        self.stdout.write("Teruggedraaid; de database is zoals hij was.")

    def run(self, council, count, event_count):
        now = timezone.now()
        today = timezone.localdate(now)
        yesterday = now - datetime.timedelta(days=1)
        started = time.perf_counter()
        topic, _ = Topic.objects.get_or_create(slug="benchmark-meldingen", defaults={"name": "x"})
        motions = [
            Motion.objects.create(
                council=council,
                identifier=f"BENCH-{number}",
                title=f"Motie voor de meting {number}",
                disposed_on=today,
            )
            for number in range(event_count)
        ]
        for motion in motions:
            motion.topics.add(topic)
            motion.save()  # modelcluster commits the tags on save
        consultation = Consultation.objects.create(
            council=council, reference="BENCH-MELDING", subject="Besluit voor de meting"
        )
        ConsultationVerdictEvent.objects.create(
            consultation=consultation, verdict="not_consulted", recorded_at=now
        )
        existing = set(Event.objects.values_list("pk", flat=True))
        Subscriber.objects.bulk_create(
            [
                Subscriber(email=f"meting-{n:05d}@example.org", confirmed_at=yesterday)
                for n in range(count)
            ],
            batch_size=2000,
        )
        subscribers = list(Subscriber.objects.filter(email__startswith="meting-").order_by("pk"))
        rows = []
        for n, subscriber in enumerate(subscribers):
            common = {
                "subscriber": subscriber,
                "frequency": Frequency.DAILY,
                "confirmed_at": yesterday,
            }
            rows.append(Subscription(kind=Kind.COUNCIL, council=council, **common))
            if n % 3 == 0:
                rows.append(Subscription(kind=Kind.TOPIC, topic=topic, **common))
            if n % 10 == 0:
                rows.append(Subscription(kind=Kind.MOTION, motion=motions[0], **common))
        Subscription.objects.bulk_create(rows, batch_size=2000)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE " + ", ".join(TOUCHED_TABLES))
        self.stdout.write(
            f"Aangemaakt in {time.perf_counter() - started:.1f} s: {len(subscribers)} abonnees, "
            f"{len(rows)} abonnementen."
        )

        mails_before = OutgoingMail.objects.count()
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            sent = dispatch.send_digests(Frequency.DAILY, now=now)
            elapsed = time.perf_counter() - started
        new_events = Event.objects.exclude(pk__in=existing).count()
        mails = OutgoingMail.objects.count() - mails_before
        deliveries = Delivery.objects.filter(subscriber__in=subscribers).count()
        self.stdout.write(
            f"send_digests: {elapsed:.1f} s, {queries.count} queries "
            f"({queries.count / max(sent, 1):.2f} per overzicht), "
            f"{1000 * elapsed / max(sent, 1):.2f} ms per overzicht; {sent} overzichten, "
            f"{mails} e-mails opgeslagen, {deliveries} bezorgingen vastgelegd, "
            f"{new_events} gebeurtenissen."
        )

        # What the commit would do: enqueue one deliver_mail task per mail.
        callbacks = [entry[1] for entry in connection.run_on_commit]
        connection.run_on_commit = []
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            for callback in callbacks:
                callback()
            elapsed = time.perf_counter() - started
        self.stdout.write(
            f"deliver_mail in de wachtrij zetten (bij de commit): {elapsed:.1f} s, "
            f"{queries.count} queries voor {len(callbacks)} taken."
        )
