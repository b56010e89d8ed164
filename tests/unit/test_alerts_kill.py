"""SIGKILL during ``alerts send``, ten times at different points (inside the SMTP exchange before
the server's reply - sent but not recorded - and after various delays: start-up, the rules, between
messages): each rerun sends the rest, every alert arrives, and each kill costs at most one
duplicate message."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from casewatch.access import SYSTEM
from casewatch.alerts import outbox
from casewatch.db import Database
from casewatch.ingest import import_files
from casewatch.sql import ROOT
from tests.support.alert_servers import TINY, SmtpServer, text_of

CASES = 40  # enough that the timed kills leave mail for the kills inside the SMTP exchange, however fast the CLI starts


def refs(body: str) -> tuple[str, ...]:
    return tuple(body.rsplit("Alert ref: ", 1)[1].split())


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_send_loses_nothing_and_repeats_at_most_one_per_kill(tmp_path: Path) -> None:
    today = dt.date.today()  # the child sends at the real clock's date
    path = str(tmp_path / "kill.duckdb")
    db = Database(path)
    import_files(db, [TINY / "members.csv", TINY / "member_stores.csv"], today=today)
    filed = (today - dt.timedelta(days=3)).isoformat()
    lines = [f"ilnd:1:26-cv-{9100 + n},Case {n} v. Schedule A,{filed},trademark,schedule_a" for n in range(CASES)]
    (tmp_path / "cases.csv").write_text("case_id,case_name,filed_on,ip_type,case_kind\n" + "\n".join(lines) + "\n")
    stores = [f"ilnd:1:26-cv-{9100 + n},JiaYi Direct,amazon,A1JIAYI0001" for n in range(CASES)]
    (tmp_path / "list.csv").write_text("case_id,store_name,platform,seller_id\n" + "\n".join(stores) + "\n")
    outbox.save_channel(db, "member:M1", "email", "m1@example.com", by=SYSTEM, lang="en")
    import_files(db, [tmp_path / "cases.csv", tmp_path / "list.csv"], today=today)
    expected = set(
        db.sql("SELECT alert_id FROM alerts WHERE status = 'pending' AND due_on <= current_date")["alert_id"]
    )
    assert len(expected) == CASES
    db.close()

    server = SmtpServer()
    server.start()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "casewatch", "alerts", "send", "--db", path, "--smtp", server.url]
    kills = 0
    try:
        for point in range(10):
            child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if point % 2 == 0:
                # in the SMTP exchange: the message is at the server, the child has not recorded it
                target = len(server.mailbox.messages) + 1 + point // 4
                server.mailbox.on_message = lambda count, t=target, c=child: (
                    os.kill(c.pid, signal.SIGKILL) if count >= t else None
                )
                timer = threading.Timer(20, child.kill)  # a safety net only
            else:
                server.mailbox.on_message = None
                timer = threading.Timer(0.6 + 0.35 * point, child.kill)  # start-up, rules, between messages
            timer.start()
            child.wait(timeout=60)
            timer.cancel()
            kills += child.returncode == -signal.SIGKILL
        server.mailbox.on_message = None
        final = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert final.returncode == 0, final.stderr
    finally:
        server.stop()

    received = [refs(text_of(message)) for message in server.mailbox.messages]
    arrived = Counter(ref for message in received for ref in message)
    assert set(arrived) == {alert_id[:12] for alert_id in expected}  # none lost
    duplicates = len(received) - len(set(received))
    assert duplicates <= kills, (duplicates, kills)
    assert kills >= 5  # the kills inside the SMTP exchange always land
    with Database(path) as after:
        assert set(after.sql("SELECT status FROM alerts WHERE due_on <= current_date")["status"]) == {"sent"}
