"""File names as people and JSON see them, and why a file could not be reached, in words.

On Linux a file name is bytes; Python hands over one that is not UTF-8 (a GBK-named file
from a Chinese Windows share) with each undecodable byte as a lone surrogate, which no
UTF-8 output can carry, and a name may hold ESC or a line break, which a terminal would
obey. Every place that prints or serialises the name of an input uses ``shown_name``;
the real ``Path`` is kept for opening the file.
"""

from __future__ import annotations

import errno
import os
import unicodedata

# Characters that would move the cursor, recolour the terminal, break a line of CSV or
# JSON Lines, or hide in plain sight: controls (Cc: ESC, newline, DEL, C1), format
# characters (Cf: the bidi overrides of "txt.exe" tricks, zero-width spaces), line and
# paragraph separators (Zl, Zp) and surrogates (Cs: the undecodable bytes). Spaces (Zs,
# the ideographic space of Chinese titles among them) stay as they are.
ESCAPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# The short escapes of C, bash's $'…' and printf %b.
SHORT_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# A backslash is doubled where it can be part of a name (POSIX), so every backslash shown
# starts an escape; on Windows it is the separator and no name holds one.
ESCAPE_BACKSLASH = os.sep != "\\"
# The longest name of one folder entry in bytes (Linux, macOS and Windows filesystems).
NAME_MAX = 255


def shown_name(name: str | bytes | os.PathLike[str] | os.PathLike[bytes]) -> str:
    r"""Return the name of a file as it is printed and written into JSON: valid UTF-8, one line.

    A name that is UTF-8 and holds no control character comes back unchanged, so a ``path``
    in the output opens the file. Otherwise it is escaped as ``ls -b`` and git do (in hex,
    as bash writes bytes, not in octal): every byte of a part of the path that is not UTF-8
    as ``\xNN``, a control character as ``\n``, ``\t``, ``\r``, ``\xNN`` (ASCII) or
    ``\uNNNN``, and a backslash as ``\\``. The result is valid UTF-8, cannot drive a
    terminal, names exactly one file, and bash gives the file's bytes back from it:
    ``policytool clean $'d/\xd5\xfe\xb2\xdf.txt'`` opens the file shown as that.

    A GBK name is deliberately not shown decoded as GB18030 (``政策.txt``): that is the
    name of another file, which may exist; GB18030 reads almost any bytes, so a Big5 or
    Shift-JIS name would come out as confident nonsense; and two different names could
    look the same. Rename such files to UTF-8 (``convmv -f gbk -t utf-8 -r --notest DIR``)
    to see them in Chinese.

    >>> shown_name(b"d/\xd5\xfe\xb2\xdf.txt")
    'd/\\xd5\\xfe\\xb2\\xdf.txt'
    >>> shown_name("a\x1b[31m\n.txt")
    'a\\x1b[31m\\n.txt'
    """
    text = os.fsdecode(name)
    if text.isprintable() and not (ESCAPE_BACKSLASH and "\\" in text):
        return text  # the common case, decided in C
    return "/".join(_shown_part(part) for part in text.split("/"))


def _shown_part(part: str) -> str:
    """Return one part of a path as shown; a part that is not UTF-8 is shown byte by byte.

    GBK's 文件 is the bytes CE C4 BC FE, of which C4 BC happen to be UTF-8 for ``ļ``: a
    name shown as ``\\xceļ\\xfe`` would be right but misleading, ``\\xce\\xc4\\xbc\\xfe``
    says what it is.
    """
    if any("\udc80" <= c <= "\udcff" for c in part):
        raw = part.encode("utf-8", "surrogateescape")
        return "".join(_shown_char(chr(b)) if b < 0x80 else f"\\x{b:02x}" for b in raw)
    return "".join(_shown_char(c) for c in part)


def _shown_char(c: str) -> str:
    if c == "\\":
        return "\\\\" if ESCAPE_BACKSLASH else c
    if unicodedata.category(c) not in ESCAPED_CATEGORIES:
        return c
    code = ord(c)
    if c in SHORT_ESCAPES:
        return SHORT_ESCAPES[c]
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def os_reason(exc: OSError) -> str:
    """Return why a path could not be reached, in the plain words of an error line.

    ``file name too long`` when one part of the path is longer than a name may be (255
    bytes), ``path too long`` when the parts are fine but the whole is longer than the
    system takes (PATH_MAX, 4096 bytes on Linux).
    """
    code = exc.errno
    if code in (errno.ENOENT, errno.ENOTDIR) or (code is None and isinstance(exc, FileNotFoundError)):
        return "no such file"
    if code in (errno.EACCES, errno.EPERM) or (code is None and isinstance(exc, PermissionError)):
        return "permission denied"
    if code == errno.EISDIR or (code is None and isinstance(exc, IsADirectoryError)):
        return "is a directory"
    if code == errno.ENAMETOOLONG:
        parts = os.fsencode(exc.filename or "").split(b"/")
        return "file name too long" if any(len(p) > NAME_MAX for p in parts) else "path too long"
    if code == errno.ELOOP:
        return "too many levels of symbolic links"
    words = exc.strerror or type(exc).__name__
    return words[:1].lower() + words[1:]
