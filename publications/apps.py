from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publicaties")

    def ready(self):
        from council import public_site

        from . import invalidation, site

        public_site.register(site.SITE)
        invalidation.connect()
