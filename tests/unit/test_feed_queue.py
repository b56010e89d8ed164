"""What the feed queues, against the CourtListener v4 replay on 127.0.0.1: search timestamps kept
and compared (a docket a webhook named first, a search alert's timestamp), the search window
(never moved past today) and its pages (a ``next`` cursor read before ends the pass), IP cases
only, and webhook deliveries (UTF-8 only, each stored once). Answers worked out by hand from the
replay's dockets."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from casewatch.__main__ import main
from casewatch.db import Database
from casewatch.feed import state
from casewatch.feed.errors import FeedUnavailable
from casewatch.feed.scope import ip_case
from casewatch.feed.webhook import dockets_named, drain, import_saved, spool
from tests.support.databases import fetch
from tests.support.feed_replay import API, Docket, FakeClock, Replay, entry, party, schedule_a
from tests.unit import test_feed
from tests.unit.test_feed import START, run

# the feed tests' fixtures: the replay server on 127.0.0.1, its handler, a fake clock, an empty database
server, replay, clock, db = test_feed.server, test_feed.replay, test_feed.clock, test_feed.db
receiver = test_feed.receiver  # the webhook receiver on 127.0.0.1, and its spool folder
SECRET = "s3cret-path-0123456789abcdef"  # noqa: S105 - the receiver fixture's own

UNSEALED = ("Shenzhen Jiayi Store", "Dongguan Bright Shop")
DEFENDANTS = "SELECT store_name FROM defendants WHERE case_id = '{}' ORDER BY defendant_no"


def docket_alert(docket_id: int) -> dict[str, object]:
    return {
        "payload": {"results": [{"id": 9000 + docket_id, "docket": docket_id, "entry_number": 1,
                                 "description": "COMPLAINT", "recap_documents": []}]},
        "webhook": {"version": 2, "event_type": 1, "date_created": "2024-06-01T11:00:00Z"},
    }  # fmt: skip


def test_a_waiting_docket_keeps_the_newest_timestamp_it_was_seen_with(db: Database) -> None:
    at = START
    with db.write() as con:
        # a docket alert names 1 (no timestamp); a search then sees it at 18:00 and once more at 17:00
        assert state.enqueue(con, [state.Found(1, None, None)], "webhook", at) == 1
        assert state.enqueue(con, [state.Found(1, dt.date(2024, 5, 27), "2024-05-27T18:00:00Z")], "search", at) == 0
        assert state.enqueue(con, [state.Found(1, None, "2024-05-27T12:00:00-04:00")], "search", at) == 0
        # one call naming 2 twice: the later timestamp wins (14:30-05:00 is 19:30Z, after 19:00Z)
        found = [state.Found(2, dt.date(2024, 5, 28), "2024-05-28T19:00:00Z"),
                 state.Found(2, None, "2024-05-28T14:30:00-05:00")]  # fmt: skip
        assert state.enqueue(con, found, "search", at) == 1
    assert fetch(db, "SELECT docket_id, date_filed::VARCHAR, seen_timestamp, reason FROM feed_queue ORDER BY 1") == [
        (1, "2024-05-27", "2024-05-27T18:00:00Z", "webhook"),
        (2, "2024-05-28", "2024-05-28T14:30:00-05:00", "search"),
    ]
    assert state.newer("2024-05-28T14:30:00-05:00", "2024-05-28T19:00:00Z")
    assert state.newer("2024-05-28T19:00:00Z", None) and not state.newer(None, "2024-05-28T19:00:00Z")


def test_a_docket_named_by_a_webhook_and_the_search_in_one_run_is_queued_again_when_modified(
    db: Database, replay: Replay, clock: FakeClock, tmp_path: Path
) -> None:
    replay.add(schedule_a(201, "1:24-cv-06001", "2024-05-27", "Alpha Inc"))
    saved = tmp_path / "alert.json"
    saved.write_text(json.dumps(docket_alert(201)), encoding="utf-8")
    assert import_saved(db, [saved], clock.now()) == (1, 0, 1)
    first = run(db, replay, clock)
    assert (first.searched, first.queued, first.imported) == (1, 0, 1)  # the search found it waiting
    # the search's timestamp was written on the waiting row, and recorded by the import
    assert fetch(db, "SELECT docket_id, seen_timestamp FROM feed_dockets") == [(201, "2024-05-27T18:00:00Z")]
    clock.advance(3 * 3600)
    replay.add(schedule_a(201, "1:24-cv-06001", "2024-05-27", "Alpha Inc", stores=UNSEALED,
                          modified="2024-06-01T14:10:00Z"))  # fmt: skip
    second = run(db, replay, clock)
    assert (second.queued, second.fetched, second.imported) == (1, 1, 1)
    stores = fetch(db, DEFENDANTS.format("ilnd:1:24-cv-06001"))
    assert stores[1:] == [(s,) for s in UNSEALED]


def test_a_docket_imported_without_a_timestamp_is_queued_by_a_later_search_result(
    db: Database, replay: Replay, clock: FakeClock, tmp_path: Path
) -> None:
    replay.add(schedule_a(202, "1:24-cv-06002", "2024-04-01", "Beta Inc"))  # before the search window
    saved = tmp_path / "alert.json"
    saved.write_text(json.dumps(docket_alert(202)), encoding="utf-8")
    import_saved(db, [saved], clock.now())
    assert run(db, replay, clock, since=dt.date(2024, 5, 1)).imported == 1
    assert fetch(db, "SELECT seen_timestamp FROM feed_dockets") == [(None,)]
    clock.advance(3 * 3600)
    replay.add(schedule_a(202, "1:24-cv-06002", "2024-04-01", "Beta Inc", stores=UNSEALED,
                          modified="2024-06-01T14:10:00Z"))  # fmt: skip
    # a search reaching back to it: no timestamp stored is older than the one it shows
    report = run(db, replay, clock, since=dt.date(2024, 3, 1))
    assert (report.searched, report.queued, report.imported) == (1, 1, 1)
    assert fetch(db, "SELECT seen_timestamp, imports FROM feed_dockets") == [("2024-06-01T14:10:00Z", 2)]
    assert len(fetch(db, DEFENDANTS.format("ilnd:1:24-cv-06002"))) == 3
    clock.advance(3 * 3600)
    assert run(db, replay, clock, since=dt.date(2024, 3, 1)).queued == 0  # the same result again


def test_a_search_alerts_timestamp_is_kept_so_a_later_change_is_seen(
    db: Database, replay: Replay, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    replay.add(schedule_a(211, "1:24-cv-06011", "2024-05-30", "Alpha Inc"))
    alert = {
        "payload": {"alert": {"name": "Schedule A"}, "results": [
            {"docket_id": 211, "dateFiled": "2024-05-30", "caseName": "Alpha Inc v. Schedule A",
             "suitNature": "840 Trademark", "meta": {"timestamp": "2024-05-30T18:00:00Z"}}]},
        "webhook": {"version": 2, "event_type": 2, "date_created": "2024-05-30T18:05:00Z"},
    }  # fmt: skip
    spool(folder, "key-1", json.dumps(alert).encode(), clock.now())
    assert run(db, replay, clock, inbox=folder).imported == 1
    assert fetch(db, "SELECT seen_timestamp FROM feed_dockets") == [("2024-05-30T18:00:00Z",)]
    clock.advance(2 * 86400)  # two days later the schedule is unsealed
    replay.add(schedule_a(211, "1:24-cv-06011", "2024-05-30", "Alpha Inc", stores=UNSEALED,
                          modified="2024-06-03T10:00:00Z"))  # fmt: skip
    report = run(db, replay, clock, inbox=folder)
    assert (report.searched, report.queued, report.imported) == (1, 1, 1)
    assert fetch(db, DEFENDANTS.format("ilnd:1:24-cv-06011"))[1:] == [(s,) for s in UNSEALED]


def test_a_filing_date_after_today_does_not_move_the_search_window_past_today(
    db: Database, replay: Replay, clock: FakeClock
) -> None:
    replay.add(schedule_a(601, "1:24-cv-09001", "2024-05-30", "Alpha"))
    replay.add(schedule_a(602, "1:24-cv-09002", "2042-05-31", "Typo Date"))  # mis-keyed: 2042 for 2024
    first = run(db, replay, clock)
    assert (first.imported, first.rejected) == (1, 1)  # the import refuses a filing date in 2042
    # the newest filing counts as today's (06-01): the next pass starts a week before, 05-25
    assert fetch(db, "SELECT value FROM feed_state WHERE key = 'search_since'") == [("2024-05-25",)]
    clock.advance(86400)
    replay.add(schedule_a(603, "1:24-cv-09003", "2024-06-02", "New Case"))
    report = run(db, replay, clock)
    assert (report.searched, report.queued, report.imported) == (3, 1, 1)
    assert fetch(db, "SELECT count(*) FROM cases WHERE case_id = 'ilnd:1:24-cv-09003'") == [(1,)]
    assert fetch(db, "SELECT value FROM feed_state WHERE key = 'search_since'") == [("2024-05-26",)]


def test_a_search_window_already_past_today_is_brought_back(db: Database, replay: Replay, clock: FakeClock) -> None:
    with db.write() as con:  # as the mis-keyed date left it before
        state.set_state(con, search_since="2042-05-24", last_search_at="2024-05-31T12:00:00")
    replay.add(schedule_a(603, "1:24-cv-09003", "2024-05-30", "New Case"))
    report = run(db, replay, clock)
    assert (report.searched, report.imported) == (1, 1)  # asked from 05-25, a week before today
    assert fetch(db, "SELECT value FROM feed_state WHERE key = 'search_since'") == [("2024-05-25",)]


def serve_looping(server: HTTPServer, replay: Replay, path: str) -> list[str]:
    """The replay, except that every page of ``path`` (search/ or parties/) names the same cursor
    as its next page; returns the log of what was asked of ``path``."""
    asked: list[str] = []

    def handler(request: Request) -> Response:
        if request.path == API + path:
            asked.append(request.query_string.decode())
            if len(asked) > 20:  # the loop the test is about: stop it here, not at pytest's timeout
                return Response('{"detail": "looping"}', status=400, mimetype="application/json")
            answer = replay(request)
            body = json.loads(answer.get_data())
            kept = {k: v for k, v in request.args.items() if k != "cursor"}
            body["next"] = f"{replay.base_url}{path}?{urlencode({**kept, 'cursor': 'bz0y'})}"  # o=2, every time
            return Response(json.dumps(body), mimetype="application/json")
        return replay(request)

    server.clear()
    server.expect_request(re.compile("^" + re.escape(API) + ".*")).respond_with_handler(handler)
    return asked


def test_a_search_page_naming_a_page_already_read_as_next_ends_the_pass(
    db: Database, replay: Replay, clock: FakeClock, server: HTTPServer
) -> None:
    replay.add(*(schedule_a(101 + i, f"1:24-cv-0500{i + 1}", f"2024-05-{20 + i:02d}", "Brand") for i in range(3)))
    asked = serve_looping(server, replay, "search/")
    report = run(db, replay, clock)
    # the first page (103, 102) names cursor o=2; that page (101) names o=2 again: the pass ends there
    assert len(asked) == 2 and asked[1].endswith("cursor=bz0y")
    assert (report.status, report.searched, report.queued, report.imported) == ("ok", 3, 3, 3)
    assert "next page repeated one already read" in report.summary("en")
    assert dict(fetch(db, "SELECT key, value FROM feed_state")) == {
        "search_since": "2024-05-15",  # a week before 05-22, the newest filing
        "last_search_at": "2024-06-01T12:00:00",
    }
    ((message,),) = fetch(db, "SELECT message FROM imports WHERE kind = 'sync'")
    assert "next page repeated one already read" in message


def test_a_party_list_whose_next_page_repeats_sets_the_docket_aside(
    db: Database, replay: Replay, clock: FakeClock, server: HTTPServer
) -> None:
    replay.add(schedule_a(201, "1:24-cv-06001", "2024-05-27", "Alpha Inc", stores=UNSEALED))
    asked = serve_looping(server, replay, "parties/")
    report = run(db, replay, clock)
    # parties page 1, then o=2 (named by page 1), whose next is o=2 again: not read a third time
    assert len(asked) == 2
    assert (report.status, report.fetched, report.imported, report.rejected) == ("ok", 0, 0, 1)
    assert fetch(db, "SELECT count(*) FROM cases") == [(0,)]  # no party list cut short imported
    ((status, error),) = fetch(db, "SELECT status, last_error FROM feed_queue WHERE docket_id = 201")
    assert status == "rejected" and "repeats one already read" in error


def case(docket_id: int, nature: str, caption: str, filed: str) -> Docket:
    """A docket of the replay with this nature of suit and caption, one plaintiff and defendant."""
    return Docket(
        id=docket_id, court="ilnd", number=f"1:24-cv-00{docket_id}", case_name=caption, filed=filed, nature=nature,
        modified=f"{filed}T12:00:00-06:00", timestamp=f"{filed}T18:00:00Z",
        parties=[party("Acme Brands", "Plaintiff", docket_id), party("Jones Trading", "Defendant", docket_id)],
        entries=[entry(1, filed, "COMPLAINT")],
    )  # fmt: skip


def test_which_natures_of_suit_and_captions_are_ip_cases() -> None:
    assert ip_case("840 Trademark", "Acme v. Jones")
    assert ip_case("840", "Acme v. Jones")
    assert ip_case("835 Patent - Abbreviated New Drug Application(ANDA)", "Acme v. Jones")
    assert ip_case("Patent", "Acme v. Jones") and ip_case("Copyright", "") and ip_case("Trademark", None)
    assert not ip_case("190 Contract: Other", "Smith v. Jones")
    assert not ip_case("441 Civil Rights: Voting", "Smith v. Jones") and not ip_case(None, "Smith v. Jones")
    assert not ip_case("890 Other Statutory Actions", "Smith v. Jones")  # a code decides, whatever words follow
    # a Schedule A caption, whatever the nature of suit
    assert ip_case("190 Contract: Other", "Acme v. The Individuals Identified on Schedule A")
    assert ip_case("", 'Acme v. The Partnerships Identified on Schedule "A"')
    assert ip_case("890 Other Statutory Actions", "Acme v. Partnerships and Unincorporated Associations")


def test_search_results_that_are_not_ip_cases_are_not_queued(db: Database, replay: Replay, clock: FakeClock) -> None:
    replay.add(
        case(501, "840 Trademark", "Acme v. Lee", "2024-05-20"),
        case(502, "Patent", "Acme v. Wu", "2024-05-21"),
        case(503, "190 Contract: Other", "Smith v. Jones", "2024-05-22"),
        case(504, "190 Contract: Other", 'Acme v. The Partnerships Identified on Schedule "A"', "2024-05-23"),
        case(505, "442 Civil Rights: Employment", "Doe v. Roe", "2024-05-24"),
        case(506, "Copyright", "Acme v. Chen", "2024-05-25"),
    )
    report = run(db, replay, clock)
    # three search pages; 503 and 505 are neither IP by nature of suit nor Schedule A by caption
    assert (report.searched, report.queued, report.imported, report.skipped, report.not_ip) == (6, 4, 4, 2, 2)
    assert [p for p in replay.paths() if p.startswith("dockets/")] == [f"dockets/{i}/" for i in (506, 504, 502, 501)]
    assert fetch(db, "SELECT case_id FROM cases ORDER BY 1") == [(f"ilnd:1:24-cv-00{i}",) for i in (501, 502, 504, 506)]
    assert fetch(db, "SELECT count(*) FROM feed_queue") == [(0,)]
    ((message,),) = fetch(db, "SELECT message FROM imports WHERE kind = 'sync'")
    assert "imported 4, skipped 2 (2 not IP cases, the rest unchanged)" in message


def test_a_docket_a_webhook_names_is_not_imported_when_it_is_not_an_ip_case(
    db: Database, replay: Replay, clock: FakeClock, tmp_path: Path
) -> None:
    replay.add(case(701, "190 Contract: Other", "Smith v. Jones", "2024-04-02"))
    saved = tmp_path / "alert.json"
    saved.write_text(json.dumps(docket_alert(701)), encoding="utf-8")
    assert import_saved(db, [saved], clock.now()) == (1, 0, 1)
    report = run(db, replay, clock)
    # the docket itself says it is not IP: its parties and entries are not asked for
    assert replay.paths() == ["search/", "dockets/701/"]
    assert (report.fetched, report.imported, report.skipped, report.not_ip, report.waiting) == (0, 0, 1, 1, 0)
    assert fetch(db, "SELECT count(*) FROM cases") == [(0,)]
    assert fetch(db, "SELECT status, last_error FROM feed_queue") == [
        ("not_ip", "not an IP case: nature of suit 190 Contract: Other, caption not Schedule A")
    ]
    # a search alert names only its IP results
    alert = {"payload": {"results": [
        {"docket_id": 701, "suitNature": "190 Contract: Other", "caseName": "Smith v. Jones"},
        {"docket_id": 702, "suitNature": "840 Trademark", "caseName": "Acme v. Lee"},
        {"docket_id": 703, "caseName": "Acme v. Wu"}]},  # no nature of suit given: its docket decides
        "webhook": {"version": 2, "event_type": 2}}  # fmt: skip
    assert [f.docket_id for f in dockets_named(alert)] == [702, 703]


def test_a_body_not_in_utf8_is_refused_and_nothing_is_kept(
    db: Database, clock: FakeClock, receiver: tuple[str, Path]
) -> None:
    root, folder = receiver
    body = json.dumps(docket_alert(801))
    with httpx.Client(timeout=5) as http:
        # json.loads reads UTF-16 bytes, but the spool keeps UTF-8 text: refused, not a dropped connection
        answer = http.post(f"{root}/{SECRET}/", content=body.encode("utf-16"), headers={"Idempotency-Key": "k1"})
        assert (answer.status_code, "utf-8" in answer.json()["error"]) == (400, True)
        assert not list(folder.glob("*"))
        # a byte-order mark before UTF-8 is taken off
        with_bom = b"\xef\xbb\xbf" + body.encode()
        answer = http.post(f"{root}/{SECRET}/", content=with_bom, headers={"Idempotency-Key": "k2"})
        assert answer.json() == {"stored": True}
    [spooled] = [json.loads(p.read_text(encoding="utf-8"))["body"] for p in folder.glob("*.json")]
    assert spooled == body
    assert drain(db, folder, clock.now()) == 1
    assert fetch(db, "SELECT idempotency_key, body FROM feed_inbox") == [("k2", body)]


def test_importing_the_same_saved_delivery_twice_stores_it_once_and_says_so(
    db: Database, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = tmp_path / "a.json"
    saved.write_text(json.dumps(docket_alert(801)), encoding="utf-8")
    path = db.path
    db.close()
    assert main(["import", "--db", path, "--kind", "courtlistener-webhook", str(saved), str(saved)]) == 0
    assert "1 webhook deliveries stored (1 already there); 1 dockets queued" in capsys.readouterr().out
    (tmp_path / "b.json").write_bytes(json.dumps(docket_alert(802)).encode("utf-16"))
    assert main(["import", "--db", path, "--kind", "courtlistener-webhook", str(tmp_path / "b.json")]) == 2
    assert "utf-8" in capsys.readouterr().err
    with Database(path) as again:
        assert fetch(again, "SELECT count(*) FROM feed_inbox") == [(1,)]
        assert fetch(again, "SELECT docket_id FROM feed_queue") == [(801,)]


def test_a_delivery_naming_a_docket_id_no_docket_can_have_does_not_stop_every_later_sync(
    db: Database, clock: FakeClock, tmp_path: Path
) -> None:
    folder = tmp_path / "inbox"
    odd = docket_alert(801)
    odd["payload"] = {"results": [{"docket": 2**70}, {"docket": True}, {"docket": -5}, {"docket": 0}, {"docket": 801}]}
    assert spool(folder, "k-odd", json.dumps(odd).encode(), clock.now())
    # only 801 is a docket id: the others (beyond BIGINT, a boolean, not positive) name none, and the
    # spool is drained instead of the drain (the first step of every sync) failing on it for ever
    assert drain(db, folder, clock.now()) == 1
    assert not list(folder.glob("*.json"))
    assert fetch(db, "SELECT docket_id, reason FROM feed_queue") == [(801, "webhook")]
    assert fetch(db, "SELECT idempotency_key, dockets FROM feed_inbox") == [("k-odd", 1)]
    alert = {"payload": {"results": [{"docket_id": 2**64, "suitNature": "840 Trademark"},
                                     {"docket_id": 702, "suitNature": "840 Trademark"}]},
             "webhook": {"version": 2, "event_type": 2}}  # fmt: skip
    assert [f.docket_id for f in dockets_named(alert)] == [702]


def test_a_content_length_that_is_not_a_number_is_answered_400(receiver: tuple[str, Path]) -> None:
    root, folder = receiver
    host, port = root.removeprefix("http://").split(":")
    body = json.dumps(docket_alert(801)).encode()
    for length in (b"abc", b"-5", b"12, 12"):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(b"POST /" + SECRET.encode() + b"/ HTTP/1.1\r\nHost: x\r\nContent-Length: " + length
                         + b"\r\nConnection: close\r\n\r\n" + body)  # fmt: skip
            answer = b""
            while chunk := sock.recv(4096):
                answer += chunk
        # an answer, not a connection dropped on a traceback; nothing kept
        assert answer.split(b"\r\n", 1)[0] == b"HTTP/1.0 400 Bad Request", length
    assert not list(folder.glob("*.json"))


def test_a_search_page_without_results_stops_the_run_and_the_next_reads_it_again(
    db: Database, replay: Replay, clock: FakeClock, server: HTTPServer
) -> None:
    filed = ("2024-05-03", "2024-05-06", "2024-05-10", "2024-05-20", "2024-05-25")
    replay.add(*(schedule_a(111 + i, f"1:24-cv-0510{i}", day, "Brand") for i, day in enumerate(filed)))
    broken = []

    def handler(request: Request) -> Response:
        # the second search page, once: a 200 whose body holds no results and no next page
        if request.path == API + "search/" and request.args.get("cursor") and not broken:
            broken.append(request.query_string.decode())
            return Response('{"count": 5, "next": null}', mimetype="application/json")
        return replay(request)

    server.clear()
    server.expect_request(re.compile("^" + re.escape(API) + ".*")).respond_with_handler(handler)
    with pytest.raises(FeedUnavailable):
        run(db, replay, clock)
    # the first page (05-25, 05-20) is queued; the pass is not over: the window has not moved on
    assert fetch(db, "SELECT docket_id FROM feed_queue ORDER BY 1") == [(114,), (115,)]
    state_now = dict(fetch(db, "SELECT key, value FROM feed_state"))
    assert "search_since" not in state_now and state_now["search_next"].endswith("cursor=bz0y")
    report = run(db, replay, clock)
    # the next run reads that page again and the last one: all five are imported
    assert (report.searched, report.imported) == (3, 5)
    assert fetch(db, "SELECT value FROM feed_state WHERE key = 'search_since'") == [("2024-05-18",)]
