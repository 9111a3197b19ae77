from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Cliëntenraden")

    def ready(self):
        from . import date_input, lockouts, plain_text  # noqa: F401  (lockouts: the lock-out log receiver)

        date_input.register()
        plain_text.install()
