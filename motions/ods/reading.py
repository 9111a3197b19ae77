"""Reading an ODS export: where the bytes come from, their limits, JSON and the top-level shape.

Every refusal is an :class:`OdsProblem` with a Dutch message; nothing has
been written when one is raised. The limits are stated in
docs/agenda-and-motions.md.
"""

import json
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

#: One export file (or URL answer), in bytes.
MAX_BYTES = 10 * 1024 * 1024
#: Resources in one export, all lists together.
MAX_OBJECTS = 5000
#: Seconds a URL may take to answer (connecting, and between two reads).
URL_TIMEOUT = 15

MEETINGS = "vergaderingen"
ITEMS = "agendapunten"
MOTIONS = "moties"
DOCUMENTS = "informatieobjecten"
LISTS = (MEETINGS, ITEMS, MOTIONS, DOCUMENTS)


class OdsProblem(Exception):
    """Bad input, in Dutch; ``messages`` holds one line per problem."""

    def __init__(self, *messages):
        super().__init__("\n".join(str(message) for message in messages))
        self.messages = [str(message) for message in messages]


def _mb(size):
    return f"{size // (1024 * 1024)} MB"


def too_large(name):
    return OdsProblem(
        _("%(name)s is te groot: een ODS-bestand is hoogstens %(limit)s.")
        % {"name": name, "limit": _mb(MAX_BYTES)}
    )


def read_bounded(stream, name):
    """Read at most ``MAX_BYTES`` (whatever a header claimed); one byte more is a refusal."""
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise too_large(name)
    return data


def is_url(source):
    return "://" in source


def read_file(path):
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise too_large(path.name)
        with path.open("rb") as stream:
            return read_bounded(stream, path.name)
    except OSError as error:
        raise OdsProblem(
            _("Het bestand %(name)s kan niet gelezen worden (%(error)s).")
            % {"name": path, "error": error.strerror or error}
        ) from None


def read_url(url, *, timeout=None):
    """Fetch an export over http(s) only, with a timeout and a size limit."""
    timeout = URL_TIMEOUT if timeout is None else timeout
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OdsProblem(
            _("%(url)s: alleen een http- of https-adres kan worden ingelezen.") % {"url": url}
        )
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url, headers={"Accept": "application/json", "User-Agent": "Kanttekening import_ods"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > MAX_BYTES:
                raise too_large(url)
            return read_bounded(response, url)
    except urllib.error.HTTPError as error:
        raise OdsProblem(
            _("%(url)s antwoordt met foutcode %(code)s; er is niets ingelezen.")
            % {"url": url, "code": error.code}
        ) from None
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise OdsProblem(
            _("%(url)s is niet bereikbaar (%(reason)s); er is niets ingelezen.")
            % {"url": url, "reason": reason}
        ) from None


def read_source(source):
    """The bytes of a file path or an http(s) URL."""
    return read_url(source) if is_url(source) else read_file(source)


def parse(data, name):
    """The export as a dict of lists; refuses what is not JSON or not that shape."""
    if len(data) > MAX_BYTES:
        raise too_large(name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OdsProblem(
            _("%(name)s is geen UTF-8-tekst en dus geen ODS-export (JSON).") % {"name": name}
        ) from None
    try:
        export = json.loads(text)
    except RecursionError:
        raise OdsProblem(_("%(name)s is te diep genest om te lezen.") % {"name": name}) from None
    except ValueError as error:
        raise OdsProblem(
            _("%(name)s is geen geldige JSON (regel %(line)s, kolom %(column)s).")
            % {
                "name": name,
                "line": getattr(error, "lineno", "?"),
                "column": getattr(error, "colno", "?"),
            }
        ) from None
    if not isinstance(export, dict):
        raise OdsProblem(
            _(
                "%(name)s heeft niet de vorm van een ODS-export: verwacht is een object met de "
                "lijsten 'vergaderingen' en 'agendapunten'."
            )
            % {"name": name}
        )
    problems = []
    lists = {}
    for key in LISTS:
        value = export.get(key, [])
        if isinstance(value, dict) and isinstance(value.get("results"), list):
            value = value["results"]  # one page of a GET answer (PaginatedVergaderingList)
        if not isinstance(value, list):
            problems.append(
                _("%(name)s: '%(key)s' moet een lijst zijn.") % {"name": name, "key": key}
            )
            continue
        lists[key] = value
    for key in (MEETINGS, ITEMS):
        if key not in export:
            problems.append(
                _("%(name)s: de lijst '%(key)s' ontbreekt.") % {"name": name, "key": key}
            )
    if problems:
        raise OdsProblem(*problems)
    count = sum(len(value) for value in lists.values())
    if count > MAX_OBJECTS:
        raise OdsProblem(
            _("%(name)s bevat te veel objecten: %(count)d, hoogstens %(limit)d per bestand.")
            % {"name": name, "count": count, "limit": MAX_OBJECTS}
        )
    return lists
