"""Letters for tests, made through the same services the admin and the import use.

Also the few agenda records the seed letters link to. The agenda and motions
layers have factories of their own (tests/factories/agenda.py and
motions.py, another issue); these minimal helpers get-or-create exactly the
records the letter fixtures refer to, so they work with and without the
agenda and motions demo loaded.
"""

import datetime

import factory
from django.utils import timezone

from advice.consultations.services import consultation_save
from advice.letters.rules import LetterKind
from advice.letters.services import letter_adopt, letter_create, letter_publish, letter_send
from advice.models import Consultation, LetterPage
from agenda.models import AgendaItem, Meeting
from council.models import Council, MunicipalBody
from motions.models import Motion

from .council import CouncilFactory, MunicipalBodyFactory
from .publications import council_page

SIMPLE_BODY = [
    ("text", "De Cliëntenraad wil hier enkele kanttekeningen bij plaatsen."),
    ("signature", {"closing": "Met vriendelijke groet", "signatory": "De Cliëntenraad"}),
]


def letter_page(council=None, *, body=None, **fields):
    """A draft letter (one revision) under a published council page."""
    if council is None:
        council = CouncilFactory()
    if not hasattr(council, "page"):
        council_page(council)
        council = Council.objects.get(pk=council.pk)
    fields.setdefault("title", "Advies over de samenwerking van de sociale diensten")
    fields.setdefault("kind", LetterKind.REQUESTED_ADVICE)
    # A letter is published only with a plain-language summary (or a reason for none).
    fields.setdefault("summary", "De cliëntenraad geeft een advies over de samenwerking.")
    if "addressee" not in fields and LetterKind.must_be_sent(fields["kind"]):
        fields["addressee"] = MunicipalBodyFactory(municipality=council.municipality)
    return letter_create(council=council, body=body or SIMPLE_BODY, **fields)


def adopted_letter(council=None, *, year=2024, **fields):
    letter = letter_page(council, **fields)
    letter_adopt(letter=letter, reference_year=year)
    return LetterPage.objects.get(pk=letter.pk)


def published_letter(council=None, *, sent_on=datetime.date(2024, 3, 1), **fields):
    """Adopted, sent (when its kind is sent) and published."""
    letter = adopted_letter(council, **fields)
    if letter.must_be_sent_before_publishing:
        version = letter_send(letter=letter, sent_on=sent_on, sent_to=letter.addressee.name)
        letter_publish(letter=letter, revision=version.revision)
    else:
        letter_publish(letter=letter)
    return LetterPage.objects.get(pk=letter.pk)


def _meeting(council, body_slug, date, title):
    body = MunicipalBody.objects.get(municipality=council.municipality, slug=body_slug)
    meeting = Meeting.objects.filter(council=council, date=date).first()
    return meeting or Meeting.objects.create(council=council, body=body, date=date, title=title)


def _item(meeting, number, title):
    item = AgendaItem.objects.filter(meeting=meeting, number=number).first()
    return item or AgendaItem.objects.create(meeting=meeting, number=number, title=title)


def ensure_seed_references():
    """The meetings, agenda items and motions that seeds 001 and 002 link to.

    Needs the council demo (councils and bodies). Creates only what is
    missing, with the keys the letter fixtures resolve by.
    """
    leiden = Council.objects.get(slug="leiden")
    meeting = _meeting(
        leiden,
        "commissie-werk-en-financien",
        datetime.date(2009, 4, 7),
        "Commissie Werk & Financiën",
    )
    _item(meeting, "5", "Sociale winst op aanbesteding")
    item6 = _item(meeting, "6", "Afdoening moties re-integratievisie/verordening")
    for number, title in (
        (2, "Evaluatie aanbieders re-integratietrajecten"),
        (6, "Beoordeling door de cliënt"),
        (8, "Doelstellingen casemanagers"),
    ):
        if not Motion.objects.filter(council=leiden, identifier=f"Motie {number}").exists():
            Motion.objects.create(
                council=leiden,
                identifier=f"Motie {number}",
                title=title,
                policy_context="re-integratievisie",
                agenda_item=item6,
            )

    lv = Council.objects.get(slug="leidschendam-voorburg")
    december = datetime.date(2018, 12, 11)
    meeting = _meeting(lv, "gemeenteraad", december, "Gemeenteraad")
    item = _item(meeting, "1", "Vaststellen Re-integratie- en Participatiebeleid 2019 - 2022")
    if not Motion.objects.filter(council=lv, title__icontains="bejegening").exists():
        Motion.objects.create(
            council=lv,
            identifier="Motie bejegening",
            title="Plan voor verbetering van bejegening cliënten W&I",
            agenda_item=item,
            submitted_on=december,
        )


