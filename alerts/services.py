"""Following and leaving (docs/alerts.md). Keyword-only, atomic writes."""

import datetime

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import TARGET_FIELDS, Subscriber, Subscription
from .tokens import CONFIRM_MAX_AGE, confirm_token, manage_token

#: At most one confirmation e-mail per address in this time, whatever is asked.
CONFIRMATION_INTERVAL = datetime.timedelta(hours=1)


def purge_unconfirmed(*, now=None):
    """Forget requests nobody confirmed within the link's 48 hours, and addresses left empty."""
    now = now or timezone.now()
    Subscription.objects.filter(confirmed_at=None, created_at__lt=now - CONFIRM_MAX_AGE).delete()
    Subscriber.objects.filter(subscriptions=None, created_at__lt=now - CONFIRM_MAX_AGE).delete()


@transaction.atomic
def subscription_request(*, email, kind, target, frequency, build_url):
    """Store a pending subscription; send one confirmation e-mail unless one went out this hour.

    ``target`` is the followed object (or the query string of a search);
    ``build_url(path)`` makes an absolute URL. Returns whether a mail was sent
    (the page says the same either way).
    """
    purge_unconfirmed()
    email = email.strip()
    subscriber, _created = Subscriber.objects.get_or_create(
        email__iexact=email, defaults={"email": email}
    )
    subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
    field = TARGET_FIELDS[kind]
    existing = Subscription.objects.filter(subscriber=subscriber, kind=kind, **{field: target})
    if not existing.exists():
        try:
            with transaction.atomic():
                Subscription.objects.create(
                    subscriber=subscriber, kind=kind, frequency=frequency, **{field: target}
                )
        except IntegrityError:  # the same request twice at once
            pass
    pending = list(subscriber.subscriptions.filter(confirmed_at=None))
    now = timezone.now()
    recent = (
        subscriber.confirmation_sent_at is not None
        and now - subscriber.confirmation_sent_at < CONFIRMATION_INTERVAL
    )
    if not pending or recent:
        return False
    subscriber.confirmation_sent_at = now
    subscriber.save(update_fields=["confirmation_sent_at"])
    context = {
        "subscriptions": pending,
        "confirm_url": build_url(reverse("alerts_confirm", args=[confirm_token(subscriber)])),
        "manage_url": build_url(reverse("alerts_manage", args=[manage_token(subscriber)])),
        "hours": int(CONFIRM_MAX_AGE.total_seconds() // 3600),
    }
    send_mail(
        _("Bevestig uw meldingen van Kanttekening"),
        render_to_string("alerts/email/confirm.txt", context),
        None,
        [subscriber.email],
    )
    return True


@transaction.atomic
def subscriber_confirm(*, subscriber):
    """Confirm every pending subscription of the address; returns how many."""
    now = timezone.now()
    count = subscriber.subscriptions.filter(confirmed_at=None).update(confirmed_at=now)
    if subscriber.confirmed_at is None:
        subscriber.confirmed_at = now
        subscriber.save(update_fields=["confirmed_at"])
    return count


@transaction.atomic
def subscription_delete(*, subscription):
    """Delete one subscription, and the address once it follows nothing."""
    subscriber = subscription.subscriber
    subscription.delete()
    if not subscriber.subscriptions.exists():
        subscriber.delete()
        return True
    return False


@transaction.atomic
def subscription_set_frequency(*, subscription, frequency):
    """How often the address hears of this target from now on."""
    subscription.frequency = frequency
    subscription.save(update_fields=["frequency"])


@transaction.atomic
def subscriptions_delete(*, subscriber_id, frequency):
    """Leave a digest: delete every subscription of that frequency; the address if it is empty.

    Returns the subscriber while it still follows something, else None.
    """
    Subscription.objects.filter(subscriber_id=subscriber_id, frequency=frequency).delete()
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if subscriber is not None and not subscriber.subscriptions.exists():
        subscriber.delete()
        return None
    return subscriber
