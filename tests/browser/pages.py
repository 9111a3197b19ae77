"""The public pages the browser tests visit on the demo site: one line per page type.

Each entry is ``(page type, path)``; the page type becomes the test id
(``test_axe[council]``). A layer that adds a public page type adds its line
here, with a path the demo content (``manage.py load_demo``) provides, and
every browser test (axe, skip link, language, headings) covers it. A path
that depends on the data (a record's id) is a function, called once the demo
content is loaded (in ``demo_site``, where the database is open).
"""


def _meeting():
    from agenda.models import Meeting

    return f"/leiden/vergaderingen/{Meeting.objects.get(council__slug='leiden').pk}/"


def _motion():
    from motions.models import Motion

    return f"/leidschendam-voorburg/moties/{Motion.objects.get(council__slug='leidschendam-voorburg').pk}/"


def _consultation():
    from advice.models import Consultation

    pk = Consultation.objects.get(reference="seed-001-dynamisch-selectiemodel").pk
    return f"/leiden/raadplegingen/{pk}/"


def _alerts_manage():
    """The manage page of an address that follows a council (made here: no demo subscriber)."""
    from django.urls import reverse
    from django.utils import timezone

    from alerts.models import Kind, Subscriber, Subscription
    from alerts.tokens import manage_token
    from council.models import Council

    subscriber, _ = Subscriber.objects.get_or_create(
        email="browser@example.nl", defaults={"confirmed_at": timezone.now()}
    )
    Subscription.objects.get_or_create(
        subscriber=subscriber,
        kind=Kind.COUNCIL,
        council=Council.objects.get(slug="leiden"),
        defaults={"confirmed_at": timezone.now(), "frequency": "dagelijks"},
    )
    return reverse("alerts_manage", args=[manage_token(subscriber)])


PUBLIC_PAGES = [
    ("home", "/"),
    ("council", "/leiden/"),
    ("meeting list", "/leiden/vergaderingen/"),
    ("meeting", _meeting),
    ("motion list", "/leiden/moties/?status=verlopen"),
    ("motion", _motion),
    ("scorecard", "/leiden/raadplegingen/"),
    ("consultation list", "/leiden/raadplegingen/alle/?oordeel=zonder-raad"),
    ("consultation", _consultation),
    ("platform scorecard", "/raadplegingen/"),
    ("letter", "/leiden/advies-voor-de-commissie-werk-financien-van-7-april-2009/"),
    (
        "corrected letter",
        "/leidschendam-voorburg/memo-bejegening-clienten-wi-bijlage-bij-de-motie/",
    ),
    (
        "letter version",
        "/leidschendam-voorburg/memo-bejegening-clienten-wi-bijlage-bij-de-motie/versies/1/",
    ),
    ("letter index", "/brieven/"),
    ("letter index with filters", "/brieven/?council=leiden&kind=ongevraagd-advies&year=2009"),
    ("search results", "/brieven/?q=Winnersway"),
    ("search without results", "/brieven/?q=bestaatniet&topic=onbekend"),
    ("site search", "/zoeken/?q=advies"),
    ("site search of one kind", "/zoeken/?q=re-integratie&soort=moties"),
    ("site search without a query", "/zoeken/"),
    ("topic index", "/onderwerpen/"),
    ("topic", "/onderwerpen/re-integratie/"),
    ("open data and API", "/open-data/"),
    ("glossary", "/begrippen/"),
    ("accessibility statement", "/toegankelijkheid/"),
    ("privacy statement", "/privacy/"),
    ("alerts manage", _alerts_manage),
]
