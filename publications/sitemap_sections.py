"""The sections of ``/sitemap.xml``: the record sitemaps (``sitemaps``) and the Woo ones (``woo``).

Its own module, above both, so that ``woo`` may build on ``sitemaps`` without
``sitemaps`` importing ``woo`` back.
"""

from .sitemaps import (
    ConsultationsSitemap,
    LettersSitemap,
    MeetingsSitemap,
    MotionsSitemap,
    PagesSitemap,
    VersionsSitemap,
)
from .woo import WooRequestsSitemap, WooSitemap


def sections():
    """The sections of ``/sitemap.xml``, by name (``/sitemap-<name>.xml``), in index order."""
    return {
        "pages": PagesSitemap,
        "letters": LettersSitemap,
        "versions": VersionsSitemap,
        "meetings": MeetingsSitemap,
        "motions": MotionsSitemap,
        "consultations": ConsultationsSitemap,
        "woo": WooSitemap,
        "woo-aanvragen": WooRequestsSitemap,
    }
