"""The court feed against a CourtListener v4 replay on 127.0.0.1: search pages, new and changed
dockets, a Schedule A case unsealed, 429 / 500 / a body cut short / a refused token, the lease,
the webhook receiver and inbox. Answers worked out by hand from the replay's dockets."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer

from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.feed import state, status
from casewatch.feed.budget import Budget, Limit, parse_limits
from casewatch.feed.client import Settings, retry_after_seconds
from casewatch.feed.errors import BadSetting, FeedUnavailable, SyncRunning, TokenMissing, TokenRefused
from casewatch.feed.sync import RunReport, sync
from casewatch.feed.webhook import drain, serve, spool
from casewatch.sql import ROOT
from tests.support.databases import empty_database, fetch
from tests.support.feed_replay import (
    AGGREGATE,
    TOKEN,
    Docket,
    FakeClock,
    Replay,
    base_url,
    entry,
    from_juriscraper,
    schedule_a,
    start_server,
)
from tests.support.feed_replay import serve as serve_replay

START = dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC)
REAL = ROOT.parent / "shared" / "realdata" / "pacer-dockets"


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    yield from start_server()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def replay(server: HTTPServer, clock: FakeClock) -> Replay:
    found = Replay(base_url(server), clock)
    serve_replay(server, found)
    return found


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = empty_database(tmp_path / "feed.duckdb")
    yield database
    database.close()


def settings(replay: Replay, *, token: str = TOKEN, limits: tuple[Limit, ...] = ()) -> Settings:
    return Settings(base_url=replay.base_url, token=token, limits=limits)


def run(db: Database, replay: Replay, clock: FakeClock, **options: object) -> RunReport:
    return sync(db, settings(replay), clock=clock, lang="en", **options)  # type: ignore[arg-type]


def three_dockets() -> list[Docket]:
    """Filed 05-20, 05-22 and 05-24: two search pages of two results."""
    return [
        schedule_a(101 + i, f"1:24-cv-0500{i + 1}", f"2024-05-{20 + 2 * i:02d}", f"Brand {chr(65 + i)}")
        for i in range(3)
    ]


def test_first_run_reads_every_search_page_and_imports_newest_first(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    replay.add(*three_dockets())
    report = run(db, replay, clock)
    newest_first = [103, 102, 101]
    assert replay.paths() == ["search/"] * 2 + [
        p for i in newest_first for p in (f"dockets/{i}/", "parties/", "docket-entries/")
    ]
    assert (report.status, report.requests, report.searched, report.queued) == ("ok", 11, 3, 3)
    assert (report.fetched, report.imported, report.skipped, report.rejected, report.waiting) == (3, 3, 0, 0, 0)
    assert fetch(db, "SELECT case_id, case_kind, ip_type, plaintiff, source FROM cases ORDER BY case_id")[0] == (
        "ilnd:1:24-cv-05001", "schedule_a", "trademark", "Brand A", "courtlistener"
    )  # fmt: skip
    assert fetch(db, "SELECT count(*), sum(imports) FROM feed_dockets") == [(3, 3)]
    # the first search reached back 30 days (05-02); the next starts 7 days before the newest filing
    assert dict(fetch(db, "SELECT key, value FROM feed_state")) == {
        "search_since": "2024-05-17",
        "last_search_at": "2024-06-01T12:00:00",
    }
    log = fetch(db, "SELECT kind, count(*) FROM imports GROUP BY kind ORDER BY kind")
    assert log == [("docket", 3), ("sync", 1)]
    ((message,),) = fetch(db, "SELECT message FROM imports WHERE kind = 'sync'")
    assert message.startswith("11 requests; search read 3 results and queued 3 dockets; fetched 3, imported 3")


def test_schedule_a_party_list_grows_when_the_schedule_is_unsealed(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    replay.add(schedule_a(201, "1:24-cv-06001", "2024-05-27", "Alpha Inc"))
    run(db, replay, clock)
    defendants = "SELECT defendant_no, store_name FROM defendants WHERE case_id = 'ilnd:1:24-cv-06001' ORDER BY 1"
    assert fetch(db, defendants) == [(1, AGGREGATE)]
    clock.advance(15 * 60)
    stores = ("Shenzhen Jiayi Store", "Dongguan Bright Shop", "Yiwu Happy Toys")
    replay.add(
        schedule_a(201, "1:24-cv-06001", "2024-05-27", "Alpha Inc", stores=stores, modified="2024-06-01T12:10:00Z")
    )
    replay.log.clear()
    report = run(db, replay, clock)
    # four parties: two pages of two
    assert replay.paths() == ["search/", "dockets/201/", "parties/", "parties/", "docket-entries/"]
    assert (report.queued, report.fetched, report.imported) == (1, 1, 1)
    # the sealed schedule's aggregate row stays; the stores follow it in the order listed
    assert fetch(db, defendants) == [(1, AGGREGATE), *((n, s) for n, s in zip((2, 3, 4), stores, strict=True))]
    assert fetch(db, "SELECT imports, date_modified FROM feed_dockets") == [(2, "2024-06-01T12:10:00Z")]


def test_docket_modified_after_its_first_fetch_is_fetched_again_and_a_reindexed_one_is_not(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    changed, reindexed = (
        schedule_a(301, "1:24-cv-07001", "2024-05-26", "Beta LLC"),
        schedule_a(302, "1:24-cv-07002", "2024-05-28", "Gamma Co"),
    )
    replay.add(changed, reindexed)
    run(db, replay, clock)
    clock.advance(11 * 60)
    tro = "ORDER: Plaintiff's motion for entry of a temporary restraining order [12] is granted."
    changed.entries.append(entry(12, "2024-05-31", tro, on_document=True))
    changed.modified, changed.timestamp = "2024-05-31T15:00:00-05:00", "2024-05-31T21:00:00Z"
    reindexed.timestamp = "2024-05-31T22:00:00Z"  # indexed again, the docket itself unchanged
    replay.log.clear()
    report = run(db, replay, clock)
    assert replay.paths() == ["search/", "dockets/302/", "dockets/301/", "parties/", "docket-entries/"]
    assert (report.queued, report.fetched, report.imported, report.skipped) == (2, 1, 1, 1)
    events = "SELECT event_on::VARCHAR, kind FROM events WHERE case_id = 'ilnd:1:24-cv-07001' ORDER BY 1"
    assert fetch(db, events) == [("2024-05-26", "filed"), ("2024-05-31", "tro")]
    # the same search results once more queue nothing
    clock.advance(11 * 60)
    replay.log.clear()
    assert run(db, replay, clock).queued == 0
    assert replay.paths() == ["search/"]


def test_429_with_retry_after_is_waited_for_and_retried(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(schedule_a(401, "1:24-cv-08001", "2024-05-30", "Delta"))
    replay.fail("search/", 429, headers={"Retry-After": "7"})
    report = run(db, replay, clock)
    assert replay.paths()[:2] == ["search/", "search/"]
    assert clock.now() - START == dt.timedelta(seconds=7)  # limits off: only the Retry-After wait
    assert (report.status, report.requests, report.imported) == ("ok", 5, 1)


def test_429_asking_for_an_hour_pauses_the_run_until_then(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(schedule_a(402, "1:24-cv-08002", "2024-05-30", "Epsilon"))
    replay.fail("search/", 429, headers={"Retry-After": "3600"})
    report = run(db, replay, clock)
    assert (report.status, report.paused_until, report.requests) == ("partial", START + dt.timedelta(hours=1), 1)
    clock.advance(20 * 60)
    assert run(db, replay, clock).requests == 0  # not before the hour the server named
    assert replay.paths() == ["search/"]
    clock.advance(40 * 60)
    assert run(db, replay, clock).imported == 1


def test_500_is_retried_and_one_that_persists_stops_the_run_losing_nothing(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    replay.add(schedule_a(501, "1:24-cv-09001", "2024-05-30", "Zeta"))
    replay.fail("dockets/", 500)
    assert run(db, replay, clock).imported == 1
    assert replay.paths().count("dockets/501/") == 2
    replay.add(schedule_a(502, "1:24-cv-09002", "2024-05-31", "Eta"))
    replay.fail("dockets/", 503, times=10)
    clock.advance(11 * 60)
    with pytest.raises(FeedUnavailable, match="HTTP 503"):
        run(db, replay, clock)
    assert fetch(db, "SELECT status, error LIKE '%HTTP 503%' FROM feed_runs ORDER BY run_id DESC LIMIT 1") == [
        ("failed", True)
    ]
    assert fetch(db, "SELECT docket_id, status FROM feed_queue") == [(502, "waiting")]
    replay.faults.clear()
    assert run(db, replay, clock).imported == 1
    assert fetch(db, "SELECT count(*) FROM feed_queue") == [(0,)]


def test_a_body_cut_short_is_fetched_again(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(schedule_a(601, "1:24-cv-10001", "2024-05-30", "Theta"))
    replay.fail("parties/", 200, body=b'{"count": 2, "next": null, "results": [{"name": "The')
    report = run(db, replay, clock)
    assert replay.paths() == ["search/", "dockets/601/", "parties/", "parties/", "docket-entries/"]
    assert report.imported == 1
    assert fetch(db, "SELECT count(*) FROM defendants") == [(1,)]


def test_an_empty_result_page_moves_the_cursor_and_queues_nothing(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    report = run(db, replay, clock)
    assert (report.status, report.requests, report.queued) == ("ok", 1, 0)
    assert dict(fetch(db, "SELECT key, value FROM feed_state"))["search_since"] == "2024-05-02"
    clock.advance(5 * 60)
    assert run(db, replay, clock).requests == 0  # search results are cached 10 minutes: not sooner
    clock.advance(5 * 60)
    assert run(db, replay, clock).requests == 1


def test_dry_run_searches_and_writes_nothing_but_its_requests(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(*three_dockets())
    report = run(db, replay, clock, dry_run=True)
    assert (report.status, report.requests, report.queued, report.fetched) == ("dry_run", 2, 3, 0)
    assert fetch(db, "SELECT count(*) FROM feed_queue") == [(0,)]
    assert fetch(db, "SELECT count(*) FROM feed_state") == [(0,)]
    assert fetch(db, "SELECT count(*) FROM feed_requests") == [(2,)]


def test_max_requests_stops_the_run_and_the_next_goes_on(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(*three_dockets())
    # two search pages queue all three; the third request is docket 103, its parties the fourth
    first = run(db, replay, clock, max_requests=3)
    assert (first.status, first.requests, first.queued, first.fetched) == ("partial", 3, 3, 0)
    assert first.pause_reason == "--max-requests 3"
    clock.advance(60)
    second = run(db, replay, clock)  # no search while dockets wait (the last is a minute old)
    assert (second.requests, second.imported) == (9, 3)
    assert fetch(db, "SELECT count(*) FROM cases") == [(3,)]


def test_a_refused_token_gives_a_message_and_no_traceback(
    db: Database, replay: Replay, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(TokenRefused, match="HTTP 401"):
        sync(db, settings(replay, token="wrong"), clock=clock)  # noqa: S106
    path = db.path
    db.close()
    monkeypatch.setenv("CASEWATCH_COURTLISTENER_TOKEN", "wrong")
    assert main(["sync", "--db", path, "--base-url", replay.base_url, "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert "error: CourtListener refused the token (HTTP 401)" in err and "Traceback" not in err
    monkeypatch.delenv("CASEWATCH_COURTLISTENER_TOKEN")
    monkeypatch.setattr("casewatch.feed.client.SECRETS", Path(path).parent / "no-secrets.toml")
    assert main(["sync", "--db", path, "--base-url", replay.base_url]) == 2
    assert "error: no CourtListener token" in capsys.readouterr().err
    with Database(path) as again:
        assert fetch(again, "SELECT status FROM feed_runs ORDER BY run_id") == [("failed",)] * 3


def test_token_from_secrets_toml(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[courtlistener]\ntoken = "abc123"\n', encoding="utf-8")
    monkeypatch.delenv("CASEWATCH_COURTLISTENER_TOKEN", raising=False)
    monkeypatch.setattr("casewatch.feed.client.SECRETS", secrets)
    assert Settings.from_env(base_url="http://127.0.0.1:9/api/rest/v4").token == "abc123"  # noqa: S105
    assert Settings.from_env(base_url="http://127.0.0.1:9/api/rest/v4").base_url.endswith("/v4/")


def test_a_second_sync_is_refused_while_one_runs_and_a_dead_holder_is_taken_over(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    with state.lease(db, clock.now()), pytest.raises(SyncRunning, match="already running"):
        run(db, replay, clock)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    with db.write() as con:
        state.set_state(con, lock_pid=str(dead.pid), lock_host=__import__("socket").gethostname(), lock_at="2024-06-01")
    assert run(db, replay, clock).status == "ok"  # the holder died (SIGKILL): its lease is void
    assert fetch(db, "SELECT count(*) FROM feed_state WHERE key LIKE 'lock_%'") == [(0,)]


def test_limits_setting() -> None:
    assert [str(x) for x in parse_limits(None)] == ["5/minute", "50/hour", "125/day"]
    assert parse_limits("off") == ()
    assert [str(x) for x in parse_limits("100/day, 10/hours")] == ["10/hour", "100/day"]
    with pytest.raises(BadSetting, match="'5 a minute'"):
        parse_limits("5 a minute")


def test_budget_counts_requests_recorded_before() -> None:
    limits = parse_limits("2/minute,3/hour")
    spent = [START - dt.timedelta(minutes=50), START - dt.timedelta(seconds=30)]
    budget = Budget(limits, spent)
    assert budget.left(START) == {"2/minute": 1, "3/hour": 1}
    assert budget.take(START) == 0.0
    # the hour's third request went at START; the next fits when the one of 50 minutes ago leaves
    assert budget.take(START) == pytest.approx(10 * 60 + 0.001)
    assert retry_after_seconds("120", START) == 120
    assert retry_after_seconds("Sat, 01 Jun 2024 12:02:00 GMT", START) == 120


def test_real_pacer_dockets_through_the_replay(db: Database, replay: Replay, clock: FakeClock) -> None:
    if not REAL.is_dir():
        pytest.skip("../shared/realdata/pacer-dockets is not on this machine")
    files = sorted(REAL.glob("*.json"))
    replay.add(*(from_juriscraper(path, 700 + i) for i, path in enumerate(files)))
    replay.page_size = 20
    courts = tuple(sorted({d.court for d in replay.dockets.values()}))
    report = run(db, replay, clock, since=dt.date(2000, 1, 1), courts=courts)
    # two of the nine are not IP cases (555 prison conditions, 441 voting): read, not fetched
    assert (report.searched, report.fetched, report.imported, report.not_ip) == (9, 7, 7, 2)
    got = {row[0] for row in fetch(db, "SELECT case_id FROM cases")}
    assert {"cacd:2:06-cv-00350", "txnd:3:11-cv-00002", "njd:2:23-cv-01194"} <= got
    assert not {"ilnd:1:20-cv-04676", "ilnd:1:15-cv-04313"} & got
    assert fetch(db, "SELECT count(*) FROM cases WHERE source = 'courtlistener'") == [(7,)]


# -- webhooks ---------------------------------------------------------------------------------

DOCKET_ALERT = {
    "payload": {"results": [{"id": 9001, "docket": 801, "entry_number": 20, "date_filed": "2024-05-31",
                             "description": "ORDER granting preliminary injunction", "recap_documents": []}]},
    "webhook": {"version": 2, "event_type": 1, "date_created": "2024-01-01T00:00:00Z", "deprecation_date": None},
}  # fmt: skip


@pytest.fixture
def receiver(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    folder = tmp_path / "inbox"
    secret = "s3cret-path-0123456789abcdef"  # noqa: S105 - the test's own
    server = serve(folder, secret, 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    yield f"http://127.0.0.1:{port}", folder
    server.shutdown()
    server.server_close()


def test_webhook_receiver_keeps_each_delivery_once_and_the_sync_fetches_its_docket(
    db: Database, replay: Replay, clock: FakeClock, receiver: tuple[str, Path]
) -> None:
    root, folder = receiver
    body = json.dumps(DOCKET_ALERT).encode()
    key = {"Idempotency-Key": "0f0e6a8c-4b5d-4c4e-9a8f-1b2c3d4e5f60", "Content-Type": "application/json"}
    secret = "s3cret-path-0123456789abcdef"  # noqa: S105 - the test's own
    with httpx.Client(timeout=5) as http:
        assert http.post(f"{root}/{secret}/", content=body, headers=key).json() == {"stored": True}
        assert http.post(f"{root}/{secret}/", content=body, headers=key).json() == {"stored": False}
        assert http.post(f"{root}/guess/", content=body, headers=key).status_code == 404
        assert http.post(f"{root}/{secret}/", content=b"{not json", headers=key).status_code == 400
        assert http.get(f"{root}/{secret}/").status_code == 404
    assert len(list(folder.glob("*.json"))) == 1
    replay.add(schedule_a(801, "1:24-cv-11001", "2024-04-02", "Iota"))  # filed before the search window
    report = sync(db, settings(replay), clock=clock, inbox=folder, since=dt.date(2024, 5, 1))
    assert (report.queued, report.imported) == (1, 1)
    assert fetch(db, "SELECT idempotency_key, event_type, dockets FROM feed_inbox") == [
        ("0f0e6a8c-4b5d-4c4e-9a8f-1b2c3d4e5f60", 1, 1)
    ]
    assert not list(folder.glob("*.json"))
    # the same delivery again (CourtListener retries): stored once, nothing queued
    spool(folder, key["Idempotency-Key"], body, clock.now())
    assert drain(db, folder, clock.now()) == 0
    assert fetch(db, "SELECT count(*) FROM feed_inbox") == [(1,)]


def test_import_kind_courtlistener_webhook(db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    search_alert = {
        "payload": {"alert": {"name": "Schedule A"}, "results": [
            {"docket_id": 811, "dateFiled": "2024-05-30", "caseName": "Kappa v. Schedule A"},
            {"docket_id": 812, "dateFiled": "2024-05-31", "caseName": "Lambda v. Schedule A"}]},
        "webhook": {"version": 2, "event_type": 2, "date_created": "2024-01-01T00:00:00Z"},
    }  # fmt: skip
    saved = tmp_path / "delivery.json"
    saved.write_text(json.dumps(search_alert), encoding="utf-8")
    path = db.path
    db.close()
    assert main(["import", "--db", path, "--kind", "courtlistener-webhook", str(saved)]) == 0
    assert "1 webhook deliveries stored; 2 dockets queued" in capsys.readouterr().out
    assert main(["import", "--db", path, "--kind", "courtlistener-webhook", str(saved)]) == 0
    assert "0 webhook deliveries stored (1 already there); 0 dockets queued" in capsys.readouterr().out
    (tmp_path / "bad.json").write_text('{"results": []}', encoding="utf-8")
    assert main(["import", "--db", path, "--kind", "courtlistener-webhook", str(tmp_path / "bad.json")]) == 2
    assert "not a CourtListener webhook envelope" in capsys.readouterr().err
    with Database(path) as again:
        assert fetch(again, "SELECT docket_id, date_filed::VARCHAR, reason FROM feed_queue ORDER BY 1") == [
            (811, "2024-05-30", "webhook"),
            (812, "2024-05-31", "webhook"),
        ]
        assert status(again, START, ()).waiting == 2


def test_status_reports_budget_left_and_last_error(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(schedule_a(901, "1:24-cv-12001", "2024-05-30", "Mu"))
    run(db, replay, clock)
    shown = status(db, clock.now(), parse_limits("5/minute,50/hour,125/day"))
    assert shown.budget_left == {"5/minute": 1, "50/hour": 46, "125/day": 121}
    assert (shown.waiting, shown.dockets, shown.last_error) == (0, 1, None)
    assert shown.last_run is not None and shown.last_run["imported"] == 1


def test_missing_token_is_refused_before_any_request(db: Database, replay: Replay, clock: FakeClock) -> None:
    with pytest.raises(TokenMissing):
        sync(db, Settings(base_url=replay.base_url, token=None, limits=()), clock=clock)
    assert replay.paths() == []
