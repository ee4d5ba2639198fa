"""Many documents at once: worker processes, input order kept, one outcome per input.

Plumbing for the command line. Each stage is named, so a worker process can run it
without pickling functions; the department dictionary is loaded once per worker.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from policytool.cleaning import InputError, clean, load
from policytool.departments import Departments, load_departments
from policytool.duties import attach_duties
from policytool.inputs import Input
from policytool.model import Cleaned
from policytool.segment import segment

# Below this many inputs a pool of processes costs more than it saves.
MIN_PARALLEL = 4


def _parse(cleaned: Cleaned, departments: Departments) -> Any:
    return attach_duties(segment(cleaned), departments).document


def _depts(cleaned: Cleaned, departments: Departments) -> Any:
    return attach_duties(segment(cleaned), departments)


STAGES: dict[str, Callable[[Cleaned, Departments], Any]] = {
    "clean": lambda cleaned, _: cleaned,
    "parse": _parse,
    "depts": _depts,
}


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one input: a result, or the one-line reason it failed."""

    name: str
    result: Any = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    size: int = 0


def process_one(stage: str, input_format: str, dict_files: tuple[Path, ...], item: Input) -> Outcome:
    """Clean one input and run ``stage`` on it; never raises."""
    size = len(item.data) if item.data is not None else input_size(item.path)
    try:
        if item.error:
            raise InputError(item.error)
        if item.path is not None:
            cleaned = load(item.path, input_format=input_format)
        else:
            cleaned = clean(item.data or b"", input_format=input_format, path=item.name)
        result = STAGES[stage](cleaned, load_departments(list(dict_files) or None))
    except InputError as exc:
        return Outcome(item.name, error=str(exc), size=size)
    except Exception as exc:  # noqa: BLE001 - a bug must cost one document, not the run
        return Outcome(item.name, error=f"internal error ({type(exc).__name__}: {exc}); please report it", size=size)
    return Outcome(item.name, result=result, warnings=cleaned.warnings, size=size)


def input_size(path: Path | None) -> int:
    """Return the size of a file in bytes, 0 if it cannot be read."""
    try:
        return path.stat().st_size if path is not None else 0
    except OSError:
        return 0


def run(
    stage: str, items: list[Input], *, input_format: str, dict_files: Iterable[Path] = (), jobs: int | None = None
) -> Iterator[Outcome]:
    """Yield the outcome of every input, in input order, using ``jobs`` processes."""
    work = partial(process_one, stage, input_format, tuple(dict_files))
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < MIN_PARALLEL:
        yield from map(work, items)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_leave_ctrl_c_to_the_parent)
    # map() submits every chunk at once and keeps input order; chunks keep the
    # inter-process traffic low.
    outcomes = pool.map(work, items, chunksize=max(1, min(32, len(items) // (jobs * 8) or 1)))
    done = False
    try:
        yield from outcomes
        done = True
    finally:
        # Ctrl-C, a closed pipe or a caller that stopped reading: drop the queued chunks;
        # the workers finish the ones they hold (killing one mid-reply hangs the pool).
        pool.shutdown(wait=done, cancel_futures=not done)


def _leave_ctrl_c_to_the_parent() -> None:
    """Ignore SIGINT in a worker: Ctrl-C reaches the whole process group, and a worker
    interrupted while waiting for work would leave the pool hung; the parent stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
