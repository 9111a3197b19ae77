"""A save made on a stale copy is refused, for every versioned admin form (``council.stale_edits``).

Two clerks of one council, each on a test client of their own, open the
real edit form of a meeting, an agenda item, a motion or a consultation and
post back what it holds, as a browser does.
"""

import dataclasses
import datetime

import pytest
import time_machine
from django.urls import reverse
from wagtail.models import Revision

from advice.models import Consultation
from agenda.models import AgendaItem, Meeting
from council.stale_edits import LOADED_FIELD
from motions.models import Motion
from tests.admin_forms import clerk_client, opened
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import CouncilFactory
from tests.factories.motions import MotionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime.datetime(2026, 11, 22, 12, 0), tick=False):
        yield


@dataclasses.dataclass(frozen=True)
class Kind:
    """A versioned record, and two fields two clerks change: ``first`` (named in the refusal), ``second``."""

    name: str
    url_name: str
    model: type
    make: object
    first: tuple  # (field, posted value, stored value, label)
    second: tuple  # (field, posted value)
    this: str


KINDS = [
    Kind(
        "meeting",
        "agenda_meeting",
        Meeting,
        lambda council: MeetingFactory(council=council),
        ("location", "Raadzaal", "Raadzaal", "Locatie"),
        ("title", "Commissie Samenleving"),
        "Deze vergadering",
    ),
    Kind(
        "agendaitem",
        "agenda_agendaitem",
        AgendaItem,
        lambda council: AgendaItemFactory(meeting=MeetingFactory(council=council)),
        ("summary", "Besproken met de wethouder", "Besproken met de wethouder", "Samenvatting"),
        ("title", "Armoedebeleid"),
        "Dit agendapunt",
    ),
    Kind(
        "motion",
        "motions_motion",
        Motion,
        lambda council: MotionFactory(council=council),
        ("deadline", "31-03-2027", datetime.date(2027, 3, 31), "Uiterste datum afdoening"),
        ("assessment", "Goed afgedaan"),
        "Deze motie of toezegging",
    ),
    Kind(
        "consultation",
        "advice_consultation",
        Consultation,
        lambda council: ConsultationFactory(council=council),
        ("asked_on", "12-01-2026", datetime.date(2026, 1, 12), "Cliëntenraad gevraagd op"),
        ("summary", "Toelichting"),
        "Deze raadpleging",
    ),
]


def edit_url(kind, record):
    return reverse(f"wagtailsnippets_{kind.url_name}:edit", args=[record.pk])


def stored(kind, record):
    return kind.model.objects.filter(pk=record.pk).values().get()


@pytest.fixture
def council():
    return CouncilFactory()


@pytest.fixture
def clerks(council):
    return clerk_client("anna", council)[1], clerk_client("bram", council)[1]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_save_from_a_stale_form_is_refused_naming_the_other_persons_change(kind, council, clerks):
    first, second = clerks
    record = kind.make(council)
    url = edit_url(kind, record)
    anna_form, bram_form = opened(first, url), opened(second, url)
    field, posted, value, label = kind.first
    other_field, other_value = kind.second

    anna_form[field] = posted
    assert first.post(url, anna_form).status_code == 302
    after_anna = stored(kind, record)
    assert after_anna[field] == value
    bram_form[other_field] = other_value
    response = second.post(url, bram_form)

    assert response.status_code == 200
    assert stored(kind, record) == after_anna
    [error] = response.context["form"].non_field_errors()
    assert f"gewijzigd terwijl u het formulier open had: {label}. Er is niets opgeslagen." in error
    assert error.startswith(f"Iemand anders heeft {kind.this.lower()} gewijzigd")
    page = response.content.decode()
    assert f"{kind.this} is niet opgeslagen." in page
    assert response.context["form"][other_field].value() == other_value

    # Opened again, the form shows Anna's change and Bram's save goes through.
    bram_form = opened(second, url)
    bram_form[other_field] = other_value
    assert second.post(url, bram_form).status_code == 302
    final = stored(kind, record)
    assert (final[field], final[other_field]) == (value, other_value)
    assert final["version"] == after_anna["version"] + 1


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_save_that_is_not_stale_works_and_counts_one_version(kind, council, clerks):
    first, _second = clerks
    record = kind.make(council)
    url = edit_url(kind, record)
    before = stored(kind, record)["version"]
    form = opened(first, url)
    form[kind.second[0]] = kind.second[1]

    assert first.post(url, form).status_code == 302

    after = stored(kind, record)
    assert after[kind.second[0]] == kind.second[1]
    assert after["version"] == before + 1


def _tampered(value):
    flipped = "A" if value[-1] != "A" else "B"
    return value[:-1] + flipped


