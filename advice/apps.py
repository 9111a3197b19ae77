from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdviceConfig(AppConfig):
    """One Django app with two halves: ``advice.letters`` and ``advice.consultations``.

    The consultation record sits above the letters: it imports them, never
    the reverse. Where sending a letter must change the consultations it
    answers, the letters half offers a hook that the record fills here.
    """

    name = "advice"
    verbose_name = _("Adviezen en raadplegingen")

    def ready(self):
        from .consultations import causes
        from .consultations.services import follow_sent_letter
        from .letters.services import observe_sending

        observe_sending(follow_sent_letter)
        causes.connect()
