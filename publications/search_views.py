"""The search of the whole site, ``/zoeken/``, and its feeds (routes of the home page).

``?q=`` the words, ``?soort=`` one kind of record (``brieven``,
``agendapunten``, ``moties``, ``raadplegingen``; ``alles`` or nothing for
all), ``?page=``. Bad input never errors: the words are cleaned as on the
letter index (``filters.clean_query``), an unknown kind is left out with a
note, a page that is no number is the first, one past the end the last.
"""

import dataclasses
import datetime
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from . import caching
from .alert_search import FOLLOWED_KINDS
from .feeds import FEED_SIZE, FeedEntry, FeedSpec, sanitise, serve_feed, tag_authority, tag_uri
from .filters import MAX_QUERY_LENGTH, clean_query
from .links import Feed, home_path
from .site_search import ALL, KINDS, UNDATED, Results, Search, hydrate

RESULTS_PER_PAGE = 20
#: What the results and the feeds show: every kind of public record.
SCOPES = (caching.LETTERS, caching.MEETINGS, caching.MOTIONS, caching.CONSULTATIONS)


@dataclasses.dataclass
class SiteQuery:
    query: str = ""
    raw: str = ""
    kind: str = ""  # one of KINDS, or "" for all
    notes: list = dataclasses.field(default_factory=list)

    @classmethod
    def from_params(cls, params):
        chosen = cls()
        chosen.raw = (params.get("q") or "")[:MAX_QUERY_LENGTH]
        chosen.query, note = clean_query(params.get("q", ""))
        if note:
            chosen.notes.append(note)
        kind = (params.get("soort") or "").strip()
        if kind in KINDS:
            chosen.kind = kind
        elif kind and kind != ALL:
            shown = kind[:40] + ("…" if len(kind) > 40 else "")
            chosen.notes.append(
                _(
                    "“%(value)s” is geen soort die we kennen; we zoeken in alles "
                    "(brieven, agendapunten, moties en raadplegingen)."
                )
                % {"value": shown}
            )
        return chosen

    def params(self, **changes):
        """The query string of this search (``q``, ``soort``), with ``changes``."""
        values = {"q": self.query, "soort": self.kind, **changes}
        return urlencode([(name, value) for name, value in values.items() if value])

    @property
    def follow_search(self):
        """What a follow request stores (``alerts.targets.clean_search``): ``soort`` always
        present, so that it differs from a search of the letter index."""
        return urlencode([("q", self.query), ("soort", self.kind or ALL)])


def _search(chosen):
    return Search.run(chosen.query, chosen.raw) if chosen.query else None


def _feeds(chosen):
    suffix = f"?{chosen.params()}" if chosen.params() else ""
    title = _("Zoekresultaten voor “%(query)s”") % {"query": chosen.query}
    if chosen.kind:
        title += f" ({KINDS[chosen.kind].lower()})"
    return [
        Feed(f"{title} (RSS)", "rss", home_path("search_feed", "rss") + suffix),
        Feed(f"{title} (Atom)", "atom", home_path("search_feed", "atom") + suffix),
    ]


def _count_label(number, capped):
    """A count as a Dutch reader writes it; a capped one as "meer dan 1.000"."""
    written = f"{number:,}".replace(",", ".")
    return _("meer dan %(count)s") % {"count": written} if capped else written


