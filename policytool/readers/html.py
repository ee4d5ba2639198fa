"""A saved web page or an HTML fragment: its main text, its metadata table into meta.

The HTML module (policytool.cleaning.html) is imported when a page is read: its patterns
cost start-up time that a run on text files need not pay.
"""

from __future__ import annotations

from policytool.readers.base import Raw, Read, Reader


def read(raw: Raw) -> Read:
    return html_body(raw.text, post=False)


def html_body(body: str, *, post: bool) -> Read:
    """Read a page, or a post's HTML body (whose elements are the post's own text)."""
    from policytool.cleaning.html import HTML_PAGE_BODY, html_to_paragraphs
    from policytool.ingest import HTML_PAGE

    html = html_to_paragraphs(
        body,
        whole_page=bool(HTML_PAGE.match(body) or HTML_PAGE_BODY.search(body)),
        blank_lines_break=post,
        # A post's body is the post's own text, whatever its elements are called.
        named_content_is_page=not post,
    )
    return Read(html.paragraphs, list(html.removed), {k: v for k, v in html.meta.items() if v})


def sniff(raw: Raw) -> bool:
    return is_html(raw.text)


def is_html(text: str) -> bool:
    """A page or a fragment of three or more block elements; a post with an HTML body is a post."""
    from policytool.ingest import FRONT_MATTER, HTML_BLOCK_TAG, HTML_PAGE

    if FRONT_MATTER.match(text):
        return False
    return bool(HTML_PAGE.match(text)) or len(HTML_BLOCK_TAG.findall(text[:50000])) >= 3


READER = Reader("html", (".html", ".htm", ".shtml"), "a saved web page or an HTML fragment", sniff, read)
