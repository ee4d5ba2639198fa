"""The clean stage: raw bytes of any supported format → Cleaned (paragraphs, meta, removed).

Each format has its reader (``policytool.readers``: post, html, pdf, text) that yields raw
paragraphs; then the same steps run for all: whitespace, chrome, 版记, metadata.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from policytool.cleaning.chrome import strip_chrome
from policytool.cleaning.contents import take_contents
from policytool.cleaning.dates import parse_date
from policytool.cleaning.meta import read_text_meta, split_organs, take_imprint
from policytool.cleaning.normalize import normalize_paragraph
from policytool.ingest import MAX_SIZE_MB, MB, InputError, InputTooLargeError, read_limited
from policytool.model import Cleaned, Meta, Removed, Source
from policytool.names import os_reason, shown_name

__all__ = ["InputError", "InputTooLargeError", "clean", "load"]


def load(path: str | Path, *, input_format: str = "auto", max_size: int | None = MAX_SIZE_MB * MB) -> Cleaned:
    """Read and clean the document at ``path``.

    Raises InputError with a one-line reason for a file that cannot be read, and
    InputTooLargeError for one of more than ``max_size`` bytes (None: no limit), which is
    never read whole: a file that says it is larger is refused unread, and a device or
    pipe (`/dev/zero`) is read no further than one byte past the limit.

    >>> doc = load("seeds/004_ad0221d9827c4750.txt")  # doctest: +SKIP
    >>> doc.meta.doc_number  # doctest: +SKIP
    '国办发〔2022〕11号'
    """
    p = Path(path)
    try:
        with p.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if max_size is not None and size > max_size:
                raise InputTooLargeError(max_size)
            data = read_limited(stream, max_size, size_hint=size)
    except OSError as exc:
        raise InputError(os_reason(exc)) from None
    # The name as shown: a GBK-named file or one with ESC in its name still makes valid
    # UTF-8 JSON and a safe terminal line (see names.shown_name).
    return clean(data, input_format=input_format, path=shown_name(path))


def clean(data: bytes | str, *, input_format: str = "auto", path: str = "<string>") -> Cleaned:
    """Clean one document given as bytes (any supported encoding) or text.

    Args:
        data: the raw document; bytes are decoded (BOM, UTF-8, GB18030).
        input_format: ``auto`` to sniff, or a reader's name (``readers.NAMES``: post, html,
            pdf, text).
        path: the name to report in ``source.path``, as shown (``names.shown_name``).
    """
    from policytool import readers

    if input_format != "auto" and input_format not in readers.BY_NAME:
        raise ValueError(f"unknown input format {input_format!r}; choose from auto, {', '.join(readers.NAMES)}")
    if isinstance(data, str):
        raw = readers.Raw(data.encode("utf-8"), text=data)
        if not data.strip():
            raise InputError("empty file (whitespace only)")
    else:
        raw = readers.Raw(data)
    reader = readers.detect(raw) if input_format == "auto" else readers.BY_NAME[input_format]
    read = reader.read(raw)
    source = Source(
        path=path,
        format=reader.name,
        encoding=raw.encoding or readers.BINARY,
        bytes=len(raw.data),
        sha256=hashlib.sha256(raw.data).hexdigest(),
    )
    raw_paragraphs, removed, page, excerpt = read.paragraphs, list(read.removed), dict(read.meta), read.excerpt
    warnings = [*raw.warnings, *read.warnings]

    pairs = [(q, p.strip()) for p in raw_paragraphs if (q := normalize_paragraph(p))]
    paragraphs, originals = [q for q, _ in pairs], [p for _, p in pairs]
    if excerpt and not _repeats(normalize_paragraph(excerpt), paragraphs):
        paragraphs.insert(0, normalize_paragraph(excerpt))
        originals.insert(0, excerpt)
    elif excerpt:
        removed.append(Removed(excerpt, "excerpt"))

    chrome = strip_chrome(paragraphs, originals)
    removed += chrome.removed
    for key, value in chrome.export.items():  # an export's header: what the page around it says
        page.setdefault(key, value)
    imprint = take_imprint(chrome.paragraphs, chrome.originals)
    removed += imprint.removed
    paragraphs, body_originals, contents = take_contents(imprint.paragraphs, imprint.originals)
    removed += contents
    text_meta = read_text_meta(paragraphs, body_originals, imprint.fields.get("history", ()))  # type: ignore[arg-type]
    meta = _merge_meta(text_meta, page, chrome.meta, imprint.fields)
    return Cleaned(
        source=source, meta=meta, paragraphs=tuple(paragraphs), removed=tuple(removed), warnings=tuple(warnings)
    )


def _repeats(excerpt: str, paragraphs: list[str]) -> bool:
    """True if a post's summary blockquote is repeated in its body (so it can go)."""
    return excerpt.replace(" ", "") in "".join(paragraphs).replace(" ", "")


