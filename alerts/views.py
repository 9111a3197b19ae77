"""Follow, confirm, manage, unsubscribe (docs/alerts.md).

None of these responses is stored by the public cache (no view declares
``depends_on``). The follow form on the cached public pages carries no CSRF
token, so that no visitor's token is ever stored in a cached page: the follow
view is CSRF-exempt and refuses instead a POST whose ``Origin`` (or, without
it, ``Referer``) names another site, the check browsers make possible for
every cross-site form POST. The one-click unsubscribe is CSRF-exempt as RFC
8058 requires: its signed token authenticates it.
"""

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from council.lockouts import client_ip

from . import services
from .forms import FollowForm
from .models import Frequency, Kind, Subscriber, Subscription
from .targets import public_target
from .tokens import (
    CONFIRM_MAX_AGE,
    CONFIRM_SALT,
    MANAGE_SALT,
    UNSUBSCRIBE_SALT,
    manage_token,
    read,
    read_digest,
    unsubscribe_token,
)

#: Follow requests per IP address per minute.
FOLLOW_RATE = 20


def _message(request, title, text, status):
    return TemplateResponse(
        request, "alerts/message.html", {"title": title, "text": text}, status=status
    )


def _same_origin(request):
    """False when the browser says the form came from another site."""
    origin = request.headers.get("Origin")
    here = f"{request.scheme}://{request.get_host()}"
    trusted = set(getattr(settings, "CSRF_TRUSTED_ORIGINS", []))
    if origin is not None:
        return origin == here or origin in trusted
    referer = request.headers.get("Referer")
    if referer is not None:
        return url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    return True  # not a browser form post (browsers send Origin with every POST)


def _throttled(request):
    key = f"alerts:follow:{client_ip(request)}:{int(time.time() // 60)}"
    cache.add(key, 0, 90)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 90)
        count = 1
    return count > FOLLOW_RATE


