"""One sync run: search CourtListener for new and changed IP dockets of the watched courts, queue
them, and work the queue down (newest filings first) within the request budget, importing each
batch of dockets through the validated, all-or-nothing file import (casewatch.ingest); then, with
budget to spare, check the open dockets it imported before for changes (casewatch.feed.follow).

The run may stop anywhere (budget spent, Retry-After, killed): what it committed stays, and the
next run goes on from the queue and the saved search cursor.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from casewatch.db import Cursor, Database
from casewatch.errors import CaseWatchError
from casewatch.feed import scope, state, webhook
from casewatch.feed.budget import SYSTEM_CLOCK, Budget, Clock
from casewatch.feed.client import CourtListener, NotFound, RepeatedPage, Settings
from casewatch.feed.errors import FeedUnavailable, Pause
from casewatch.feed.faults import checkpoint
from casewatch.feed.follow import FOLLOW_DAYS, FOLLOW_RESERVE, follow
from casewatch.i18n import t
from casewatch.ingest import ImportRejected, ImportReport, import_files
from casewatch.ingest.docket import parse_docket
from casewatch.sql import ROOT

COURTS_CSV = ROOT / "data" / "courts.csv"
# Nature of suit 820/830/835/840, or a Schedule A caption (the search engine's field names).
IP_QUERY = (
    'suitNature:("820" OR "830" OR "835" OR "840") OR caseName:("Schedule A" OR '
    '"Partnerships and Unincorporated Associations")'
)
SEARCH_EVERY = dt.timedelta(minutes=10)  # CourtListener caches search results for ten minutes
# While dockets wait, a search goes at most this often: on the lowest limits, a search every run
# would spend the day's budget on re-reading results instead of fetching the queue.
SEARCH_EVERY_WITH_BACKLOG = dt.timedelta(hours=2)
FIRST_LOOKBACK = dt.timedelta(days=30)  # the first search reaches back this far
# Each search reads again the filings of the last week before the newest one seen: RECAP often
# receives a docket days after its filing, and a re-read case shows its changes (meta.timestamp).
OVERLAP = dt.timedelta(days=7)
BATCH = 10  # dockets imported in one transaction
Hook = Callable[[Cursor, ImportReport], None]
Importer = Callable[[Database, list[Path], list[str], Hook], ImportReport]


def watched_courts(path: Path = COURTS_CSV) -> tuple[str, ...]:
    """Courts marked ``watch`` = 1 in data/courts.csv (N.D. Illinois first)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple(row["court"] for row in csv.DictReader(handle) if (row.get("watch") or "").strip() == "1")


@dataclass
class RunReport:
    run_id: int = 0
    status: str = "running"
    requests: int = 0
    searched: int = 0
    queued: int = 0
    fetched: int = 0
    imported: int = 0
    skipped: int = 0  # search results and dockets not IP, and dockets unchanged since their import
    not_ip: int = 0  # of them, those not IP cases
    rejected: int = 0
    checked: int = 0  # imported dockets checked for changes (casewatch.feed.follow)
    paused_until: dt.datetime | None = None
    pause_reason: str | None = None
    error: str | None = None
    budget_left: dict[str, int] = field(default_factory=dict)
    waiting: int = 0
    import_seconds: float = 0.0
    notes: list[str] = field(default_factory=list)  # locale keys of what the run met on the way

    def summary(self, lang: str) -> str:
        text = t(
            "feed.run.summary",
            lang,
            requests=self.requests,
            searched=self.searched,
            queued=self.queued,
            fetched=self.fetched,
            imported=self.imported,
            skipped=self.skipped,
            not_ip=self.not_ip,
            rejected=self.rejected,
            checked=self.checked,
            waiting=self.waiting,
        )
        for note in dict.fromkeys(self.notes):
            text += " " + t(note, lang)
        if self.paused_until is not None:
            text += " " + t("feed.run.paused", lang, until=self.paused_until.strftime("%Y-%m-%d %H:%M UTC"))
        elif self.pause_reason:
            text += " " + t("feed.run.stopped", lang, reason=self.pause_reason)
        return text


