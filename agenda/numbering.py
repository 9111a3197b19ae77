"""Agenda item numbers are text ("5", "6a", "10"), ordered as people read them.

A plain text sort puts "10" before "2"; a meeting shows "2" before "10" and
"6" before "6a". Items without a number (the seed did not state it) come last.
"""

import re

_PARTS = re.compile(r"\d+|\D+")


def natural_key(number):
    """A sort key for an agenda item number: digits compare as numbers."""
    text = (number or "").strip().casefold()
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part.strip(" .-"))
        for part in _PARTS.findall(text)
    )
    return (not text, parts)


def in_number_order(items):
    """Agenda items sorted by their number, then by id for items without one."""
    return sorted(items, key=lambda item: (natural_key(item.number), item.pk or 0))
