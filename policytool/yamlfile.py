"""YAML read safely, loaded on first use, and dictionaries kept parsed between runs.

PyYAML costs about 12 ms to import (its reader compiles a pattern over all of Unicode)
and 6 ms to parse the built-in department dictionary: a third of a one-off `policytool
parse`. So it is imported only when some YAML must be read, and a dictionary file
(built-in or ``--dict``) is read once: its parsed data is kept as JSON in the user's
cache folder, named after a digest of the YAML text, so an edited file is a new entry
and a stale one can never be read. The cache is a speed-up only: when it cannot be read
or written, the YAML is parsed as before.

    POLICYTOOL_CACHE_DIR   where the cache lives (default: $XDG_CACHE_HOME/policytool,
                           else ~/.cache/policytool)
    POLICYTOOL_NO_CACHE    any value: neither read nor write the cache
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

# Bumped when the cached form changes, so older entries are never read.
CACHE_FORMAT = 1


class YamlError(ValueError):
    """Text that is not valid YAML, or that asks for an object the safe loader does not build.

    ``line`` is the 1-based line of the problem when known; ``refused`` is True for a tag
    such as `!!python/object`, which the safe loader refuses instead of calling.
    """

    def __init__(self, message: str, line: int | None = None, refused: bool = False) -> None:
        super().__init__(message)
        self.line = line
        self.refused = refused


def safe_loader() -> type:
    """Return PyYAML's safe loader (plain data, never Python objects), libyaml's when built."""
    import yaml  # about 12 ms: loaded by the first text that holds YAML

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """Parse YAML with the safe loader: a `!!python/object` tag is an error, never a call."""
    import yaml

    try:
        return yaml.load(text, Loader=safe_loader())
    except yaml.constructor.ConstructorError as exc:
        raise YamlError(str(exc.problem), _line(exc), refused=True) from None
    except yaml.YAMLError as exc:
        raise YamlError(str(exc).splitlines()[0], _line(exc)) from None


def _line(exc: Exception) -> int | None:
    mark = getattr(exc, "problem_mark", None)
    return mark.line + 1 if mark is not None else None


def load_cached(text: str) -> Any:
    """Return ``safe_load(text)``, from the cache when this exact text was parsed before."""
    path = _cache_path(text)
    if path is not None:
        try:
            return json.loads(path.read_text(encoding="utf-8"))["data"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # not there yet, or damaged: parse the YAML and write it again
    data = safe_load(text)
    if path is not None:
        _write(path, data)
    return data


def cache_dir() -> Path | None:
    """Return the cache folder, or None when the user turned the cache off."""
    if os.environ.get("POLICYTOOL_NO_CACHE"):
        return None
    if chosen := os.environ.get("POLICYTOOL_CACHE_DIR"):
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policytool"


def _cache_path(text: str) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return folder / f"yaml-{digest}-{CACHE_FORMAT}.json"


def _write(path: Path, data: Any) -> None:
    """Store ``data`` if JSON gives it back unchanged (YAML dates, for one, it would not)."""
    try:
        encoded = json.dumps({"data": data}, ensure_ascii=False)
    except (TypeError, ValueError):
        return
    if json.loads(encoded)["data"] != data:
        return
    # Written aside and renamed: a reader in another process sees the whole file or none.
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_text(encoded, encoding="utf-8")
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
