"""The public pages the browser tests visit on the demo site: one line per page type.

Each entry is ``(page type, path)``; the page type becomes the test id
(``test_axe[council]``). A layer that adds a public page type adds its line
here, with a path the demo content (``manage.py load_demo``) provides, and
every browser test (axe, skip link, language, headings) covers it.
"""

PUBLIC_PAGES = [
    ("home", "/"),
    ("council", "/leiden/"),
]
