"""Options shared by CLI commands: the database path and the global filters by their URL names."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from casewatch import schema
from casewatch.db import Database, db_path, is_local
from casewatch.errors import CaseWatchError, DatabaseLocked, DatabaseMissing, DatabaseReadOnly, SchemaOutdated
from casewatch.filters import EARLIEST, FIRST_FILING, LATEST_DAYS, LIST_FIELDS, Filters, Vocabulary
from casewatch.progress import Progress, for_command


class OutputFolderMissing(CaseWatchError):
    """The folder a command's --out file is to go in does not exist."""


class OutputRefused(CaseWatchError):
    """The --out given cannot take a file: a folder, or a place this user may not write."""


def output_file(value: str) -> Path:
    """The --out file, checked before any work (exit 2 with the message, not a traceback at the
    end): not a folder, in a folder that exists (a command writes no folders) and may be written
    (OutputFolderMissing, OutputRefused). A symlink is checked where it points; a FIFO or a device
    must itself be writable (``writing`` writes into it)."""
    out = Path(value)
    if out.is_dir():  # '.' and a link to a folder too
        raise OutputRefused(f"--out {value}: is a folder; give a file name")
    if _not_a_file(out):
        if not os.access(out, os.W_OK):
            raise OutputRefused(f"--out {value}: not writable")
        return out
    target = Path(os.path.realpath(out))
    if not target.parent.is_dir():
        raise OutputFolderMissing(f"--out {value}: folder {out.parent} does not exist")
    if not os.access(target.parent, os.W_OK):
        raise OutputRefused(f"--out {value}: cannot write in folder {target.parent}")
    return out


def database_target(option: str, value: str) -> None:
    """A database file a command writes whole (demo --out, restore --db), checked before any work:
    not a folder, and its folder (or the nearest one there, a demo makes the rest) writable;
    else OutputRefused (exit 2). MotherDuck and :memory: are left to the command to refuse."""
    target = Path(value)
    if not is_local(value):
        return
    if target.is_dir():
        raise OutputRefused(f"{option} {value}: is a folder; give a file name")
    folder = Path(os.path.realpath(target)).parent
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK):
        raise OutputRefused(f"{option} {value}: cannot write in folder {folder}")


@contextmanager
def writing(out: Path) -> Iterator[BinaryIO]:
    """``out`` open for its whole new content. A file is written as .NAME.partial beside it and
    renamed onto it when the block ends without error, so it is complete or as it was; a symlink's
    target is the file written (the link stays); a FIFO or a device is written into as it is
    (renaming a file onto it would replace it)."""
    if _not_a_file(out):
        with out.open("wb") as handle:
            yield handle
        return
    target = Path(os.path.realpath(out))
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as handle:
            yield handle
        if target.exists():  # a private brief stays private: the new file gets the old one's mode
            shutil.copymode(target, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def _not_a_file(out: Path) -> bool:
    """``out`` exists and is no regular file (a FIFO, a device, /dev/stdout on a pipe), as stat sees
    it through links - /dev/stdout's link names the pipe ("pipe:[N]") by no path realpath finds."""
    try:
        return not stat.S_ISREG(os.stat(out).st_mode)
    except OSError:
        return False


def positive_number(text: str) -> float:
    """An option's positive finite number (argparse turns the error into a usage message, exit 2)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {text}")
    return value


def non_negative_int(text: str) -> int:
    """An option's whole number 0 or more (a seed): else a usage message, exit 2."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text}")
    return value


def add_quiet_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--quiet", action="store_true", help="show no progress on stderr (results still go to stdout)")


@contextmanager
def progress_of(args: argparse.Namespace, command: str) -> Iterator[Progress]:
    """The command's progress display (see casewatch.progress), closed when the block ends."""
    shown = for_command(command, quiet=bool(getattr(args, "quiet", False)))
    try:
        yield shown
    finally:
        shown.close()


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", default=None, help="DuckDB file (default: $CASEWATCH_DB or data/demo.duckdb)")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """--from/--to/--city/... taking the URL query parameters' names and value formats."""
    group = parser.add_argument_group("filters (same names and values as the URL query string)")
    group.add_argument("--from", dest="f_from", metavar="YYYY-MM-DD")
    group.add_argument("--to", dest="f_to", metavar="YYYY-MM-DD")
    for name in LIST_FIELDS:
        group.add_argument(f"--{name}", dest=f"f_{name}", metavar="A,B")
    group.add_argument("--members", dest="f_members", metavar="0|1")


def filters_from_args(args: argparse.Namespace, db: Database, today: dt.date | None = None) -> Filters:
    """Filters from the options; with no date given, all dates. Bad values stop with exit 2."""
    query = {
        name: value
        for name in ("from", "to", *LIST_FIELDS, "members")
        if (value := getattr(args, f"f_{name}", None)) is not None
    }
    today = today or dt.date.today()
    # the URL's own bounds while the values are checked; then a date not given is every date an
    # import accepts, before 2000 and up to a year ahead too (FIRST_FILING, LATEST_DAYS)
    unset = {name: name not in query for name in ("from", "to")}
    query.setdefault("from", EARLIEST.isoformat())
    query.setdefault("to", (today + dt.timedelta(days=LATEST_DAYS)).isoformat())
    vocabulary = Vocabulary.read(db.query)
    filters, notices = Filters.from_query(query, today, vocabulary)
    if notices:
        for name, value in notices:
            if name == "from" and value.count(">") == 1:  # (Filters.from_query's notice of from > to)
                after, before = value.split(">")
                print(f"error: --from {after} is after --to {before}", file=sys.stderr)
            else:
                print(f"error: --{name} {value!r} is not a valid value", file=sys.stderr)
        raise SystemExit(2)
    if unset["from"]:
        filters = filters.with_values(date_from=FIRST_FILING)
    if unset["to"]:
        filters = filters.with_values(date_to=today + dt.timedelta(days=LATEST_DAYS))
    return filters


def open_db(
    args: argparse.Namespace, *, read_only: bool = False, create: bool = False, upgrade: bool = True
) -> Database:
    """The database of --db; only a command that may start a database (``create``: import) makes a
    new file where none is - a mistyped path for users or herding is refused, not created. A
    reader (``read_only``) of a database written by an older CaseWatch has it upgraded first, its
    queries would not fit the old tables, unless ``upgrade`` is off (a backup leaves it as it is);
    another process holding it then gets a clear refusal."""
    path = args.db or db_path()
    if not create and is_local(path) and not Path(path).exists():
        raise DatabaseMissing(f"database file not found: {path}", path=path)
    db = Database(path, read_only=read_only)
    if not (read_only and upgrade and schema.outdated(db)):
        return db
    db.close()
    try:
        Database(path).close()  # a writing open upgrades it
    except (DatabaseLocked, DatabaseReadOnly) as exc:
        raise SchemaOutdated(
            f"{path} was written by an older CaseWatch and is in use by another process; it is "
            "upgraded when opened for writing (the app when it starts, or an import)",
            path=path,
        ) from exc
    return Database(path, read_only=True)
