"""The glossary (begrippenlijst): one plain explanation per term, platform-wide.

Terms are a snippet that platform administrators edit (``GlossaryTermViewSet``).
They are not per council: "motie" or "Participatiewet" mean the same in every
municipality, and one list keeps the explanations checked in one place. A
council's own rules (its *verordening*) are on its own page already.

Public pages link the first occurrence of each term in their body text to
``/begrippen/#<slug>`` (``glossary_links``); the linking itself is a pure
function on rendered HTML.
"""

import dataclasses
import html
import re
from functools import lru_cache
from html.parser import HTMLParser

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel


class GlossaryTerm(models.Model):
    term = models.CharField(
        _("begrip"),
        max_length=100,
        unique=True,
        help_text=_("Zoals het in een tekst staat, bijvoorbeeld “motie” of “college van B&W”."),
    )
    slug = models.SlugField(
        _("anker"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_(
            "Het deel na # in de link naar de uitleg. Leeg laten: wordt gemaakt uit het begrip."
        ),
    )
    other_forms = models.TextField(
        _("andere vormen"),
        blank=True,
        help_text=_(
            "Eén per regel: meervoud of een andere schrijfwijze die ook naar deze uitleg "
            "moet verwijzen, bijvoorbeeld “moties”."
        ),
    )
    explanation = models.TextField(
        _("uitleg"),
        max_length=500,
        help_text=_("In gewone taal (taalniveau B1), in één of twee zinnen."),
    )

    panels = [
        FieldPanel("term"),
        FieldPanel("explanation"),
        FieldPanel("other_forms"),
        FieldPanel("slug"),
    ]

    class Meta:
        ordering = ["term"]
        verbose_name = _("begrip")
        verbose_name_plural = _("begrippen")

    def __str__(self):
        return self.term

    def forms(self):
        """The term and its other forms, stripped, without empty lines or repeats."""
        seen, forms = set(), []
        for form in [self.term, *self.other_forms.splitlines()]:
            form = " ".join(form.split())
            if form and form.lower() not in seen:
                seen.add(form.lower())
                forms.append(form)
        return forms

    def clean(self):
        super().clean()
        if not self.slug:
            self.slug = slugify(self.term)[:100]
        if not self.slug:
            raise ValidationError({"term": _("Dit begrip heeft geen letters of cijfers.")})
        taken = {}
        for other in GlossaryTerm.objects.exclude(pk=self.pk).only("term", "other_forms"):
            for form in other.forms():
                taken[form.lower()] = other.term
        clashes = [
            f"“{form}” ({taken[form.lower()]})" for form in self.forms() if form.lower() in taken
        ]
        if clashes:
            raise ValidationError(
                _("Deze vormen horen al bij een ander begrip: %(forms)s.")
                % {"forms": ", ".join(clashes)}
            )


# --- Linking terms in rendered HTML -------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Glossary:
    """The terms as the linker needs them: ``((slug, (form, …)), …)``."""

    entries: tuple

    @classmethod
    def of(cls, terms):
        return cls(tuple((term.slug, tuple(term.forms())) for term in terms))


@lru_cache(maxsize=32)
def _matcher(entries):
    """One case-insensitive whole-word pattern for every form, longest first."""
    by_form = {}
    for slug, forms in entries:
        for form in forms:
            by_form.setdefault(form.lower(), slug)
    if not by_form:
        return None, {}
    alternatives = sorted(by_form, key=len, reverse=True)
    pattern = "|".join(
        r"\s+".join(re.escape(word) for word in form.split()) for form in alternatives
    )
    return re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.IGNORECASE), by_form


#: Text inside these elements is never linked: links, headings, and what is not prose.
SKIPPED = frozenset(
    [
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "button",
        "label",
        "select",
        "option",
        "textarea",
        "summary",
        "script",
        "style",
        "code",
        "pre",
        "dfn",
        "abbr",
        "title",
        "svg",
        "mark",
        "dt",
        "th",
        "caption",
        "legend",
    ]
)
VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


class _Linker(HTMLParser):
    """Copies HTML as it came, rewriting only text outside ``SKIPPED`` elements."""

    def __init__(self, matcher, by_form, url, seen):
        super().__init__(convert_charrefs=True)
        self.matcher, self.by_form, self.url, self.seen = matcher, by_form, url, seen
        self.out = []
        self.skipping = []  # the open skipped elements

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag in SKIPPED and tag not in VOID:
            self.skipping.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in self.skipping:
            # Close it and whatever was left open inside it.
            del self.skipping[len(self.skipping) - 1 - self.skipping[::-1].index(tag) :]

    def handle_data(self, data):
        if self.cdata_elem is not None:  # script/style: raw text, never touched
            self.out.append(data)
        elif self.skipping or self.matcher is None:
            self.out.append(html.escape(data, quote=False))
        else:
            self.out.append(self._link(data))

    def _link(self, text):
        parts, last = [], 0
        for match in self.matcher.finditer(text):
            slug = self.by_form[" ".join(match.group(0).split()).lower()]
            if slug in self.seen:
                continue
            self.seen.add(slug)
            parts.append(html.escape(text[last : match.start()], quote=False))
            parts.append(
                f'<a class="begrip" href="{html.escape(self.url)}#{html.escape(slug)}">'
                f"{html.escape(match.group(0), quote=False)}</a>"
            )
            last = match.end()
        parts.append(html.escape(text[last:], quote=False))
        return "".join(parts)

    def handle_entityref(self, name):  # only with convert_charrefs=False; kept for safety
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


def link_terms(markup, glossary, *, url, seen=None):
    """``markup`` with the first occurrence of each term linked to ``url#slug``.

    ``seen`` (a set of slugs, changed in place) carries "already linked" from
    one part of a page to the next, so a term is linked once per page. Text
    inside a link, a heading, code or a form control is left alone. The
    markup is copied tag for tag; only text nodes are rewritten (escaped
    again as text), so nothing in the input can become markup.
    """
    seen = set() if seen is None else seen
    linked, now_seen = _linked(str(markup), glossary.entries, url, frozenset(seen))
    seen.update(now_seen)
    return linked


#: Linked fragments kept per process (a page's body text; a few dozen kB each).
LINKED_FRAGMENTS = 256


@lru_cache(maxsize=LINKED_FRAGMENTS)
def _linked(markup, entries, url, seen):
    """``link_terms`` as a pure function of all it reads: ``(markup, slugs seen after)``.

    Kept per process, so a page shown again unchanged is not parsed again; any
    change of the markup, the terms or the slugs already linked is another key.
    """
    matcher, by_form = _matcher(entries)
    if matcher is None or not matcher.search(html.unescape(markup)):
        return markup, seen
    now_seen = set(seen)
    linker = _Linker(matcher, by_form, url, now_seen)
    linker.feed(markup)
    linker.close()
    return "".join(linker.out), frozenset(now_seen)
