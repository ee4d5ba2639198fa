"""Many documents at once: worker processes, input order kept, one outcome per input.

Plumbing for the command line. Each stage is named, so a worker process can run it
without pickling functions; the user's files (``--dict``, ``--codebook``) travel as paths
in a small picklable record and are loaded once per worker.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policytool.cleaning import InputError, InputTooLargeError, clean, load
from policytool.departments import Departments, load_departments
from policytool.duties import attach_duties
from policytool.ingest import MAX_SIZE_MB, MB
from policytool.inputs import Input, too_large
from policytool.model import Cleaned, record
from policytool.segment import segment

if TYPE_CHECKING:
    from concurrent.futures import Future

# Below this many inputs a pool of processes costs more than it saves.
MIN_PARALLEL = 4
# Inputs sent to a worker at a time: enough to keep the inter-process traffic low.
CHUNK = 8
# Chunks in flight per worker: results wait in memory only this far ahead of the output.
AHEAD = 3


@record
class Resources:
    """The user's files a stage needs, as paths, and the largest input to read (bytes, None:
    any): cheap to send to a worker process."""

    dict_files: tuple[Path, ...] = ()
    codebook: Path | None = None
    max_size: int | None = MAX_SIZE_MB * MB

    def departments(self) -> Departments:
        return load_departments(list(self.dict_files) or None)


def _parse(cleaned: Cleaned, resources: Resources) -> Any:
    return attach_duties(segment(cleaned), resources.departments(), mentions=False).document


def _depts(cleaned: Cleaned, resources: Resources) -> Any:
    return attach_duties(segment(cleaned), resources.departments())


def _terms(cleaned: Cleaned, resources: Resources, graph: bool = False) -> Any:
    # Tokenising is the slow part of keywords, so it runs here; ranking needs every document.
    from policytool.keywords import count_terms  # the analysis stages load with their command

    return count_terms(segment(cleaned), resources.departments(), graph=graph)


def _targets(cleaned: Cleaned, resources: Resources) -> Any:
    from policytool.targets import TargetReport, find_targets

    document = _parse(cleaned, resources)
    return TargetReport(document, find_targets(document))


def _code(cleaned: Cleaned, resources: Resources) -> Any:
    from policytool.instruments import code_document, load_codebook

    return code_document(_parse(cleaned, resources), load_codebook(resources.codebook))


STAGES: dict[str, Callable[[Cleaned, Resources], Any]] = {
    "clean": lambda cleaned, _: cleaned,
    "parse": _parse,
    "depts": _depts,
    "terms": _terms,
    "terms-graph": partial(_terms, graph=True),  # with co-occurrences, for TextRank
    "targets": _targets,
    "code": _code,
}


@record
class Outcome:
    """What became of one input: a result, or the one-line reason it failed."""

    name: str
    result: Any = None
    error: str | None = None
    warnings: tuple[str, ...] = ()
    size: int = 0


def process_one(stage: str, input_format: str, resources: Resources, item: Input) -> Outcome:
    """Clean one input and run ``stage`` on it; never raises."""
    size = len(item.data) if item.data is not None else input_size(item.path)
    try:
        if item.error:
            raise InputError(item.error)
        if item.path is not None:
            cleaned = load(item.path, input_format=input_format, max_size=resources.max_size)
        else:
            cleaned = clean(item.data or b"", input_format=input_format, path=item.name)
        result = STAGES[stage](cleaned, resources)
    except InputTooLargeError as exc:
        return Outcome(item.name, error=too_large(exc), size=size)
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


def _chunk(work: Callable[[Input], Outcome], items: Sequence[Input]) -> list[Outcome]:
    return [work(item) for item in items]


def run(
    stage: str,
    items: Sequence[Input],
    *,
    input_format: str,
    dict_files: Iterable[Path] = (),
    codebook: Path | None = None,
    jobs: int | None = None,
    max_size: int | None = MAX_SIZE_MB * MB,
) -> Iterator[Outcome]:
    """Yield the outcome of every input, in input order, using ``jobs`` processes.

    Work is handed out a few chunks ahead of the output, not all at once, so memory
    stays flat however many inputs there are and a slow reader slows the workers.
    An input of more than ``max_size`` bytes fails unread.
    """
    work = partial(process_one, stage, input_format, Resources(tuple(dict_files), codebook, max_size))
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < MIN_PARALLEL:
        yield from map(work, items)
        return
    size = max(1, min(CHUNK, len(items) // (jobs * 4)))
    chunks = (items[k : k + size] for k in range(0, len(items), size))
    # Loaded here: multiprocessing costs a one-off run on one file 15 ms of start-up.
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_leave_ctrl_c_to_the_parent)
    ahead: deque[Future[list[Outcome]]] = deque()
    done = False
    try:
        for chunk in chunks:
            ahead.append(pool.submit(_chunk, work, chunk))
            if len(ahead) >= jobs * AHEAD:
                yield from ahead.popleft().result()
        while ahead:
            yield from ahead.popleft().result()
        done = True
    finally:
        # Ctrl-C, a closed pipe or a caller that stopped reading: drop the queued chunks;
        # the workers finish the ones they hold (killing one mid-reply hangs the pool).
        pool.shutdown(wait=done, cancel_futures=not done)


def _leave_ctrl_c_to_the_parent() -> None:
    """Ignore SIGINT in a worker: Ctrl-C reaches the whole process group, and a worker
    interrupted while waiting for work would leave the pool hung; the parent stops them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
