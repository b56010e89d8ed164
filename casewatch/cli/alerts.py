"""``alerts``: channels and watch lists of recipients, and delivery of the alert outbox.

    alerts channel add --member-id M --email ADDRESS [--lang zh|en] [--digest] [--quiet 22-8]
    alerts channel add --staff EMAIL --wecom NAME      (also --dingtalk NAME, --feishu NAME)
    alerts channel list | remove CHANNEL_ID
    alerts watch add --member-id M --brand X           (also --plaintiff, --law-firm, --sector)
    alerts watch list | remove ...
    alerts send [--smtp smtp://host:port] [--loop [--every SECONDS]]
    alerts outbox [--status pending|sent|cancelled] | log [--failures] | resend ALERT_ID

A robot is named by the secret holding its key: CASEWATCH_ROBOT_<NAME> or [alerts.robots] NAME in
.streamlit/secrets.toml; the SMTP server by --smtp, CASEWATCH_SMTP_URL or [alerts] smtp_url.

A bad option (an empty value, an unknown member or sector code, an SMTP URL with no valid port, a
negative --every, removing what is not there) prints ``error: --option 'value': why`` and exits 2,
having written nothing.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time

from casewatch.access import SYSTEM
from casewatch.alerts import delivery, outbox
from casewatch.alerts.channels import Secrets, redacted, smtp_url_problem
from casewatch.cli._common import add_db_argument, add_quiet_argument, open_db, progress_of
from casewatch.db import Database
from casewatch.users import InvalidUser

HELP = "alert channels, watch lists and delivery of the alert outbox (alerts send)"


def _recipient_options(parser: argparse.ArgumentParser) -> None:
    who = parser.add_mutually_exclusive_group(required=True)
    who.add_argument("--member-id", help="a member (recipient member:M)")
    who.add_argument("--staff", metavar="EMAIL", help="an association staff member (recipient staff:EMAIL)")


def _field(value: object) -> str:
    """A value as the listings print it: empty for a missing one (NULL comes back as None or NaN)."""
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    areas = parser.add_subparsers(dest="area", required=True, metavar="AREA")

    channel = areas.add_parser("channel", help="where a recipient's alerts go")
    channel_actions = channel.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = channel_actions.add_parser("add", help="add a channel or change its settings")
    add_db_argument(add)
    _recipient_options(add)
    target = add.add_mutually_exclusive_group(required=True)
    target.add_argument("--email", metavar="ADDRESS")
    for kind in ("wecom", "dingtalk", "feishu"):
        target.add_argument(f"--{kind}", metavar="NAME", help=f"a {kind} robot named by its secret")
    add.add_argument("--lang", choices=("zh", "en"), default="zh")
    add.add_argument("--digest", action="store_true", help="one digest a day instead of each alert at once")
    add.add_argument("--quiet", metavar="FROM-TO", help="quiet hours, China time, e.g. 22-8")
    listing = channel_actions.add_parser("list", help="print the channels")
    add_db_argument(listing)
    listing.add_argument("--member-id")
    remove = channel_actions.add_parser("remove", help="remove a channel")
    add_db_argument(remove)
    remove.add_argument("channel_id")

    watch = areas.add_parser("watch", help="brands, plaintiffs, law firms or sectors a recipient watches")
    watch_actions = watch.add_subparsers(dest="action", required=True, metavar="ACTION")
    for name, text in (("add", "watch"), ("remove", "stop watching")):
        sub = watch_actions.add_parser(name, help=text)
        add_db_argument(sub)
        _recipient_options(sub)
        what = sub.add_mutually_exclusive_group(required=True)
        for kind in outbox.WATCH_KINDS:
            what.add_argument(f"--{kind.replace('_', '-')}", dest=f"w_{kind}", metavar="TEXT")
    add_db_argument(watch_actions.add_parser("list", help="print every watch list"))

    send = areas.add_parser("send", help="deliver the outbox")
    add_db_argument(send)
    send.add_argument("--smtp", metavar="smtp://host:port", help="SMTP server (else $CASEWATCH_SMTP_URL)")
    send.add_argument("--loop", action="store_true", help="keep sending, one run every --every seconds")
    send.add_argument("--every", type=float, default=60.0, metavar="SECONDS")
    add_quiet_argument(send)

    box = areas.add_parser("outbox", help="print the outbox")
    add_db_argument(box)
    box.add_argument("--status", choices=("pending", "sent", "cancelled"))
    log = areas.add_parser("log", help="print the delivery log")
    add_db_argument(log)
    log.add_argument("--failures", action="store_true")
    resend = areas.add_parser("resend", help="queue an alert again")
    add_db_argument(resend)
    resend.add_argument("alert_id")


ROBOTS = ("wecom", "dingtalk", "feishu")
# options taking a text, by their dest: an empty one is refused before anything is opened
TEXT_OPTIONS = {
    "member_id": "--member-id", "staff": "--staff", "email": "--email", "quiet": "--quiet", "smtp": "--smtp",
    **{kind: f"--{kind}" for kind in ROBOTS},
    **{f"w_{kind}": f"--{kind.replace('_', '-')}" for kind in outbox.WATCH_KINDS},
}  # fmt: skip


class BadOption(Exception):
    """An option the command cannot take: printed as ``error: OPTION 'VALUE': WHY``, exit 2."""

    def __init__(self, option: str, value: object, why: str) -> None:
        super().__init__(f"{option} {value!r}: {why}")


def _recipient(db: Database, args: argparse.Namespace) -> str:
    if args.member_id is not None:
        return outbox.member_recipient(db, args.member_id)
    return outbox.staff_recipient(args.staff)


def _quiet(text: str | None) -> tuple[int | None, int | None]:
    if text is None:
        return None, None
    start, _, end = text.partition("-")
    try:
        return int(start), int(end)
    except ValueError:
        raise BadOption("--quiet", text, "quiet hours are FROM-TO, both hours 0-23, e.g. 22-8") from None


def _check(args: argparse.Namespace) -> None:
    """Refuses what can be told wrong without the database (BadOption)."""
    for dest, option in TEXT_OPTIONS.items():
        value = getattr(args, dest, None)
        if isinstance(value, str) and not value.strip():  # (send's --quiet is the progress switch)
            raise BadOption(option, value, "empty")
    if args.area == "send":
        if not (math.isfinite(args.every) and args.every > 0):
            raise BadOption("--every", format(args.every, "g"), "not a positive number of seconds")
        url = Secrets.load(args.smtp).smtp_url
        if url and (problem := smtp_url_problem(url)):
            where = "--smtp" if args.smtp else "CASEWATCH_SMTP_URL" if os.environ.get("CASEWATCH_SMTP_URL") else None
            raise BadOption(where or "[alerts] smtp_url", redacted(url), problem)


def _option(exc: outbox.InvalidAlertSetting | InvalidUser, args: argparse.Namespace) -> str:
    """The option a data-layer refusal is about, by the field it names."""
    field = str(exc.fmt.get("field", ""))
    if field == "email" and getattr(args, "staff", None) is not None and getattr(args, "email", None) is None:
        return "--staff"
    if field in ("value", "sector"):
        return next((o for d, o in TEXT_OPTIONS.items() if d.startswith("w_") and getattr(args, d, None)), "--value")
    if field == "robot":
        return next((f"--{kind}" for kind in ROBOTS if getattr(args, kind, None)), "--robot")
    return TEXT_OPTIONS.get(field, f"--{field.replace('_', '-')}")


def run(args: argparse.Namespace) -> int:
    try:
        _check(args)
    except BadOption as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    db = open_db(args)
    try:
        return _run(db, args)
    except BadOption as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (outbox.InvalidAlertSetting, InvalidUser) as exc:
        print(f"error: {_option(exc, args)}: {exc}", file=sys.stderr)
        return 2
    finally:
        db.close()


def _run(db: Database, args: argparse.Namespace) -> int:
    if args.area == "channel":
        if args.action == "add":
            kind, address = next((k, getattr(args, k)) for k in ("email", *ROBOTS) if getattr(args, k) is not None)
            quiet_from, quiet_to = _quiet(args.quiet)
            found = outbox.save_channel(
                db,
                _recipient(db, args),
                kind,
                address,
                by=SYSTEM,
                lang=args.lang,
                delivery="digest" if args.digest else "immediate",
                quiet_from=quiet_from,
                quiet_to=quiet_to,
            )
            print(found)
        elif args.action == "list":
            recipient = None if args.member_id is None else outbox.member_recipient(db, args.member_id)
            for row in outbox.channels_of(db, recipient, scope=SYSTEM).to_dict("records"):
                print(
                    "\t".join(str(row[k]) for k in ("channel_id", "recipient", "kind", "address", "lang", "delivery"))
                )
        elif not outbox.remove_channel(db, args.channel_id, by=SYSTEM):
            print(f"error: no channel {args.channel_id!r}", file=sys.stderr)
            return 2
        return 0
    if args.area == "watch":
        if args.action == "list":
            for row in outbox.watch_of(db, None, scope=SYSTEM).to_dict("records"):
                print(f"{row['recipient']}\t{row['kind']}\t{row['value']}")
            return 0
        kind = next(k for k in outbox.WATCH_KINDS if getattr(args, f"w_{k}") is not None)
        recipient, value = _recipient(db, args), getattr(args, f"w_{kind}")
        if args.action == "add":
            outbox.save_watch(db, recipient, kind, value, by=SYSTEM)
        elif not outbox.remove_watch(db, recipient, kind, value, by=SYSTEM):
            raise BadOption(TEXT_OPTIONS[f"w_{kind}"], value, f"{recipient} does not watch it")
        return 0
    if args.area == "send":
        secrets = Secrets.load(args.smtp)
        while True:
            with progress_of(args, "alerts send") as progress:
                report = delivery.send(db, secrets=secrets, progress=progress)
            print(report.summary(), flush=True)
            for error in report.errors:
                print(f"  {error}", file=sys.stderr)
            if not args.loop:
                return 0 if report.failed == 0 else 1
            time.sleep(args.every)
    if args.area == "outbox":
        for row in outbox.outbox(db, args.status).to_dict("records"):
            print("\t".join(_field(row[k]) for k in ("alert_id", "rule", "recipient", "case_id", "due_on", "status")))
        return 0
    if args.area == "log":
        for entry in outbox.delivery_log(db, args.failures).to_dict("records"):
            state = "ok" if entry["ok"] else "FAILED"
            alerts = f"{entry['alerts']} (part {entry['part']})" if isinstance(entry["part"], str) else entry["alerts"]
            fields = (entry["at"], entry["recipient"], entry["kind"], state, alerts, entry["error"])
            print("\t".join(_field(field) for field in fields))
        return 0
    queued = outbox.resend(db, args.alert_id, by=SYSTEM)
    if not queued:
        print(f"error: no alert {args.alert_id!r}", file=sys.stderr)
        return 2
    print("\n".join(queued))
    return 0
