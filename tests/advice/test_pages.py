"""The letter page in the page tree, its previews, and the queries it costs."""

import pytest
from wagtail.test.utils import WagtailPageTestCase

from advice.letters.services import letter_publish_correction
from advice.models import LetterPage
from publications.models import CouncilPage, HomePage
from tests.factories.advice import agenda_items, letter_form_data, letter_page, published_letter
from tests.factories.council import CouncilFactory, TopicFactory
from tests.factories.publications import council_page


class TestLetterPage(WagtailPageTestCase):
    def test_letters_live_under_council_pages_only(self):
        self.assertCanCreateAt(CouncilPage, LetterPage)
        self.assertCanNotCreateAt(HomePage, LetterPage)
        self.assertCanNotCreateAt(LetterPage, LetterPage)

    def test_letters_render_and_preview_as_published(self):
        letter = published_letter()
        draft = letter_page()
        self.assertPageIsRenderable(letter)
        self.assertPageIsRenderable(letter, route_path="/versies/1/")
        self.assertPageIsPreviewable(letter, post_data=letter_form_data(letter))
        self.assertPageIsPreviewable(draft, post_data=letter_form_data(draft))
        self.assertPageIsPreviewable(draft, mode="pdf", post_data=letter_form_data(draft))


@pytest.mark.django_db
def test_preview_shows_the_draft_as_published_and_the_pdf_unstored(client_for, admin_user):
    from django.urls import reverse

    draft = letter_page()
    client = client_for(admin_user)
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[draft.pk])
    client.post(url, letter_form_data(draft, "Tekst in *wording*."))

    html = client.get(url).content.decode()
    pdf = client.get(url + "?mode=pdf")

    assert "Tekst in <em>wording</em>." in html
    assert '<article class="letter"' in html
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert not draft.versions.exists()


def build_letter(size):
    council = CouncilFactory()
    council_page(council)
    items = agenda_items(council, size)
    body = [
        (
            "section",
            {
                "heading": f"{item.number}. {item.title}",
                "agenda_item": item,
                "content": [("text", "Tekst.")],
            },
        )
        for item in items
    ]
    letter = published_letter(council, body=body)
    draft = letter.get_latest_revision_as_object()
    draft.topics.set([TopicFactory() for _ in range(size)])
    draft.agenda_items.set(items)
    draft.save_revision()
    letter_publish_correction(
        letter=letter, note="Koppelingen aangevuld.", body=body + [("text", "Aanvulling.")]
    )
    for n in range(size // 4):
        letter_publish_correction(
            letter=letter, note=f"Correctie {n}", body=body + [("text", f"Versie {n}.")]
        )
    return LetterPage.objects.get(pk=letter.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [2, 8])
def test_letter_page_queries_do_not_grow_with_its_content(
    client, django_assert_max_num_queries, size
):
    letter = build_letter(size)
    assert letter.agenda_items.count() == size
    assert letter.versions.count() == 2 + size // 4

    # 15 queries at both sizes; among them the consultations the letter
    # answers and the glossary (council.glossary). The letter is read with its
    # council and addressee (publications.models.ChildRouting).
    with django_assert_max_num_queries(15):
        response = client.get(letter.url)

    assert response.status_code == 200
    assert response.content.decode().count("Agendapunt:") == size


@pytest.mark.django_db
@pytest.mark.parametrize("letters", [2, 12])
def test_council_page_lists_published_letters_newest_first(
    client, django_assert_max_num_queries, letters
):
    council = CouncilFactory()
    council_page(council)
    import datetime

    for n in range(letters):
        published_letter(
            council,
            title=f"Brief {n:02d}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
        )
    letter_page(council, title="Concept dat niemand mag zien")

    # The council page also shows its topics, coming meetings and motion counts.
    # One of them is the council's scorecard summary (publications.scorecard_for),
    # two are its members (the named ones, and how many others there are).
    with django_assert_max_num_queries(19):
        html = client.get(council.page.url).content.decode()

    shown = min(letters, CouncilPage.LATEST_LETTERS)
    assert html.count('class="letter-list-meta"') == shown
    assert (
        html.index(f"Brief {letters - 1:02d}") < html.index(f"Brief {letters - shown:02d}")
        or shown == 1
    )
    assert "Concept dat niemand mag zien" not in html


@pytest.mark.django_db
def test_linked_items_and_motions_without_a_number_show_no_stray_punctuation(client):
    from tests.factories.agenda import AgendaItemFactory, MeetingFactory
    from tests.factories.motions import MotionFactory

    council = CouncilFactory()
    council_page(council)
    item = AgendaItemFactory(meeting=MeetingFactory(council=council), number="", title="Begroting")
    motion = MotionFactory(council=council, identifier="", title="Motie zonder nummer")
    letter = published_letter(council, agenda_items=[item], motions=[motion])

    html = client.get(letter.url).content.decode()

    assert ">Begroting<" in html and ">Motie zonder nummer<" in html
    assert ". Begroting" not in html and ": Motie zonder nummer" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("restricted", ["home", "council", "letter"])
def test_a_view_restriction_above_or_on_a_letter_still_closes_it_in_one_query(
    client, django_assert_num_queries, restricted
):
    from wagtail.models import Page, PageViewRestriction

    letter = published_letter(title="Brief achter een wachtwoord")
    page = {"home": HomePage.objects.get(), "council": letter.get_parent(), "letter": letter}
    restriction = PageViewRestriction.objects.create(
        page=page[restricted], restriction_type=PageViewRestriction.PASSWORD, password="geheim"
    )

    with django_assert_num_queries(1):
        found = list(letter.get_view_restrictions())
    assert found == [restriction] == list(Page.get_view_restrictions(letter))  # Wagtail's own
    response = client.get(letter.url)
    assert 'name="password"' in response.content.decode()
    assert "Brief achter een wachtwoord" not in response.content.decode()


@pytest.mark.django_db
def test_a_slug_used_by_two_councils_routes_to_each_councils_own_letter(client):
    first = published_letter(CouncilFactory(name="Raad Noord"), title="Advies over armoede")
    second = published_letter(CouncilFactory(name="Raad Zuid"), title="Advies over armoede")
    assert first.slug == second.slug

    assert "Raad Noord" in client.get(first.url).content.decode()
    assert "Raad Zuid" in client.get(second.url).content.decode()
    assert "Raad Noord" not in client.get(second.url).content.decode()
    assert client.get(first.get_parent().url + "geen-brief/").status_code == 404
