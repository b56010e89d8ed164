"""Progress of long work (import, export, demo, backup, restore, herding, bench): named stages with
counts and elapsed time, so that a person can tell a slow machine from a hung one.

The work reports through a ``Progress``; where it goes is the caller's choice:
- ``TerminalProgress``: a live line per stage on a terminal (rich), with its count and time;
- ``LineProgress``: one plain line per finished stage on stderr (CI, cron, logs, pipes);
- ``QUIET``: nothing (``--quiet``, tests, library use);
- the app's ``casewatch.ui.progress.StatusProgress`` (st.status on the Data page).
Results never go through it: commands print them on stdout, so scripts can read them.
Reporting costs one call per stage and per batch of rows, not per row.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as Bars


@dataclass
class Stage:
    """One running stage: its name, rows (or items) done so far and, when known, how many in all."""

    name: str
    total: int | None = None
    done: int = 0
    unit: str = "rows"
    started: float = field(default_factory=time.perf_counter)
    ended: float | None = None
    _progress: Progress | None = None

    def advance(self, count: int = 1) -> None:
        self.done += count
        if self._progress is not None:
            self._progress.update(self)

    def count(self, done: int, total: int | None = None) -> None:
        """Sets the count (and the total, when it becomes known)."""
        self.done = done
        self.total = total if total is not None else self.total
        if self._progress is not None:
            self._progress.update(self)

    @property
    def seconds(self) -> float:
        return (self.ended or time.perf_counter()) - self.started


class Progress:
    """Reports nothing; subclasses show stages as they start, move and end."""

    def __init__(self, command: str = "") -> None:
        self.command = command

    @contextmanager
    def stage(self, name: str, total: int | None = None, unit: str = "rows") -> Iterator[Stage]:
        stage = Stage(name, total, unit=unit, _progress=self)
        self.start(stage)
        try:
            yield stage
        finally:
            stage.ended = time.perf_counter()
            self.end(stage)

    def start(self, stage: Stage) -> None:
        """A stage began."""

    def update(self, stage: Stage) -> None:
        """A stage's count moved."""

    def end(self, stage: Stage) -> None:
        """A stage ended (also when it raised)."""

    def close(self) -> None:
        """The work is over."""


QUIET = Progress()


def describe(stage: Stage) -> str:
    """'check 1.3 s, 1,000,000 rows' (the count only when there is one)."""
    text = f"{stage.name} {stage.seconds:.1f} s"
    if stage.done or stage.total:
        of = f" of {stage.total:,}" if stage.total is not None and stage.total != stage.done else ""
        text += f", {stage.done:,}{of} {stage.unit}"
    return text


class LineProgress(Progress):
    """One line per finished stage: 'casewatch import: check 1.3 s, 1,000,000 rows'. A stage
    entered again right after it ended (an import reads a file in steps) makes one line."""

    def __init__(self, command: str, stream: IO[str] | None = None) -> None:
        super().__init__(command)
        self.stream = stream
        self.pending: Stage | None = None

    def start(self, stage: Stage) -> None:
        held = self.pending
        if held is not None and held.name == stage.name:
            stage.started -= held.seconds  # one stage: its time goes on
            stage.done += held.done
            self.pending = None
        else:
            self._flush()

    def end(self, stage: Stage) -> None:
        self._flush()
        self.pending = stage

    def close(self) -> None:
        self._flush()

    def _flush(self) -> None:
        if self.pending is not None:
            print(f"casewatch {self.command}: {describe(self.pending)}", file=self.stream or sys.stderr, flush=True)
            self.pending = None


class TerminalProgress(Progress):
    """A live line per stage on a terminal: spinner, name, bar when the total is known, count,
    elapsed time; finished stages stay on screen as a log."""

    def __init__(self, command: str, stream: IO[str] | None = None) -> None:
        super().__init__(command)
        console = Console(file=stream or sys.stderr)
        self.bars = Bars(
            SpinnerColumn(),
            TextColumn(f"{command} [bold]{{task.description}}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.tasks: dict[int, Any] = {}
        self.bars.start()

    def start(self, stage: Stage) -> None:
        self.tasks[id(stage)] = self.bars.add_task(stage.name, total=stage.total)

    def update(self, stage: Stage) -> None:
        self.bars.update(self.tasks[id(stage)], completed=stage.done, total=stage.total)

    def end(self, stage: Stage) -> None:
        task = self.tasks.pop(id(stage))
        done = stage.total if stage.total is not None else stage.done
        self.bars.update(task, completed=done, total=done or 1)
        self.bars.stop_task(task)

    def close(self) -> None:
        self.bars.stop()


def for_command(command: str, *, quiet: bool = False, stream: IO[str] | None = None) -> Progress:
    """The progress a CLI command shows: none with --quiet, a live display on a terminal, plain
    stage lines otherwise."""
    if quiet:
        return QUIET
    target = stream or sys.stderr
    if target.isatty():
        return TerminalProgress(command, target)
    return LineProgress(command, target)
