#!/usr/bin/env python3
"""Crash drill: kill -9 application workers (and restart PostgreSQL) during a write load, then check that
every write the client saw acknowledged is present, none is half-written or doubled, and that the service
recovered by itself.

    .venv/bin/python bench/crash_drill.py --db postgres [--seconds 40] [--writers 6] [--restart-postgres]
    .venv/bin/python bench/crash_drill.py --db sqlite   [--seconds 40] [--writers 6]

What it does, on a database of its own (PostgreSQL `samenkracht_drill`, made afresh; SQLite in var/drill/):
1. migrate and load the demo network; issue a token of the demo wijkcoach's organisation (DNO) that acts
   on her behalf (X-On-Behalf-Of) for the Almelo neighbourhood team;
2. start gunicorn with --workers workers;
3. from --writers threads, POST /api/v1/frontdoor/requests with a unique Idempotency-Key each, for
   --seconds; a request that fails (connection reset by a killed worker, 5xx during the database restart)
   is retried with the SAME key until it is acknowledged (or the run ends) — as a careful client does;
4. meanwhile: kill -9 one worker at 25% and another at 50% of the run (gunicorn's master starts new ones);
   with --restart-postgres, restart the PostgreSQL cluster at 70% (pg_ctlcluster; needs root);
5. afterwards, directly in the database: every acknowledged request exists (ratio), no Idempotency-Key
   made two requests, every stored request is whole (its life domains and access-log entry are there),
   the access log's hash chains verify, and how long the service took to answer again after each fault.
Results: printed, and saved to bench/results/crash-<db>.json. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadkit import ROOT, Target  # noqa: E402

PORT = 8766
DOMAINS = ["financien", "sociaal-netwerk", "huisvesting"]


SETUP = r"""
import json
from samenkracht.accounts.models import User
from samenkracht.accounts.tokens import issue_token
from samenkracht.network.models import Team, TeamMember
user = User.objects.get(email="wijkcoach@demo.samenkracht.nl")
member = TeamMember.objects.filter(user=user).select_related("team", "organisation").first()
_token, raw = issue_token(organisation=member.organisation, name="crash drill", scopes=["households:read", "households:write"])
print(json.dumps({"raw": raw, "email": user.email, "team": member.team_id}))
"""

CHECK = r"""
import json, sys
from io import StringIO
from django.core.management import call_command
from samenkracht.frontdoor.models import HelpRequest
from samenkracht.privacy.models import AccessLogEntry
from django.utils.dateparse import parse_datetime
given = json.loads(sys.stdin.read())
refs = [a["reference"] for a in given["acknowledged"]]
stored = set(HelpRequest.objects.filter(reference__in=refs).values_list("reference", flat=True))
marker = "crash-drill "  # the question is encrypted at rest, so it is read back through the model
rows = [r for r in HelpRequest.objects.filter(registered_at__gte=parse_datetime(given["since"]))
        .prefetch_related("life_domains") if r.question.startswith(marker)]
keys = [r.question[len(marker):].split(" ", 1)[0] for r in rows]
whole = sum(1 for r in rows if r.life_domains.count() == 2)
logged = set(AccessLogEntry.objects.filter(subject_type="help_request", event="create").values_list("subject_id", flat=True))
out = StringIO()
try:
    call_command("verify_access_log", stdout=out, stderr=out)
    chain_ok = True
except SystemExit as exit:
    chain_ok = exit.code in (0, None)
except Exception as error:
    chain_ok = False
    out.write(str(error))
