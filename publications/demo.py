"""Demo page tree: one public page per council, under the platform home page."""

from collections import Counter

from django.db import transaction

from council.models import Council

from .models import CouncilPage, HomePage


@transaction.atomic
def load(fixtures_dir):
    created = Counter()
    home = HomePage.objects.first()
    for council in Council.objects.filter(page__isnull=True):
        page = CouncilPage(title=council.name, slug=council.slug, council=council)
        home.add_child(instance=page)
        page.save_revision().publish()
        created["raadspagina's"] += 1
    return created
