"""Where the frozen PDFs of letters live: outside MEDIA_ROOT, behind no URL.

A PDF is public only while its letter is: it is served by a route of the
live letter page, never straight from disk, so unpublishing a letter takes
its PDFs off the site at once and an old file name cannot be guessed open.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url="/")

    # Read the setting on every access (not cached), so tests and deployments
    # can point PRIVATE_MEDIA_ROOT elsewhere after the model class has loaded.
    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a view.")
