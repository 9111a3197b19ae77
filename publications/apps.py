from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("Publicaties")

    def ready(self):
        from alerts import matching
        from council import public_site

        from . import alert_search, invalidation, site

        public_site.register(site.SITE)
        matching.register_search_matcher(alert_search.letters_matching)
        invalidation.connect()