def site_search(request, *, page):
    caching.depends_on(request, *SCOPES)
    chosen = SiteQuery.from_params(request.GET)
    search = _search(chosen)
    counts = search.counts() if search is not None else dict.fromkeys(KINDS, 0)
    capped = search.capped if search is not None else set()
    # A capped kind counts as COUNT_CAP: "more than" the sum is still true of the total.
    total = sum(counts.values())
    kinds = [chosen.kind] if chosen.kind else list(KINDS)
    shown_count = counts[chosen.kind] if chosen.kind else total
    results = Results(search, kinds, shown_count) if search is not None else []
    result_page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    filters = [
        {
            "kind": "",
            "label": _("Alles"),
            "count": _count_label(total, bool(capped)),
            "url": "?" + chosen.params(soort=""),
            "current": not chosen.kind,
        }
    ] + [
        {
            "kind": kind,
            "label": label,
            "count": _count_label(counts[kind], kind in capped),
            "url": "?" + chosen.params(soort=kind),
            "current": kind == chosen.kind,
        }
        for kind, label in KINDS.items()
    ]
    feeds = _feeds(chosen) if chosen.query else []
    return TemplateResponse(
        request,
        "publications/search.html",
        {
            "page": page,
            "chosen": chosen,
            "kinds": KINDS,
            "filters": filters,
            "total": total,
            "total_capped": bool(capped),
            "total_label": _count_label(total, bool(capped)),
            "shown_count": shown_count,
            "result_page": result_page,
            "hits": list(result_page.object_list),
            "alternate_feeds": feeds,
            "search_feeds": feeds,
            # Alerts bring news of letters (publications.alert_search): a search of
            # other kinds only is not offered to follow.
            "follow_search": chosen.follow_search
            if chosen.query and (chosen.kind or ALL) in FOLLOWED_KINDS
            else "",
        },
    )


# --- The feed of a search ---------------------------------------------------------------------


def _moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


ENTRY_KEYS = {"brieven": "brief", "agendapunten": "agendapunt", "moties": "motie"}
#: The date in the id of an entry that is not a letter: fixed, so that the id never changes.
ID_DAY = datetime.date(2026, 1, 1)


def _id_day(hit):
    """A letter has the id of the letter feeds (the day it was first published)."""
    if hit.kind == "brieven":
        return timezone.localtime(hit.record.first_published_at).date()
    return ID_DAY


def search_entries(request, chosen):
    """The first ``FEED_SIZE`` results in the page's order, as feed entries (no query if none)."""
    search = _search(chosen)
    if search is None:
        return []
    kinds = [chosen.kind] if chosen.kind else list(KINDS)
    rows = list(search.rows(kinds, stop=FEED_SIZE)[:FEED_SIZE])
    authority = tag_authority(request)
    base = request.build_absolute_uri("/")
    entries = []
    for hit, (_kind, _pk, _exact, day, moment) in zip(
        hydrate(rows, chosen.query), rows, strict=False
    ):
        if day != UNDATED:
            when = _moment(day)
        elif moment is not None:  # an undated letter: its first publication
            when = _moment(timezone.localtime(moment).date())
        else:
            when = _moment(ID_DAY)
        key = f"{ENTRY_KEYS.get(hit.kind, 'raadpleging')}/{hit.record.pk}"
        lines = [
            f"{hit.kind_label} · {hit.council.name}",
            hit.details,
        ]
        content = "".join(f"<p>{escape(line)}</p>" for line in lines if line)
        if hit.excerpt:
            content += f"<p>{hit.excerpt}</p>"
        entries.append(
            FeedEntry(
                id=tag_uri(authority, _id_day(hit), key),
                title=f"{hit.kind_label}: {hit.title}",
                link=request.build_absolute_uri(hit.url),
                content=sanitise(content, base_url=base),
                published=when,
                updated=when,
                summary=" · ".join(line for line in lines if line),
                author=hit.council.name,
                categories=((hit.kind, str(KINDS[hit.kind])),),
            )
        )
    return entries


def search_feed(request, *, page, fmt):
    chosen = SiteQuery.from_params(request.GET)
    suffix = f"?{chosen.params()}" if chosen.params() else ""
    title = (
        _("Zoekresultaten voor “%(query)s”") % {"query": chosen.query}
        if chosen.query
        else _("Zoekresultaten")
    )
    if chosen.kind:
        title += f" ({KINDS[chosen.kind].lower()})"
    spec = FeedSpec(
        title=title,
        subtitle=_(
            "Brieven, agendapunten, moties en raadplegingen die bij deze zoekopdracht passen."
        ),
        link=request.build_absolute_uri(home_path("search") + suffix),
        self_url=request.build_absolute_uri(home_path("search_feed", fmt) + suffix),
        scopes=SCOPES,
    )
    return serve_feed(request, spec=spec, fmt=fmt, entries=lambda: search_entries(request, chosen))
