"""Caching the public site without ever serving what is no longer published.

Whole responses (pages, feeds, sitemap, API) are kept in Django's cache
(Redis when ``REDIS_URL`` is set). Each response names the *scopes* of data
it shows (this letter, this council's letters, all letters, the meetings of
a council, ...), and is stored with the generation of each scope at the time
it was rendered. A change bumps the generations of exactly the scopes it
touches (``publications.invalidation``); a stored response whose scopes
moved on is never served again.

The generations live in the database (``CacheScope``), not in the cache:

- a bump is part of the transaction that publishes or unpublishes, so no
  request can store the old content under the new generation, and a
  rolled-back publish bumps nothing;
- every worker process sees the same generations, also when the cache is
  a per-process local-memory cache (gunicorn without Redis).

Checking a stored response costs one small query (the generations of its
scopes), or none when the cache is Redis, where the generations are mirrored
(``publications.scope_mirror``); a response rendered afresh costs what the view costs and two more
(the ``epoch`` before, the generations after: if anything was bumped while
it rendered, it is not stored).

Pages whose content depends on today's date (a motion's deadline, a
meeting's status, a consultation verdict) are stored as ``daily``: a stored
copy is only served on the day it was made.

Only responses that a view or the page hook marked with :func:`depends_on`
are stored, and only when they are the same for everyone: a GET without a
session or messages cookie and without credentials, answered 200 with no
cookie, no queued message, no ``private``/``no-store``, and not a preview.
"""

import dataclasses
import datetime
import hashlib
import logging

from django.conf import settings
from django.core.cache import caches
from django.db import models, transaction
from django.db.models import F
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import parse_http_date_safe
from django.utils.translation import gettext_lazy as _

from . import scope_mirror

logger = logging.getLogger(__name__)

# --- Scopes ---------------------------------------------------------------------------

#: Everything: site settings, councils, bodies, topics, the page tree.
SITE = "site"
#: Every list of letters across councils (home, index, search, all-letters feed, API).
LETTERS = "letters"
#: Meetings and motions across councils (home, API, sitemap).
MEETINGS = "meetings"
MOTIONS = "motions"
#: Consultations and their verdicts across councils (scorecard, API).
CONSULTATIONS = "consultations"
#: Moves on with every bump: a response rendered while anything changed is not stored.
EPOCH = "epoch"


def letter_scope(pk):
    """One letter: its page, its versions."""
    return f"letter:{pk}"


def council_scope(pk):
    """The letters of one council (its page, its feeds)."""
    return f"council:{pk}"


def topic_scope(pk):
    """The letters tagged with one topic (topic page, topic feeds)."""
    return f"topic:{pk}"


def topic_records_scope(pk):
    """The agenda items and motions tagged with one topic (topic page)."""
    return f"topic-records:{pk}"


def body_scope(pk):
    """The letters addressed to one municipal body (its feeds)."""
    return f"body:{pk}"


def council_meetings_scope(pk):
    return f"meetings:{pk}"


def council_motions_scope(pk):
    return f"motions:{pk}"


def council_consultations_scope(pk):
    return f"consultations:{pk}"


# --- What a response depends on -----------------------------------------------------------

PLAN_ATTRIBUTE = "_public_cache_plan"
TOKENS_ATTRIBUTE = "_public_cache_tokens"


@dataclasses.dataclass(frozen=True)
class Plan:
    scopes: frozenset
    daily: bool = False


def _django_request(request):
    return getattr(request, "_request", request)  # a DRF Request wraps Django's


def depends_on(request, *scopes, daily=False):
    """Mark the response to ``request`` as cacheable, showing data of these scopes.

    The site scope is always added. A later call replaces an earlier one (a
    view knows better than the page hook's default).
    """
    plan = Plan(scopes=frozenset(scopes) | {SITE}, daily=daily)
    setattr(_django_request(request), PLAN_ATTRIBUTE, plan)
    return plan


def plan_of(request):
    return getattr(_django_request(request), PLAN_ATTRIBUTE, None)


# --- Generations ------------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class State:
    """The current generations of some scopes: a token per scope and when they last changed."""

    tokens: dict
    changed_at: object  # datetime or None

    @property
    def etag(self):
        joined = "|".join(f"{key}={self.tokens[key]}" for key in sorted(self.tokens))
        return hashlib.sha256(joined.encode()).hexdigest()[:32]


class CacheScope(models.Model):
    """The generation of one scope of public data, for the page and feed cache.

    A stored response is served only while the generations of the scopes it
    shows are unchanged. Kept in the database so that a bump belongs to the
    transaction that published or unpublished. ``publications.models``
    imports it, where Django looks for the app's models.
    """

    key = models.CharField(max_length=100, primary_key=True)
    generation = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField()

    class Meta:
        app_label = "publications"
        verbose_name = _("cachegeneratie")
        verbose_name_plural = _("cachegeneraties")

    def __str__(self):
        return f"{self.key} ({self.generation})"


