"""How a running batch shows itself: a rich progress bar on a terminal, a log line every few
seconds otherwise (CI logs), nothing with --quiet."""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from .store import FileEntry

if TYPE_CHECKING:  # rich is imported when a bar is shown: CI runs (--quiet, logs) start faster
    from rich.console import Console
    from rich.progress import TaskID


class BarProgress:
    def __init__(self, console: Console | None = None) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.bar = Progress(
            TextColumn("[bold]batch"), BarColumn(), MofNCompleteColumn(), TextColumn("files"),
            TextColumn("{task.fields[pages]} pages"), TextColumn("{task.fields[rate]}"),
            TextColumn("[red]{task.fields[failed]} failed"), TimeElapsedColumn(), TextColumn("ETA"),
            TimeRemainingColumn(), console=console or Console(stderr=True),
        )
        self.task: TaskID | None = None
        self.pages = self.failed = self.done = 0
        self.started = time.perf_counter()

    def start(self, total: int, skipped: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task("batch", total=total, pages=0, failed=0, rate="")
        if skipped:
            self.bar.console.print(f"{skipped} unchanged file(s) skipped")

    def advance(self, entry: FileEntry) -> None:
        self.done += 1
        self.pages += entry.pages or 0
        self.failed += entry.status == "failed"
        rate = self.done / max(time.perf_counter() - self.started, 1e-9)
        assert self.task is not None
        self.bar.update(self.task, advance=1, pages=self.pages, failed=self.failed,
                        rate=f"{rate:.1f} files/s")
        if entry.status == "failed":
            from rich.text import Text

            self.bar.console.print(Text.assemble(("failed ", "red"), f"{entry.relpath}: {entry.error}"))

    def finish(self) -> None:
        self.bar.stop()


class LogProgress:
    """Plain lines for logs: one every `every` seconds, and one per failed file."""

    def __init__(self, stream: TextIO | None = None, every: float = 5.0) -> None:
        self.stream = stream or sys.stderr
        self.every = every
        self.total = self.done = self.pages = self.failed = 0
        self.started = self.last = time.perf_counter()

    def start(self, total: int, skipped: int) -> None:
        self.total = total
        self._say(f"batch: {total} file(s) to process, {skipped} unchanged skipped")

    def advance(self, entry: FileEntry) -> None:
        self.done += 1
        self.pages += entry.pages or 0
        if entry.status == "failed":
            self.failed += 1
            self._say(f"batch: failed {entry.relpath}: {entry.error}")
        now = time.perf_counter()
        if now - self.last >= self.every:
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0
            self._say(f"batch: {self.done}/{self.total} files, {self.pages} pages, {rate:.1f} files/s, "
                      f"{self.failed} failed, ETA {eta:.0f} s")

    def finish(self) -> None:
        pass

    def _say(self, line: str) -> None:
        self.stream.write(line + "\n")
        self.stream.flush()
