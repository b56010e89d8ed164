"""A CourtListener REST v4 stand-in on 127.0.0.1 (pytest-httpserver): search (``type=r``, cursor
pages), dockets, parties and docket entries in v4's field names, a token check, and faults to
inject (429 with Retry-After, 500, a body cut short, 401). Dockets are built here from the
documented fields, or from the real juriscraper dockets in ../shared/realdata when present."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

TOKEN = "test-token-0123456789"  # noqa: S105 - the replay's own
API = "/api/rest/v4/"
CAPTION = "{plaintiff} v. The Partnerships and Unincorporated Associations Identified on Schedule A"
AGGREGATE = "The Partnerships and Unincorporated Associations Identified on Schedule A"


class FakeClock:
    """Time that moves only when slept on (or told to); thread-safe for the server's log."""

    def __init__(self, start: dt.datetime) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def sleep(self, seconds: float) -> None:
        self.advance(seconds)

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += dt.timedelta(seconds=max(0.0, seconds))


@dataclass
class Docket:
    """One docket as the replay serves it."""

    id: int
    court: str
    number: str
    case_name: str
    filed: str
    nature: str
    modified: str
    timestamp: str  # the search index's meta.timestamp
    parties: list[dict[str, Any]] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    terminated: str | None = None

    def v4(self) -> dict[str, Any]:
        return {
            "resource_uri": f"http://127.0.0.1{API}dockets/{self.id}/",
            "id": self.id,
            "court": f"http://127.0.0.1{API}courts/{self.court}/",
            "court_id": self.court,
            "absolute_url": f"/docket/{self.id}/case-{self.id}/",
            "date_created": "2024-01-01T00:00:00-08:00",
            "date_modified": self.modified,
            "case_name": self.case_name,
            "docket_number": self.number,
            "date_filed": self.filed,
            "date_terminated": self.terminated,
            "cause": "15:1114 Trademark Infringement" if self.nature.startswith("840") else "",
            "nature_of_suit": self.nature,
            "assigned_to_str": "",
        }

    def search_result(self) -> dict[str, Any]:
        return {
            "docket_id": self.id,
            "caseName": self.case_name,
            "court_id": self.court,
            "docketNumber": self.number,
            "dateFiled": self.filed,
            "dateTerminated": self.terminated,
            "suitNature": self.nature,
            "meta": {"timestamp": self.timestamp, "date_created": "2024-01-01T00:00:00Z"},
            "more_docs": False,
            "recap_documents": [],
        }


def party(name: str, role: str, docket_id: int) -> dict[str, Any]:
    return {
        "name": name,
        "party_types": [{"docket_id": docket_id, "name": role}],
        "attorneys": [],
        "extra_info": "",
    }


def entry(number: int, filed: str, text: str, *, on_document: bool = False) -> dict[str, Any]:
    """A v4 docket entry; ``on_document``: the text on its RECAP document, the entry's own empty."""
    return {
        "entry_number": number,
        "date_filed": filed,
        "description": "" if on_document else text,
        "recap_documents": [{"description": text, "document_number": str(number)}] if on_document else [],
    }


def schedule_a(
    docket_id: int, number: str, filed: str, plaintiff: str, *, stores: tuple[str, ...] = (), modified: str = ""
) -> Docket:
    """A Schedule A case: the plaintiff and, while sealed, one aggregate defendant; ``stores`` are
    the defendants named once the schedule is unsealed."""
    parties = [party(plaintiff, "Plaintiff", docket_id)]
    parties += (
        [party(s, "Defendant", docket_id) for s in stores] if stores else [party(AGGREGATE, "Defendant", docket_id)]
    )
    return Docket(
        id=docket_id,
        court="ilnd",
        number=number,
        case_name=CAPTION.format(plaintiff=plaintiff),
        filed=filed,
        nature="840 Trademark",
        modified=modified or f"{filed}T12:00:00-06:00",
        timestamp=modified or f"{filed}T18:00:00Z",
        parties=parties,
        entries=[entry(1, filed, "COMPLAINT filed by " + plaintiff)],
    )


