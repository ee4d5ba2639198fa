"""Input formats: one reader per format, declared once, in one registry.

A reader has a name (``--input-format``), the file suffixes a folder is searched for, a
line of help, a test that tells its format from decoded text (``sniff``) and ``read``, which
turns that text into raw paragraphs, the pieces it removed, what the page says of itself
(meta) and warnings. The clean stage runs the same steps on every reader's paragraphs.
Format detection, the CLI's ``--input-format`` choices, the suffixes folders are searched
for and their help text all come from READERS.

Adding a format is adding a Reader to READERS, its ``read`` in a module of its own. The
HTML and PDF readers import their modules when a document needs them: their patterns cost
start-up time that a one-off run on a text file need not pay.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from policytool.model import Removed

# The registry is read when the command line starts (its choices and help): this module
# imports nothing of the library at its top, each function what it needs.


@dataclass
class Read:
    """What a reader gives the clean stage: raw paragraphs and what it took out of them.

    ``meta`` what the page or post says of itself (its keys as ``cleaning._merge_meta``
    reads them); ``excerpt`` a post's summary, kept unless the body repeats it.
    """

    paragraphs: list[str]
    removed: list[Removed] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    excerpt: str | None = None


@dataclass(frozen=True)
class Reader:
    """One input format: its name, suffixes, help, how to tell it and how to read it."""

    name: str
    suffixes: tuple[str, ...]
    help: str
    sniff: Callable[[str], bool]
    read: Callable[[str], Read]


def _html_body(body: str, *, post: bool) -> Read:
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


def read_post(text: str) -> Read:
    """A markdown post: front matter into meta, then its body as HTML or markdown."""
    from policytool.cleaning.frontmatter import markdown_paragraphs, split_post
    from policytool.ingest import HTML_BLOCK_TAG

    post = split_post(text)
    if HTML_BLOCK_TAG.search(post.body):
        body = _html_body(post.body, post=True)
        paragraphs, removed = body.paragraphs, body.removed
        meta = {**post.meta, **body.meta}
    else:
        paragraphs, removed = markdown_paragraphs(post.body)
        meta = dict(post.meta)
    return Read(paragraphs, [*post.removed, *removed], meta, list(post.warnings), post.excerpt)


def read_html(text: str) -> Read:
    """A saved page or an HTML fragment: its main text, the metadata table into meta."""
    return _html_body(text, post=False)


def read_pdf_text(text: str) -> Read:
    """Text extracted from a PDF: page furniture out, hard-wrapped lines rejoined."""
    from policytool.cleaning.pdftext import pdf_to_paragraphs

    pdf = pdf_to_paragraphs(text.split("\n"))
    return Read(pdf.paragraphs, list(pdf.removed))


def read_text(text: str) -> Read:
    """Plain text: a paragraph a line (chrome is taken out later, as for every format)."""
    return Read(text.split("\n"))


def _is_html(text: str) -> bool:
    """A page or a fragment of three or more block elements; a post with an HTML body is a post."""
    from policytool.ingest import FRONT_MATTER, HTML_BLOCK_TAG, HTML_PAGE

    if FRONT_MATTER.match(text):
        return False
    return bool(HTML_PAGE.match(text)) or len(HTML_BLOCK_TAG.findall(text[:50000])) >= 3


def _is_post(text: str) -> bool:
    """Front matter, or markdown headings and tables in a text that is no HTML."""
    from policytool.ingest import FRONT_MATTER, looks_markdown

    return bool(FRONT_MATTER.match(text)) or (not _is_html(text) and looks_markdown(text))


def _anything(text: str) -> bool:
    return True


def _hard_wrapped(text: str) -> bool:
    """Many lines cut mid-sentence at one width, as pdftotext prints."""
    from policytool.ingest import looks_hard_wrapped

    return looks_hard_wrapped(text)


# The formats in the order folders list their suffixes; ``detect`` tries them in
# SNIFF_ORDER, a text's reader last (it takes anything).
READERS: tuple[Reader, ...] = (
    Reader("text", (".txt",), "scraped page text or clean text", _anything, read_text),
    Reader("html", (".html", ".htm", ".shtml"), "a saved web page or an HTML fragment", _is_html, read_html),
    Reader("post", (".md", ".markdown"), "markdown, with YAML front matter or without", _is_post, read_post),
    Reader("pdf", (), "text extracted from a PDF (pdftotext), hard-wrapped", _hard_wrapped, read_pdf_text),
)
BY_NAME = {reader.name: reader for reader in READERS}
# The formats by name, as --input-format offers them after `auto`.
NAMES = tuple(BY_NAME)
# Which format claims a text first: a page or a post by its markup before a PDF dump by its
# line widths, plain text last.
SNIFF_ORDER = ("html", "post", "pdf", "text")
# The suffixes a folder is searched for when no --glob is given.
DOCUMENT_SUFFIXES = tuple(suffix for reader in READERS for suffix in reader.suffixes)


def detect(text: str) -> Reader:
    """Return the reader for ``text``: the first in SNIFF_ORDER that recognises it."""
    return next(BY_NAME[name] for name in SNIFF_ORDER if BY_NAME[name].sniff(text))
