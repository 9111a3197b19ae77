"""The glossary: linking the first occurrence of each term in rendered HTML (council/glossary.py)."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory

from council.glossary import Glossary, GlossaryTerm, link_terms
from tests.factories.council import GlossaryTermFactory

URL = "/begrippen/"
GLOSSARY = Glossary(
    (
        ("motie", ("motie", "moties")),
        ("college-van-bw", ("college van B&W", "college van burgemeester en wethouders")),
        ("gevraagd-advies", ("gevraagd advies",)),
        ("ongevraagd-advies", ("ongevraagd advies",)),
        ("wmo", ("Wmo",)),
    )
)


def link(markup, seen=None):
    return link_terms(markup, GLOSSARY, url=URL, seen=seen)


def test_only_the_first_occurrence_of_a_term_is_linked():
    assert link("<p>Een motie. Nog een motie. Twee moties.</p>") == (
        '<p>Een <a class="begrip" href="/begrippen/#motie">motie</a>. Nog een motie. Twee moties.</p>'
    )


def test_matching_ignores_case_and_keeps_the_words_as_written():
    assert link("<p>MOTIES en de Wmo</p>") == (
        '<p><a class="begrip" href="/begrippen/#motie">MOTIES</a> en de '
        '<a class="begrip" href="/begrippen/#wmo">Wmo</a></p>'
    )


@pytest.mark.parametrize(
    "text",
    ["promotie", "moties2", "motiewerk", "_motie", "Wmo2015x", "promoties"],
)
def test_only_whole_words_match(text):
    assert link(f"<p>{text}</p>") == f"<p>{text}</p>"


def test_a_longer_term_wins_and_a_term_inside_another_word_does_not_match():
    assert link("<p>Dit is ongevraagd advies, geen gevraagd advies.</p>") == (
        '<p>Dit is <a class="begrip" href="/begrippen/#ongevraagd-advies">ongevraagd advies</a>, '
        'geen <a class="begrip" href="/begrippen/#gevraagd-advies">gevraagd advies</a>.</p>'
    )


def test_a_term_of_several_words_matches_across_line_breaks_and_an_escaped_ampersand():
    out = link("<p>Het college\nvan B&amp;W besluit.</p>")
    assert out == (
        '<p>Het <a class="begrip" href="/begrippen/#college-van-bw">college\nvan B&amp;W</a> besluit.</p>'
    )


@pytest.mark.parametrize(
    "markup",
    [
        '<p><a href="/elders/">over de motie</a></p>',
        "<h1>De motie</h1>",
        "<h2>De <em>motie</em></h2>",
        "<h6>motie</h6>",
        "<p><code>motie</code></p>",
        "<dl><dt>Moties</dt></dl>",
        '<p><button type="button">motie</button></p>',
        "<script>var motie = 1;</script>",
    ],
)
def test_text_in_links_headings_code_labels_and_scripts_is_left_alone(markup):
    assert link(markup) == markup


def test_a_term_skipped_inside_a_link_or_heading_is_linked_at_its_next_occurrence_in_text():
    out = link('<h2>Motie</h2><p><a href="/x/">motie</a> en de motie</p>')
    assert out == (
        '<h2>Motie</h2><p><a href="/x/">motie</a> en de '
        '<a class="begrip" href="/begrippen/#motie">motie</a></p>'
    )


def test_markup_is_copied_as_it_came_and_text_stays_text():
    markup = (
        '<p class="x" data-a="1 &amp; 2">&lt;script&gt;alert(1)&lt;/script&gt; motie &amp; meer'
        '<br><img src="a.png" alt="motie"><!-- motie --></p>'
    )
    out = link(markup)
    assert out == (
        '<p class="x" data-a="1 &amp; 2">&lt;script&gt;alert(1)&lt;/script&gt; '
        '<a class="begrip" href="/begrippen/#motie">motie</a> &amp; meer'
        '<br><img src="a.png" alt="motie"><!-- motie --></p>'
    )
    assert "<script>" not in out


def test_a_term_that_looks_like_markup_cannot_inject_any():
    glossary = Glossary((('x"><script>', ("<b>vet</b>",)),))
    out = link_terms("<p>&lt;b&gt;vet&lt;/b&gt;</p>", glossary, url=URL)
    assert out == (
        '<p><a class="begrip" href="/begrippen/#x&quot;&gt;&lt;script&gt;">&lt;b&gt;vet&lt;/b&gt;</a></p>'
    )


def test_seen_terms_carry_over_from_one_part_of_a_page_to_the_next():
    seen = set()
    first = link("<p>Een motie</p>", seen)
    second = link("<p>Weer een motie, en de Wmo</p>", seen)
    assert "begrippen/#motie" in first
    assert "begrippen/#motie" not in second
    assert "begrippen/#wmo" in second
    assert seen == {"motie", "wmo"}


def test_markup_without_terms_or_an_empty_glossary_is_returned_unchanged():
    markup = "<p>Niets  te&nbsp;zien &amp; <b>vet</b></p>"
    assert link(markup) == markup
    assert link_terms("<p>motie</p>", Glossary(()), url=URL) == "<p>motie</p>"


# --- The model --------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_seeds_the_terms_the_issue_names_with_an_explanation_each():
    slugs = set(GlossaryTerm.objects.values_list("slug", flat=True))
    for slug in [
        "motie",
        "toezegging",
        "college-van-bw",
        "raadsvoorstel",
        "gevraagd-advies",
        "ongevraagd-advies",
        "verordening",
        "clientenraad",
        "raadpleging",
        "amendement",
        "commissie",
        "wmo",
        "participatiewet",
        "jeugdwet",
        "beleidsregel",
    ]:
        assert slug in slugs
    for term in GlossaryTerm.objects.all():
        sentences = [s for s in term.explanation.replace("B&W.", "").split(". ") if s.strip()]
        assert 1 <= len(sentences) <= 2, term.term
    forms = GlossaryTerm.objects.get(slug="college-van-bw").forms()
    assert "college van burgemeester en wethouders" in forms


@pytest.mark.django_db
def test_a_form_another_term_already_has_is_refused_and_a_slug_is_made_from_the_term():
    GlossaryTermFactory(term="proefwoord", slug="proefwoord", other_forms="proefwoorden")
    clash = GlossaryTerm(term="Proefwoorden", explanation="Uitleg.")
    with pytest.raises(ValidationError) as refused:
        clash.full_clean()
    assert "“Proefwoorden” (proefwoord)" in str(refused.value)

    fresh = GlossaryTerm(
        term="Nieuw  Begrip",
        other_forms="  nieuwe   begrippen\n\nnieuw begrip\n",
        explanation="Uitleg.",
    )
    fresh.full_clean()
    assert fresh.slug == "nieuw-begrip"
    assert fresh.forms() == ["Nieuw Begrip", "nieuwe begrippen"]  # spaces folded, repeats dropped


# --- The template tag -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_tag_reads_the_glossary_once_per_request_and_links_once_per_page(
    django_assert_num_queries,
):
    GlossaryTermFactory.create_batch(30)
    template = Template(
        "{% load glossary_tags %}<h1>Motie</h1>{% glossary %}<p>motie</p>{% endglossary %}"
        "{% glossary %}<p>motie &amp; Jeugdwet</p>{% endglossary %}"
    )
    request = RequestFactory().get("/")
    with django_assert_num_queries(1):
        out = template.render(Context({"request": request}))
    assert out.count('href="/begrippen/#motie"') == 1
    assert '<h1>Motie</h1><p><a class="begrip" href="/begrippen/#motie">motie</a></p>' in out
    assert '<p>motie &amp; <a class="begrip" href="/begrippen/#jeugdwet">Jeugdwet</a></p>' in out


def test_a_fragment_linked_again_gives_the_same_result_and_carries_seen_terms_the_same_way():
    markup = "<p>Een motie over de Wmo, alleen in deze test.</p>"
    first_seen, again_seen = set(), set()
    first = link(markup, seen=first_seen)
    again = link(markup, seen=again_seen)
    after_motie = link(markup, seen={"motie"})

    assert again == first
    assert first_seen == again_seen == {"motie", "wmo"}
    assert 'href="/begrippen/#motie"' not in after_motie  # already linked earlier on the page
    assert 'href="/begrippen/#wmo"' in after_motie
    other = link_terms(markup, Glossary((("motie", ("motie",)),)), url=URL)
    assert 'href="/begrippen/#wmo"' not in other  # another glossary is another key
