"""Run a command as a terminal user would: stdin, stdout and stderr on a pseudo-terminal.

What the user sees is what the test checks: a progress bar, colours, and where the output
goes when the shell redirects it (`policytool … > out.jsonl` in a terminal). The shell
command runs in a session of its own with the terminal as its controlling terminal, so
writing Ctrl-C (``b"\\x03"``) to it interrupts the foreground job as a keyboard does.

Reading is race-free: the screen is read until the terminal reports end of file, which
happens only when every process holding it has exited (a worker left running keeps it
open, and the run then fails on its timeout instead of passing early).
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import termios
import time
from dataclasses import dataclass
from typing import Self

from tests.conftest import ROOT

# Control sequences a terminal interprets rather than shows: colours, cursor moves, erases.
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@dataclass(frozen=True)
class Screen:
    """What a terminal received from a finished command, and how the command ended."""

    status: int  # exit status, or 128 + N when killed by signal N (as a shell reports it)
    raw: bytes  # every byte written to the terminal

    @property
    def text(self) -> str:
        """The bytes as text, \\r\\n as \\n, control sequences kept."""
        return self.raw.decode("utf-8", "replace").replace("\r\n", "\n")

    @property
    def plain(self) -> str:
        """The text without control sequences and carriage returns: the words on screen."""
        return ANSI.sub("", self.text).replace("\r", "\n")


def _controlling_terminal() -> None:
    # Runs in the child between fork and exec: start_new_session made it a session
    # leader, and stdin is the terminal, which becomes the session's controlling one.
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    for signum in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM, signal.SIGQUIT):
        signal.signal(signum, signal.SIG_DFL)  # as a login shell starts, whatever ran the tests


class Terminal:
    """A shell command running on a fresh pseudo-terminal of ``columns`` x ``rows``.

    >>> with Terminal("policytool depts seeds --format jsonl > out.jsonl") as term:
    ...     screen = term.finish()
    """

    def __init__(
        self,
        command: str,
        *,
        cwd: os.PathLike[str] | str = ROOT,
        env: dict[str, str] | None = None,
        columns: int = 100,
        rows: int = 30,
    ) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color", **(env or {})}
        for name in ("NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
            if env is None or name not in env:
                environment.pop(name, None)
        try:
            self.process = subprocess.Popen(
                ["/bin/sh", "-c", command],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                cwd=cwd,
                env=environment,
                start_new_session=True,
                preexec_fn=_controlling_terminal,  # noqa: PLW1509 - ioctl and signal only, safe after fork
            )
        finally:
            os.close(slave)  # the terminal ends when the command's copies close, not ours
        self.master = master
        self.received = bytearray()
        self._ended = False

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    def send(self, data: bytes) -> None:
        """Type ``data`` (b"\\x03" is Ctrl-C)."""
        os.write(self.master, data)

    def read_until(self, wanted: bytes | re.Pattern[bytes], timeout: float = 60) -> bytes:
        """Read the screen until ``wanted`` has appeared; return everything read so far."""
        deadline = time.monotonic() + timeout
        while not self._seen(wanted):
            if self._ended:
                raise AssertionError(f"the terminal closed before {wanted!r} appeared:\n{bytes(self.received)!r}")
            self._read(deadline)
        return bytes(self.received)

    def finish(self, timeout: float = 120) -> Screen:
        """Read the screen to its end and wait for the command; return what was shown."""
        deadline = time.monotonic() + timeout
        while not self._ended:
            self._read(deadline)
        status = self.process.wait(timeout=max(1.0, deadline - time.monotonic()))
        return Screen(128 - status if status < 0 else status, bytes(self.received))

    def kill(self) -> None:
        """End whatever still runs in the terminal's session, and close the terminal."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait()
        if self.master >= 0:
            os.close(self.master)
            self.master = -1

    def _seen(self, wanted: bytes | re.Pattern[bytes]) -> bool:
        if isinstance(wanted, bytes):
            return wanted in self.received
        return wanted.search(self.received) is not None

    def _read(self, deadline: float) -> None:
        left = deadline - time.monotonic()
        if left <= 0:
            self.kill()
            raise AssertionError(f"the terminal was still open at the timeout:\n{bytes(self.received)!r}")
        ready, _, _ = select.select([self.master], [], [], left)
        if not ready:
            return
        try:
            data = os.read(self.master, 65536)
        except OSError as exc:  # Linux: EIO once every process has closed the terminal
            if exc.errno != errno.EIO:
                raise
            data = b""
        if data:
            self.received += data
        else:
            self._ended = True


def in_terminal(command: str, *, timeout: float = 120, **options: object) -> Screen:
    """Run a shell command on a pseudo-terminal to its end; return what the terminal showed."""
    with Terminal(command, **options) as term:  # type: ignore[arg-type]
        return term.finish(timeout)
