from wagtail.models import Page

from publications.models import CouncilPage, HomePage

from .council import CouncilFactory


def home_page():
    """The home page the data migration creates (there is exactly one)."""
    return HomePage.objects.get()


def council_page(council=None, **kwargs):
    """A published council page under the home page.

    Page trees are built through Wagtail's own ``add_child`` rather than a
    factory: treebeard paths are the thing most worth not re-inventing.
    """
    council = council or CouncilFactory()
    page = CouncilPage(title=council.name, slug=council.slug, council=council, **kwargs)
    home_page().add_child(instance=page)
    page.save_revision().publish()
    return Page.objects.get(pk=page.pk).specific
