"""Alerts (issue 19): the outbox computed inside an import, and delivery throughput on loopback.

- import: a Schedule A case naming one store of each of 2,000 members (every member of the demo
  register), filed three days before today with a TRO entered the next day, imported into a copy of
  the benchmark database. The alert rules run inside the import's transaction (stage "alerts" of
  ImportReport.stage_seconds): target under 1 s. The note gives the alerts written and the import's
  total time.
- send e-mail / send robots: ``alerts send`` for CASEWATCH_BENCH_ALERT_CHANNELS (default 200)
  members' channels, to the local SMTP server (aiosmtpd) and to the local HTTP receiver standing in
  for WeCom robots (tests/support/alert_servers.py): each member gets one message (its new case and TRO);
  the time includes the rules recomputed at the start of the run. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from casewatch.access import SYSTEM
from casewatch.alerts import delivery, outbox
from casewatch.alerts.channels import Secrets
from casewatch.db import Database
from casewatch.ingest import import_files

CHANNELS = int(os.environ.get("CASEWATCH_BENCH_ALERT_CHANNELS", "200"))
CASE = "ilnd:1:26-cv-99999"


def _write_case(db: Database, folder: Path, today: dt.date) -> tuple[list[Path], int]:
    stores = db.sql(
        "SELECT member_id, arg_min(store_name, store_name) AS store_name, arg_min(platform, store_name) AS platform, "
        "arg_min(seller_id, store_name) AS seller_id FROM member_stores GROUP BY member_id ORDER BY member_id"
    )
    filed = today - dt.timedelta(days=3)
    case = folder / "case.csv"
    case.write_text(
        "case_id,case_name,filed_on,plaintiff,brand,law_firm,ip_type,case_kind,sector_code\n"
        f"{CASE},Bench v. Schedule A,{filed},Bench Brands LLC,Benchbrand,Firm Bench,trademark,schedule_a,S0201\n",
        encoding="utf-8",
    )
    listing = folder / "schedule_a.csv"
    with listing.open("w", encoding="utf-8") as out:
        out.write("case_id,store_name,platform,seller_id,frozen_usd\n")
        for row in stores.itertuples(index=False):
            name = str(row.store_name).replace('"', '""')
            out.write(f'{CASE},"{name}",{row.platform},{row.seller_id},1000\n')
    events = folder / "events.csv"
    events.write_text(
        f"case_id,event_on,kind,detail\n{CASE},{filed},filed,Complaint\n"
        f"{CASE},{filed + dt.timedelta(days=1)},tro,TRO\n",
        encoding="utf-8",
    )
    return [case, listing, events], len(stores)


def _send(db: Database, secrets: Secrets, label: str, sent_to: Any) -> dict[str, Any]:
    started = time.perf_counter()
    report = delivery.send(db, secrets=secrets)
    seconds = time.perf_counter() - started
    rate = report.messages / seconds if seconds else 0.0
    return {
        "benchmark": f"alerts send {label}",
        "seconds": seconds,
        "rows": report.messages,
        "note": f"{rate:.1f} messages/s, {report.failed} failed, received {sent_to()}",
    }


def run(db_path: str) -> list[dict[str, Any]]:
    from tests.support.alert_servers import RobotReceiver, SmtpServer  # the loopback stand-ins

    today = dt.date.today()
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="casewatch-bench-alerts-") as tmp:
        folder = Path(tmp)
        copy = folder / "alerts.duckdb"
        shutil.copy(db_path, copy)
        with Database(str(copy)) as db:
            files, stores = _write_case(db, folder, today)
            started = time.perf_counter()
            report = import_files(db, files, today=today)
            total = time.perf_counter() - started
            alerts = int(db.sql("SELECT count(*) AS n FROM alerts WHERE subject LIKE $c || '%'", {"c": CASE})["n"][0])
            members = int(
                db.sql("SELECT count(DISTINCT member_id) AS n FROM defendants WHERE case_id = $c", {"c": CASE})["n"][0]
            )
            rows.append({
                "benchmark": "alerts computed inside the import",
                "seconds": report.stage_seconds.get("alerts", float("nan")),
                "rows": alerts,
                "note": f"{stores:,} stores, {members:,} members matched; whole import {total:.2f} s; target < 1 s",
            })  # fmt: skip
            chosen = db.sql("SELECT member_id FROM members ORDER BY member_id LIMIT $n", {"n": CHANNELS})["member_id"]
            smtp = SmtpServer()
            smtp.start()
            try:
                for member in chosen:
                    outbox.save_channel(db, f"member:{member}", "email", f"{member.lower()}@bench.example", by=SYSTEM)
                rows.append(_send(db, Secrets(smtp.url, "bench@assoc.example"), "e-mail (local SMTP)",
                                  lambda: f"{len(smtp.mailbox.messages)} mails"))  # fmt: skip
            finally:
                smtp.stop()
            robots = RobotReceiver()
            from apprise.plugins.wecombot import NotifyWeComBot

            original = NotifyWeComBot.notify_url
            NotifyWeComBot.notify_url = f"http://127.0.0.1:{robots.port}/wecom/send?key={{key}}"
            try:
                secrets = {}
                for member in chosen:
                    outbox.remove_channel(
                        db, outbox.channel_id(f"member:{member}", "email", f"{member.lower()}@bench.example"), by=SYSTEM
                    )
                    outbox.save_channel(db, f"member:{member}", "wecom", f"bench_{member.lower()}", by=SYSTEM)
                    secrets[f"bench_{member.lower()}"] = f"key{member.lower()}"
                db.sql("UPDATE alerts SET status = 'pending', sent_at = NULL")  # send the same alerts again
                rows.append(_send(db, Secrets(None, "bench@assoc.example", secrets), "WeCom robots (local HTTP)",
                                  lambda: f"{len(robots.posts)} posts"))  # fmt: skip
            finally:
                NotifyWeComBot.notify_url = original
                robots.close()
    return rows
