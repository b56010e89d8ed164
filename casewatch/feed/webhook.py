"""CourtListener webhooks: a small receiver, and the inbox they reach.

CourtListener POSTs ``{"payload": ..., "webhook": {"version", "event_type", ...}}`` with an
``Idempotency-Key`` header, expects a 2xx within one second and retries for about two days. It
does not sign its deliveries: the receiver listens on 127.0.0.1 unless told otherwise (put it
behind a reverse proxy that admits only CourtListener's sender addresses, see the README) and
answers only on a long secret path.

The receiver writes each delivery to a spool folder, once per idempotency key (an exclusive file
create), and answers at once: it never waits for the database, which a sync or the app may hold
(a DuckDB file has one writing process). ``drain`` moves the spool into the ``feed_inbox`` table
and queues the dockets the deliveries name, in one transaction; every sync starts with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import sys
from collections.abc import Iterable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from casewatch.db import Database
from casewatch.feed import scope, state
from casewatch.feed.errors import BadSetting

DOCKET_ALERT, SEARCH_ALERT, RECAP_FETCH = 1, 2, 3
MAX_BODY = 5 * 1024 * 1024
SECRET_FILE = ".secret"  # noqa: S105 - a file name, not a secret


def inbox_dir(db_path: str) -> Path:
    """The spool folder: CASEWATCH_INBOX_DIR, else ``<database>.inbox`` beside a local database."""
    folder = os.environ.get("CASEWATCH_INBOX_DIR")
    if folder:
        return Path(folder)
    if db_path.startswith("md:") or db_path == ":memory:":
        raise BadSetting(
            "set CASEWATCH_INBOX_DIR for a database that is not a local file", name="CASEWATCH_INBOX_DIR", value=""
        )
    return Path(db_path + ".inbox")


def secret_path(folder: Path, given: str | None = None) -> str:
    """The receiver's secret path: --secret / CASEWATCH_WEBHOOK_SECRET, else one made once and
    kept in the spool folder (mode 0600) so that it survives restarts."""
    secret = given or os.environ.get("CASEWATCH_WEBHOOK_SECRET")
    if secret:
        if len(secret) < 16 or not secret.replace("-", "").replace("_", "").isalnum():
            raise BadSetting(
                "the webhook secret must be 16 or more letters, digits, - or _", name="secret", value="***"
            )
        return secret
    folder.mkdir(parents=True, exist_ok=True)
    keep = folder / SECRET_FILE
    if not keep.exists():
        fd = os.open(keep, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(24))
    return keep.read_text().strip()


def dockets_named(body: dict[str, Any]) -> list[state.Found]:
    """The dockets a delivery names: a docket alert's entries (``docket``), a search alert's
    results (``docket_id``, ``dateFiled``, and the search index's ``meta.timestamp``, which a later
    search result of the docket is compared with) that are IP cases (casewatch.feed.scope; a
    docket alert's docket is judged when it is fetched)."""
    payload = body.get("payload") if isinstance(body.get("payload"), dict) else {}
    hook = body.get("webhook") if isinstance(body.get("webhook"), dict) else {}
    kind = hook.get("event_type") if isinstance(hook, dict) else None
    results = payload.get("results") if isinstance(payload, dict) else None
    found: list[state.Found] = []
    for item in results if isinstance(results, list) else []:
        if not isinstance(item, dict) or (kind == SEARCH_ALERT and not scope.ip_result(item)):
            continue  # a search alert's result whose nature of suit is not IP
        docket = state.docket_id(
            item.get("docket_id") if kind == SEARCH_ALERT else item.get("docket", item.get("docket_id"))
        )
        if docket is not None:
            filed = str(item.get("dateFiled") or "")[:10] if kind == SEARCH_ALERT else ""
            try:
                date_filed = dt.date.fromisoformat(filed) if filed else None
            except ValueError:
                date_filed = None
            meta = item.get("meta") if kind == SEARCH_ALERT else None
            stamp = meta.get("timestamp") if isinstance(meta, dict) else None
            found.append(state.Found(docket, date_filed, str(stamp) if stamp else None))
    return found


def delivery_text(raw: bytes) -> str:
    """A delivery's body as text: UTF-8 (a byte-order mark dropped), as CourtListener sends JSON.
    ValueError (UnicodeDecodeError) for anything else, such as UTF-16, which json.loads would
    have taken from the bytes but the spool and the inbox could not keep as written."""
    return raw.decode("utf-8-sig")


def check_delivery(raw: bytes) -> dict[str, Any]:
    """The delivery's JSON envelope, read from UTF-8; ValueError when it is not one."""
    body = json.loads(delivery_text(raw))
    if not isinstance(body, dict) or not isinstance(body.get("webhook"), dict) or "payload" not in body:
        raise ValueError("not a CourtListener webhook envelope (payload, webhook)")
    return body


def spool(folder: Path, key: str, raw: bytes, received_at: dt.datetime) -> bool:
    """Keeps a delivery (one check_delivery accepted) in the spool once per idempotency key; True
    when it is new."""
    folder.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(key.encode("utf-8")).hexdigest()
    record = json.dumps(
        {"key": key, "received_at": state.naive_utc(received_at).isoformat(), "body": delivery_text(raw)}
    )
    temp = folder / f".{name}.{os.getpid()}.tmp"
    temp.write_text(record, encoding="utf-8")
    try:
        os.link(temp, folder / f"{name}.json")  # atomic, and refuses a name already there
    except FileExistsError:
        return False
    finally:
        temp.unlink(missing_ok=True)
    return True


def store(
    db: Database, deliveries: Iterable[tuple[str, dt.datetime, dict[str, Any], str]], now: dt.datetime
) -> tuple[int, int]:
    """Stores deliveries (key, received_at, envelope, text) in the inbox, each key once, and queues
    the dockets of the new ones, in one transaction; returns (deliveries stored, dockets queued)."""
    stored = queued = 0
    with db.write() as con:
        for key, received_at, body, text in deliveries:
            hook = body["webhook"]
            found = dockets_named(body)
            new = state.run(
                con,
                "inbox_add",
                key=key,
                received_at=state.naive_utc(received_at),
                event_type=hook.get("event_type") if isinstance(hook.get("event_type"), int) else None,
                version=hook.get("version") if isinstance(hook.get("version"), int) else None,
                dockets=len(found),
                body=text,
            )
            if new:
                stored += 1
                queued += state.enqueue(con, found, "webhook", now)
    return stored, queued


def drain(db: Database, folder: Path, now: dt.datetime) -> int:
    """Moves the spooled deliveries into the inbox (queueing their dockets); returns the number of
    dockets queued. A file is removed only after the commit; a second drain of it is a no-op."""
    if not folder.is_dir():
        return 0
    files = sorted(folder.glob("*.json"))
    deliveries = []
    for path in files:
        record = json.loads(path.read_text(encoding="utf-8"))
        text = str(record["body"])
        deliveries.append(
            (str(record["key"]), dt.datetime.fromisoformat(record["received_at"]), check_delivery(text.encode()), text)
        )
    _, queued = store(db, deliveries, now) if deliveries else (0, 0)
    for path in files:
        path.unlink(missing_ok=True)
    return queued


def import_saved(db: Database, paths: Iterable[Path], now: dt.datetime) -> tuple[int, int, int]:
    """``import --kind courtlistener-webhook``: saved deliveries (the POSTed body; its SHA-256 is
    the idempotency key) into the inbox; returns (deliveries stored, deliveries already there -
    stored before, or the same file twice - and dockets queued)."""
    deliveries = []
    for path in paths:
        raw = Path(path).read_bytes()
        body = check_delivery(raw)
        deliveries.append(("sha256:" + hashlib.sha256(raw).hexdigest(), now, body, delivery_text(raw)))
    stored, queued = store(db, deliveries, now)
    return stored, len(deliveries) - stored, queued


class Receiver(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], folder: Path, secret: str) -> None:
        super().__init__(address, _Handler)
        self.folder = folder
        self.path_expected = f"/{secret}"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver
    server_version = "CaseWatch"
    sys_version = ""

    def do_POST(self) -> None:
        if self.path.rstrip("/") != self.server.path_expected:
            self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        given = (self.headers.get("Content-Length") or "").strip()
        length = int(given) if given.isdigit() else 0  # not a number (or several): no body read
        if length <= 0 or length > MAX_BODY:
            self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > MAX_BODY else HTTPStatus.BAD_REQUEST,
                         {"error": "body missing or too large"})  # fmt: skip
            return
        raw = self.rfile.read(length)
        try:
            check_delivery(raw)
        except ValueError as exc:
            self._answer(HTTPStatus.BAD_REQUEST, {"error": str(exc)[:200]})
            return
        key = (self.headers.get("Idempotency-Key") or "").strip() or "sha256:" + hashlib.sha256(raw).hexdigest()
        new = spool(self.server.folder, key[:200], raw, dt.datetime.now(dt.UTC))
        self._answer(HTTPStatus.OK, {"stored": new})

    def do_GET(self) -> None:
        self._answer(HTTPStatus.NOT_FOUND, {"error": "not found"})

    def _answer(self, status: HTTPStatus, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        # the secret path stays out of the log
        sys.stderr.write(f"{self.address_string()} {self.command} {args[1] if len(args) > 1 else ''}\n")


def serve(folder: Path, secret: str, port: int, host: str = "127.0.0.1") -> Receiver:
    """A receiver bound to host:port (call serve_forever); 127.0.0.1 unless told otherwise."""
    return Receiver((host, port), folder, secret)