print(json.dumps({
    "acknowledged": len(refs), "acknowledged_present": len(stored),
    "stored_total": len(rows), "distinct_keys": len(set(keys)),
    "whole": whole, "with_access_log_entry": sum(1 for r in rows if str(r.pk) in logged),
    "access_log_verified": chain_ok, "verify_output": out.getvalue()[-500:],
}))
"""


def prepare(target: Target, env: dict) -> dict:
    target.reset()
    for args in (["migrate", "--no-input", "-v0"], ["demo"], ["collectstatic", "--no-input", "-v0"]):
        target.samenkracht(*args, env=env)
    return json.loads(target.django(SETUP, env=env))


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


class Writers:
    def __init__(self, credentials: dict, count: int, seconds: float):
        self.credentials, self.count, self.deadline = credentials, count, time.monotonic() + seconds
        self.acknowledged: list[dict] = []
        self.attempts = self.retries = self.replayed = 0
        self.statuses: dict[str, int] = {}
        self.lock = threading.Lock()

    def headers(self, key: str) -> dict:
        return {"Authorization": f"Bearer {self.credentials['raw']}", "X-On-Behalf-Of": self.credentials["email"],
                "Content-Type": "application/json", "Idempotency-Key": key}

    def post(self, connection, key: str, body: bytes):
        connection.request("POST", "/api/v1/frontdoor/requests", body=body, headers=self.headers(key))
        response = connection.getresponse()
        return response.status, response.getheader("Idempotency-Replayed"), response.read()

    def run(self) -> None:
        connection = None
        while time.monotonic() < self.deadline:
            key = uuid.uuid4().hex
            body = json.dumps({"team": self.credentials["team"], "channel": "phone", "life_domains": DOMAINS[:2],
                               "question": f"crash-drill {key} vraagt hulp bij rekeningen"}).encode()
            while time.monotonic() < self.deadline + 30:  # keep retrying the same key a while after the end
                with self.lock:
                    self.attempts += 1
                try:
                    connection = connection or http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                    status, replayed, payload = self.post(connection, key, body)
                except (OSError, http.client.HTTPException) as error:
                    connection = None
                    with self.lock:
                        self.retries += 1
                        name = type(error).__name__
                        self.statuses[name] = self.statuses.get(name, 0) + 1
                    time.sleep(0.05)
                    continue
                with self.lock:
                    self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1
                if status == 201:
                    with self.lock:
                        self.acknowledged.append({"key": key, "reference": json.loads(payload)["reference"]})
                        self.replayed += replayed == "true"
                    break
                with self.lock:
                    self.retries += 1
                time.sleep(0.1 if status in (409, 500, 502, 503) else 0.5)
                if status not in (409, 500, 502, 503):
                    raise SystemExit(f"unexpected HTTP {status}: {payload[:300]!r}")


def time_to_recover(target: Target, started: float, limit: float = 60) -> float | None:
    while time.monotonic() - started < limit:
        if target.healthy(timeout=1):
            return round(time.monotonic() - started, 2)
        time.sleep(0.1)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--writers", type=int, default=6)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--restart-postgres", action="store_true")
    options = parser.parse_args()
    target = Target(options.db, "drill", PORT)
    env = target.env()
    print(f"preparing a {options.db} database with the demo network ...", flush=True)
    credentials = prepare(target, env)
    server = target.start_server(options.workers, env=env)
    faults: list[dict] = []
    writers = Writers(credentials, options.writers, options.seconds)
    threads = [threading.Thread(target=writers.run) for _ in range(options.writers)]
    began = time.monotonic()
    since = datetime.now(timezone.utc).isoformat()
    for thread in threads:
        thread.start()
    try:
        plan = [(0.25, "kill -9 worker"), (0.5, "kill -9 worker")]
        if options.restart_postgres and options.db == "postgres":
            plan.append((0.7, "restart PostgreSQL"))
        for fraction, fault in plan:
            time.sleep(max(0.0, began + fraction * options.seconds - time.monotonic()))
            at = time.monotonic()
            if fault == "kill -9 worker":
                victims = worker_pids(server.pid)[:1]
                for pid in victims:
                    os.kill(pid, signal.SIGKILL)
                detail = f"pid {victims}"
            else:
                subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True)
                detail = "pg_ctlcluster 15 main restart"
            faults.append({"at_s": round(at - began, 1), "fault": fault, "detail": detail,
                           "service_answered_after_s": time_to_recover(target, at)})
            print(f"  {faults[-1]}", flush=True)
        for thread in threads:
            thread.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    check = json.loads(target.django(CHECK, stdin=json.dumps({"acknowledged": writers.acknowledged, "since": since}),
                                     env=env))
    result = {
        "db": options.db, "seconds": options.seconds, "writers": options.writers, "workers": options.workers,
        "faults": faults, "attempts": writers.attempts, "retries": writers.retries, "answers": writers.statuses,
        "acknowledged_after_replay": writers.replayed, **check,
        "acknowledged_present_ratio": round(check["acknowledged_present"] / max(1, check["acknowledged"]), 3),
        "doubled_by_retries": check["stored_total"] - check["distinct_keys"],
        "command": "bench/crash_drill.py " + " ".join(sys.argv[1:]),
    }
    print(json.dumps(result, indent=2))
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / f"crash-{options.db}.json").write_text(json.dumps(result, indent=2))
    ok = (result["acknowledged_present_ratio"] == 1.0 and result["doubled_by_retries"] == 0
          and check["whole"] == check["stored_total"] and check["access_log_verified"])
    print("drill passed" if ok else "DRILL FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
