"""No "None" on screen: an empty value reads "—" (or "onbekend" where that is meant)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

NONE = re.compile(r">\s*None\s*<|\bNone\b(?![\w\"'=])")


def visible_text(html):
    html = re.sub(r"<(script|style|template)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_open_data_page_shows_no_none(demo, client):
    response = client.get("/open-data/")

    assert response.status_code == 200
    text = visible_text(response.content.decode())
    assert not re.search(r"\bNone\b", text), text[max(0, text.find("None") - 300) :][:600]


def test_no_consultation_inspect_view_shows_none(demo, admin_client):
    from advice.models import Consultation

    consultations = list(Consultation.objects.all())
    assert len(consultations) == 2  # the demo's
    for consultation in consultations:
        url = reverse("wagtailsnippets_advice_consultation:inspect", args=[consultation.pk])
        response = admin_client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        assert not re.search(r"\bNone\b", text), (
            url,
            text[max(0, text.find("None") - 200) :][:400],
        )
