"""A markdown post: Hexo/Jekyll front matter and an HTML or markdown body, or bare markdown."""

from __future__ import annotations

from policytool.readers.base import Raw, Read, Reader
from policytool.readers.html import html_body, is_html


def read(raw: Raw) -> Read:
    """Front matter into meta, then the body as HTML or markdown."""
    from policytool.cleaning.frontmatter import markdown_paragraphs, split_post
    from policytool.ingest import HTML_BLOCK_TAG

    post = split_post(raw.text)
    if HTML_BLOCK_TAG.search(post.body):
        body = html_body(post.body, post=True)
        paragraphs, removed = body.paragraphs, body.removed
        meta = {**post.meta, **body.meta}
    else:
        paragraphs, removed = markdown_paragraphs(post.body)
        meta = dict(post.meta)
    return Read(paragraphs, [*post.removed, *removed], meta, list(post.warnings), post.excerpt)


def sniff(raw: Raw) -> bool:
    """Front matter, or markdown headings and tables in a text that is no HTML."""
    from policytool.ingest import FRONT_MATTER, looks_markdown

    text = raw.text
    return bool(FRONT_MATTER.match(text)) or (not is_html(text) and looks_markdown(text))


READER = Reader("post", (".md", ".markdown"), "markdown, with YAML front matter or without", sniff, read)
