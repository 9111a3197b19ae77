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
from .links import home_path


def _latest(*moments):
    moments = [moment for moment in moments if moment is not None]
    return max(moments) if moments else None


def _latest_per_topic(queryset, tag_path, moment):
    return dict(
        queryset.exclude(**{f"{tag_path}__isnull": True})
        .values_list(tag_path)
        .annotate(latest=Max(moment))
        .order_by()
    )


def home_sitemap_urls(home, request=None):
    """The home page and its routes: the letter index, the topic pages, open data.

    A route's lastmod is the latest change of what it lists: the last
    publication of a letter, the latest revision of a meeting or motion.
    """
    from agenda.models import Meeting
    from motions.models import Motion

    base = (home.get_full_url(request) or "").rstrip("/")
    letters = queries.public_letters()
    latest_letter = letters.aggregate(latest=Max("last_published_at"))["latest"]
    latest_meeting = Meeting.objects.aggregate(latest=Max("latest_revision__created_at"))
    latest_motion = Motion.objects.aggregate(latest=Max("latest_revision__created_at"))
    own = _latest(home.last_published_at, home.latest_revision_created_at)
    everything = _latest(own, latest_letter, latest_meeting["latest"], latest_motion["latest"])

    letters_per_topic = _latest_per_topic(letters, "tagged_items__tag", "last_published_at")
    meetings_per_topic = _latest_per_topic(
        Meeting.objects.all(), "items__tagged_items__tag", "latest_revision__created_at"
    )
    motions_per_topic = _latest_per_topic(
        Motion.objects.all(), "tagged_items__tag", "latest_revision__created_at"
    )

    def entry(path, lastmod):
        return {"location": base + path, "lastmod": lastmod or everything}

    urls = [
        entry("/", everything),
        entry(home_path("letters"), latest_letter),
        entry(home_path("topics"), everything),
        entry(home_path("open_data"), own),
        entry(home_path("scorecard"), _latest_consultation_change()),
    ]
    for topic in queries.topics_in_use():
        urls.append(
            entry(
                home_path("topic", topic.slug),
                _latest(
                    letters_per_topic.get(topic.pk),
                    meetings_per_topic.get(topic.pk),
                    motions_per_topic.get(topic.pk),
                ),
            )
        )
    return urls


def _latest_consultation_change():
    from advice.models import Consultation

    return Consultation.objects.public().aggregate(latest=Max("latest_revision__created_at"))[
        "latest"
    ]


class PublicSitemap(Sitemap):
    """Wagtail's sitemap, with the letters' version pages and the councils' latest change."""

    def _urls(self, page, protocol, domain):
        from .models import CouncilPage

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
