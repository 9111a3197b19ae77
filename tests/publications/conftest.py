import datetime

import pytest
import time_machine
from django.core.cache import caches
from django.db import transaction
from django.test import override_settings

from advice.models import LetterPage
from council.models import Council, MunicipalBody, Municipality, Topic
from tests import on_commit
from tests.factories.advice import published_letter
from tests.factories.council import CouncilFactory, MunicipalBodyFactory, TopicFactory
from tests.factories.publications import council_page

MOMENT = datetime.datetime(2024, 3, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(scope="session")
def _publications_media(tmp_path_factory):
    return tmp_path_factory.mktemp("media"), tmp_path_factory.mktemp("private")


@pytest.fixture(autouse=True)
def _media_root(settings, _publications_media):
    """One media folder for the whole session, so that PDFs of data shared by a module stay."""
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = _publications_media


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker, _publications_media):
    """Data built once for a module, in a transaction rolled back after it.

    Each test runs in a savepoint inside it (pytest-django's ``db``), so a
    test's own changes are undone before the next. Only for modules without
    transactional tests.
    """
    media, private = _publications_media
    with (
        override_settings(MEDIA_ROOT=media, PRIVATE_MEDIA_ROOT=private),
        django_db_blocker.unblock(),
        on_commit.test_atomic(),  # tasks enqueued by the code run when its blocks end
    ):
        yield
        transaction.set_rollback(True)


@pytest.fixture
def public_cache(settings):
    """The public page cache and the facet cache switched on (off in the test settings), empty."""
    settings.PUBLIC_CACHE_ENABLED = True
    settings.LETTER_FACETS_CACHED = True
    cache = caches[settings.PUBLIC_CACHE_ALIAS]
    cache.clear()
    yield cache
    cache.clear()


class Site:
    """A small public site: two councils in one municipality, three letters.

    - ``a``: council ``leiden``, topic ``armoede``, to the committee, published first;
    - ``b``: council ``leiderdorp``, topic ``bejegening``, to the executive;
    - ``c``: council ``leiden``, topics ``armoede`` and ``bejegening``, to the
      committee, published last.
    """

    def __init__(self):
        municipality = Municipality.objects.create(name="Sleutelstad", slug="sleutelstad")
        self.leiden = CouncilFactory(
            name="Cliëntenraad Leiden", slug="leiden", municipality=municipality
        )
        self.leiderdorp = CouncilFactory(
            name="Cliëntenraad Leiderdorp", slug="leiderdorp", municipality=municipality
        )
        council_page(self.leiden)
        council_page(self.leiderdorp)
        self.committee = MunicipalBodyFactory(
            municipality=municipality, name="Commissie Werk", slug="commissie-werk"
        )
        self.executive = MunicipalBodyFactory(
            municipality=municipality, kind="executive", name="College van B&W", slug="college"
        )
        self.poverty = TopicFactory(name="armoede", slug="armoede")
        self.treatment = TopicFactory(name="bejegening", slug="bejegening")
        self.a = self._letter(
            self.leiden, 0, title="Advies over armoede", topics=[self.poverty],
            addressee=self.committee, date=datetime.date(2023, 5, 1),
        )  # fmt: skip
        self.b = self._letter(
            self.leiderdorp, 1, title="Advies over bejegening", topics=[self.treatment],
            addressee=self.executive, date=datetime.date(2024, 1, 10),
        )  # fmt: skip
        self.c = self._letter(
            self.leiden, 2, title="Advies over de dienstverlening",
            topics=[self.poverty, self.treatment], addressee=self.committee,
            date=datetime.date(2024, 2, 20),
        )  # fmt: skip

    def _letter(self, council, hours, **fields):
        with time_machine.travel(MOMENT + datetime.timedelta(hours=hours), tick=False):
            return published_letter(council, **fields)

    def keys(self):
        return {
            "councils": (self.leiden.pk, self.leiderdorp.pk),
            "bodies": (self.committee.pk, self.executive.pk),
            "topics": (self.poverty.pk, self.treatment.pk),
            "letters": (self.a.pk, self.b.pk, self.c.pk),
        }

    @classmethod
    def load(cls, keys):
        """The same site, read afresh (a test may have changed the objects it got)."""
        site = cls.__new__(cls)
        site.leiden, site.leiderdorp = (Council.objects.get(pk=pk) for pk in keys["councils"])
        site.committee, site.executive = (MunicipalBody.objects.get(pk=pk) for pk in keys["bodies"])
        site.poverty, site.treatment = (Topic.objects.get(pk=pk) for pk in keys["topics"])
        site.a, site.b, site.c = (LetterPage.objects.get(pk=pk) for pk in keys["letters"])
        return site


@pytest.fixture(scope="module")
def shared_site(module_db):
    return Site().keys()


@pytest.fixture
def site(shared_site, db):
    """The small site of ``Site``, built once per module."""
    return Site.load(shared_site)
