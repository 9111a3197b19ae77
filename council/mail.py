"""Every e-mail leaves the request: it is stored, then delivered by a task.

``EMAIL_BACKEND = "council.mail.QueuedEmailBackend"`` catches every message
Django or Wagtail sends (workflow notifications, the reminders of
``send_reminders``, password resets): ``send_messages`` stores each one as an
:class:`OutgoingMail` and enqueues :func:`deliver_mail` on commit, so a request
never waits on SMTP and a rolled-back request sends nothing.

The worker delivers it with ``EMAIL_DELIVERY_BACKEND`` (SMTP in production,
the console in development). A failed delivery is tried again after a pause,
``background.MAX_ATTEMPTS`` times in all; after the last it is *mislukt*, with
the reason, in the admin (Instellingen → Uitgaande e-mail, administrators
only: a message may concern any council).
"""

import base64
import logging

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .background import enqueue_on_commit, retry_later, task

logger = logging.getLogger(__name__)


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        SENT = "sent", _("verzonden")
        FAILED = "failed", _("mislukt")

    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, db_index=True)
    subject = models.CharField(_("onderwerp"), max_length=998)
    recipients = models.TextField(_("ontvangers"))
    message = models.JSONField(_("bericht"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    last_error = models.TextField(_("laatste fout"), blank=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        app_label = "council"
        ordering = ["-created_at"]
        verbose_name = _("uitgaande e-mail")
        verbose_name_plural = _("uitgaande e-mails")

    def __str__(self):
        return f"{self.subject} → {self.recipients}"

    def as_message(self):
        return message_from_payload(self.message)


def payload_of(message):
    """A message as JSON: what the worker needs to send it again, byte for byte."""
    attachments = []
    for attachment in message.attachments:
        if not isinstance(attachment, tuple):
            raise ValueError("MIME-bijlagen kunnen niet in de wachtrij; geef (naam, inhoud, type).")
        filename, content, mimetype = attachment
        data = content.encode() if isinstance(content, str) else content
        attachments.append([filename, base64.b64encode(data).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {key: str(value) for key, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [
            [str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def message_from_payload(payload):
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    message.content_subtype = payload["content_subtype"]
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    for filename, data, mimetype in payload["attachments"]:
        message.attach(filename, base64.b64decode(data), mimetype)
    return message


class QueuedEmailBackend(BaseEmailBackend):
    """Stores each message and enqueues its delivery when the transaction commits."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            if not message.recipients():
                continue
            queue_mail(message)
            queued += 1
        return queued


def queue_mail(message: EmailMessage) -> OutgoingMail:
    mail = OutgoingMail.objects.create(
        subject=str(message.subject)[:998],
        recipients=", ".join(message.recipients()),
        message=payload_of(message),
    )
    enqueue_on_commit(deliver_mail, mail.pk)
    return mail


@task()
def deliver_mail(mail_id: int, attempt: int = 1) -> str:
    """Send one stored message; on failure try again later, and after the last attempt
    record it as failed with the reason. Never sends a message twice."""
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != OutgoingMail.Status.QUEUED:
            return mail.status if mail else "gone"
        mail.attempts += 1
        try:
            connection = get_connection(settings.EMAIL_DELIVERY_BACKEND, fail_silently=False)
            connection.send_messages([mail.as_message()])
        except Exception as error:
            mail.last_error = f"poging {attempt}: {type(error).__name__}: {error}"
            if not retry_later(deliver_mail, mail_id, attempt=attempt):
                mail.status = OutgoingMail.Status.FAILED
                logger.error("E-mail %s niet verzonden: %s", mail_id, mail.last_error)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
        mail.save()
        return mail.status
