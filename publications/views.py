"""Public views served as routes of the home page: the letter index and search,
topic pages, the letter feeds and the open-data page.

``page`` is the HomePage the route belongs to. Bad input in the query string
gets a normal page with a note, an unknown topic, council or body in a path
a 404; never a server error.
"""

from django.contrib.sitemaps.views import SitemapIndexItem
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date
from django.utils.translation import gettext as _

from advice.consultations.routes import ConsultationRoutes
from alerts.targets import clean_search
from council.models import Council, MunicipalBody, Topic
from motions.views import STATUS_TONES

from . import caching, queries
from .api import endpoint_docs
from .feeds import FEED_SIZE, FeedSpec, letter_entries, serve_feed, verdict_event_entries
from .filters import KIND_LABELS, KIND_PARAMS, LetterFilter, body_param
from .links import home_path, letter_feeds
from .pagination import CappedPaginator
from .search import NewestFirst, excerpt
from .sitemap_sections import sections as sitemap_sections
from .sitemaps import file_number, site_root_url

LETTERS_PER_PAGE = 20
TOPIC_PAGE_LIMIT = 20


def _absolute(request, path):
    return request.build_absolute_uri(path)


# --- The letter index ---------------------------------------------------------------------------


def letter_index(request, *, page):
    caching.depends_on(request, caching.LETTERS)
    letters = queries.public_letters()
    facets = queries.letter_facets(letters)
    councils, topics, bodies, years = facets.councils, facets.topics, facets.bodies, facets.years
    chosen = LetterFilter.from_params(
        request.GET, councils=councils, topics=topics, bodies=bodies, years=years
    )

    narrowed = chosen.apply(letters)
    number = request.GET.get("page")
    if chosen.query:
        # Exact references first, then newest first; counted up to a cap (search.NewestFirst).
        results = NewestFirst(narrowed.for_listing(), chosen.query, raw=chosen.raw_query)
        paginator = Paginator(results, LETTERS_PER_PAGE)
    else:
        # Through the index of the order (advice.LetterPage.Meta), counted up to a cap.
        paginator = CappedPaginator(narrowed.for_listing().newest_first(), LETTERS_PER_PAGE)
        if paginator.capped and paginator.beyond(number):
            chosen.notes.append(
                _(
                    "We tonen de nieuwste %(cap)s brieven. Kies een jaar, een cliëntenraad "
                    "of een onderwerp om oudere brieven te zien."
                )
                % {"cap": paginator.cap_label}
            )
    letter_page = paginator.get_page(number)
    shown = list(letter_page.object_list)
    if chosen.query:
        for letter in shown:
            letter.excerpt = excerpt(letter, chosen.query)

    return TemplateResponse(
        request,
        "publications/letter_index.html",
        {
            "page": page,
            "chosen": chosen,
            "councils": councils,
            "topics": topics,
            "bodies": [(body_param(body), body) for body in bodies],
            "kinds": [(param, KIND_LABELS[value]) for param, value in KIND_PARAMS.items()],
            "years": years,
            "has_undated": facets.has_undated,
            "letter_page": letter_page,
            "letters": shown,
            "alternate_feeds": letter_feeds(
                council=chosen.council, topic=chosen.topic, body=chosen.body
            ),
            **_follow_context(request, chosen),
        },
    )


def _follow_context(request, chosen):
    """The follow form of a filtered index: a body alone is followed as that body, else the search."""
    search = clean_search(request.GET.urlencode())
    if chosen.body is not None and QueryDict(search).dict() == {"body": body_param(chosen.body)}:
        return {"follow_body": chosen.body}
    return {"follow_search": search}


# --- Topics ----------------------------------------------------------------------------------------


def topic_index(request, *, page):
    caching.depends_on(request, caching.LETTERS, caching.MEETINGS, caching.MOTIONS)
    return TemplateResponse(
        request,
        "publications/topic_index.html",
        {"page": page, "topics": queries.topics_in_use()},
    )


def _routes(council_page, request, memo):
    if council_page.pk not in memo:
        memo[council_page.pk] = ConsultationRoutes(council_page, request)
    return memo[council_page.pk]