def scope_state(scopes):
    """The generations of ``scopes``, in one query. A scope never bumped has token "0"."""
    scopes = sorted(set(scopes))
    rows = CacheScope.objects.filter(key__in=scopes).values_list("key", "generation", "changed_at")
    tokens = dict.fromkeys(scopes, "0")
    changed = None
    for key, generation, changed_at in rows:
        # The time makes a token unique also across databases that were reset.
        tokens[key] = f"{generation}.{changed_at.timestamp():.6f}"
        changed = changed_at if changed is None or changed_at > changed else changed
    return State(tokens=tokens, changed_at=changed)


def request_state(request, scopes):
    """``scope_state`` once per request (the ETag and Last-Modified share it)."""
    request = _django_request(request)
    memo = getattr(request, TOKENS_ATTRIBUTE, {})
    key = frozenset(scopes)
    if key not in memo:
        memo[key] = scope_state(key)
        setattr(request, TOKENS_ATTRIBUTE, memo)
    return memo[key]


def bump(*scopes):
    """Move the given scopes on: every stored response showing them is stale.

    Runs in the caller's transaction: a rolled-back change bumps nothing in
    the database. The Redis mirror (``publications.scope_mirror``) gets the
    new generations at once, so that no stored response is served from the
    moment of the bump on, and again after the commit; the URLs that went
    stale are purged from a frontend cache after the commit.
    """
    scopes = {scope for scope in scopes if scope}
    if not scopes:
        return
    scopes.add(EPOCH)
    now = timezone.now()
    updated = CacheScope.objects.filter(key__in=scopes).update(
        generation=F("generation") + 1, changed_at=now
    )
    if updated < len(scopes):
        existing = set(CacheScope.objects.filter(key__in=scopes).values_list("key", flat=True))
        CacheScope.objects.bulk_create(
            [CacheScope(key=key, generation=1, changed_at=now) for key in scopes - existing],
            ignore_conflicts=True,
        )
    mirror = scope_mirror.mirror()
    if mirror is not None:
        scope_mirror.safely(mirror.fill, scope_state(scopes).tokens)
        transaction.on_commit(lambda: _mirror_committed(scopes), robust=True)
    from .frontend_purge import purge_after_commit

    purge_after_commit(scopes - {EPOCH})


def _mirror_committed(scopes):
    """After the commit: the mirror gets the committed tokens (mends a failed early write)."""
    mirror = scope_mirror.mirror()
    if mirror is not None:
        scope_mirror.safely(mirror.fill, scope_state(scopes).tokens)


def stored_tokens(scopes):
    """The current tokens of ``scopes`` for serving a stored response: Redis first.

    With the Redis mirror this costs no database query; a scope missing from
    the mirror (expired, never seen, Redis down) is read from the database.
    """
    mirror = scope_mirror.mirror()
    if mirror is not None:
        tokens = scope_mirror.safely(mirror.read, scopes)
        if tokens is not None:
            return tokens
    tokens = scope_state(scopes).tokens
    if mirror is not None:
        scope_mirror.safely(mirror.fill, tokens)
    return tokens


# --- The middleware ----------------------------------------------------------------------------

ENTRY_VERSION = 1
MAX_KEY_LENGTH = 2000
SKIPPED_HEADERS = {"set-cookie", "date", "x-public-cache"}
EXCLUDED_PREFIXES = ("/beheer/", "/documenten/", "/media/", "/static/")


def _cache():
    return caches[getattr(settings, "PUBLIC_CACHE_ALIAS", "default")]


def cache_key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "public-page:" + hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()


def _request_is_anonymous(request):
    cookies = request.COOKIES
    return not (
        settings.SESSION_COOKIE_NAME in cookies
        or "messages" in cookies
        or request.META.get("HTTP_AUTHORIZATION")
    )


def _eligible(request):
    return (
        getattr(settings, "PUBLIC_CACHE_ENABLED", True)
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(EXCLUDED_PREFIXES)
        and len(request.get_full_path()) <= MAX_KEY_LENGTH
        and _request_is_anonymous(request)
    )


def _has_queued_messages(request):
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "_queued_messages", None))


def storable(request, response):
    """Whether ``response`` is the same for everyone and may be stored."""
    plan = plan_of(request)
    if plan is None or request.method != "GET" or response.status_code != 200:
        return False
    if response.streaming or response.cookies or response.has_header("Set-Cookie"):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if "private" in cache_control or "no-store" in cache_control:
        return False
    if getattr(request, "is_preview", False) or _has_queued_messages(request):
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


