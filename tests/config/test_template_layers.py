"""A template loads tag libraries of its own layer or a lower one, never a higher one.

``templates/<app>/`` belongs to the app; ``templates/base.html`` and
``templates/includes/`` are shared by every layer, so they may load the
lowest app's libraries only (``council.public_site`` is how they reach the
public site).
The Python imports are checked by import-linter (``.importlinter``).
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Lowest first, as in docs/architecture.md.
LAYERS = ["council", "agenda", "motions", "advice", "publications", "benchmarks"]
LOAD = re.compile(r"{%\s*load\s+(.+?)\s*%}")


def _library_owners():
    return {
        path.stem: app
        for app in LAYERS
        for path in (ROOT / app / "templatetags").glob("*.py")
        if path.stem != "__init__"
    }


def _loaded_libraries(text):
    libraries = []
    for match in LOAD.finditer(text):
        words = match.group(1).split()
        libraries += words[words.index("from") + 1 :] if "from" in words else words
    return libraries


def _template_layer(path):
    first = path.relative_to(ROOT / "templates").parts[0]
    return first if first in LAYERS else LAYERS[0]  # shared: the lowest layer


def violations():
    owners = _library_owners()
    found = []
    for path in sorted((ROOT / "templates").rglob("*")):
        if not path.is_file() or path.suffix not in {".html", ".txt", ".xml"}:
            continue
        rank = LAYERS.index(_template_layer(path))
        for library in _loaded_libraries(path.read_text()):
            owner = owners.get(library)
            if owner is not None and LAYERS.index(owner) > rank:
                found.append(f"{path.relative_to(ROOT)} loads {library} ({owner})")
    return found


def test_the_scan_finds_the_libraries_of_each_app():
    owners = _library_owners()
    assert owners["publications_tags"] == "publications"
    assert owners["public_site_tags"] == "council"
    assert _loaded_libraries(
        "{% load i18n publications_tags %}{% load x from scorecard_tags %}"
    ) == [
        "i18n",
        "publications_tags",
        "scorecard_tags",
    ]


def test_no_template_loads_the_tags_of_a_higher_app():
    assert violations() == []


def test_base_html_loads_no_app_above_council():
    text = (ROOT / "templates" / "base.html").read_text()
    assert "publications_tags" not in _loaded_libraries(text)
