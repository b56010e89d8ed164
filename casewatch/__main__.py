"""CLI: ``python -m casewatch <command>``. Each command is a module in casewatch/cli/ with
``HELP``, ``add_arguments(parser)`` and ``run(args) -> int`` (the exit code)."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from casewatch import cli
from casewatch.db import interrupted
from casewatch.errors import CaseWatchError


def command_names() -> list[str]:
    return sorted(info.name for info in pkgutil.iter_modules(cli.__path__) if not info.name.startswith("_"))


def build_parser(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser for ``argv``. Only the command asked for is imported (all of them when none is,
    for the overview), so that a command loads the libraries it uses and no others."""
    names = command_names()
    asked = next((arg for arg in argv if not arg.startswith("-")), None)
    parser = argparse.ArgumentParser(prog="python -m casewatch", description="CaseWatch command line")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in names:
        if asked in names and name != asked:
            commands.add_parser(name)
            continue
        module = importlib.import_module(f"casewatch.cli.{name}")
        sub = commands.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    try:
        return int(args.run(args))
    except CaseWatchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, RuntimeError) as exc:
        if not interrupted(exc):
            raise
        print("error: interrupted", file=sys.stderr)
        return 130  # 128 + SIGINT, as a shell reports a process Ctrl-C ended
    except OSError as exc:
        # a refusal by the system (disk full, no permission, read-only file system) that no
        # check before the work could foresee; one raised by our code without an errno is a defect
        if exc.strerror is None:
            raise
        print(f"error: {os_error_text(exc)}", file=sys.stderr)
        return 2


def os_error_text(exc: OSError) -> str:
    """``file: reason`` (``file -> other: reason`` for a rename), or the reason alone."""
    names = " -> ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
    return f"{names}: {exc.strerror}" if names else str(exc.strerror)


if __name__ == "__main__":
    sys.exit(main())
