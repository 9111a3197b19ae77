"""Compare-revisions shows a letter's Markdown as the member wrote it: line by line."""

import pytest
from django.urls import reverse

from council.models import Member
from tests.factories.advice import letter_page
from tests.factories.council import CouncilFactory, MemberFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

FIRST = "Eerste alinea.\n\n1) Eerste punt\n2) Tweede punt"
SECOND = "Eerste alinea, herzien.\n\n1) Eerste punt\n2) Tweede punt\n3) Derde punt"


@pytest.fixture
def council(member_user):
    council = CouncilFactory()
    council_page(council)
    MemberFactory(council=council, user=member_user, role=Member.Role.MEMBER)
    return council


def compare(client, letter, first, second):
    url = reverse("wagtailadmin_pages:revisions_compare", args=[letter.pk, first.pk, second.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_changed_markdown_block_keeps_its_line_breaks(client_for, council, member_user):
    letter = letter_page(council, body=[("text", FIRST)])
    first = letter.get_latest_revision()
    draft = letter.get_latest_revision_as_object()
    # The same block (same id), with a changed text: Wagtail diffs it word by word.
    draft.body = [{"type": "text", "value": SECOND, "id": draft.body[0].id}]
    second = draft.save_revision()

    html = compare(client_for(member_user), letter, first, second)

    # Each line of the source stays on its own line; the blank line between paragraphs too.
    assert "punt<br>\n2) Tweede punt" in html
    assert 'alinea<span class="addition">, herzien</span>.<br>\n<br>\n1) Eerste' in html
    plain = html.replace('<span class="addition">', "").replace("</span>", "")
    assert "2) Tweede punt<br>\n3) Derde punt" in plain
    # Nothing of the Markdown is rendered: the source is what is compared.
    assert "<ol>" not in html[html.index("Eerste alinea") :]


def test_markdown_inside_a_section_and_a_new_block_keep_their_line_breaks(
    client_for, council, member_user
):
    section = {"heading": "5. Aanbesteding", "agenda_item": None, "content": [("text", FIRST)]}
    letter = letter_page(council, body=[("section", section)])
    first = letter.get_latest_revision()
    draft = letter.get_latest_revision_as_object()
    changed = dict(section, content=[("text", SECOND)])
    draft.body = [("section", changed), ("text", "Nieuw blok\nmet twee regels")]
    second = draft.save_revision()

    html = compare(client_for(member_user), letter, first, second)

    assert "punt<br>\n2) Tweede punt" in html  # inside the section's stream
    assert "Nieuw blok<br>\nmet twee regels" in html  # a block that is new in the second
