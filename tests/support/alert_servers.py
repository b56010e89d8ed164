"""Loopback stand-ins for the alert channels: an SMTP server (aiosmtpd) and an HTTP receiver for
the WeCom, DingTalk and Feishu robots (apprise's endpoints pointed at it), plus a guard that fails a
test trying to connect beyond 127.0.0.1, and the two-member Schedule A scenario the tests import."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from aiosmtpd.controller import Controller
from apprise.plugins.dingtalk import NotifyDingTalk
from apprise.plugins.feishu import NotifyFeishu
from apprise.plugins.wecombot import NotifyWeComBot

from casewatch import users
from casewatch.access import SYSTEM
from casewatch.db import Database
from casewatch.ingest import import_files

TINY = Path(__file__).parent.parent / "fixtures" / "tiny"
TODAY = dt.date(2026, 12, 14)
NOW = dt.datetime(2026, 12, 14, 2, 0)  # UTC: 10:00 in Guangdong
CASE = "ilnd:1:26-cv-09001"
PLAINTIFF = "Omega Brands LLC"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    messages: list[EmailMessage] = field(default_factory=list)
    on_message: Callable[[int], None] | None = None  # called with the count, before the reply

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)  # type: ignore[attr-defined]
        self.messages.append(message)  # type: ignore[arg-type]
        if self.on_message is not None:
            self.on_message(len(self.messages))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


class SmtpServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.mailbox = Mailbox()
        self.controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@dataclass
class Posted:
    robot: str
    path: str
    payload: dict[str, object]
    size: int = 0  # bytes, as the robot measures them (see RobotReceiver.LIMITS)

    @property
    def text(self) -> str:
        found = self.payload["text"] if "text" in self.payload else self.payload["content"]
        return str(found["content"] if "content" in found else found["text"])  # type: ignore[index, operator]


class RobotReceiver:
    """Answers every POST like the robots do ({"errcode": 0}) and keeps what it got. A message over
    its robot's limit is answered as the robots answer it - HTTP 200 and an error code, which
    channels.transmit takes for a failure - and kept in ``too_long`` as well, which the tests assert empty:
    WeCom takes a text of at most 2,048 bytes of UTF-8; DingTalk and Feishu a request body of at
    most 20,000 bytes. POSTs numbered in ``refuse`` (1 for the first received) get HTTP 500 and are
    not kept (a robot that is down); POSTs numbered in ``errcodes`` get HTTP 200 with that error
    code (a robot refusing a message: 45009 is WeCom's "too many a minute") and are kept in
    ``refused``."""

    LIMITS: ClassVar[dict[str, int]] = {"wecom": 2048, "dingtalk": 20_000, "feishu": 20_000}

    def __init__(self) -> None:
        self.posts: list[Posted] = []
        self.too_long: list[Posted] = []
        self.refuse: set[int] = set()
        self.errcodes: dict[int, int] = {}
        self.refused: list[Posted] = []
        self.received = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                robot = self.path.strip("/").split("/")[0]
                receiver.received += 1
                if receiver.received in receiver.refuse:
                    self.send_error(500)
                    return
                post = Posted(robot, self.path, json.loads(body.decode("utf-8")))
                post.size = len(post.text.encode("utf-8")) if robot == "wecom" else len(body)
                answer = json.dumps({"errcode": 0, "code": 0, "errmsg": "ok"}).encode()
                code = receiver.errcodes.get(receiver.received)
                if code:
                    receiver.refused.append(post)
                    answer = json.dumps({"errcode": code, "code": code, "errmsg": "refused"}).encode()
                else:
                    receiver.posts.append(post)
                if post.size > receiver.LIMITS[robot]:
                    receiver.too_long.append(post)
                    answer = json.dumps({"errcode": 40058, "code": 40058, "errmsg": "content too long"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def point_apprise_here(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """apprise's robot endpoints (class attributes) aimed at this receiver for the test."""
        base = f"http://127.0.0.1:{self.port}"
        monkeypatch.setattr(NotifyWeComBot, "notify_url", base + "/wecom/send?key={key}")
        monkeypatch.setattr(NotifyDingTalk, "notify_url", base + "/dingtalk/send?access_token={token}")
        monkeypatch.setattr(NotifyFeishu, "notify_url", base + "/feishu/{token}/")

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    """A local SMTP server (aiosmtpd on 127.0.0.1) for the test, stopped after it."""
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def import_two_member_case(db: Database, folder: Path, plaintiff: str = PLAINTIFF, today: dt.date = TODAY) -> None:
    """The tiny register, then a Schedule A case filed 2026-12-07 naming M1's and M2's stores and a
    stranger's, with a TRO entered Friday 2026-12-11."""
    import_files(db, [TINY / "members.csv", TINY / "member_stores.csv"], today=today)
    (folder / "case.csv").write_text(
        "case_id,case_name,filed_on,plaintiff,brand,law_firm,ip_type,case_kind,sector_code\n"
        f'{CASE},Omega v. Schedule A,2026-12-07,"{plaintiff.replace(chr(34), chr(34) * 2)}",Omega,Firm Z,'
        "trademark,schedule_a,S0201\n",
        encoding="utf-8",
    )
    (folder / "schedule_a.csv").write_text(
        "case_id,store_name,platform,seller_id,frozen_usd\n"
        f"{CASE},JiaYi Direct,amazon,A1JIAYI0001,1200\n"
        f"{CASE},BingDing Fashion,amazon,A2BINGDING02,3400\n"
        f"{CASE},Stranger Shop,walmart,W1,99\n",
        encoding="utf-8",
    )
    (folder / "events.csv").write_text(
        f"case_id,event_on,kind,detail\n{CASE},2026-12-07,filed,Complaint\n{CASE},2026-12-11,tro,TRO\n",
        encoding="utf-8",
    )
    import_files(db, [folder / "case.csv", folder / "schedule_a.csv", folder / "events.csv"], today=today)


def add_default_contact(db: Database) -> None:
    users.save_contact(db, "C-1", "王秘书", by=SYSTEM, name_en="Ms Wang", email="wang@assoc.example", is_default=True)


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content()).replace("\r\n", "\n")


@pytest.fixture
def robots(monkeypatch: pytest.MonkeyPatch) -> Iterator[RobotReceiver]:
    """A RobotReceiver that apprise's robots post to; every message within its robot's limit
    (WeCom: 2,048 bytes)."""
    receiver = RobotReceiver()
    receiver.point_apprise_here(monkeypatch)
    yield receiver
    receiver.close()
    assert receiver.too_long == []
