"""How a running batch shows itself: a rich progress bar on a terminal, a log line every few
seconds otherwise (CI logs), nothing with --quiet but what answers the user (Ctrl-C, waiting).

The ETA is reckoned in bytes, not files: a few large PDFs at the end take minutes while the
count of files left says seconds. Every file's size is known before it starts."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from .store import FileEntry

if TYPE_CHECKING:  # rich is imported when a bar is shown: CI runs (--quiet, logs) start faster
    from rich.console import Console
    from rich.progress import TaskID


class Progress:
    """What a run tells of itself; this base shows nothing (programs that call run_batch)."""

    def start(self, total: int, skipped: int, size: int) -> None:
        """`total` files of `size` bytes in all to process, `skipped` unchanged."""

    def advance(self, size: int, entry: FileEntry | None) -> None:
        """A file of `size` bytes is done (None: its content had not changed, --checksum)."""

    def stopping(self, files: int) -> None:
        """Ctrl-C came: said at once, while the `files` in progress are finished."""
        self.say(f"stopping: finishing {files} files in progress")

    def say(self, line: str) -> None:
        """A line for the user (stderr)."""

    def finish(self) -> None:
        pass


class QuietProgress(Progress):
    """--quiet: no progress, but an answer to Ctrl-C and a word when waiting for OUT."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr

    def say(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()


class BarProgress(Progress):
    def __init__(self, console: Console | None = None, clock: Callable[[], float] | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

        self.bar = Progress(
            TextColumn("[bold]batch"), BarColumn(),
            TextColumn("{task.fields[done]}/{task.fields[files]} files"),
            TextColumn("{task.fields[pages]} pages"), TextColumn("{task.fields[rate]}"),
            TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=console or Console(stderr=True), get_time=clock,
        )
        self.clock = clock or time.perf_counter
        self.task: TaskID | None = None
        self.pages = self.failed = self.done = 0
        self.started = self.clock()

    def start(self, total: int, skipped: int, size: int) -> None:
        self.bar.start()
        self.started = self.clock()
        self.task = self.bar.add_task("batch", total=size, files=total, done=0, pages=0, failed=0, rate="")
        if skipped:
            self.bar.console.print(f"{skipped} unchanged file(s) skipped")

    def advance(self, size: int, entry: FileEntry | None) -> None:
        self.done += 1
        if entry is not None:
            self.pages += entry.pages or 0
            self.failed += entry.status == "failed"
        rate = self.done / max(self.clock() - self.started, 1e-9)
        assert self.task is not None
        self.bar.update(self.task, advance=size, done=self.done, pages=self.pages, failed=self.failed,
                        rate=f"{rate:.1f} files/s")
        if entry is not None and entry.status == "failed":
            from rich.text import Text

            self.bar.console.print(Text.assemble(("failed ", "red"), f"{entry.relpath}: {entry.error}"))

    def say(self, line: str) -> None:
        self.bar.console.print(line)

    def finish(self) -> None:
        self.bar.stop()


class LogProgress(QuietProgress):
    """Plain lines for logs: one every `every` seconds, and one per failed file."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        super().__init__(stream)
        self.every = every
        self.clock = clock
        self.total = self.done = self.pages = self.failed = self.size = self.bytes = 0
        self.started = self.last = clock()

    def start(self, total: int, skipped: int, size: int) -> None:
        self.total, self.size = total, size
        self.started = self.last = self.clock()
        self.say(f"batch: {total} file(s) to process, {skipped} unchanged skipped")

    def advance(self, size: int, entry: FileEntry | None) -> None:
        self.done += 1
        self.bytes += size
        if entry is not None:
            self.pages += entry.pages or 0
            if entry.status == "failed":
                self.failed += 1
                self.say(f"batch: failed {entry.relpath}: {entry.error}")
        now = self.clock()
        if now - self.last >= self.every:
            self.last = now
            elapsed = max(now - self.started, 1e-9)
            self.say(f"batch: {self.done}/{self.total} files, {self.pages} pages, {self.done / elapsed:.1f} "
                     f"files/s, {self.failed} failed, ETA {self._eta(elapsed)}")

    def _eta(self, elapsed: float) -> str:
        """The bytes left at the rate in bytes so far."""
        left = max(self.size - self.bytes, 0)
        if not left:
            return "0 s"
        return f"{left / (self.bytes / elapsed):.0f} s" if self.bytes else "unknown"

