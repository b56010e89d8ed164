"""Progress of long work on a page: st.status with each stage as it ends (name, count, seconds)."""

from __future__ import annotations

import streamlit as st

from casewatch.i18n import strings, t
from casewatch.progress import Progress, Stage


def stage_label(name: str, lang: str) -> str:
    """A stage's name in the language (the name itself where none is written, e.g. a table)."""
    key = f"progress.stage.{name}"
    return t(key, lang) if key in strings(lang) else name


def stage_line(stage: Stage, lang: str) -> str:
    """'检查 1.3 秒，1,000,000 行' / 'check 1.3 s, 1,000,000 rows'."""
    label = stage_label(stage.name, lang)
    if stage.done:
        unit = t(f"progress.unit.{stage.unit}", lang) if f"progress.unit.{stage.unit}" in strings(lang) else stage.unit
        seconds = f"{stage.seconds:.1f}"
        return t("progress.line_count", lang, stage=label, seconds=seconds, count=f"{stage.done:,}", unit=unit)
    return t("progress.line", lang, stage=label, seconds=f"{stage.seconds:.1f}")


class StatusProgress(Progress):
    """Shows the work in an st.status box: its label names the running stage, each finished stage
    adds a line; ``lines`` keeps them for the page to show again after a rerun."""

    def __init__(self, title: str, lang: str) -> None:
        super().__init__(title)
        self.lang = lang
        self.title = title
        self.lines: list[str] = []
        self.box = st.status(title, expanded=True)

    def start(self, stage: Stage) -> None:
        self.box.update(label=f"{self.title} · {stage_label(stage.name, self.lang)}…")

    def end(self, stage: Stage) -> None:
        line = stage_line(stage, self.lang)
        if self.lines and self.lines[-1].split(" ")[0] == line.split(" ")[0] and not stage.done:
            return  # an import reads a file in steps: one line is enough
        self.lines.append(line)
        self.box.text(line)

    def close(self) -> None:
        self.box.update(label=self.title, state="complete", expanded=False)

    def fail(self) -> None:
        self.box.update(label=self.title, state="error", expanded=True)
