"""Date, time and datetime fields of the admin read what people type, or refuse it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from wagtail.admin.panels import get_edit_handler

from council.date_input import DATE_HINT, DATETIME_HINT, TIME_HINT

D = datetime.date


def form_field(model, name):
    return get_edit_handler(model).get_form_class().base_fields[name]


def admin_date_fields():
    from advice.models import Consultation, LetterPage
    from agenda.models import Meeting
    from council.models import Member
    from motions.models import Motion

    return [
        (Meeting, "date"),
        (Motion, "deadline"),
        (Consultation, "asked_on"),
        (LetterPage, "date"),
        (Member, "active_from"),
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("20-11-2026", D(2026, 11, 20)),
        ("2-3-2026", D(2026, 3, 2)),
        ("02-03-2026", D(2026, 3, 2)),
        ("2026-11-20", D(2026, 11, 20)),
        ("2026-3-2", D(2026, 3, 2)),
        (" 20-11-2026 ", D(2026, 11, 20)),
        ("29-02-2024", D(2024, 2, 29)),
    ],
)
def test_every_admin_date_field_reads_the_dutch_and_the_iso_form(typed, stored):
    for model, name in admin_date_fields():
        assert form_field(model, name).clean(typed) == stored, (model, name)


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31-02-2024", "bestaat niet in de kalender"),
        ("2024-02-31", "bestaat niet in de kalender"),
        ("29-02-2023", "bestaat niet in de kalender"),
        ("18 november 2026", "is geen datum die wij kunnen lezen"),
        ("20-11-26", "is geen datum die wij kunnen lezen"),
        ("20/11/2026", "is geen datum die wij kunnen lezen"),
        ("11/20/2026", "is geen datum die wij kunnen lezen"),
        ("20.11.2026", "is geen datum die wij kunnen lezen"),
        ("morgen", "is geen datum die wij kunnen lezen"),
        ("2026-11-20 19:30", "is geen datum die wij kunnen lezen"),
    ],
)
def test_anything_else_is_refused_with_the_field_and_what_was_typed(typed, reason):
    for model, name in admin_date_fields():
        field = form_field(model, name)
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
        label = str(field.label).capitalize()
        assert refused.value.messages == [f"{label}: '{typed.strip()}' {reason}. {DATE_HINT}"]


def test_the_message_names_the_field():
    from motions.models import Motion

    with pytest.raises(ValidationError) as refused:
        form_field(Motion, "deadline").clean("31-02-2024")
    assert refused.value.messages[0].startswith("Uiterste datum afdoening: '31-02-2024'")


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("19:30", datetime.time(19, 30)), ("7:05", datetime.time(7, 5)), ("", None)],
)
def test_meeting_times_read_hours_and_minutes(typed, stored):
    from agenda.models import Meeting

    for name in ("start_time", "end_time"):
        assert form_field(Meeting, name).clean(typed) == stored


@pytest.mark.parametrize("typed", ["25:00", "half acht", "19u30"])
def test_a_meeting_time_that_is_no_time_is_refused(typed):
    from agenda.models import Meeting

    with pytest.raises(ValidationError) as refused:
        form_field(Meeting, "start_time").clean(typed)
    assert refused.value.messages == [
        f"Aanvang: '{typed}' is geen tijd die wij kunnen lezen. {TIME_HINT}"
    ]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("20-11-2026 19:30", datetime.datetime(2026, 11, 20, 19, 30)),
        ("2-3-2026 9:05", datetime.datetime(2026, 3, 2, 9, 5)),
        ("2026-11-20 19:30", datetime.datetime(2026, 11, 20, 19, 30)),
    ],
)
def test_scheduled_publication_reads_date_and_time(settings, typed, stored):
    from django.utils import timezone

    from advice.models import LetterPage

    value = form_field(LetterPage, "go_live_at").clean(typed)
    assert timezone.make_naive(value) == stored


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("31-02-2024 10:00", "bestaat niet in de kalender"),
        ("18 november 2026 10:00", "is geen datum en tijd die wij kunnen lezen"),
        ("20-11-26 10:00", "is geen datum en tijd die wij kunnen lezen"),
    ],
)
def test_a_moment_that_is_no_moment_is_refused(typed, reason):
    from advice.models import LetterPage

    field = form_field(LetterPage, "go_live_at")
    with pytest.raises(ValidationError) as refused:
        field.clean(typed)
    assert refused.value.messages == [
        f"{str(field.label).capitalize()}: '{typed}' {reason}. {DATETIME_HINT}"
    ]


def test_the_date_picker_keeps_what_was_typed():
    # Wagtail's picker turns unreadable text into today's date on blur, and
    # rolls 31 February over into March, unless validateOnBlur is off.
    from agenda.models import Meeting

    date = form_field(Meeting, "date").widget
    time = form_field(Meeting, "start_time").widget
    assert date.get_config()["validateOnBlur"] is False
    assert date.get_config()["format"] == "d-m-Y"
    assert time.get_config()["validateOnBlur"] is False
    assert date.format_value(D(2026, 11, 20)) == "20-11-2026"
