"""Hostile and awkward texts for names and notes: markup, entities, CDATA breakers, line breaks.

Only characters XML 1.0 can hold (tab, line feed and carriage return are the
control characters among them); the others are refused at input.
"""

import itertools

MARKUP = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2029)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>klik</a>",
    '<a href="javascript:alert(1)">klik</a>',
    "<body onload=alert(1)>",
    "<div style=\"background:url('javascript:alert(1)')\">",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>",
    "<base href=//evil.example/>",
    "<meta http-equiv=refresh content=0;url=//evil.example>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<style>*{display:none}</style>",
    "<p>gewoon een alinea</p>",
    "<b>vet</b> en <i>schuin</i>",
    "<br>",
    "<hr/>",
    "</description>",
    "</title></channel>",
    "</summary><content>",
    "<![CDATA[<img src=x onerror=alert(1)>]]>",
    "]]>",
    "]]><script>alert(1)</script>",
    "<!-- commentaar -->",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!DOCTYPE html>",
    "<?xml version='1.0'?>",
    "<?php echo 1; ?>",
    "<x:script xmlns:x='http://www.w3.org/1999/xhtml'>alert(1)</x:script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "`><img src=x onerror=alert(1)>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<img src=x onerror=alert(1)>>",
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img\nsrc=x\nonerror=alert(1)>",
    "<img\tsrc=x\tonerror=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "< img src=x onerror=alert(1)>",
    "a < b > c",
    "<3 zorg",
    "1 < 2 && 3 > 2",
]
ENTITIES = [
    "&lt;img src=x onerror=alert(1)&gt;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&#x3C;img src=x onerror=alert(1)&#x3E;",
    "&#0000060;script&#0000062;",
    "&lt;",
    "&amp;",
    "&quot;&apos;",
    "&nbsp;",
    "&copy; 2026",
    "&bogus;",
    "& los",
    "B&W",
    "College van B&amp;W",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "\\u003cscript\\u003e",
    "\\x3cscript\\x3e",
]
LINES = [
    "Raad\nvan\nbestuur",
    "eerste regel\r\ntweede regel",
    "alleen\rcarriage return",
    "\n",
    "\r\n\r\n",
    "tab\tin\tnaam",
    "einde met regeleinde\n",
    "\nbegin met regeleinde",
    "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:nep",
    "END:VCALENDAR",
    "X-INJECT:ja\nDESCRIPTION:nep",
    "regel\u2028scheiding",
    "alinea\u2029scheiding",
    "next\x85line",
    "Komma, punt; komma",
    "schuine\\streep\\n geen regel",
    "dubbele punt: waarde",
    "\"aanhalingstekens\" en 'enkele'",
    "a" * 200,
    "Cliëntenraad Sociaal Domein " * 6,
    "é" * 90,
    "😀" * 40,
    "\u202egnirts desrever",
    "zero\u200bwidth",
    "\ufeffbyte order mark",
    "\u00a0harde spatie\u00a0",
]
BASE = MARKUP + ENTITIES + LINES


def _combinations():
    """A few payloads joined: markup across a line break, an entity around markup."""
    pairs = itertools.islice(zip(MARKUP, itertools.cycle(LINES[:12]), strict=False), 20)
    return [f"{markup}{line}{markup}" for markup, line in pairs]


PAYLOADS = BASE + _combinations()
assert len(PAYLOADS) >= 100, len(PAYLOADS)
