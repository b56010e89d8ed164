"""``users``: who may sign in (e-mail -> role and member), for when the app has login configured."""

from __future__ import annotations

import argparse
import sys

from casewatch import access, users
from casewatch.access import SYSTEM
from casewatch.cli._common import add_db_argument, open_db

HELP = "add, list or remove the users who may sign in (e-mail -> role, member_id)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add a user or change their role / member")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=access.ROLES)
    add.add_argument("--member-id", help="the member a member user belongs to (required for --role member)")
    add.add_argument("--note")
    actions.add_parser("list", help="print every user")
    remove = actions.add_parser("remove", help="remove a user")
    remove.add_argument("email")


def run(args: argparse.Namespace) -> int:
    db = open_db(args)
    try:
        if args.action == "add":
            try:
                scope = users.save_user(db, args.email, args.role, args.member_id, by=SYSTEM, note=args.note)
            except users.InvalidUser as exc:
                print(f"error: {exc.fmt['field']} {exc.fmt['value']!r}: {exc}", file=sys.stderr)
                return 2
            print(f"{scope.email}\t{scope.role}\t{scope.member_id or ''}")
        elif args.action == "list":
            for row in users.list_users(db).itertuples(index=False):
                member = row.member_id if isinstance(row.member_id, str) else ""
                print(f"{row.email}\t{row.role}\t{member}")
        else:
            try:
                removed = users.remove_user(db, args.email, by=SYSTEM)
            except users.InvalidUser as exc:
                print(f"error: email {args.email!r}: {exc}", file=sys.stderr)
                return 2
            if not removed:
                print(f"error: no user {args.email!r}", file=sys.stderr)
                return 2
            print(f"removed {args.email}")
    finally:
        db.close()
    return 0
