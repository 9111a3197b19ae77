import datetime

import pytest

from agenda.rules import public_status

TODAY = datetime.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("status", "date", "expected"),
    [
        ("cancelled", TODAY + datetime.timedelta(1), ("vervallen", "bad")),
        ("cancelled", TODAY - datetime.timedelta(1), ("vervallen", "bad")),
        ("held", TODAY, ("gehouden", "ok")),
        ("planned", TODAY, ("gepland", "ok")),
        ("planned", TODAY + datetime.timedelta(1), ("gepland", "ok")),
        # Still "planned" after its date: not updated, so the site says nothing.
        ("planned", TODAY - datetime.timedelta(1), None),
    ],
)
def test_public_status(status, date, expected):
    result = public_status(status=status, date=date, today=TODAY)

    assert (result if result is None else (str(result[0]), result[1])) == expected
