"""``/sitemap.xml``: every public page with the date it last changed.

Wagtail's sitemap lists every live, public page through its
``get_sitemap_urls``: letters (their last publication), council pages (with
their meeting and motion routes) and the home page (with the routes below).
:class:`PublicSitemap` adds what the letter pages cannot say themselves
without a query each: the pages of their public versions, and for a
council page the latest change of its letters.
"""

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from advice.models import LetterPage, LetterVersion

from . import queries
from .models import CouncilPage
from .page_sitemaps import latest as _latest


class PublicSitemap(Sitemap):
    """Wagtail's sitemap, with the letters' version pages and the councils' latest change."""

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        letter_ids = [item.pk for item in pages if isinstance(item, LetterPage)]
        versions = {}
        for version in LetterVersion.objects.filter(letter_id__in=letter_ids).exclude(
            kind=LetterVersion.Kind.MINOR
        ):
            versions.setdefault(version.letter_id, []).append(version)
        council_changes = dict(
            queries.public_letters()
            .values_list("council_id")
            .annotate(latest=Max("last_published_at"))
            .order_by()
        )

        urls, last_mods = [], set()
        for item in pages:
            entries = item.get_sitemap_urls(self.request)
            if isinstance(item, LetterPage) and entries:
                page_url = entries[0]["location"]
                for version in versions.get(item.pk, []):
                    entries.append(
                        {
                            "location": f"{page_url}versies/{version.number}/",
                            "lastmod": version.recorded_at,
                        }
                    )
            elif isinstance(item, CouncilPage) and entries:
                entries[0]["lastmod"] = _latest(
                    entries[0].get("lastmod"), council_changes.get(item.council_id)
                )
                # A list without records, or a record without a revision (created
                # outside the admin), gets the council page's date rather than none.
                for entry in entries[1:]:
                    entry["lastmod"] = entry.get("lastmod") or entries[0]["lastmod"]
            for url_info in entries:
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
