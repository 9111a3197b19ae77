"""Signed links: confirm (48 h), manage and unsubscribe (for as long as the row exists).

Each link carries only a primary key, signed with ``django.core.signing`` and
a salt of its own, so a token for one purpose never works for another.
"""

import datetime

from django.core import signing
from django.urls import reverse

CONFIRM_SALT = "alerts.confirm"
MANAGE_SALT = "alerts.manage"
UNSUBSCRIBE_SALT = "alerts.unsubscribe"
DIGEST_SALT = "alerts.digest"
CONFIRM_MAX_AGE = datetime.timedelta(hours=48)


def confirm_token(subscriber):
    return signing.dumps(subscriber.pk, salt=CONFIRM_SALT, compress=True)


def manage_token(subscriber):
    return signing.dumps(subscriber.pk, salt=MANAGE_SALT, compress=True)


def unsubscribe_token(subscription):
    return signing.dumps(subscription.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def digest_token(subscriber, frequency):
    """Leave one digest (every subscription of the address with that frequency)."""
    return signing.dumps([subscriber.pk, frequency], salt=DIGEST_SALT, compress=True)


def read_digest(token):
    """``(subscriber pk, frequency)``; raises ``signing.BadSignature``."""
    value = signing.loads(token, salt=DIGEST_SALT)
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or not isinstance(value[1], str)
    ):
        raise signing.BadSignature("Not a digest")
    return value[0], value[1]


def read(token, salt, *, max_age=None):
    """The primary key in ``token``; raises ``signing.BadSignature`` (or ``SignatureExpired``)."""
    value = signing.loads(token, salt=salt, max_age=max_age)
    if not isinstance(value, int):
        raise signing.BadSignature("Not a key")
    return value


def unsubscribe_headers(subscription, request=None, *, base_url="", path=None):
    """``List-Unsubscribe`` and ``List-Unsubscribe-Post`` (RFC 8058) for an alert e-mail.

    The URL answers a POST without CSRF token (the signed token authenticates
    it) and a GET with a confirmation button. ``path``: another one-click
    URL (a digest's, ``alerts_leave_digest``).
    """
    path = path or reverse("alerts_unsubscribe", args=[unsubscribe_token(subscription)])
    url = request.build_absolute_uri(path) if request is not None else f"{base_url}{path}"
    return {
        "List-Unsubscribe": f"<{url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }
