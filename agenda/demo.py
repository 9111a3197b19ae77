"""Demo meetings and agenda items, read from ``fixtures/agenda.toml``.

Records are created when missing and never overwritten, so running the
loader twice changes nothing and edits made in the admin survive it. A
meeting is known by its council, body and date; an item by its number, or by
its title when the seed gives no number.
"""

import tomllib
from collections import Counter

from django.db import transaction
from wagtail.log_actions import log

from council.models import Council, MunicipalBody, Topic

from .models import AgendaItem, Meeting

FIXTURE = "agenda.toml"


def find_item(meeting, row):
    if row.get("number"):
        return AgendaItem.objects.filter(meeting=meeting, number=row["number"]).first()
    return AgendaItem.objects.filter(meeting=meeting, number="", title=row["title"]).first()


def _new_item(meeting, row):
    item = AgendaItem(
        meeting=meeting,
        number=row.get("number", ""),
        title=row["title"],
        summary=row.get("summary", ""),
        concern=row.get("concern", ""),
        proposal_number=row.get("proposal_number", ""),
        proposal_url=row.get("proposal_url", ""),
    )
    item.full_clean()
    item.save()
    item.topics.set(list(Topic.objects.filter(slug__in=row.get("topics", []))))
    item.save()
    return item


@transaction.atomic
def load(fixtures_dir):
    data = tomllib.loads((fixtures_dir / FIXTURE).read_text(encoding="utf-8"))
    created = Counter()
    for row in data.get("meeting", []):
        council = Council.objects.get(slug=row["council"])
        body = MunicipalBody.objects.get(municipality=council.municipality, slug=row["body"])
        meeting = Meeting.objects.filter(council=council, body=body, date=row["date"]).first()
        if meeting is None:
            meeting = Meeting(
                council=council,
                body=body,
                title=row["title"],
                date=row["date"],
                start_time=row.get("start_time"),
                location=row.get("location", ""),
                url=row.get("url", ""),
                status=row.get("status", Meeting.Status.PLANNED),
            )
            meeting.full_clean()
            meeting.save()
            log(instance=meeting, action="wagtail.create", revision=meeting.save_revision())
            created["vergaderingen"] += 1
        for item_row in row.get("item", []):
            if find_item(meeting, item_row) is None:
                _new_item(meeting, item_row)
                created["agendapunten"] += 1
    return created