def agenda_items(council, count, *, date=datetime.date(2024, 3, 5)):
    """``count`` agenda items of one meeting of the council."""
    body = MunicipalBodyFactory(municipality=council.municipality)
    meeting = Meeting.objects.create(council=council, body=body, date=date, title="Commissie")
    return [
        AgendaItem.objects.create(meeting=meeting, number=str(n), title=f"Punt {n}")
        for n in range(1, count + 1)
    ]


def letter_form_data(letter, body_text="De Cliëntenraad adviseert positief.", **overrides):
    """Admin form data for ``letter`` (for previews and edit posts)."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {
        "title": letter.title,
        "slug": letter.slug,
        "kind": letter.kind,
        "addressee": str(letter.addressee_id or ""),
        "salutation": letter.salutation,
        "summary": letter.summary,
        "no_summary_reason": letter.no_summary_reason,
        "date": letter.date.isoformat() if letter.date else "",
        "date_precision": letter.date_precision,
        "body": streamfield([("text", body_text)]),
        "topics": "",
        "change_kind": "",
        "change_note": "",
        "comments": inline_formset([]),
        "seo_title": "",
        "search_description": "",
    }
    data.update(overrides)
    return nested_form_data(data)


# --- Consultations ------------------------------------------------------------------------


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A consultation saved through ``consultation_save``: with its revision and log entry."""

    class Meta:
        model = Consultation

    council = factory.SubFactory(CouncilFactory)
    reference = factory.Sequence(lambda n: f"R-{n:04d}")
    subject = factory.Sequence(lambda n: f"Besluit over onderwerp {n}")

    @classmethod
    def _create(cls, model_class, *args, user=None, **kwargs):
        return consultation_save(consultation=model_class(*args, **kwargs), user=user).consultation


def bulk_consultations(council, count, *, start=datetime.date(2020, 1, 6), body=None):
    """``count`` consultations at once (bulk_create: no audit trail), for query budgets.

    Each gets its stored verdict (``Consultation.store_verdict``), as a save would.

    A repeating mix of every verdict: in time, late, not consulted, decided
    before the advice, response received, pending.
    """
    rows = []
    for n in range(count):
        asked = start + datetime.timedelta(days=n % 700)
        kind = n % 6
        rows.append(
            Consultation(
                council=council,
                reference=f"B-{n:06d}",
                subject=f"Besluit {n}",
                body=body,
                asked_on=None if kind == 2 else asked,
                advice_sent_on=asked + datetime.timedelta(days=20) if kind in (0, 4) else None,
                decided_on=(
                    asked + datetime.timedelta(days=60)
                    if kind in (0, 2, 4)
                    else asked + datetime.timedelta(days=10)
                    if kind in (1, 3)
                    else None
                ),
                advice_due=asked + datetime.timedelta(days=30) if kind == 3 else None,
                response_received_on=asked + datetime.timedelta(days=50) if kind == 4 else None,
            )
        )
    today = timezone.localdate()
    for row in rows:
        row.store_verdict(today)  # what consultation_save stores, without its audit trail
    return Consultation.objects.bulk_create(rows, batch_size=1000)