class Gate:
    """Lets a request through when the budget (and --max-requests, and a server's Retry-After)
    allows, waiting up to ``max_wait`` seconds for it; records it before it is sent."""

    def __init__(
        self,
        db: Database,
        budget: Budget,
        clock: Clock,
        report: RunReport,
        *,
        max_requests: int | None,
        max_wait: float,
        not_before: dt.datetime | None,
    ) -> None:
        self.db, self.budget, self.clock, self.report = db, budget, clock, report
        self.max_requests, self.max_wait, self.not_before = max_requests, max_wait, not_before

    def __call__(self, path: str) -> None:
        if self.max_requests is not None and self.report.requests >= self.max_requests:
            raise Pause(f"--max-requests {self.max_requests}", None)
        now = self.clock.now()
        if self.not_before is not None and now < self.not_before:
            wait = (self.not_before - now).total_seconds()
            if wait > self.max_wait:
                raise Pause("Retry-After", self.not_before)
            self.clock.sleep(wait)
        while (wait := self.budget.take(now := self.clock.now())) > 0:
            if wait > self.max_wait:
                raise Pause("budget", now + dt.timedelta(seconds=wait))
            self.clock.sleep(wait)
        state.log_request(self.db, now, path)
        self.report.requests += 1
        checkpoint("request")

    def spare(self, reserve: float = FOLLOW_RESERVE) -> bool:
        """True when a request may go now without waiting, within --max-requests, and leaving every
        window of the budget ``reserve`` (a share) of its requests: what optional work may take."""
        if self.max_requests is not None and self.report.requests >= self.max_requests:
            return False
        now = self.clock.now()
        if self.not_before is not None and now < self.not_before:
            return False
        left = self.budget.left(now)
        return all(left[str(limit)] - 1 >= math.ceil(limit.count * reserve) for limit in self.budget.limits)


def sync(
    db: Database,
    settings: Settings,
    *,
    since: dt.date | None = None,
    max_requests: int | None = None,
    dry_run: bool = False,
    clock: Clock = SYSTEM_CLOCK,
    courts: tuple[str, ...] | None = None,
    batch: int = BATCH,
    inbox: Path | None = None,
    importer: Importer | None = None,
    transport: httpx.BaseTransport | None = None,
    lang: str = "zh",
    herding_in_background: bool = False,
    follow_days: int = FOLLOW_DAYS,
) -> RunReport:
    """One run; returns what it did. Raises SyncRunning when another holds the feed, TokenMissing
    / TokenRefused / FeedUnavailable when it cannot go on (the run is logged as failed first).

    The run searches (when due), works the queue down, then checks the open dockets filed within
    ``follow_days`` (0: none) for changes with the budget to spare (casewatch.feed.follow) and
    fetches those that changed."""
    report = RunReport()
    with state.lease(db, clock.now()):
        report.run_id = state.start_run(db, clock.now())
        budget: Budget | None = None
        try:
            if inbox is not None and not dry_run:
                report.queued += webhook.drain(db, inbox, clock.now())
            now = clock.now()
            budget = Budget(settings.limits, state.requests_since(db, now - dt.timedelta(days=1)))
            saved = state.read_state(db)
            not_before = state.instant(saved.get("not_before"))
            gate = Gate(
                db, budget, clock, report, max_requests=max_requests, max_wait=settings.max_wait, not_before=not_before
            )
            with CourtListener(settings, gate, clock, transport) as client:
                try:
                    if dry_run or since is not None or _search_due(db, saved, now):
                        _search(db, client, report, saved, since, courts or watched_courts(), clock, dry_run)
                    if not dry_run:
                        importing = importer or _pipeline(lang, herding_in_background)
                        _work(db, client, report, batch, importing, clock)
                        checked, queued = follow(db, client, clock, follow_days, gate.spare)
                        report.checked, report.queued = report.checked + checked, report.queued + queued
                        if queued:
                            _work(db, client, report, batch, importing, clock)
                except Pause as pause:
                    report.pause_reason, report.paused_until = pause.reason, _as_time(pause.until)
                    if pause.reason.startswith("HTTP"):
                        with db.write() as con:
                            state.set_state(con, not_before=_naive(report.paused_until))
            report.status = "dry_run" if dry_run else ("partial" if report.pause_reason else "ok")
        except CaseWatchError as exc:
            report.status, report.error = "failed", str(exc)
            raise
        except BaseException as exc:
            report.status, report.error = "failed", f"{type(exc).__name__}: {exc}"
            raise
        finally:
            _finish(db, report, budget, clock, lang)
    return report


def _finish(db: Database, report: RunReport, budget: Budget | None, clock: Clock, lang: str) -> None:
    checkpoint("finish")
    now = clock.now()
    report.budget_left = budget.left(now) if budget is not None else {}
    cur = db.cursor()
    try:
        ((waiting, *_),) = state.run(cur, "queue_counts")
    finally:
        cur.close()
    report.waiting = int(waiting)
    message = report.summary(lang)
    counts = {
        name: getattr(report, name)
        for name in ("requests", "searched", "queued", "fetched", "imported", "skipped", "rejected")
    }
    state.finish_run(
        db,
        report.run_id,
        now,
        {**counts, "status": report.status, "message": message, "error": report.error},
        {
            "source_name": f"CourtListener sync #{report.run_id}",
            "rows_in": report.fetched,
            "rows_accepted": report.imported,
            "rows_rejected": report.rejected,
            "status": report.status,
            "message": (message + (f" {report.error}" if report.error else ""))[:1000],
        },
    )
    state.prune_requests(db, now - dt.timedelta(days=2))


