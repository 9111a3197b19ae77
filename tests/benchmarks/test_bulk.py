"""Bulk letters keep the page tree valid, as treebeard's own add_child would leave it."""

import pytest
from django.db import connection
from treebeard.exceptions import PathOverflow
from wagtail.models import Page

from advice.letters.rendering import letter_text
from advice.models import LetterPage, LetterVersion
from benchmarks.bulk import add_published_letters, copy_letters_in_sql
from council.models import Council
from tests.factories.advice import letter_page
from tests.factories.council import CouncilFactory, TopicFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

NO_PROBLEMS = ([], [], [], [], [])


def children(page):
    return list(Page.objects.get(pk=page.pk).get_children().values_list("pk", flat=True))


def test_bulk_letters_after_and_before_add_child_leave_a_valid_tree():
    council = CouncilFactory()
    first = letter_page(council)  # through the services: Wagtail's add_child
    council = Council.objects.get(pk=council.pk)

    ids = add_published_letters(council.page, 25, topics=[TopicFactory()])
    ids += add_published_letters(council.page, 5)
    last = letter_page(council)
    neighbour = council_page(CouncilFactory())  # a sibling of the council page

    assert Page.find_problems() == NO_PROBLEMS
    assert children(council.page) == [first.pk, *ids, last.pk]
    parent = Page.objects.get(pk=council.page.pk)
    assert parent.numchild == 32
    assert {page.depth for page in parent.get_children()} == {parent.depth + 1}
    assert Page.objects.get(pk=neighbour.pk).get_prev_sibling().pk == council.page.pk
    letters = LetterPage.objects.live().filter(pk__in=ids)
    assert letters.count() == 30
    assert LetterVersion.objects.filter(letter_id__in=ids, number=1).count() == 30
    assert all(letter.url.startswith(council.page.url) for letter in letters)


def test_the_first_children_of_a_leaf_get_treebeards_first_path():
    page = council_page(CouncilFactory())

    ids = add_published_letters(page, 3)

    assert Page.find_problems() == NO_PROBLEMS
    paths = [Page.objects.get(pk=pk).path for pk in ids]
    assert paths[0] == Page._get_path(page.path, page.depth + 1, 1)
    assert paths[1:] == [Page(path=paths[0])._inc_path(), Page(path=paths[1])._inc_path()]


def test_running_out_of_paths_raises_treebeards_overflow_and_writes_nothing():
    page = council_page(CouncilFactory())
    (only,) = add_published_letters(page, 1)
    last_step = Page.alphabet[-1] * Page.steplen
    Page.objects.filter(pk=only).update(path=page.path + last_step[:-1] + Page.alphabet[-2])
    assert Page.find_problems() == NO_PROBLEMS

    add_published_letters(page, 1)  # takes the very last step
    with pytest.raises(PathOverflow):
        add_published_letters(page, 1)

    assert Page.find_problems() == NO_PROBLEMS
    assert Page.objects.get(pk=page.pk).numchild == 2


def test_letters_sharing_a_day_get_the_text_letter_text_gives_each():
    ids = add_published_letters(council_page(CouncilFactory()), 40, days_apart=0.25)

    letters = LetterPage.objects.filter(pk__in=ids).order_by("pk")
    assert len({letter.date for letter in letters}) == 10
    versions = {version.letter_id: version.text for version in LetterVersion.objects.all()}
    for letter in letters:
        assert versions[letter.pk] == letter_text(letter)
        assert letter.title in versions[letter.pk]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="copies in PostgreSQL's SQL")
def test_copies_made_in_sql_are_whole_letters_that_serve_and_are_found(client):
    from wagtail.search.backends import get_search_backend

    from advice.text import fingerprint

    page = council_page(CouncilFactory())
    topic = TopicFactory()
    ids = add_published_letters(page, 6, topics=[topic])
    get_search_backend().get_index_for_model(LetterPage).add_items(
        LetterPage, list(LetterPage.objects.filter(pk__in=ids))
    )

    assert copy_letters_in_sql(page, 4) == 4

    assert Page.find_problems() == NO_PROBLEMS
    copies = LetterPage.objects.exclude(pk__in=ids).filter(council=page.council)
    assert copies.count() == 4 and copies.live().count() == 4
    originals = {letter.title: letter for letter in LetterPage.objects.filter(pk__in=ids)}
    for copy in copies:
        original = originals[copy.title]
        assert copy.slug != original.slug and copy.url_path == f"{page.url_path}{copy.slug}/"
        revision = copy.live_revision
        assert revision == copy.latest_revision and revision.object_id == str(copy.pk)
        restored = revision.as_object()
        assert (restored.pk, restored.slug, restored.path) == (copy.pk, copy.slug, copy.path)
        assert list(copy.topics.all()) == [topic]
        version = copy.versions.get()
        assert version.revision == revision
        assert version.text == letter_text(copy) and version.fingerprint == fingerprint(
            version.text
        )
        assert client.get(copy.url).status_code == 200
    found = {letter.pk for letter in LetterPage.objects.live().search(copies[0].title)}
    assert copies[0].pk in found
    assert copy_letters_in_sql(page, 100) == 10  # no more than there are
