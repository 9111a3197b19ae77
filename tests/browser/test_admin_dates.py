"""Dates typed into the admin's real date widgets, in chromium, end up in the database as typed.

Wagtail's date picker used to replace what it could not read with today's
date when the field lost focus, and to roll 31 February over into March,
before the server ever saw the text (see council/date_input.py). Here a
superuser types each form into the real widget of a meeting, a motion, a
consultation and a letter, tabs away, saves, and the test reads what was
stored; what is no date is refused in Dutch, on the page, and nothing changes.

These tests write: they edit demo records on the module's live server, which
``demo_site`` puts back after the module. They log in in a browser context of
their own, so the other modules' public pages never see an admin session.
"""

import datetime
import re
import time

import pytest

from council.date_input import DATE_HINT

PASSWORD = "datum-test-wachtwoord"  # noqa: S105

ACCEPTED = [
    ("20-11-2026", datetime.date(2026, 11, 20)),
    ("2-3-2026", datetime.date(2026, 3, 2)),
    ("2026-11-20", datetime.date(2026, 11, 20)),
]
REFUSED = [
    ("31-02-2024", "bestaat niet in de kalender"),
    ("2024-02-31", "bestaat niet in de kalender"),
    ("18 november 2026", "is geen datum die wij kunnen lezen"),
]


@pytest.fixture(scope="module")
def admin(browser, demo_site, django_db_blocker):
    """A superuser's tab, logged in to /beheer/ in a browser context of its own."""
    from django.contrib.auth import get_user_model

    with django_db_blocker.unblock():
        get_user_model().objects.create_superuser("datums", "datums@localhost", PASSWORD)
        context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
        tab = context.new_page()
        tab.goto(demo_site("/beheer/login/"))
        tab.fill("#id_username", "datums")
        tab.fill("#id_password", PASSWORD)
        tab.locator("form button[type=submit]").click()
        tab.wait_for_url(re.compile(r"/beheer/$"))
        try:
            yield tab, demo_site
        finally:
            context.close()


@pytest.fixture
def db_open(django_db_blocker):
    with django_db_blocker.unblock():
        yield


def record(kind):
    """(edit path, model, pk, field, reader) of the demo record whose date is typed."""
    from advice.models import Consultation, LetterPage
    from agenda.models import Meeting
    from motions.models import Motion

    if kind == "meeting":
        meeting = Meeting.objects.filter(council__slug="leiden").first()
        return f"/beheer/snippets/agenda/meeting/edit/{meeting.pk}/", Meeting, meeting.pk, "date"
    if kind == "motion":
        motion = Motion.objects.order_by("pk").first()
        return f"/beheer/snippets/motions/motion/edit/{motion.pk}/", Motion, motion.pk, "deadline"
    if kind == "consultation":
        consultation = Consultation.objects.get(reference="seed-001-dynamisch-selectiemodel")
        path = f"/beheer/snippets/advice/consultation/edit/{consultation.pk}/"
        return path, Consultation, consultation.pk, "advice_due"
    letter = LetterPage.objects.order_by("pk").first()
    return f"/beheer/pages/{letter.pk}/edit/", LetterPage, letter.pk, "date"


def stored(model, pk, field):
    """The value the admin stored: a snippet's row, a letter's latest revision."""
    instance = model.objects.get(pk=pk)
    if hasattr(instance, "get_latest_revision_as_object"):
        instance = instance.get_latest_revision_as_object()
    return getattr(instance, field)


def prepare(tab, kind):
    """What else the form needs for a date in 2026 to be a valid edit."""
    if kind == "meeting":
        # A held meeting cannot lie in the future.
        tab.select_option("#id_status", "planned")
    if kind == "letter":
        # A year- or month-precise date would be stored as the first day of it.
        tab.select_option("#id_date_precision", "day")


def type_and_tab_away(tab, field, text):
    box = tab.locator(f"#id_{field}")
    box.click()
    box.fill("")
    box.press_sequentially(text)
    box.press("Tab")
    tab.keyboard.press("Escape")
    return box.input_value()


def save(tab, kind):
    name = "Bewaar concept" if kind == "letter" else "Opslaan"
    tab.get_by_role("button", name=name, exact=True).click()
    tab.wait_for_load_state("load")


KINDS = ["meeting", "motion", "consultation", "letter"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("typed", "date"), ACCEPTED, ids=[t for t, _ in ACCEPTED])
def test_a_typed_date_is_stored_as_typed(admin, db_open, kind, typed, date):
    tab, url = admin
    path, model, pk, field = record(kind)
    tab.goto(url(path))
    prepare(tab, kind)

    assert type_and_tab_away(tab, field, typed) == typed, "the date picker changed the text"
    save(tab, kind)

    assert stored(model, pk, field) == date
    assert tab.locator(".messages .success").count(), tab.locator("main").inner_text()[:2000]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(("typed", "reason"), REFUSED, ids=[t for t, _ in REFUSED])
def test_a_date_that_is_no_date_is_refused_in_dutch_and_changes_nothing(
    admin, db_open, kind, typed, reason
):
    tab, url = admin
    path, model, pk, field = record(kind)
    before = stored(model, pk, field)
    tab.goto(url(path))
    prepare(tab, kind)
    label = tab.locator(f"label[for=id_{field}]").inner_text().strip().rstrip("*").strip()

    assert type_and_tab_away(tab, field, typed) == typed, "the date picker changed the text"
    save(tab, kind)

    assert f"{label}: '{typed}' {reason}. {DATE_HINT}" in tab.locator("main").inner_text()
    assert tab.locator(f"#id_{field}").input_value() == typed
    assert stored(model, pk, field) == before


def test_meeting_times_are_stored_as_typed_and_a_bad_one_is_refused(admin, db_open):
    from agenda.models import Meeting

    tab, url = admin
    path, _, pk, _ = record("meeting")
    tab.goto(url(path))
    prepare(tab, "meeting")
    assert type_and_tab_away(tab, "start_time", "19:30") == "19:30"
    assert type_and_tab_away(tab, "end_time", "21:05") == "21:05"
    save(tab, "meeting")
    meeting = Meeting.objects.get(pk=pk)
    assert (meeting.start_time, meeting.end_time) == (datetime.time(19, 30), datetime.time(21, 5))

    tab.goto(url(path))
    assert type_and_tab_away(tab, "start_time", "half acht") == "half acht"
    save(tab, "meeting")
    assert (
        "Aanvang: 'half acht' is geen tijd die wij kunnen lezen."
        in tab.locator("main").inner_text()
    )
    assert Meeting.objects.get(pk=pk).start_time == datetime.time(19, 30)


def test_a_new_letters_title_fills_its_slug_in_the_browser(admin, db_open):
    # The slug sits on the "Eigenschappen" tab; TitleFieldPanel fills it as the title is typed.
    from council.models import Council

    tab, url = admin
    parent = Council.objects.get(slug="leiden").page
    tab.goto(url(f"/beheer/pages/add/advice/letterpage/{parent.pk}/"))
    tab.locator("#id_title").press_sequentially("Advies over de nieuwe verordening")
    tab.locator("#id_title").press("Tab")
    # Polled from here: a string given to wait_for_function would be evaluated
    # in the page, which the admin's Content-Security-Policy forbids.
    slug = ""
    deadline = time.monotonic() + 5
    while not slug and time.monotonic() < deadline:
        slug = tab.locator("#id_slug").input_value()
        if not slug:
            time.sleep(0.1)

    assert slug == "advies-over-de-nieuwe-verordening"