def _search_due(db: Database, saved: dict[str, str], now: dt.datetime) -> bool:
    if saved.get("search_next"):
        return True  # a search pass was cut short: finish it
    last = state.instant(saved.get("last_search_at"))
    if last is None:
        return True
    backlog = bool(state.next_batch(db, 1))
    return now - last >= (SEARCH_EVERY_WITH_BACKLOG if backlog else SEARCH_EVERY)


class _Rollback(Exception):
    pass


def _search(
    db: Database,
    client: CourtListener,
    report: RunReport,
    saved: dict[str, str],
    since: dt.date | None,
    courts: tuple[str, ...],
    clock: Clock,
    dry_run: bool,
) -> None:
    """Reads the search's pages (resuming a pass cut short); each page's dockets are queued and the
    cursor moved past it in one transaction."""
    today = clock.now().date()
    stored_since = saved.get("search_since")
    if stored_since and stored_since > today.isoformat():  # moved past today by a mis-keyed filing date
        stored_since = (today - OVERLAP).isoformat()
    start = (since.isoformat() if since else None) or stored_since
    start = start or (today - FIRST_LOOKBACK).isoformat()
    resume = saved.get("search_next") if saved.get("search_next_since") == start and not dry_run else None
    newest = _not_after(saved.get("search_newest"), today) if resume else None
    url: str = resume or "search/"
    params: dict[str, str] | None = None
    read = {url}  # the cursors of this pass: a next naming one of them again ends the pass
    if resume is None:
        params = {
            "type": "r",
            "q": IP_QUERY,
            "court": " ".join(courts),
            "filed_after": start,
            "order_by": "dateFiled desc",
        }
    while True:
        page = client.get(url, params)
        results = page.get("results")
        if not isinstance(results, list):
            # a page that lists nothing is not the end of the list: ending the pass here would move
            # the window past the older filings of the pages not read. The cursor stays on this page.
            raise FeedUnavailable("a search page without results", reason="no results", path="search/")
        named = [(item, f) for item in results if isinstance(item, dict) and (f := _found(item))]
        found = [f for item, f in named if scope.ip_result(item)]  # not IP by its nature of suit: not queued
        report.searched += len(named)
        report.skipped, report.not_ip = (
            report.skipped + len(named) - len(found),
            report.not_ip + len(named) - len(found),
        )
        # a filing date after today (mis-keyed: 2042 for 2024) counts as today's
        dates = [min(f.date_filed, today).isoformat() for f in found if f.date_filed]
        newest = max([*dates, *([newest] if newest else [])], default=None)
        following = str(page.get("next") or "") or None
        if following in read:
            report.notes.append("feed.run.repeated_page")  # a fault on their side: following it would never end
            following = None
        now = clock.now()
        try:
            with db.write() as con:
                report.queued += state.enqueue(con, found, "search", now)
                if dry_run:
                    raise _Rollback
                if following:
                    state.set_state(con, search_next=str(following), search_next_since=start, search_newest=newest)
                else:
                    state.set_state(
                        con,
                        search_next=None,
                        search_next_since=None,
                        search_newest=None,
                        search_since=_next_since(stored_since, start, newest),
                        last_search_at=_naive(now),
                    )
        except _Rollback:
            pass
        checkpoint("enqueued")
        if not following:
            return
        url, params = following, None
        read.add(url)


def _next_since(stored: str | None, start: str, newest: str | None) -> str:
    """The next pass starts OVERLAP before the newest filing seen (dates after today counted as
    today's), never earlier than before."""
    candidates = [d for d in (stored, start) if d]
    floor = max(candidates) if stored else start
    if newest:
        floor = max(floor, (dt.date.fromisoformat(newest) - OVERLAP).isoformat())
    return floor


def _not_after(day: str | None, today: dt.date) -> str | None:
    return min(day, today.isoformat()) if day else None


def _found(item: dict[str, Any]) -> state.Found | None:
    docket_id = state.docket_id(item.get("docket_id"))
    if docket_id is None:
        return None
    filed = str(item.get("dateFiled") or "")[:10]
    try:
        date_filed = dt.date.fromisoformat(filed) if filed else None
    except ValueError:
        date_filed = None
    meta = item.get("meta") if isinstance(item.get("meta"), dict) else {}
    stamp = meta.get("timestamp") if isinstance(meta, dict) else None
    return state.Found(docket_id, date_filed, str(stamp) if stamp else None)


@dataclass(frozen=True)
class Fetched:
    waiting: state.Waiting
    document: dict[str, Any]  # {"docket": {... "docket_entries": [...]}, "parties": [...]}

    @property
    def docket(self) -> dict[str, Any]:
        return dict(self.document["docket"])


