"""Fixture databases built once per test session and copied for each test.

Creating a database (the schema, the reference data, the court calendar) takes about a second and
loading a fixture into it more; copying the finished file takes milliseconds. ``copy_of`` builds a
named database the first time a session (each pytest-xdist worker is a session) asks for it and
copies it after that: every test still gets a database of its own to change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

_folder: Path | None = None  # set for the session by tests/conftest.py (templates)


def use_folder(folder: Path | None) -> None:
    global _folder
    _folder = folder


def copy_of(name: str, build: Callable[[str], object], dest: str | Path) -> str:
    """Makes ``dest`` a copy of the database ``build(path)`` writes (and closes), built once per
    session under ``name``; outside a session (scripts) it builds at ``dest`` itself."""
    dest = str(dest)
    if _folder is None:
        build(dest)
        return dest
    template = _folder / f"{name}.duckdb"
    if not template.exists():
        fd, partial = tempfile.mkstemp(dir=_folder, suffix=".duckdb")
        os.close(fd)
        os.unlink(partial)  # DuckDB creates the file itself
        build(partial)
        if Path(partial + ".wal").exists():
            raise RuntimeError(f"template {name}: build must close the database (a .wal is left)")
        os.replace(partial, template)
    shutil.copyfile(template, dest)
    return dest
