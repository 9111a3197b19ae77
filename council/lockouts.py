"""Failed logins locked out by django-axes: the Dutch lock-out page, the log, the unlock.

django-axes counts failed logins per account and per client address
(``AXES_*`` in config/settings/base.py). While either is locked out,
``lockout_response`` answers with a Dutch page (HTTP 429). ``client_ip``
reads the client address behind a known number of proxies. Each lock-out is
logged (logger ``council.lockouts``, level WARNING). A platform
administrator sees the records under Instellingen > Geblokkeerde aanmeldingen
and unlocks an account there ("Ontgrendelen", council/lockout_admin.py).
"""

import ipaddress
import logging

from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def client_ip(request):
    """AXES_CLIENT_IP_CALLABLE: the address a lock-out counts.

    REMOTE_ADDR, unless ``TRUSTED_PROXY_COUNT`` proxies stand in front: each
    appends the address it was reached from to X-Forwarded-For, so the
    client's is that many entries from the right. Whatever a client put to the
    left of it is ignored; a header too short or not an address falls back to
    REMOTE_ADDR.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count < 1:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the Dutch lock-out page, status 429."""
    now = timezone.now()
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "wait": timeuntil(now + cool_off, now) if cool_off else _("tijd"),
    }
    return render(request, "council/lockout.html", context, status=429)


@receiver(user_locked_out)
def log_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    logger.warning("Login locked out: account %r from address %s", username, ip_address)
