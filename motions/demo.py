"""Demo motions, read from ``fixtures/motions.toml``.

Created when missing (a motion is known by its council and title) and never
overwritten. The agenda item a motion links to is found by its meeting's
date and body and its number (or title, when the seed gives no number).
"""

import tomllib
from collections import Counter

from django.db import transaction
from wagtail.log_actions import log

from agenda.models import AgendaItem
from council.models import Council, Topic

from .models import Motion, MotionSubmitter

FIXTURE = "motions.toml"
FIELDS = (
    "kind",
    "identifier",
    "policy_context",
    "submitted_on",
    "submitted_on_precision",
    "vote",
    "deadline",
    "deadline_text",
    "disposed_on",
    "disposed_on_precision",
    "disposal_text",
)
TEXTS = ("operative_text", "assessment")


def _agenda_item(council, ref):
    if not ref:
        return None
    items = AgendaItem.objects.filter(
        meeting__council=council,
        meeting__date=ref["meeting_date"],
        meeting__body__slug=ref["body"],
    )
    if "number" in ref:
        return items.get(number=ref["number"])
    return items.get(title=ref["title"])


@transaction.atomic
def load(fixtures_dir):
    data = tomllib.loads((fixtures_dir / FIXTURE).read_text(encoding="utf-8"))
    created = Counter()
    for row in data.get("motion", []):
        council = Council.objects.get(slug=row["council"])
        if Motion.objects.filter(council=council, title=row["title"]).exists():
            continue
        motion = Motion(
            council=council,
            title=row["title"],
            agenda_item=_agenda_item(council, row.get("agenda_item")),
            **{field: row[field] for field in FIELDS if field in row},
            **{field: row[field].strip() for field in TEXTS if field in row},
        )
        motion.full_clean()
        motion.submitters = [
            MotionSubmitter(name=submitter["name"], party=submitter.get("party", ""))
            for submitter in row.get("submitters", [])
        ]
        motion.topics.set(list(Topic.objects.filter(slug__in=row.get("topics", []))))
        motion.save()
        log(instance=motion, action="wagtail.create", revision=motion.save_revision())
        created["moties"] += 1
    return created
