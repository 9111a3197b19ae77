"""Turning a letter (a page or a revision of it) into its text and its PDF.

The web page, the fingerprinted text and the PDF all render the same
fragment, ``advice/includes/letter.html``, so they cannot drift apart.
"""

import base64
import functools
import logging

from django.http import HttpResponse
from django.template.loader import render_to_string

from ..text import html_to_text

logger = logging.getLogger(__name__)

LETTER_TEMPLATE = "advice/includes/letter.html"
PDF_TEMPLATE = "advice/letter_pdf.html"


def letter_html(letter):
    return render_to_string(LETTER_TEMPLATE, {"letter": letter})


def letter_text(letter):
    """The plain text the fingerprint is taken of."""
    return html_to_text(letter_html(letter))


def _logo_data_uri(council):
    """The council's logo inlined, so the PDF never fetches anything."""
    logo = council.logo
    if logo is None:
        return ""
    try:
        with logo.file.open("rb") as handle:
            data = handle.read()
    except (OSError, ValueError):
        logger.warning("Logo of %s could not be read for a PDF", council)
        return ""
    mime = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif"}
    extension = logo.file.name.rsplit(".", 1)[-1].lower()
    if extension not in mime:
        return ""
    return f"data:{mime[extension]};base64,{base64.b64encode(data).decode('ascii')}"


def _fetcher():
    from weasyprint.urls import URLFetcher

    class InlineOnlyFetcher(URLFetcher):
        """Refuses every URL but the inlined logo: a letter's PDF fetches nothing."""

        def fetch(self, url, headers=None):
            if not url.startswith("data:image/"):
                raise ValueError(f"Kanttekening PDFs fetch no external resources: {url[:60]}")
            return super().fetch(url, headers)

    return InlineOnlyFetcher(allowed_protocols=["data"])


def render_letter_pdf(letter):
    """The letter as a PDF in letter layout. Pure rendering: storing is the service's job."""
    html = render_to_string(
        PDF_TEMPLATE, {"letter": letter, "logo": _logo_data_uri(letter.council)}
    )
    return pdf_from_html(html)


@functools.lru_cache(maxsize=32)
def pdf_from_html(html):
    """The PDF of a rendered letter; the same HTML always makes the same document.

    Typesetting is the slow part (~0.15 s a page), so a small in-process cache
    answers repeats: a preview reloaded unchanged, the demo loaded again in the
    tests. Benchmarks call ``pdf_from_html.__wrapped__`` to time the real work.
    """
    from weasyprint import HTML

    return HTML(string=html, url_fetcher=_fetcher()).write_pdf(pdf_variant="pdf/ua-1")


def pdf_response(data, *, filename):
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


#: Seconds a reader waits before asking again for a PDF that is being made.
PDF_PENDING_RETRY_AFTER = 10


def pdf_pending_response():
    """202 "wordt gemaakt": the version is recorded, its PDF follows in a task. Never cached."""
    response = HttpResponse(
        render_to_string("advice/pdf_pending.html", {"retry_after": PDF_PENDING_RETRY_AFTER}),
        status=202,
    )
    response["Retry-After"] = str(PDF_PENDING_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response
