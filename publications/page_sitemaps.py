"""The sitemap entries of the home page and its routes (``HomePage.get_sitemap_urls``).

Below the page models, so that they can call it; ``publications.sitemaps``
puts every page's entries together.
"""

from django.db.models import Max

from advice.models import Consultation
from agenda.models import Meeting
from motions.models import Motion

from . import queries
from .links import home_path


def latest(*moments):
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
    base = (home.get_full_url(request) or "").rstrip("/")
    letters = queries.public_letters()
    latest_letter = letters.aggregate(latest=Max("last_published_at"))["latest"]
    latest_meeting = Meeting.objects.aggregate(latest=Max("latest_revision__created_at"))
    latest_motion = Motion.objects.aggregate(latest=Max("latest_revision__created_at"))
    own = latest(home.last_published_at, home.latest_revision_created_at)
    everything = latest(own, latest_letter, latest_meeting["latest"], latest_motion["latest"])

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
                latest(
                    letters_per_topic.get(topic.pk),
                    meetings_per_topic.get(topic.pk),
                    motions_per_topic.get(topic.pk),
                ),
            )
        )
    return urls


def _latest_consultation_change():
    return Consultation.objects.public().aggregate(latest=Max("latest_revision__created_at"))[
        "latest"
    ]