def from_juriscraper(path: Path, docket_id: int) -> Docket:
    """A real juriscraper PACER docket in v4's shapes (parties with party_types, entries)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    parties = [party(str(p["name"]), str(p.get("type") or ""), docket_id) for p in data.get("parties") or []]
    entries = [
        entry(int(e.get("document_number") or i + 1) if str(e.get("document_number") or "").isdigit() else i + 1,
              str(e.get("date_filed") or data["date_filed"]), str(e.get("description") or ""))
        for i, e in enumerate(data.get("docket_entries") or [])
    ]  # fmt: skip
    return Docket(
        id=docket_id,
        court=str(data["court_id"]),
        number=str(data["docket_number"]),
        case_name=str(data["case_name"]),
        filed=str(data["date_filed"]),
        nature=str(data.get("nature_of_suit") or ""),
        modified=f"{data['date_filed']}T12:00:00-06:00",
        timestamp=f"{data['date_filed']}T18:00:00Z",
        parties=parties,
        entries=entries,
        terminated=data.get("date_terminated"),
    )


@dataclass
class Fault:
    path: str  # a prefix of the path under the API root, e.g. "search/" or "dockets/"
    status: int
    body: bytes = b'{"detail": "error"}'
    headers: dict[str, str] = field(default_factory=dict)
    times: int = 1


class Replay:
    """The handler behind the server: state that a test changes between runs."""

    def __init__(self, base_url: str, clock: FakeClock | None = None, page_size: int = 2) -> None:
        self.base_url = base_url
        self.clock = clock
        self.page_size = page_size
        self.dockets: dict[int, Docket] = {}
        self.faults: list[Fault] = []
        self.log: list[tuple[dt.datetime | None, str]] = []
        self._lock = threading.Lock()

    def add(self, *dockets: Docket) -> None:
        for docket in dockets:
            self.dockets[docket.id] = docket

    def fail(self, path: str, status: int, *, body: bytes | None = None, headers: dict[str, str] | None = None,
             times: int = 1) -> None:  # fmt: skip
        self.faults.append(
            Fault(path, status, body if body is not None else b'{"detail": "error"}', headers or {}, times)
        )

    def paths(self) -> list[str]:
        return [path for _, path in self.log]

    def __call__(self, request: Request) -> Response:
        path = request.path[len(API) :]
        with self._lock:
            self.log.append((self.clock.now() if self.clock else None, path))
            if request.headers.get("Authorization") != f"Token {TOKEN}":
                return _json({"detail": "Invalid token."}, 401)
            for fault in self.faults:
                if fault.times > 0 and path.startswith(fault.path):
                    fault.times -= 1
                    return Response(fault.body, status=fault.status, headers=fault.headers, mimetype="application/json")
        args = request.args
        if path == "search/":
            return self._search(args)
        if match := re.fullmatch(r"dockets/(\d+)/", path):
            docket = self.dockets.get(int(match.group(1)))
            return _json(docket.v4()) if docket else _json({"detail": "Not found."}, 404)
        if path == "parties/":
            docket = self.dockets.get(int(args.get("docket", "0")))
            assert args.get("filter_nested_results") == "True", "parties are asked with filter_nested_results"
            return self._list("parties/", args, docket.parties if docket else [])
        if path == "docket-entries/":
            docket = self.dockets.get(int(args.get("docket", "0")))
            return self._list("docket-entries/", args, docket.entries if docket else [])
        return _json({"detail": "Not found."}, 404)

    def _search(self, args: Any) -> Response:
        assert args.get("type") == "r" and args.get("order_by") == "dateFiled desc", dict(args)
        courts = set(str(args.get("court", "")).split())
        after = str(args.get("filed_after", ""))
        hits = sorted(
            (d for d in self.dockets.values() if (not courts or d.court in courts) and d.filed >= after),
            key=lambda d: (d.filed, d.id),
            reverse=True,
        )
        return self._list("search/", args, [d.search_result() for d in hits])

    def _list(self, path: str, args: Any, items: list[dict[str, Any]]) -> Response:
        offset = _offset(args.get("cursor"))
        page = items[offset : offset + self.page_size]
        following = None
        if offset + self.page_size < len(items):
            params = {k: v for k, v in args.items() if k != "cursor"}
            params["cursor"] = base64.urlsafe_b64encode(f"o={offset + self.page_size}".encode()).decode()
            following = f"{self.base_url}{path}?{urlencode(params)}"
        return _json({"count": len(items), "next": following, "previous": None, "results": page})


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    return int(base64.urlsafe_b64decode(cursor.encode()).decode().split("=", 1)[1])


def _json(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body), status=status, mimetype="application/json")


def start_server() -> Iterator[HTTPServer]:
    """An HTTP server on 127.0.0.1 (a random port): nothing here listens or sends beyond loopback."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    try:
        yield server
    finally:
        server.clear()
        if server.is_running():
            server.stop()


def serve(server: HTTPServer, replay: Replay) -> None:
    server.clear()
    server.expect_request(re.compile("^" + re.escape(API) + ".*")).respond_with_handler(replay)


def base_url(server: HTTPServer) -> str:
    return f"http://127.0.0.1:{server.port}{API}"
