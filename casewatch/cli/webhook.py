"""``webhook``: receive CourtListener webhooks into the inbox spool (the next sync files them)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from casewatch.cli._common import add_db_argument
from casewatch.db import db_path
from casewatch.feed.webhook import inbox_dir, secret_path, serve

HELP = "receive CourtListener webhooks on a secret path (127.0.0.1 unless --host); the next sync files them"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument("--port", type=int, default=8600, help="port to listen on (default 8600)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: behind a proxy)")
    parser.add_argument(
        "--secret", help="the secret path (default: $CASEWATCH_WEBHOOK_SECRET or one kept in the inbox)"
    )
    parser.add_argument("--inbox", help="spool folder (default: $CASEWATCH_INBOX_DIR or <database>.inbox)")


def run(args: argparse.Namespace) -> int:
    folder = Path(args.inbox) if args.inbox else inbox_dir(args.db or db_path())
    secret = secret_path(folder, args.secret)
    receiver = serve(folder, secret, args.port, args.host)
    host, port = receiver.server_address[:2]
    print(f"listening on http://{host!s}:{port}/<secret>/ (secret: {folder}/.secret or --secret); inbox {folder}")
    sys.stdout.flush()
    try:
        receiver.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        receiver.server_close()
    return 0
