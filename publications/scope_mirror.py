"""The scope generations mirrored in Redis, so that serving a stored page needs no query.

The generations stay in the database (``publications.caching.CacheScope``):
a bump belongs to the transaction that publishes or unpublishes. When the
public cache is Redis, every generation is also kept there, under the cache's
own key prefix, so that a cache hit reads the generations of its scopes from
Redis in one round trip instead of from the database.

How the mirror stays right:

- After a bump commits, the new tokens are read back from the database and
  written to Redis (``publish``). A rolled-back bump writes nothing.
- A token is only ever replaced by one with a higher generation (a Lua script
  compares them in Redis, atomically), so a slow writer of an older token can
  never overwrite a newer one.
- A hit that finds a scope missing from the mirror reads the database, as
  before, and fills the mirror with what it read (``fill``), again only where
  that is newer.
- Every mirrored token expires (``PUBLIC_CACHE_SCOPE_TTL``, 5 minutes by
  default), so that even a lost write is corrected within that time.
- With a per-process cache (local memory, no Redis) there is nothing shared to
  mirror into; every hit then checks the database, as before.

Each stored URL is also remembered per scope (``remember``), so that a bump
knows exactly which URLs it made stale: those are purged from a CDN or
reverse proxy through ``wagtail.contrib.frontend_cache``
(``publications.frontend_purge``).
"""

import logging

from django.conf import settings
from django.core.cache import caches

logger = logging.getLogger(__name__)

#: Set the token unless the key holds one of a higher generation. The
#: generation is the integer before the first dot of a token ("12.1764...").
#: Two tokens of one generation differ only after a rolled-back bump or a
#: restored database; the one written later was read later and wins.
SET_IF_NEWER = """
local ttl = tonumber(ARGV[1])
for i, key in ipairs(KEYS) do
  local new = ARGV[i + 1]
  local current = redis.call('GET', key)
  if (not current) or tonumber(string.match(current, '^%d+')) <= tonumber(string.match(new, '^%d+')) then
    redis.call('SET', key, new, 'EX', ttl)
  end
end
return 0
"""

_clients = {}


def _config():
    alias = getattr(settings, "PUBLIC_CACHE_ALIAS", "default")
    return alias, settings.CACHES.get(alias, {})


def mirror():
    """The ``Mirror`` of the public cache, or None when it is not a shared Redis."""
    if not getattr(settings, "PUBLIC_CACHE_SCOPE_MIRROR", True):
        return None
    alias, config = _config()
    if not config.get("BACKEND", "").endswith(".RedisCache"):
        return None
    location = config["LOCATION"]
    if isinstance(location, list | tuple):
        location = location[0]  # Django's RedisCache writes to the first server
    elif "," in location:
        location = location.split(",")[0]
    client = _clients.get(location)
    if client is None:
        import redis

        client = redis.Redis.from_url(location, socket_timeout=1, socket_connect_timeout=1)
        _clients[location] = client
    return Mirror(client, caches[alias])


class Mirror:
    def __init__(self, client, cache):
        self.client = client
        self.cache = cache

    def _key(self, kind, scope):
        return self.cache.make_key(f"public-{kind}:{scope}")

    @property
    def ttl(self):
        return int(getattr(settings, "PUBLIC_CACHE_SCOPE_TTL", 300))

    def read(self, scopes):
        """The mirrored tokens of ``scopes``, or None when any of them is missing."""
        scopes = sorted(set(scopes))
        values = self.client.mget([self._key("scope", scope) for scope in scopes])
        if any(value is None for value in values):
            return None
        return {scope: value.decode() for scope, value in zip(scopes, values, strict=True)}

    def fill(self, tokens):
        """Store ``tokens`` (scope → token) where the mirror holds nothing newer."""
        if not tokens:
            return
        scopes = sorted(tokens)
        self.client.eval(
            SET_IF_NEWER,
            len(scopes),
            *[self._key("scope", scope) for scope in scopes],
            self.ttl,
            *[tokens[scope] for scope in scopes],
        )

    def remember(self, url, scopes, timeout):
        """Note that the stored response for ``url`` shows ``scopes`` (for purging)."""
        pipe = self.client.pipeline(transaction=False)
        for scope in scopes:
            key = self._key("urls", scope)
            pipe.sadd(key, url)
            pipe.expire(key, int(timeout))
        pipe.execute()

    def take_urls(self, scopes):
        """The URLs stored under ``scopes``, forgotten as they are returned."""
        pipe = self.client.pipeline(transaction=True)
        keys = [self._key("urls", scope) for scope in sorted(set(scopes))]
        for key in keys:
            pipe.smembers(key)
        pipe.delete(*keys)
        results = pipe.execute()
        urls = set()
        for members in results[:-1]:
            urls.update(member.decode() for member in members)
        return urls


def safely(action, *args, default=None):
    """Run a mirror action; a Redis outage falls back to the database, never to an error."""
    try:
        return action(*args)
    except Exception:
        logger.exception("Scope mirror unavailable")
        return default
