"""Reading a Wagtail history listing in tests (the admin header names the user too)."""

import lxml.html


def history_rows(response):
    """The rows of the history listing, newest first: ``[(action, user), ...]``."""
    tree = lxml.html.fromstring(response.content.decode())
    rows = []
    for row in tree.xpath("//table[contains(@class, 'listing')]//tbody/tr"):
        action, user, *_ = (" ".join(cell.text_content().split()) for cell in row.xpath("./td"))
        rows.append((action, user))
    return rows