def _first(*values: object) -> object:
    """Return the first value that is not None or empty."""
    return next((v for v in values if v), None)


def _merge_meta(
    text: dict[str, object], page: dict[str, object], chrome: dict[str, str], imprint: dict[str, object]
) -> Meta:
    """Combine metadata: what the text states first, then the page around it."""
    table_issuers = page.get("issuers")
    issuers = text["issuers"] or (
        tuple(split_organs(str(table_issuers)) or [str(table_issuers)]) if table_issuers else ()
    )
    # A portal's metadata table (page["title"], ["doc_number"], ["date"]) states the
    # document's own title, number and date on purpose: it wins over what is read from
    # the text, where a title may be cut by a line break or a number cited.
    title = _first(
        page.get("title"), imprint.get("title"), text["title"], page.get("head_title"), page.get("page_title")
    )
    table_number = page.get("doc_number")
    return Meta(
        title=str(title) if title else None,
        page_title=page.get("page_title"),  # type: ignore[arg-type]
        doc_number=_first("".join(str(table_number).split()) if table_number else None, text["doc_number"]),  # type: ignore[arg-type]
        issuers=tuple(issuers),  # type: ignore[arg-type]
        date=_first(parse_date(page.get("date")), text["date"]),  # type: ignore[arg-type]
        published=_first(
            chrome.get("published"),
            page.get("published") and parse_date(page["published"]),
            page.get("chrome_published"),
            parse_date(page.get("head_published")),
        ),  # type: ignore[arg-type]
        source=_first(chrome.get("source"), page.get("source"), page.get("chrome_source"), page.get("head_source")),  # type: ignore[arg-type]
        author=_first(chrome.get("author"), page.get("author")),  # type: ignore[arg-type]
        url=page.get("url"),  # type: ignore[arg-type]
        categories=tuple(page.get("categories") or ()),  # type: ignore[arg-type]
        index_number=page.get("index_number"),  # type: ignore[arg-type]
        topic=page.get("topic"),  # type: ignore[arg-type]
        attachments=tuple(page.get("attachments") or ()),  # type: ignore[arg-type]
        images=tuple(page.get("images") or ()),  # type: ignore[arg-type]
        cc=tuple(imprint.get("cc") or ()),  # type: ignore[arg-type]
        printed=imprint.get("printed"),  # type: ignore[arg-type]
        copy_number=imprint.get("copy_number"),  # type: ignore[arg-type]
        secrecy=imprint.get("secrecy"),  # type: ignore[arg-type]
        urgency=imprint.get("urgency"),  # type: ignore[arg-type]
        letterhead=imprint.get("letterhead"),  # type: ignore[arg-type]
        signers=text["signers"],  # type: ignore[arg-type]
        addressee=text["addressee"],  # type: ignore[arg-type]
        attachment_names=text["attachment_names"],  # type: ignore[arg-type]
        note=text["note"],  # type: ignore[arg-type]
        effective=_first(parse_date(page.get("effective")), text["effective"]),  # type: ignore[arg-type]
        history=tuple(imprint.get("history") or ()),  # type: ignore[arg-type]
    )
