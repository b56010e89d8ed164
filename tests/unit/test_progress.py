"""Long work shows its progress: plain stage lines on stderr when not on a terminal, nothing with
--quiet, results on stdout either way; the Data page shows an import's stages."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

from casewatch import progress
from casewatch.__main__ import main
from casewatch.db import Database
from tests.app.test_ingest import GOOD, upload
from tests.app.test_pages import app_db  # noqa: F401 - the fixture
from tests.support.apptest import ROOT, errors, open_page
from tests.support.databases import FIXTURES, load_csv_tables

LIST = "case_id,store_name,platform\nilnd:1:24-cv-00005,Brand New Shop,amazon\nilnd:1:24-cv-00005,Other Shop,temu\n"


def test_line_progress_says_each_stage_once_with_its_count() -> None:
    out = io.StringIO()
    shown = progress.LineProgress("import", out)
    for _ in range(3):  # a file read in three steps is one stage
        with shown.stage("read"):
            pass
    with shown.stage("check") as stage:
        stage.count(1_000_000)
    with shown.stage("export", total=10) as stage:
        stage.advance(4)
    shown.close()
    lines = out.getvalue().splitlines()
    assert [line.split(" ")[2] for line in lines] == ["read", "check", "export"]
    assert lines[1].startswith("casewatch import: check ") and lines[1].endswith(" s, 1,000,000 rows")
    assert lines[2].endswith(", 4 of 10 rows")


def test_quiet_progress_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    with progress.QUIET.stage("read") as stage:
        stage.advance(5)
    assert capsys.readouterr() == ("", "")
    assert progress.for_command("import", quiet=True) is progress.QUIET
    assert isinstance(progress.for_command("import", stream=io.StringIO()), progress.LineProgress)


@pytest.fixture
def tiny_path(tmp_path: Path) -> str:
    path = str(tmp_path / "tiny.duckdb")
    db = Database(path)
    load_csv_tables(db, FIXTURES / "tiny")
    db.close()
    return path


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stage_names(err: str, command: str) -> list[str]:
    prefix = f"casewatch {command}: "
    return [line.removeprefix(prefix).split(" ")[0] for line in err.splitlines() if line.startswith(prefix)]


@pytest.mark.parametrize("quiet", [False, True], ids=["stages", "quiet"])
def test_each_long_command_shows_stages_on_stderr_and_results_on_stdout(
    capsys: pytest.CaptureFixture[str], tiny_path: str, tmp_path: Path, quiet: bool
) -> None:
    flag = ["--quiet"] if quiet else []
    listing = tmp_path / "list.csv"
    listing.write_text(LIST, encoding="utf-8")
    expected = {
        "import": (["import", "--db", tiny_path, str(listing), *flag], ["read", "check", "upsert", "match"], "2 "),
        "export": (
            ["export", "--db", tiny_path, "--format", "csv", "--out", str(tmp_path / "x.csv"), *flag],
            ["write"],
            "rows ->",
        ),
        "herding": (["herding", "--db", tiny_path, "--recompute", *flag], ["waves", "indices", "cohorts"], ""),
        "backup": (
            ["backup", "--db", tiny_path, "--out", str(tmp_path / "snap"), *flag],
            ["cases", "defendants"],
            "snapshot",
        ),
        "restore": (
            ["restore", "--from", str(tmp_path / "snap"), "--db", str(tmp_path / "back.duckdb"), *flag],
            ["verify", "cases", "facts"],
            "restored",
        ),
        "demo": (
            ["demo", "--out", str(tmp_path / "demo.duckdb"), "--scale", "0.01", *flag],
            ["generate", "write", "facts", "herding"],
            "demo database ",
        ),
    }
    for command, (argv, stages, result) in expected.items():
        code, out, err = run_cli(capsys, *argv)
        assert code == 0, (command, err)
        assert result in out, (command, out)
        if quiet:
            assert err == "", (command, err)
        else:
            shown = stage_names(err, command)
            assert all(stage in shown for stage in stages), (command, shown)
            assert not [line for line in err.splitlines() if not line.startswith(f"casewatch {command}: ")]


def test_a_piped_import_prints_stage_lines_to_stderr(tiny_path: str, tmp_path: Path) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(LIST, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "casewatch", "import", "--db", tiny_path, "--lang", "en", str(listing)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "list.csv (defendants): 2 rows" in done.stdout
    assert stage_names(done.stderr, "import")[:3] == ["read", "check", "upsert"]
    assert "casewatch import: check" not in done.stdout


def test_the_data_page_shows_the_stages_of_an_import(app_db: str) -> None:  # noqa: F811
    at = open_page("pages/data.py", lang="en")
    at = upload(at, "list.csv", GOOD)
    assert not errors(at)
    shown = "\n".join(str(text.value) for text in at.text)
    assert "read: " in shown and "check: " in shown and "1 rows" in shown
    at.button(key="intake_commit").click()
    at.run()
    assert not errors(at)
    shown = "\n".join(str(text.value) for text in at.text)
    assert "write: " in shown and "match members: " in shown
