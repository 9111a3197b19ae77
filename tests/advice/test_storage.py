"""Frozen PDFs live outside MEDIA_ROOT and are only served by the live letter page."""

from pathlib import Path

import pytest
from django.conf import settings

from advice.models import LetterVersion

pytestmark = pytest.mark.django_db


def test_pdfs_are_stored_privately_and_have_no_url(demo):
    version = LetterVersion.objects.select_related("letter").first()

    stored = Path(version.pdf.path)
    assert stored.is_file()
    assert stored.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT))
    assert not stored.is_relative_to(Path(settings.MEDIA_ROOT))
    with pytest.raises(ValueError, match="no URL"):
        version.pdf.url  # noqa: B018


def test_pdf_of_an_unpublished_letter_is_gone(demo, client):
    version = LetterVersion.objects.select_related("letter").first()
    letter = version.letter
    pdf_url = f"{letter.url}versies/{version.number}/pdf/"
    assert client.get(pdf_url).status_code == 200

    letter.unpublish()

    assert client.get(pdf_url).status_code == 404
    assert client.get(f"{letter.url}pdf/").status_code == 404
