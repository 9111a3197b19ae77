"""Failed logins locked out by django-axes: the Dutch lock-out page, the log, the unlock.

django-axes counts failed logins per account and per client address
(``AXES_*`` in config/settings/base.py). While either is locked out,
``lockout_response`` answers with a Dutch page (HTTP 429). Each lock-out is
logged (logger ``council.lockouts``, level WARNING). A platform
administrator sees the records under Instellingen > Geblokkeerde aanmeldingen
and unlocks an account there ("Ontgrendelen", council/lockout_admin.py).
"""

import logging

from axes.helpers import get_cool_off, get_failure_limit
from axes.signals import user_locked_out
from django.dispatch import receiver
from django.shortcuts import render
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


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
