"""The opt-in run log (casewatch/ui/runlog.py): one JSON line per page run when CASEWATCH_RUN_LOG
is set, nothing when it is not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import RerunException, StopException

from casewatch.db import Database
from casewatch.ui import runlog
from tests.support.apptest import errors, open_page, rerun


@pytest.fixture
def app_db(tiny_db: Database, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, int]]:
    version = tiny_db.data_version()
    path = tiny_db.path
    tiny_db.close()
    monkeypatch.setenv("CASEWATCH_DB", path)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield path, version
    st.cache_data.clear()
    st.cache_resource.clear()


def lines(log: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]


def test_a_page_run_appends_its_line(app_db: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(runlog.ENV, str(log))
    at = open_page("pages/regions.py", **{"from": "2024-01-01", "to": "2024-03-31"})
    assert not errors(at)
    runs = lines(log)
    # one run of the page, one line
    assert len(runs) == 1
    (run,) = runs
    assert set(run) == {"at", "session", "page", "data_version", "seconds", "cpu_seconds", "outcome"}
    assert run["page"] == "regions"  # the default page's url is "" in Streamlit: named from PAGES
    assert run["data_version"] == app_db[1]
    assert run["outcome"] == "finished"
    assert isinstance(run["session"], str) and run["session"]
    assert isinstance(run["seconds"], float) and 0 < run["seconds"] < 60
    assert isinstance(run["cpu_seconds"], float) and 0 < run["cpu_seconds"] <= run["seconds"] + 0.05

    rerun(at)
    again = lines(log)
    assert len(again) == 2 and again[1]["session"] == run["session"] and again[1]["page"] == "regions"


def test_nothing_is_written_when_unset(
    app_db: tuple[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(runlog.ENV, raising=False)
    # a log written by mistake would land in the working directory (a relative default name)
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    at = open_page()
    assert not errors(at) and at.title
    assert list(workdir.iterdir()) == []


@pytest.mark.parametrize(
    ("raised", "outcome"),
    [(RerunException(None), "rerun"), (StopException(), "stopped"), (ValueError("boom"), "error")],
)
def test_the_outcome_of_a_cut_short_run(
    raised: BaseException, outcome: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "runs.jsonl"
    monkeypatch.setenv(runlog.ENV, str(log))
    with pytest.raises(type(raised)), runlog.page_run(runlog.start(), "trends", 7):
        raise raised
    (run,) = lines(log)
    assert (run["page"], run["data_version"], run["outcome"], run["session"]) == ("trends", 7, outcome, None)


def test_an_unwritable_log_does_not_replace_the_runs_rerun(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(runlog.ENV, str(tmp_path / "no such folder" / "runs.jsonl"))
    with pytest.raises(RerunException), runlog.page_run(runlog.start(), "trends", 7):
        raise RerunException(None)
    with runlog.page_run(runlog.start(), "trends", 7):
        pass  # a run that finishes is not failed by its log line either
    assert [r.levelname for r in caplog.records if r.name == runlog.LOG.name] == ["WARNING", "WARNING"]