FORGERIES = {
    "missing": lambda data, other: {k: v for k, v in data.items() if k != LOADED_FIELD},
    "empty": lambda data, other: {**data, LOADED_FIELD: ""},
    "tampered": lambda data, other: {**data, LOADED_FIELD: _tampered(data[LOADED_FIELD])},
    "garbage": lambda data, other: {**data, LOADED_FIELD: "versie-1"},
    "another record's": lambda data, other: {**data, LOADED_FIELD: other[LOADED_FIELD]},
}


@pytest.mark.parametrize("forgery", FORGERIES)
@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_a_forged_version_is_refused_and_changes_nothing(kind, forgery, council, clerks):
    first, _second = clerks
    record, other = kind.make(council), kind.make(council)
    url = edit_url(kind, record)
    data = opened(first, url)
    data[kind.second[0]] = kind.second[1]
    before = stored(kind, record)
    revisions = Revision.objects.count()

    response = first.post(url, FORGERIES[forgery](data, opened(first, edit_url(kind, other))))

    assert response.status_code == 200
    assert stored(kind, record) == before
    assert Revision.objects.count() == revisions
    [error] = response.context["form"].non_field_errors()
    assert error.startswith(
        "Dit formulier mist de versie waarmee het geladen is, of die klopt niet."
    )


def test_a_meeting_form_is_stale_when_one_of_its_items_changed_through_its_own_form(
    council, clerks
):
    first, second = clerks
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting, number="3", title="Minimabeleid")
    meeting_url = edit_url(KINDS[0], meeting)
    item_url = edit_url(KINDS[1], item)
    meeting_form, item_form = opened(first, meeting_url), opened(second, item_url)

    item_form["title"] = "Minimabeleid 2027"
    assert second.post(item_url, item_form).status_code == 302
    meeting_form["location"] = "Raadzaal"
    response = first.post(meeting_url, meeting_form)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert "gewijzigd terwijl u het formulier open had: Agendapunten." in error
    assert AgendaItem.objects.get().title == "Minimabeleid 2027"
    assert Meeting.objects.get().location == ""


def test_an_item_form_is_stale_when_the_meeting_form_changed_the_item(council, clerks):
    first, second = clerks
    meeting = MeetingFactory(council=council)
    item = AgendaItemFactory(meeting=meeting, number="3", title="Minimabeleid")
    meeting_url = edit_url(KINDS[0], meeting)
    item_url = edit_url(KINDS[1], item)
    meeting_form, item_form = opened(first, meeting_url), opened(second, item_url)

    meeting_form["items-0-title"] = "Minimabeleid 2027"
    assert first.post(meeting_url, meeting_form).status_code == 302
    item_form["summary"] = "Samenvatting van Bram"
    response = second.post(item_url, item_form)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert "gewijzigd terwijl u het formulier open had: Titel." in error
    assert AgendaItem.objects.values_list("title", "summary").get() == ("Minimabeleid 2027", "")


def test_restoring_a_revision_is_refused_when_the_record_changed_after_the_form_opened(
    council, clerks
):
    first, second = clerks
    meeting = MeetingFactory(council=council, title="Eerste titel")
    url = edit_url(KINDS[0], meeting)
    form = opened(first, url)
    form["title"] = "Tweede titel"
    assert first.post(url, form).status_code == 302
    [earliest] = Revision.objects.for_instance(meeting)
    revert = reverse(
        "wagtailsnippets_agenda_meeting:revisions_revert", args=[meeting.pk, earliest.pk]
    )
    revert_form = opened(second, revert)
    assert revert_form["title"] == "Tweede titel"  # the form shows what it would restore

    # Anna changes the meeting again while Bram looks at the old version.
    form = opened(first, url)
    form["location"] = "Stadhuis"
    assert first.post(url, form).status_code == 302
    response = second.post(revert, revert_form)

    assert response.status_code == 200
    assert Meeting.objects.values_list("title", "location").get() == ("Tweede titel", "Stadhuis")
    # Opened again, the restore goes through.
    assert second.post(revert, opened(second, revert)).status_code == 302


def test_a_save_after_another_save_without_changes_is_refused_all_the_same(council, clerks):
    first, second = clerks
    meeting = MeetingFactory(council=council)
    url = edit_url(KINDS[0], meeting)
    anna_form, bram_form = opened(first, url), opened(second, url)

    # Anna saves without changing anything: the row moves on to version 2.
    assert first.post(url, anna_form).status_code == 302
    bram_form["title"] = "Commissie Samenleving"
    response = second.post(url, bram_form)

    assert response.status_code == 200
    [error] = response.context["form"].non_field_errors()
    assert error.startswith("Er is intussen een nieuwere versie van deze vergadering opgeslagen.")
    assert Meeting.objects.values_list("title", "version").get() == (meeting.title, 2)
