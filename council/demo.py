"""Demo content of the council layer, read from ``fixtures/councils.toml``.

Records are created when missing and never overwritten, so running the
loader twice changes nothing and edits made in the admin survive it.
"""

import tomllib
from collections import Counter

from django.db import transaction
from django.utils.text import slugify

from .models import Council, MunicipalBody, Municipality, Topic

FIXTURE = "councils.toml"


@transaction.atomic
def load(fixtures_dir):
    data = tomllib.loads((fixtures_dir / FIXTURE).read_text(encoding="utf-8"))
    created = Counter()

    municipalities = {}
    for row in data.get("municipality", []):
        municipality, new = Municipality.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "website": row.get("website", ""),
                "cbs_code": row.get("cbs_code", ""),
            },
        )
        if not new and row.get("cbs_code") and not municipality.cbs_code:
            # Loaded before municipalities had a CBS code: add it (the Woo sitemap needs it).
            municipality.cbs_code = row["cbs_code"]
            municipality.save(update_fields=["cbs_code"])
        municipalities[row["slug"]] = municipality
        created["gemeenten"] += new

    for row in data.get("council", []):
        _, new = Council.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "municipality": municipalities[row["municipality"]],
                **{
                    field: row[field]
                    for field in (
                        "email",
                        "phone",
                        "website",
                        "address",
                        "notice_weeks",
                        "response_weeks",
                        "day_count",
                        "regulation_title",
                        "regulation_url",
                    )
                    if field in row
                },
            },
        )
        created["cliëntenraden"] += new

    for row in data.get("body", []):
        body = MunicipalBody(
            municipality=municipalities[row["municipality"]],
            slug=row["slug"],
            kind=row["kind"],
            name=row["name"],
            portfolio=row.get("portfolio", ""),
        )
        if not MunicipalBody.objects.filter(
            municipality=body.municipality, slug=body.slug
        ).exists():
            body.full_clean()
            body.save()
            created["gemeentelijke organen"] += 1

    for row in data.get("topic", []):
        slug = row.get("slug") or slugify(row["name"])
        _, new = Topic.objects.get_or_create(
            slug=slug, defaults={"name": row["name"], "description": row.get("description", "")}
        )
        created["onderwerpen"] += new

    return created