def _work(db: Database, client: CourtListener, report: RunReport, batch: int, importer: Importer, clock: Clock) -> None:
    """Fetches and imports queued dockets, a batch at a time, until the queue is empty or a Pause."""
    while waiting := state.next_batch(db, batch):
        fetched: list[Fetched] = []
        try:
            for item in waiting:
                try:
                    docket = client.docket(item.docket_id)
                    if not scope.ip_case(docket.get("nature_of_suit"), docket.get("case_name")):
                        state.mark_not_ip(db, item.docket_id, scope.why_not(docket))  # no parties asked
                        report.skipped, report.not_ip = report.skipped + 1, report.not_ip + 1
                        continue
                    if item.date_modified and docket.get("date_modified") == item.date_modified:
                        state.mark_unchanged(db, item.docket_id, item.seen_timestamp, clock.now())
                        report.skipped += 1
                        continue
                    parties = client.parties(item.docket_id)
                    entries = [_entry(e) for e in client.entries(item.docket_id)]
                except (NotFound, RepeatedPage) as exc:  # gone or sealed; a list that never ends
                    state.mark_rejected(db, item.docket_id, str(exc))
                    report.rejected += 1
                    continue
                fetched.append(Fetched(item, {"docket": {**docket, "docket_entries": entries}, "parties": parties}))
                report.fetched += 1
                checkpoint("fetched")
        finally:
            # what was fetched in full is imported even when the run stops here
            if fetched:
                _import(db, fetched, report, importer, clock)


def _entry(entry: dict[str, Any]) -> dict[str, Any]:
    """A v4 docket entry with its text where the docket reader looks for it: v4 often leaves the
    entry's description empty and puts the text on its RECAP documents."""
    if str(entry.get("description") or "").strip():
        return entry
    documents = entry.get("recap_documents") or []
    texts = [str(d.get("description") or "") for d in documents if isinstance(d, dict)]
    text = next((x for x in texts if x.strip()), "") or str(entry.get("short_description") or "")
    return {**entry, "description": text}


def _import(db: Database, fetched: list[Fetched], report: RunReport, importer: Importer, clock: Clock) -> None:
    """Imports the dockets in one transaction that also takes them off the queue; when the batch
    is refused, each docket alone, so that one bad docket is set aside and the rest go in."""
    try:
        report.imported += _import_batch(db, fetched, importer, clock, report)
    except ImportRejected as exc:
        if len(fetched) == 1:
            state.mark_rejected(db, fetched[0].waiting.docket_id, " | ".join(exc.report.lines("en", max_errors=3)))
            report.rejected += 1
            return
        for one in fetched:
            _import(db, [one], report, importer, clock)


def _import_batch(db: Database, fetched: list[Fetched], importer: Importer, clock: Clock, report: RunReport) -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="casewatch-feed-") as folder:
        paths, names = [], []
        for one in fetched:
            path = Path(folder) / f"courtlistener-{one.waiting.docket_id}.json"
            path.write_text(json.dumps(one.document), encoding="utf-8")
            paths.append(path)
            names.append(f"courtlistener:{one.waiting.docket_id}")

        def bookkeeping(con: Cursor, result: ImportReport) -> None:
            changed = {f.source_name.split(" [", 1)[0]: f.changed for f in result.files}
            # the case as the import stored it ("1:24-CV-7011-JRB" is case ilnd:1:24-cv-07011)
            stored = {f.source_name.split(" [", 1)[0]: f.case_id for f in result.files if f.case_id}
            now = clock.now()
            for one, name in zip(fetched, names, strict=True):
                docket = one.docket
                parsed = parse_docket(one.document)
                state.mark_imported(
                    con,
                    docket_id=one.waiting.docket_id,
                    case_id=stored.get(name) or parsed.case_id,
                    date_filed=parsed.filed_on,
                    date_modified=str(docket.get("date_modified") or "") or None,
                    seen_timestamp=one.waiting.seen_timestamp,
                    changed=changed.get(name, False),
                    now=now,
                )
            checkpoint("in_import")

        importer(db, paths, names, bookkeeping)
    checkpoint("imported")
    report.import_seconds += time.perf_counter() - started
    return len(fetched)


def _pipeline(lang: str, herding_in_background: bool) -> Importer:
    def run(db: Database, paths: list[Path], names: list[str], hook: Hook) -> ImportReport:
        return import_files(
            db,
            paths,
            kind="docket",
            source_names=names,
            in_transaction=hook,
            lang=lang,
            herding_in_background=herding_in_background,
        )

    return run


def _as_time(value: object) -> dt.datetime | None:
    return value if isinstance(value, dt.datetime) else None


def _naive(at: dt.datetime | None) -> str | None:
    return state.naive_utc(at).isoformat() if at is not None else None