def topic_detail(request, *, page, slug):
    topic = get_object_or_404(Topic, slug=slug)
    caching.depends_on(
        request, caching.topic_scope(topic.pk), caching.topic_records_scope(topic.pk), daily=True
    )
    today = timezone.localdate()
    routes = {}

    public = queries.public_letters()
    letters = public.filter(tagged_items__tag=topic)
    letter_count = queries.topic_letter_count(topic, public)
    shown_letters = list(letters.for_listing().newest_first()[:TOPIC_PAGE_LIMIT])

    items = queries.agenda_items_with_topic(topic)
    item_count = items.count()
    shown_items = list(items[:TOPIC_PAGE_LIMIT])
    for item in shown_items:
        council_page = item.meeting.council.page
        item.public_url = _routes(council_page, request, routes).meeting(item.meeting_id)

    motions = queries.motions_with_topic(topic, today)
    motion_count = motions.count()
    shown_motions = list(motions[:TOPIC_PAGE_LIMIT])
    for motion in shown_motions:
        motion.public_url = _routes(motion.council.page, request, routes).motion(motion.pk)
        motion.follow_up_now = motion.follow_up(today)
        motion.status_tone = STATUS_TONES[motion.follow_up_now.status]

    return TemplateResponse(
        request,
        "publications/topic_page.html",
        {
            "page": page,
            "topic": topic,
            "letters": shown_letters,
            "letter_count": letter_count,
            "items": shown_items,
            "item_count": item_count,
            "motions": shown_motions,
            "motion_count": motion_count,
            "limit": TOPIC_PAGE_LIMIT,
            "all_letters_url": home_path("letters") + f"?topic={topic.slug}",
            "alternate_feeds": letter_feeds(topic=topic),
        },
    )


# --- Feeds -------------------------------------------------------------------------------------------


def _feed_response(request, *, fmt, letters, title, subtitle, page_url, scopes, self_name, args):
    spec = FeedSpec(
        title=title,
        subtitle=subtitle,
        link=_absolute(request, page_url),
        self_url=_absolute(request, home_path(self_name, *args, fmt)),
        scopes=scopes,
    )

    def entries():
        return letter_entries(
            request,
            queries.letters_for_feed(letters, FEED_SIZE),
            topic_url=lambda topic: home_path("topic", topic.slug),
        )

    return serve_feed(request, spec=spec, fmt=fmt, entries=entries)


def letters_feed(request, *, page, fmt):
    return _feed_response(
        request,
        fmt=fmt,
        letters=queries.public_letters(),
        title=_("Brieven van cliëntenraden"),
        subtitle=_("Nieuwe en gecorrigeerde brieven en adviezen van alle cliëntenraden."),
        page_url=home_path("letters"),
        scopes=(caching.LETTERS,),
        self_name="letters_feed",
        args=(),
    )


def _public_council(slug):
    """The council whose page is live and public, or 404."""
    return get_object_or_404(
        Council.objects.filter(page__in=queries.public_council_pages()).select_related(
            "municipality", "page"
        ),
        slug=slug,
    )


def council_feed(request, *, page, slug, fmt):
    council = _public_council(slug)
    return _feed_response(
        request,
        fmt=fmt,
        letters=queries.public_letters().of_council(council),
        title=_("Brieven van %(council)s") % {"council": council.name},
        subtitle=_("Nieuwe en gecorrigeerde brieven en adviezen van %(council)s.")
        % {"council": council.name},
        page_url=home_path("letters") + f"?council={council.slug}",
        scopes=(caching.council_scope(council.pk),),
        self_name="council_feed",
        args=(council.slug,),
    )


def topic_feed(request, *, page, slug, fmt):
    topic = get_object_or_404(Topic, slug=slug)
    return _feed_response(
        request,
        fmt=fmt,
        letters=queries.public_letters().filter(tagged_items__tag=topic),
        title=_("Brieven over %(topic)s") % {"topic": topic.name},
        subtitle=_("Nieuwe en gecorrigeerde brieven van cliëntenraden over %(topic)s.")
        % {"topic": topic.name},
        page_url=home_path("topic", topic.slug),
        scopes=(caching.topic_scope(topic.pk),),
        self_name="topic_feed",
        args=(topic.slug,),
    )


def body_feed(request, *, page, municipality, slug, fmt):
    body = get_object_or_404(
        MunicipalBody.objects.select_related("municipality"),
        municipality__slug=municipality,
        slug=slug,
    )
    return _feed_response(
        request,
        fmt=fmt,
        letters=queries.public_letters().filter(addressee=body),
        title=_("Brieven aan %(body)s (%(municipality)s)")
        % {"body": body.name, "municipality": body.municipality.name},
        subtitle=_("Nieuwe en gecorrigeerde brieven van cliëntenraden aan %(body)s.")
        % {"body": body.name},
        page_url=home_path("letters") + f"?body={body_param(body)}",
        scopes=(caching.body_scope(body.pk),),
        self_name="body_feed",
        args=(body.municipality.slug, body.slug),
    )


# --- Open data -------------------------------------------------------------------------------------


# --- The scorecard feeds: decisions taken without the council or before its advice ---------------


def _verdict_events():
    from advice.models import ConsultationVerdictEvent

    return ConsultationVerdictEvent.objects.for_feed()