class PublicCacheMiddleware:
    """Serve stored public responses whose scopes have not moved on; store new ones.

    Placed after WhiteNoise and before the session middleware, so that on
    the way out it sees every cookie the inner middleware set.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _eligible(request):
            return self.get_response(request)
        key = cache_key(request)
        cached = self._serve_stored(request, key)
        if cached is not None:
            return cached
        # Whatever the view reads from here on is at least as new as this epoch.
        start = scope_state([EPOCH]).tokens[EPOCH]
        today = timezone.localdate()
        response = self.get_response(request)
        if storable(request, response):
            self._store(request, key, response, start=start, today=today)
            _remember_url(request, plan_of(request))
            shared_cache_control(response, plan_of(request))
        return response

    def _serve_stored(self, request, key):
        try:
            entry = _cache().get(key)
        except Exception:  # a cache outage must not take the site down
            logger.exception("Public cache unavailable")
            return None
        if not isinstance(entry, dict) or entry.get("version") != ENTRY_VERSION:
            return None
        if entry["day"] is not None and entry["day"] != timezone.localdate().isoformat():
            return None
        if stored_tokens(entry["tokens"]) != entry["tokens"]:
            return None
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        shared_cache_control(response, Plan(scopes=frozenset(), daily=entry["day"] is not None))
        _debug_header(response, "hit")
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        answer = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        _debug_header(answer, "hit")
        return answer

    def _store(self, request, key, response, *, start, today):
        plan = plan_of(request)
        state = scope_state(plan.scopes | {EPOCH})
        if state.tokens.pop(EPOCH) != start:
            # Something was published or unpublished while this response was
            # rendered: it may show data older than the generations read now.
            _debug_header(response, "skip")
            return
        _debug_header(response, "miss")
        mirror = scope_mirror.mirror()
        if mirror is not None:
            scope_mirror.safely(mirror.fill, state.tokens)
        entry = {
            "version": ENTRY_VERSION,
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name.lower() not in SKIPPED_HEADERS
            ],
            "content": response.content,
            "tokens": state.tokens,
            "day": today.isoformat() if plan.daily else None,
        }
        timeout = getattr(settings, "PUBLIC_CACHE_TIMEOUT", 60 * 60 * 24)
        try:
            _cache().set(key, entry, timeout)
        except Exception:
            logger.exception("Public cache unavailable")


def _remember_url(request, plan):
    """Note the URL under its scopes, for purging a frontend cache (``frontend_purge``)."""
    from .frontend_purge import configured

    mirror = scope_mirror.mirror()
    if mirror is None or not configured():
        return
    url = request.build_absolute_uri(request.get_full_path())
    timeout = getattr(settings, "PUBLIC_CACHE_TIMEOUT", 60 * 60 * 24)
    scope_mirror.safely(mirror.remember, url, plan.scopes, timeout)


def shared_cache_s_maxage(plan):
    """How long a CDN or reverse proxy may keep a public response, in seconds.

    ``PUBLIC_CACHE_S_MAXAGE`` when set; otherwise an hour where stale URLs
    are purged (``WAGTAILFRONTENDCACHE`` with the Redis mirror), and a minute
    where nothing would purge them. A page that depends on today's date is
    never kept past midnight.
    """
    from .frontend_purge import configured

    seconds = getattr(settings, "PUBLIC_CACHE_S_MAXAGE", None)
    if seconds is None:
        seconds = 3600 if configured() and scope_mirror.mirror() is not None else 60
    if plan.daily:
        now = timezone.localtime()
        midnight = (now + datetime.timedelta(days=1)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        seconds = min(seconds, max(0, int((midnight - now).total_seconds())))
    return int(seconds)


def shared_cache_control(response, plan):
    """``Cache-Control: public, s-maxage=…`` on a response that is the same for everyone.

    Browsers get ``max-age=0`` (they revalidate) unless the view chose its own
    ``max-age`` (the feeds: five minutes).
    """
    if "max-age" not in response.get("Cache-Control", ""):
        patch_cache_control(response, max_age=0)
    patch_cache_control(response, public=True, s_maxage=shared_cache_s_maxage(plan))


def _debug_header(response, how):
    """``X-Public-Cache: hit|miss|skip``, in dev and test only (PUBLIC_CACHE_DEBUG_HEADER)."""
    if getattr(settings, "PUBLIC_CACHE_DEBUG_HEADER", False):
        response["X-Public-Cache"] = how


# --- Pages served by Wagtail -------------------------------------------------------------------

ROUTE_ATTRIBUTE = "public_cache_kinds"
PAGE_KINDS = ("letters", "meetings", "motions", "consultations")


def route_shows(*kinds):
    """Declare what a route of a council or home page shows, for its cache scopes.

    ``kinds`` are among ``letters``, ``meetings``, ``motions``,
    ``consultations``; a route without this declaration depends on all of
    them. Routes are ``daily`` (meeting status, follow-up and verdicts
    depend on today's date) unless they set their own plan in the view.
    """
    unknown = set(kinds) - set(PAGE_KINDS)
    if unknown:
        raise ValueError(f"Unknown kinds: {sorted(unknown)}")

    def decorate(view):
        setattr(view, ROUTE_ATTRIBUTE, kinds)
        return view

    return decorate
