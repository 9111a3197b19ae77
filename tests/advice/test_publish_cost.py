"""What one publish of a letter costs: its facts gathered once, each revision built once.

``letter_publish`` gathers the facts of ``rules.publication_verdict`` and
hands them to the page's publish guard, which judges them again by the same
rule instead of gathering them a second time (``LetterPage.publish``). The
query budgets fail when the facts are gathered twice again: one more
gathering costs at least the adoption, the latest version, the reviewed
revisions and a rebuilt revision with its rendered text (about 20 queries).
"""

import collections
import datetime

import pytest
from django.db import transaction
from wagtail.models import Page, Revision

from advice.letters import models as letter_models
from advice.letters.importing import import_paths
from advice.letters.rules import LetterNotPublishable
from advice.letters.services import letter_publish, letter_send
from advice.models import LetterPage, LetterVersion
from benchmarks.management.commands.benchmark_letters import letter_file
from tests.factories.advice import adopted_letter, letter_page, published_letter
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, TopicFactory
from tests.factories.publications import council_page

pytestmark = pytest.mark.django_db

#: Queries of ``letter_publish`` for a sent letter: 72 (129 when the facts were gathered
#: twice and the sent revision built five times).
PUBLISH_SENT_BUDGET = 75
#: Queries of ``letter_publish`` for an imported correction, its PDF (a task) left out: 87.
PUBLISH_CORRECTION_BUDGET = 90


@pytest.fixture
def counted(monkeypatch):
    """How often each costly step ran: the facts, a revision built, a page saved."""
    calls = collections.Counter()
    built = collections.Counter()

    def count(cls, name, key):
        original = getattr(cls, name)

        def wrapper(*args, **kwargs):
            calls[key] += 1
            if key == "as_object":
                built[args[0].pk] += 1
            return original(*args, **kwargs)

        monkeypatch.setattr(cls, name, wrapper)

    count(letter_models.LetterPage, "publication_facts", "facts")
    count(Revision, "as_object", "as_object")
    count(Page, "save", "save")
    calls.built = built
    calls.reset = lambda: (calls.clear(), built.clear())
    return calls


def sent_letter():
    letter = adopted_letter()
    version = letter_send(letter=letter, sent_on=datetime.date(2024, 3, 1), sent_to="Het college")
    return letter, version.revision


def test_publishing_a_sent_letter_stays_within_its_query_budget(
    django_assert_max_num_queries, counted
):
    letter, revision = sent_letter()
    counted.reset()

    with django_assert_max_num_queries(PUBLISH_SENT_BUDGET):
        letter_publish(letter=letter, revision=revision)

    assert LetterPage.objects.get(pk=letter.pk).live
    assert counted["facts"] == 1
    assert counted["save"] == 1  # Wagtail's publish saves the page; nothing else does
    assert max(counted.built.values()) == 1  # the sent revision: built once, rendered once


def test_publishing_a_correction_stays_within_its_query_budget(
    django_assert_max_num_queries, counted
):
    letter = published_letter()
    draft = letter.get_latest_revision_as_object()
    draft.body = [("text", "Verbeterde tekst.")]
    revision = draft.save_revision()
    counted.reset()

    # The version's PDF is made by a task on the queue once this block commits: not counted.
    with transaction.atomic():
        with django_assert_max_num_queries(PUBLISH_CORRECTION_BUDGET):
            version = letter_publish(
                letter=letter,
                revision=revision,
                change_kind="correction",
                change_note="Een tikfout hersteld.",
                imported=True,  # checked elsewhere: no review in Kanttekening
            )
        calls, built = dict(counted), dict(counted.built)

    assert version.kind == LetterVersion.Kind.CORRECTION
    assert "Verbeterde" in LetterPage.objects.get(pk=letter.pk).body[0].value
    assert (calls["facts"], calls["save"]) == (1, 1)
    # The new revision and the previous version's (also the adopted one): each built once.
    assert list(built.values()) == [1, 1]


def test_an_imported_letter_is_published_with_its_facts_gathered_once(tmp_path, counted):
    council = CouncilFactory()
    council_page(council)
    MunicipalBodyFactory(municipality=council.municipality, slug="benchmark-commissie")
    TopicFactory(name="benchmark", slug="benchmark")
    path = tmp_path / "brief.md"
    path.write_text(letter_file(1, "published", council.slug), encoding="utf-8")

    counted.reset()
    counts, problems = import_paths([path])

    assert (counts["created"], problems) == (1, [])
    assert LetterPage.objects.get(source_id="benchmark-1").live
    assert counted["facts"] == 1


def test_wagtails_own_publish_gathers_the_facts_once_and_still_refuses(counted):
    """Bulk actions, schedules, workflows and the API call ``Revision.publish``."""
    draft = letter_page(kind="public_letter")
    with pytest.raises(LetterNotPublishable, match="nog niet vastgesteld"):
        draft.get_latest_revision().publish()
    assert not LetterPage.objects.get(pk=draft.pk).live

    adopted = adopted_letter(kind="public_letter")
    counted.reset()
    adopted.get_latest_revision().publish()

    assert LetterPage.objects.get(pk=adopted.pk).live
    assert counted["facts"] == 1
    assert max(counted.built.values()) == 1


def test_facts_handed_to_the_guard_are_judged_again():
    """The guard judges the facts it is given by the same rule: refused facts stay refused."""
    letter = letter_page()
    revision = letter.get_latest_revision()
    facts = letter.publication_facts(revision)

    with pytest.raises(LetterNotPublishable, match="nog niet vastgesteld"):
        letter.publish(revision, facts=facts)
    assert not LetterPage.objects.get(pk=letter.pk).live
