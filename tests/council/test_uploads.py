"""Uploads: an SVG (which can carry script) is refused as an image, in Dutch; nothing is stored."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.images.models import Image

pytestmark = pytest.mark.django_db

REFUSALS = (
    "Geen ondersteund afbeeldingsformaat. Ondersteunde formaten: GIF, JPG, JPEG, PNG, WEBP.",
    "Geen geldige .png afbeelding. Deze extensie hoort niet bij het bestandsformaat (svg)",
)
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script><rect width='10' height='10'/></svg>"
)


def png():
    data = io.BytesIO()
    PILImage.new("RGB", (4, 4), "white").save(data, "PNG")
    return data.getvalue()


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("logo.svg", "image/svg+xml"), ("logo.png", "image/svg+xml"), ("logo.svg", "image/png")],
)
def test_an_svg_image_is_refused_in_dutch(client, admin_user, name, content_type):
    client.force_login(admin_user)
    response = client.post(
        "/beheer/images/add/",
        {"title": "Logo", "file": SimpleUploadedFile(name, SVG, content_type=content_type)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    errors = re.findall(r'class="error-message"[^>]*>\s*(.*?)\s*<', page, re.S)
    assert errors, page
    assert any(error.startswith(REFUSALS) for error in errors), errors
    assert not Image.objects.exists()


def test_a_png_image_is_still_accepted(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/beheer/images/add/",
        {"title": "Logo", "file": SimpleUploadedFile("logo.png", png(), content_type="image/png")},
    )
    assert response.status_code == 302
    assert Image.objects.get().title == "Logo"


def test_an_svg_document_is_refused(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        "/beheer/documents/add/",
        {
            "title": "Logo",
            "file": SimpleUploadedFile("logo.svg", SVG, content_type="image/svg+xml"),
        },
    )
    assert response.status_code == 200
    assert not Document.objects.exists()
