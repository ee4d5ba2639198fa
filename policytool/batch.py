"""Many documents at once: worker processes, input order kept, one outcome per input.

Plumbing for the command line. Each stage is named, so a worker process can run it
without pickling functions; the user's files (``--dict``, ``--codebook``) travel as paths
in a small picklable record and are loaded once per worker.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from policytool.cleaning import InputError, InputTooLargeError, clean, load
from policytool.departments import Departments, load_departments
from policytool.duties import attach_duties
from policytool.ingest import MAX_SIZE_MB, MB
from policytool.inputs import Input, too_large
from policytool.model import Cleaned, record
from policytool.segment import segment

# Below this many inputs a pool of processes costs more than it saves.
MIN_PARALLEL = 4
# Inputs sent to a worker at a time: enough to keep the inter-process traffic low.
CHUNK = 8
# Chunks handed out per worker ahead of the output: results wait in memory only this far ahead.
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


def _terms(cleaned: Cleaned, resources: Resources, graph: bool = False, section_graphs: bool = True) -> Any:
    # Tokenising is the slow part of keywords, so it runs here; ranking needs every document.
    from policytool.terms import count_terms  # the analysis stages load with their command

    return count_terms(segment(cleaned), resources.departments(), graph=graph, section_graphs=section_graphs)


def _targets(cleaned: Cleaned, resources: Resources) -> Any:
    from policytool.quantities import TargetReport, find_targets

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
    "terms-graph-document": partial(_terms, graph=True, section_graphs=False),  # summed over the document
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
    A worker that dies (the kernel's OOM killer, a crash in a C library) costs only
    the document it was reading: that one is reported, a new worker takes the rest.
    """
    work = partial(process_one, stage, input_format, Resources(tuple(dict_files), codebook, max_size))
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(items) < MIN_PARALLEL:
        yield from map(work, items)
        return
    size = max(1, min(CHUNK, len(items) // (jobs * 4)))
    chunks = [items[k : k + size] for k in range(0, len(items), size)]
    yield from _in_workers(work, chunks, jobs)


def _in_workers(work: Callable[[Input], Outcome], chunks: list[Sequence[Input]], jobs: int) -> Iterator[Outcome]:
    """Yield the outcomes of ``chunks`` in order, worked on by up to ``jobs`` processes.

    Each worker has a pipe of its own, gets a chunk only when idle and replies a
    document at a time, so the parent always knows which document a worker holds
    (a pool cannot say which of its chunks killed it) and can end the workers at
    any moment without leaving a half-written reply to hang on. Chunk k is handed
    out only while fewer than ``jobs * AHEAD`` chunks wait to be written.
    """
    from multiprocessing.connection import wait

    collected: dict[int, list[Outcome]] = {}  # outcomes of the chunks handed out, by chunk
    tasks: deque[tuple[int, Sequence[Input]]] = deque()  # the rest of a chunk whose worker died
    workers: list[_Worker] = []
    handed = written = 0  # chunks handed out; chunks written
    finished = False
    try:
        while written < len(chunks):
            while tasks or (handed < len(chunks) and handed - written < jobs * AHEAD):
                worker = _idle(workers)
                if worker is None and len(workers) < jobs:
                    worker = _Worker.start(work)
                    workers.append(worker)
                if worker is None:
                    break
                if not tasks:
                    tasks.append((handed, chunks[handed]))
                    collected[handed] = []
                    handed += 1
                worker.give(*tasks.popleft())
            if len(collected[written]) == len(chunks[written]):
                yield from collected.pop(written)
                written += 1
                continue
            busy = [w for w in workers if w.task is not None]
            assert busy, "the next chunk to write is with no worker"
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
            for worker in busy:
                if worker.conn not in ready and worker.process.sentinel not in ready:
                    continue
                index = worker.task[0]
                got = collected[index]
                outcome, left = worker.receive()
                if outcome is not None:
                    got.append(outcome)
                if left is not None:  # the worker died: its document failed, another takes the rest
                    workers.remove(worker)
                    if left:
                        tasks.appendleft((index, left))
                elif len(got) == len(chunks[index]):
                    worker.task = None
        finished = True
    finally:
        _end(workers, at_once=not finished)


def _idle(workers: list[_Worker]) -> _Worker | None:
    """Return a worker without a task, forgetting those that died idle (the OOM killer)."""
    for worker in [w for w in workers if w.task is None]:
        if worker.process.is_alive():
            return worker
        worker.conn.close()
        worker.process.join()
        workers.remove(worker)
    return None


class _Worker:
    """One worker process, its end of a pipe, and the chunk it holds (index, documents)."""

    def __init__(self, process: Any, conn: Any) -> None:
        self.process = process
        self.conn = conn
        self.task: tuple[int, Sequence[Input]] | None = None
        self.done = 0  # documents of the task replied to

    @classmethod
    def start(cls, work: Callable[[Input], Outcome]) -> _Worker:
        import multiprocessing

        conn, child = multiprocessing.Pipe()
        process = multiprocessing.Process(target=_serve, args=(child, work, os.getpid()), daemon=True)
        process.start()
        child.close()  # the worker holds the only other end: its death is an end of file here
        return cls(process, conn)

    def give(self, index: int, items: Sequence[Input]) -> None:
        self.task, self.done = (index, items), 0
        try:
            self.conn.send(list(items))
        except OSError:
            pass  # it died already: receive() reports it

    def receive(self) -> tuple[Outcome | None, Sequence[Input] | None]:
        """Return the next outcome, and None or, if the worker died, the documents left after.

        The document it died on gets an outcome of its own saying so.
        """
        assert self.task is not None
        try:
            outcome = self.conn.recv()
        except (EOFError, OSError):
            pass
        else:
            self.done += 1
            return outcome, None
        self.conn.close()
        self.process.join()
        items = self.task[1]
        culprit, left = items[self.done], items[self.done + 1 :]
        size = len(culprit.data) if culprit.data is not None else input_size(culprit.path)
        reason = f"worker process died ({_death(self.process.exitcode)}) while reading this file"
        return Outcome(culprit.name, error=reason, size=size), left


def _serve(conn: Any, work: Callable[[Input], Outcome], parent: int) -> None:
    """A worker's life: read a chunk, reply an outcome per document, until told to stop."""
    _start_worker(parent)
    while True:
        try:
            items = conn.recv()
        except (EOFError, OSError):
            return
        if items is None:
            return
        for item in items:
            outcome = work(item)
            try:
                conn.send(outcome)
            except (EOFError, OSError):
                return
            except Exception as exc:  # noqa: BLE001 - a result that cannot be sent is that input's failure
                reason = f"internal error ({type(exc).__name__}: {exc}); please report it"
                conn.send(Outcome(item.name, error=reason, size=outcome.size))


def _end(workers: list[_Worker], *, at_once: bool) -> None:
    """End the workers and wait for them: nothing outlives the run.

    On Ctrl-C, SIGTERM, a closed pipe or a caller that stopped reading (``at_once``)
    they are terminated, not left to finish documents nobody will read: a worker
    stuck on one document would keep the run, and stdout, alive. Otherwise they are
    idle and leave when told. (Not at the end of their pipe: a forked worker holds a
    copy of the parent's end too.)
    """
    for worker in workers:
        if at_once:
            worker.process.terminate()
        else:
            try:
                worker.conn.send(None)
            except OSError:
                pass  # gone already
        worker.conn.close()
    for worker in workers:
        worker.process.join()


def _death(exitcode: int | None) -> str:
    """Say how a process ended, from its exit code: `killed by SIGKILL`, `exit status 3`."""
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


def _start_worker(parent: int) -> None:
    """Set up a worker process: signals to the parent, and an end with the parent.

    Ctrl-C reaches the whole process group: a worker ignores it, and the parent, which
    knows what has been written, ends the workers.
    SIGTERM and SIGHUP get their default action back (a forked worker inherits the
    parent's handlers, which raise in the parent's code). And a worker must not outlive
    its parent: orphaned, it would wait for work forever and hold stdout open, so a
    pipeline reader never sees the end of the output.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    spawner = os.getppid()  # the parent, or with the forkserver start method the server
    if not _kernel_ends_me_with_parent():
        threading.Thread(target=_exit_with, args=(spawner,), daemon=True, name="exit-with-parent").start()
    if os.getppid() != spawner or (spawner != parent and not _alive(parent)):
        os._exit(1)  # the parent died before the watch began


# prctl(2) option: the signal the kernel sends this process when its parent dies.
PR_SET_PDEATHSIG = 1


def _kernel_ends_me_with_parent() -> bool:
    """Ask Linux to SIGKILL this process when its parent dies; False where it cannot.

    The kernel's signal ends a worker however busy it is: a thread watching the parent
    cannot run while the worker's thread holds the interpreter in a long C call (a
    regular expression on a hostile paragraph), and the worker may be in one for ever.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes  # only the prctl call below: no document data reaches it

        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


# How often a worker without prctl looks whether its parent is still there.
PARENT_POLL_SECONDS = 1.0


def _exit_with(parent: int) -> None:
    """Exit when the parent process is gone (its child is handed to another parent).

    The portable watch where the kernel offers none: a worker's parent changes when
    the parent dies, on every system, whatever the start method.
    """
    while os.getppid() == parent:
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