def _scorecard_feed(request, *, fmt, events, title, subtitle, page_url, scopes, self_args):
    spec = FeedSpec(
        title=title,
        subtitle=subtitle,
        link=_absolute(request, page_url),
        self_url=_absolute(request, home_path(*self_args, fmt)),
        scopes=scopes,
    )
    return serve_feed(
        request, spec=spec, fmt=fmt, entries=lambda: verdict_event_entries(request, events)
    )


def scorecard_feed(request, *, page, fmt):
    return _scorecard_feed(
        request,
        fmt=fmt,
        events=_verdict_events(),
        title=_("Besloten zonder de cliëntenraad"),
        subtitle=_(
            "Besluiten waarover de gemeente de cliëntenraad niet om advies vroeg, "
            "of die vielen voordat het advies er was."
        ),
        page_url=home_path("scorecard"),
        scopes=(caching.CONSULTATIONS, caching.LETTERS),  # the entries link their letters
        self_args=("scorecard_feed",),
    )


def council_scorecard_feed(request, *, page, slug, fmt):
    council = _public_council(slug)
    return _scorecard_feed(
        request,
        fmt=fmt,
        events=_verdict_events().for_council(council),
        title=_("Besloten zonder %(council)s") % {"council": council.name},
        subtitle=_(
            "Besluiten waarover de gemeente %(municipality)s de cliëntenraad niet om "
            "advies vroeg, of die vielen voordat het advies er was."
        )
        % {"municipality": council.municipality.name},
        page_url=ConsultationRoutes(council.page, request).consultations(),
        scopes=(caching.council_consultations_scope(council.pk), caching.council_scope(council.pk)),
        self_args=("council_scorecard_feed", council.slug),
    )


def open_data(request, *, page):
    caching.depends_on(request)
    return TemplateResponse(
        request,
        "publications/open_data.html",
        {
            "page": page,
            "endpoints": endpoint_docs(),
            "api_root": _absolute(request, "/api/v2/"),
            "sitemap_url": _absolute(request, "/sitemap.xml"),
        },
    )


#: What each sitemap section shows, for its cache scopes (the site scope is always added).
SITEMAP_SCOPES = {
    "pages": (caching.LETTERS, caching.MEETINGS, caching.MOTIONS, caching.CONSULTATIONS),
    "letters": (caching.LETTERS,),
    "versions": (caching.LETTERS,),
    "meetings": (caching.MEETINGS,),
    "motions": (caching.MOTIONS,),
    "consultations": (caching.CONSULTATIONS,),
    "woo": (caching.LETTERS, caching.CONSULTATIONS),
    "woo-aanvragen": (caching.LETTERS, caching.CONSULTATIONS),
}


def sitemap(request):
    """``/sitemap.xml``: the index of the section sitemaps, each with its latest change.

    A section with more URLs than fit in one file is listed once per file
    (``?p=2``, ...); an empty section is left out. Each section counts its
    URLs and finds its latest change in one query. Cached until anything
    public changes.
    """
    caching.depends_on(request, *{scope for scopes in SITEMAP_SCOPES.values() for scope in scopes})
    root_url = site_root_url(request)
    entries = []
    for name, section_class in sitemap_sections().items():
        section = section_class(request)
        count, last_mod = section.summary()
        if not count:
            continue  # nothing to list (yet); robots.txt still names the Woo section
        location = root_url + reverse("sitemap_section", kwargs={"section": name})
        for number in range(1, -(-count // section.limit) + 1):
            suffix = f"?p={number}" if number > 1 else ""
            entries.append(SitemapIndexItem(location + suffix, last_mod))
    last_mods = [entry.last_mod for entry in entries]
    headers = None
    if last_mods and None not in last_mods:
        headers = {"Last-Modified": http_date(max(last_mods).timestamp())}
    return TemplateResponse(
        request,
        "sitemap_index.xml",
        {"sitemaps": entries},
        content_type="application/xml",
        headers=headers,
    )


def sitemap_section(request, section):
    """``/sitemap-<section>.xml``: one file of a section (``?p=N`` for the next ones)."""
    sections = sitemap_sections()
    if section not in sections:
        raise Http404
    caching.depends_on(request, *SITEMAP_SCOPES[section])
    content, last_modified = sections[section](request).render(file_number(request.GET.get("p")))
    response = HttpResponse(content, content_type="application/xml")
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["X-Robots-Tag"] = "noindex, noodp, noarchive"  # as Django's sitemap view
    return response


def robots_txt(request):
    """``/robots.txt``: everything public may be read; where the sitemaps are."""
    caching.depends_on(request)
    root_url = site_root_url(request)
    lines = [
        "User-agent: *",
        "Disallow: /beheer/",
        "",
        f"Sitemap: {root_url}{reverse('sitemap')}",
        *(
            f"Sitemap: {root_url}{reverse('sitemap_section', kwargs={'section': section})}"
            for section in ("woo", "woo-aanvragen")
        ),
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
