from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    name = "council"
    verbose_name = _("Cliëntenraden")

    def ready(self):
        from . import date_input, plain_text

        date_input.register()
        plain_text.install()
