"""One form of address in the admin: "u", also in Wagtail's own Dutch strings.

The project catalogue (locale/nl) overrides Wagtail's msgids that say "je";
these screens are read as a Dutch user sees them: the visible text, without
scripts, styles and attributes.
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import wagtail
import wagtail.admin
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from council.models import Member
from tests.advice import test_tenancy_letters
from tests.advice.test_tenancy_letters import person, text_of
from tests.factories.advice import letter_page

pytestmark = pytest.mark.django_db

councils = test_tenancy_letters.councils

INFORMAL = re.compile(r"\b(je|jouw|jij|jou|jezelf)\b", re.IGNORECASE)
LOCALE_NL = Path(settings.LOCALE_PATHS[0]) / "nl/LC_MESSAGES"
WAGTAILS_JS_PO = Path(wagtail.admin.__file__).parent / "locale/nl/LC_MESSAGES/djangojs.po"


class VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        for name, value in attrs:  # what is read aloud or shown on hover is visible too
            if name in {"title", "aria-label", "placeholder", "alt"} and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def informal_words(html):
    text = visible_text(html)
    return [text[max(0, m.start() - 40) : m.end() + 40] for m in INFORMAL.finditer(text)]


def test_wagtails_catalogue_is_overridden():
    with translation.override("nl"):
        assert translation.gettext("Are you sure you want to delete this page?") == (
            "Weet u zeker dat u deze pagina wilt verwijderen?"
        )
        assert translation.gettext("Sorry, you do not have permission to access this area.") == (
            "Sorry, u heeft geen toegang tot dit gedeelte."
        )


@pytest.mark.parametrize("who", ["member", "chair", "administrator"])
def test_the_main_admin_screens_say_u(client, councils, admin_user, who):
    own, _ = councils
    if who == "administrator":
        user = admin_user
    else:
        from council import groups

        role, group = {
            "member": (Member.Role.MEMBER, groups.MEMBERS),
            "chair": (Member.Role.CHAIR, groups.CHAIRS),
        }[who]
        user = person(who, own, role, group)
    letter = letter_page(own)
    client.force_login(user)
    screens = [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_pages:edit", args=[letter.pk]),
        reverse("wagtailadmin_pages:delete", args=[letter.pk]),
        reverse("wagtailadmin_explore", args=[own.page.pk]),
        reverse("wagtailsnippets_council_member:list"),
        reverse("wagtailadmin_account"),
    ]
    read = []
    for url in screens:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="nl")
        if response.status_code != 200:
            continue  # not this role's screen; what they may see is judged elsewhere
        read.append(url)
        html = text_of(response)
        assert 'lang="nl"' in html, url
        assert informal_words(html) == [], url
    assert screens[:2] == read[:2]  # the dashboard and the letter's editor, at least
    if who == "administrator":
        assert read == screens


def served_js_catalogue(client):
    """The catalogue of Wagtail's admin JavaScript, fetched as the admin page's <script> does."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    source = response.content.decode()
    start = source.index("const newcatalog = ") + len("const newcatalog = ")
    catalogue, _ = json.JSONDecoder().raw_decode(source[start:])
    return catalogue


def test_the_admin_javascript_says_u(client, admin_user):
    client.force_login(admin_user)
    home = client.get(reverse("wagtailadmin_home"), HTTP_ACCEPT_LANGUAGE="nl")
    assert reverse("wagtailadmin_javascript_catalog") in home.content.decode()
    catalogue = served_js_catalogue(client)
    # Wagtail's own Dutch strings, which say "je", are replaced by ours.
    ours = {
        "Are you sure?": "Weet u het zeker?",
        "Enter your reply...": "Typ uw reactie...",
        "Report this error to your website administrator with the following information:": (
            "Meld deze fout aan uw websitebeheerder, en vermeld het volgende:"
        ),
    }
    wagtails = dict(polib_entries(WAGTAILS_JS_PO.read_text(encoding="utf-8")))
    for msgid, msgstr in ours.items():
        assert INFORMAL.search(wagtails[msgid])
        assert catalogue[msgid] == msgstr
    assert len(catalogue) > 50  # Wagtail's catalogue, not only ours
    informal = {
        msgid: value
        for msgid, value in catalogue.items()
        for text in ([value] if isinstance(value, str) else value)
        if INFORMAL.search(text)
    }
    assert informal == {}


def test_wagtails_javascript_catalogue_still_has_only_these_informal_strings():
    """After a Wagtail upgrade, a new "je" in its JavaScript strings fails here: override it."""
    entries = polib_entries(WAGTAILS_JS_PO.read_text(encoding="utf-8"))
    informal = sorted(msgid for msgid, msgstr in entries if INFORMAL.search(msgstr))
    ours = LOCALE_NL / "djangojs.po"
    overridden = sorted(msgid for msgid, _ in polib_entries(ours.read_text(encoding="utf-8")))
    assert informal == overridden


def test_every_informal_string_of_wagtails_catalogues_is_overridden():
    """Wagtail's Dutch django catalogues (admin, snippets, images, …): every msgstr that says
    "je" has its "u" form in locale/nl; after a Wagtail upgrade this names the new ones."""
    ours = dict(polib_entries((LOCALE_NL / "django.po").read_text(encoding="utf-8")))
    missing = sorted(
        {
            msgid
            for po in Path(wagtail.__file__).parent.rglob("locale/nl/LC_MESSAGES/django.po")
            for msgid, msgstr in polib_entries(po.read_text(encoding="utf-8"))
            if INFORMAL.search(msgstr) and msgid not in ours
        }
    )
    assert missing == []
    assert not [msgid for msgid, msgstr in ours.items() if INFORMAL.search(msgstr)]
    with translation.override("nl"):
        assert translation.ngettext(
            "You don't have permission to delete this page",
            "You don't have permission to delete these pages",
            2,
        ) == ("U heeft niet de juiste rechten om deze pagina's te verwijderen")


def polib_entries(source):
    """``(msgid, msgstr)`` pairs of a .po file, plural forms joined; the header and fuzzy
    entries (which msgfmt leaves out) left out."""
    entries = []
    for block in source.split("\n\n"):
        fields, current = {}, None
        if re.search(r"^#,.*\bfuzzy\b", block, re.MULTILINE):
            continue
        for line in block.splitlines():
            if line.startswith("#") or not line.strip():
                continue
            if not line.startswith('"'):
                current, _, line = line.partition(" ")
                current = current.split("[")[0]
            fields[current] = fields.get(current, "") + json.loads(line)
        if fields.get("msgid"):
            entries.append((fields["msgid"], fields.get("msgstr", "")))
    return entries