@csrf_exempt
def follow(request, kind, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], _("Gebruik het formulier om iets te volgen."))
    if not _same_origin(request):
        return _message(
            request,
            _("Aanmelding geweigerd"),
            _(
                "Dit formulier kwam niet van deze website. Meld u aan op de pagina die u wilt volgen."
            ),
            403,
        )
    if _throttled(request):
        return _message(
            request,
            _("Te veel aanmeldingen"),
            _(
                "Er kwamen te veel aanmeldingen van uw adres binnen. Probeer het over een minuut opnieuw."
            ),
            429,
        )
    form = FollowForm(request.POST)
    search = request.POST.get("zoekopdracht", "") if kind == Kind.SEARCH else ""
    target = public_target(kind, pk, search) if kind in Kind.values else None
    if target is None:
        return _message(
            request,
            _("Niet te volgen"),
            _("Dit onderdeel bestaat niet of is niet openbaar, en kunt u dus niet volgen."),
            404,
        )
    if not form.is_valid():
        return TemplateResponse(
            request, "alerts/follow.html", {"form": form, "kind": kind, "pk": pk}, status=400
        )
    services.subscription_request(
        email=form.cleaned_data["email"],
        kind=kind,
        target=target,
        frequency=form.cleaned_data["frequency"],
        build_url=request.build_absolute_uri,
    )
    # The same answer whether or not the address is known or a mail went out.
    return TemplateResponse(
        request, "alerts/requested.html", {"hours": int(CONFIRM_MAX_AGE.total_seconds() // 3600)}
    )


def _subscriber_from(token, salt, max_age=None):
    """``(subscriber, None, None)`` or ``(None, message, status)``."""
    try:
        pk = read(token, salt, max_age=max_age)
    except signing.SignatureExpired:
        message = _("Deze link is verlopen. Meld u opnieuw aan op de pagina die u wilt volgen.")
        return None, message, 400
    except signing.BadSignature:
        message = _("Deze link klopt niet. Gebruik de link uit de e-mail zonder hem te wijzigen.")
        return None, message, 400
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        return None, _("U volgt niets (meer) met dit adres."), 404
    return subscriber, None, None


def confirm(request, token):
    subscriber, error, status = _subscriber_from(token, CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if error:
        return _message(request, _("Niet bevestigd"), error, status)
    if request.method == "POST":
        services.subscriber_confirm(subscriber=subscriber)
        return TemplateResponse(
            request, "alerts/manage.html", _manage_context(subscriber, confirmed=True)
        )
    pending = subscriber.subscriptions.filter(confirmed_at=None)
    return TemplateResponse(request, "alerts/confirm.html", {"subscriptions": _described(pending)})


def _described(subscriptions):
    return list(subscriptions.select_related("council", "topic", "body", "consultation", "motion"))


def _manage_context(subscriber, **extra):
    rows = _described(subscriber.subscriptions.all())
    for row in rows:
        row.unsubscribe_token = unsubscribe_token(row)
    return {
        "subscriber": subscriber,
        "subscriptions": rows,
        "frequencies": Frequency.choices,
        "manage_token": manage_token(subscriber),
        **extra,
    }


def manage(request, token):
    """What the address follows; POST (CSRF token) changes one subscription's frequency."""
    subscriber, error, status = _subscriber_from(token, MANAGE_SALT)
    if error:
        return _message(request, _("Meldingen beheren"), error, status)
    if request.method == "POST":
        frequency = request.POST.get("frequency", "")
        pk = request.POST.get("subscription", "")
        subscription = (
            subscriber.subscriptions.filter(pk=int(pk)).first()
            if pk.isdigit() and len(pk) < 19
            else None
        )
        if subscription is None or frequency not in Frequency.values:
            context = _manage_context(
                subscriber, error=_("Kies een van uw meldingen en direct, dagelijks of wekelijks.")
            )
            return TemplateResponse(request, "alerts/manage.html", context, status=400)
        services.subscription_set_frequency(subscription=subscription, frequency=frequency)
        return TemplateResponse(
            request,
            "alerts/manage.html",
            _manage_context(subscriber, changed=subscription.describe()),
        )
    return TemplateResponse(request, "alerts/manage.html", _manage_context(subscriber))


@csrf_exempt
def leave_digest(request, token):
    """A digest's one-click unsubscribe (RFC 8058): everything the address follows that often."""
    try:
        pk, frequency = read_digest(token)
    except signing.BadSignature:
        return _message(
            request,
            _("Niet afgemeld"),
            _("Deze link klopt niet. Gebruik de link uit de e-mail zonder hem te wijzigen."),
            400,
        )
    subscriptions = Subscription.objects.filter(subscriber_id=pk, frequency=frequency)
    if frequency not in Frequency.values or not subscriptions.exists():
        return _message(
            request, _("Afgemeld"), _("U volgt dit niet (meer). Er is niets veranderd."), 200
        )
    label = Frequency(frequency).label
    if request.method == "POST":
        remaining = services.subscriptions_delete(subscriber_id=pk, frequency=frequency)
        return TemplateResponse(
            request,
            "alerts/unsubscribed.html",
            {
                "description": _("alles wat u %(how)s volgde") % {"how": label},
                "manage_token": manage_token(remaining) if remaining else None,
            },
        )
    return TemplateResponse(
        request,
        "alerts/leave_digest.html",
        {"subscriptions": _described(subscriptions), "frequency_label": label},
    )


@csrf_exempt
def unsubscribe(request, token):
    """GET shows a button; POST removes (RFC 8058 one-click, from a mail client too)."""
    try:
        pk = read(token, UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return _message(
            request,
            _("Niet afgemeld"),
            _("Deze link klopt niet. Gebruik de link uit de e-mail zonder hem te wijzigen."),
            400,
        )
    subscription = Subscription.objects.select_related("subscriber").filter(pk=pk).first()
    if subscription is None:
        return _message(
            request, _("Afgemeld"), _("U volgt dit niet (meer). Er is niets veranderd."), 200
        )
    if request.method == "POST":
        description = subscription.describe()
        remaining = None
        if not services.subscription_delete(subscription=subscription):
            remaining = manage_token(subscription.subscriber)
        return TemplateResponse(
            request,
            "alerts/unsubscribed.html",
            {"description": description, "manage_token": remaining},
        )
    return TemplateResponse(
        request, "alerts/unsubscribe.html", {"subscription": subscription, "token": token}
    )
