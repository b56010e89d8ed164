"""Streamlit's private API is used in one place only (casewatch/ui/streamlit_private.py), and the
part of Streamlit it relies on still behaves as that module assumes."""

from __future__ import annotations

import ast
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import delta_generator, string_util
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner import script_runner

from casewatch.sql import ROOT
from casewatch.ui.streamlit_private import leave_pages_folder_mode, warm_first_draw

# Streamlit's public import paths; pages and the entry script use no other.
PUBLIC = {"streamlit", "streamlit.components.v1", "streamlit.testing.v1"}


@pytest.fixture
def folder_mode() -> Iterator[None]:
    saved = PagesManager.uses_pages_directory
    PagesManager.uses_pages_directory = None
    yield
    PagesManager.uses_pages_directory = saved


def test_a_pages_folder_still_starts_the_legacy_mode_and_the_switch_leaves_it(folder_mode: None) -> None:
    PagesManager(str(ROOT / "dashboard.py"))  # the first run of a fresh server decides the mode
    assert PagesManager.uses_pages_directory is True, "Streamlit no longer starts folder mode beside pages/"
    leave_pages_folder_mode()
    assert PagesManager.uses_pages_directory is False
    PagesManager(str(ROOT / "dashboard.py"))
    assert PagesManager.uses_pages_directory is False, "a new session must not bring folder mode back"


def test_the_script_runner_still_chooses_the_mode_by_that_flag() -> None:
    assert "if PagesManager.uses_pages_directory:" in inspect.getsource(script_runner)


def _streamlit_imports(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names if alias.name.startswith("streamlit"))
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
            yield node.lineno, str(node.module)
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "st":
            yield from [(node.lineno, f"st.{node.attr}")] if node.attr.startswith("_") else []


def test_pages_and_the_entry_script_use_public_streamlit_only() -> None:
    files = [ROOT / "dashboard.py", ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    private = [
        f"{path.relative_to(ROOT)}:{line} {name}"
        for path in files
        for line, name in _streamlit_imports(path)
        if name not in PUBLIC
    ]
    assert private == []


def test_pages_manager_is_named_in_one_module_only() -> None:
    named = sorted(
        str(path.relative_to(ROOT))
        for folder in ("casewatch", "pages")
        for path in (ROOT / folder).rglob("*.py")
        if "PagesManager" in path.read_text(encoding="utf-8")
    )
    assert named == ["casewatch/ui/streamlit_private.py"]


def test_the_first_draw_work_is_still_lazy_and_the_warm_up_does_it(monkeypatch: pytest.MonkeyPatch) -> None:
    # where Streamlit does it: an upgrade that moves it makes the warm-up pointless, so fail here
    assert "from streamlit.emojis import" in inspect.getsource(string_util.extract_leading_emoji)
    assert "env_util.is_repl()" in inspect.getsource(delta_generator._maybe_print_use_warning)
    # a process that has drawn nothing yet
    monkeypatch.delitem(sys.modules, "streamlit.emojis", raising=False)
    monkeypatch.setattr(delta_generator, "_use_warning_has_been_displayed", False)
    warm_first_draw()
    assert "streamlit.emojis" in sys.modules
    assert delta_generator._use_warning_has_been_displayed is True
