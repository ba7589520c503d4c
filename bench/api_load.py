#!/usr/bin/env python3
"""Throughput and latency of the main API reads and writes under concurrent load, each beside a baseline
measured in the same run: the same SELECT statements replayed on raw database connections, and a bare
Django view (/gezondheid/: one query, no policy, no serialisation).

    .venv/bin/python bench/api_load.py --db postgres [--services 20000] [--households 300]
                                                     [--concurrency 8] [--seconds 20] [--workers 3]
    .venv/bin/python bench/api_load.py --db sqlite [...]
    .venv/bin/python bench/api_load.py --db postgres --journeys --users 10 --minutes 5

On a database of its own (PostgreSQL `samenkracht_load`, SQLite var/load/):
1. migrate, load the demo (network, accounts, sociale kaart and the demo's resident data), generate
   --services services; issue tokens acting for two demo professionals of different organisations in the
   same Almelo team (the wijkcoach of DNO and the Wmo consultant of the municipality);
2. start gunicorn with --workers workers (production settings, DEBUG off);
3. register --households help requests with their households through the API (the intake path);
4. per scenario, drive it from --concurrency threads for --seconds: bare view, sociale kaart search,
   household list, household detail, referral inbox (when the referrals API exists), intake create;
5. capture the statements one request of each read scenario issues (in-process, same token) and replay
   their SELECTs from the same number of threads on raw connections: the cost of the database alone.
   The application's extra work (token check, policy, access-log INSERT per read, JSON) is the difference.
With --journeys: --users simulated professionals, each looping through a working session (search →
intake → household → joint triage with a plan → plan goal → plan read → referral inbox → report) for
--minutes; errors (target 0) and p95 per step (target ≤ 300 ms).
Results: printed and saved to bench/results/api-<db>[-journeys].json.
"""

from __future__ import annotations

import argparse
import json
import random
import signal
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loadkit import ROOT, Http, Target, load, raw_worker, summary  # noqa: E402

TEXTS = ["schulden", "eenzaam", "opvoeding", "werk zoeken", "mantelzorg", "thuisadministratie", "taal leren"]
GIVEN = ["Anouk", "Bram", "Chaima", "Daan", "Eline", "Finn", "Gül", "Hamza", "Iris", "Jesse", "Kiki", "Luuk"]
FAMILY = ["de Boer", "Yılmaz", "Jansen", "Bakker", "El Amrani", "Visser", "Smit", "Meijer", "de Vries"]

SETUP = r"""
import json
from samenkracht.accounts.models import ApiScope, User
from samenkracht.accounts.tokens import issue_token
from samenkracht.network.models import TeamMember
out = {}
for local in ("wijkcoach", "wmo"):
    user = User.objects.get(email=f"{local}@demo.samenkracht.nl")
    member = TeamMember.objects.filter(user=user).select_related("team", "organisation").first()
    _t, raw = issue_token(organisation=member.organisation, name=f"load {local}", scopes=list(ApiScope.values))
    out[local] = {"raw": raw, "email": user.email, "team": member.team_id}
print(json.dumps(out))
"""

CAPTURE = r"""
import json, sys
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
spec = json.loads(sys.stdin.read())
client = Client(HTTP_HOST="127.0.0.1")
out = {}
for scenario, paths in spec["paths"].items():
    out[scenario] = []
    for path in paths:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path, **spec["headers"])
        assert response.status_code == 200, (path, response.status_code, response.content[:300])
        out[scenario].append([q["sql"] for q in captured.captured_queries
                              if q["sql"].lstrip().upper().startswith("SELECT") and "FOR UPDATE" not in q["sql"]])
print(json.dumps(out))
"""


def headers_for(credentials: dict) -> dict:
    return {"Authorization": f"Bearer {credentials['raw']}", "X-On-Behalf-Of": credentials["email"]}


def check(status: int, body: bytes, expected=(200, 201)) -> dict:
    if status not in expected:
        raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
    return json.loads(body) if body else {}


def intake(http: Http, team: int, rng: random.Random) -> dict:
    status, _h, body = http.request("POST", "/api/v1/frontdoor/requests", {
        "team": team, "channel": rng.choice(["phone", "walk_in", "email"]), "life_domains": ["financien"],
        "question": f"Ik heb hulp nodig bij {rng.choice(TEXTS)}."})
    return check(status, body)


def register_household(http: Http, request_id: int, rng: random.Random) -> dict:
    status, _h, body = http.request("POST", f"/api/v1/frontdoor/requests/{request_id}/household", {
        "members": [{"given_name": rng.choice(GIVEN), "family_name": f"{rng.choice(FAMILY)} {rng.randrange(10**6)}",
                     "date_of_birth": f"19{rng.randrange(40, 99)}-0{rng.randrange(1, 9)}-1{rng.randrange(0, 9)}"}],
        "confirm_new": True})
    return check(status, body)


def discover(http: Http) -> dict[str, str | None]:
    """Optional operations, looked up in the live OpenAPI document (apps that are not there are skipped)."""
    status, _h, body = http.request("GET", "/api/v1/openapi.json")
    paths = json.loads(body).get("paths", {}) if status == 200 else {}
    plain_gets = [p for p, ops in paths.items() if "get" in ops and "{" not in p]
    pick = lambda prefix: next((p for p in sorted(plain_gets) if p.startswith(prefix)), None)  # noqa: E731
    return {"referrals": pick("/api/v1/referrals"), "reports": pick("/api/v1/reports")}


def seed(target: Target, credentials: dict, households: int) -> list[int]:
    rng = random.Random(11)
    ids: list[int] = []
    lock = threading.Lock()

    def work(n: int):
        http = Http(target.port, headers_for(credentials))
        local_rng = random.Random(n)
        for _ in range(n, households, 4):
            request = intake(http, credentials["team"], local_rng)
            household = register_household(http, request["id"], local_rng)
            with lock:
                ids.append(household["id"])

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    rng.shuffle(ids)
    return ids


def scenarios(credentials: dict, household_ids: list[int], optional: dict) -> dict:
    """name → (items, worker(item, state)); every worker checks the answer."""
    headers = headers_for(credentials)

    def get(path: str, state: dict) -> None:
        http = state.setdefault("http", Http(state["port"], headers))
        status, _h, body = http.request("GET", path)
        check(status, body, (200,))

    def post_intake(n: int, state: dict) -> None:
        http = state.setdefault("http", Http(state["port"], headers))
        intake(http, credentials["team"], random.Random(n))

    result = {
        "bare view (/gezondheid/)": (["/gezondheid/"], get),
        "sociale kaart search": (["/api/v1/socialmap/search?" + urlencode({"text": t}) for t in TEXTS], get),
        "household list": (["/api/v1/plans/households"], get),
        "household detail": ([f"/api/v1/plans/households/{i}" for i in household_ids], get),
        "intake create (POST)": (list(range(10_000)), post_intake),
    }
    if optional.get("referrals"):
        result["referral list"] = ([optional["referrals"]], get)
    return result


def run_scenarios(target: Target, options, credentials: dict, optional: dict, household_ids: list[int]) -> dict:
    results = {}
    for name, (items, worker) in scenarios(credentials["wijkcoach"], household_ids, optional).items():
        def bound(item, state, worker=worker):
            state.setdefault("port", target.port)
            worker(item, state)

        load(bound, items[:5], options.concurrency, 2)  # warm-up
        latencies, errors, examples = load(bound, items, options.concurrency, options.seconds)
        results[name] = {"http": summary(latencies, errors, options.seconds), "error_examples": examples}
        print(f"  {name}: {results[name]['http']}", flush=True)
    return results


def run_baselines(target: Target, options, credentials: dict, optional: dict, household_ids: list[int],
                  results: dict) -> None:
    wijkcoach = credentials["wijkcoach"]
    meta = {"HTTP_AUTHORIZATION": f"Bearer {wijkcoach['raw']}", "HTTP_X_ON_BEHALF_OF": wijkcoach["email"]}
    paths = {
        "sociale kaart search": ["/api/v1/socialmap/search?" + urlencode({"text": t}) for t in TEXTS],
        "household list": ["/api/v1/plans/households"],
        "household detail": [f"/api/v1/plans/households/{i}" for i in household_ids[:30]],
    }
    if optional.get("referrals"):
        paths["referral list"] = [optional["referrals"]]
    captured = json.loads(target.django(CAPTURE, stdin=json.dumps({"headers": meta, "paths": paths})))
    worker = raw_worker(target)
    for name, statements in captured.items():
        load(worker, statements[:5], options.concurrency, 2)
        latencies, errors, examples = load(worker, statements, options.concurrency, options.seconds)
        raw = summary(latencies, errors, options.seconds)
        entry = results[name]
        entry["raw_sql"] = raw
        entry["select_statements"] = round(statistics.fmean(len(s) for s in statements), 1)
        entry["ratio_http_raw_p50"] = round(entry["http"]["p50_ms"] / raw["p50_ms"], 2) if raw["p50_ms"] else None
    bare = results["bare view (/gezondheid/)"]["http"]["p50_ms"]
    for entry in results.values():
        entry["ratio_to_bare_view_p50"] = round(entry["http"]["p50_ms"] / bare, 2) if bare else None


STEPS = ["search", "intake", "household", "triage", "plan read", "plan goal", "referral inbox", "report"]


def journeys(target: Target, options, credentials: dict, optional: dict) -> dict:
    """--users professionals, each looping through a working session for --minutes."""
    deadline = time.monotonic() + options.minutes * 60
    timings: dict[str, list[float]] = {step: [] for step in STEPS}
    errors: dict[str, list[str]] = {step: [] for step in STEPS}
    sessions = [0]
    lock = threading.Lock()
    wijkcoach, wmo = credentials["wijkcoach"], credentials["wmo"]

    def timed(step: str, function):
        started = time.perf_counter()
        try:
            value = function()
        except Exception as error:  # noqa: BLE001 - counted and reported per step
            with lock:
                errors[step].append(str(error)[:200])
            return None
        with lock:
            timings[step].append((time.perf_counter() - started) * 1000)
        return value

    def user(n: int):
        rng = random.Random(1000 + n)
        http = Http(target.port, headers_for(wijkcoach))
        reporter = Http(target.port, headers_for(credentials["beleid"])) if "beleid" in credentials else None
        while time.monotonic() < deadline:
            timed("search", lambda: check(*http.request("GET", "/api/v1/socialmap/search?" + urlencode({"text": rng.choice(TEXTS)}))[::2]))
            request = timed("intake", lambda: intake(http, wijkcoach["team"], rng))
            if request is None:
                continue
            household = timed("household", lambda: register_household(http, request["id"], rng))
            if household is None:
                continue
            triage = timed("triage", lambda: check(*http.request("POST", f"/api/v1/frontdoor/requests/{request['id']}/triage", {
                "second_professional": wmo["email"], "outcome": "plan", "coordinator": wijkcoach["email"],
                "notes": "Samen besproken."})[::2]))
            plan_id = (triage or {}).get("plan")
            if plan_id:
                plan = timed("plan read", lambda: check(*http.request("GET", f"/api/v1/plans/{plan_id}")[::2], (200,)))
                if plan:
                    timed("plan goal", lambda: check(*http.request("POST", f"/api/v1/plans/{plan_id}/goals", {
                        "version": plan["version"], "life_domain": "financien",
                        "description": "Overzicht van de schulden", "current_score": 2, "target_score": 4})[::2]))
            if optional.get("referrals"):
                timed("referral inbox", lambda: check(*http.request("GET", optional["referrals"])[::2], (200,)))
            if optional.get("reports") and reporter is not None:
                timed("report", lambda: check(*reporter.request("GET", optional["reports"])[::2], (200,)))
            with lock:
                sessions[0] += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(options.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = options.minutes * 60
    steps = {}
    for step in STEPS:
        if not timings[step] and not errors[step]:
            continue
        steps[step] = {**summary(timings[step], len(errors[step]), seconds), "error_examples": errors[step][:3],
                       "p95_target_met": bool(timings[step]) and summary(timings[step], 0, seconds)["p95_ms"] <= 300}
    return {"users": options.users, "minutes": options.minutes, "sessions": sessions[0],
            "errors_total": sum(len(e) for e in errors.values()), "steps": steps}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--services", type=int, default=20_000)
    parser.add_argument("--households", type=int, default=300)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--journeys", action="store_true")
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=5)
    options = parser.parse_args()
    target = Target(options.db, "load", options.port)
    env = target.env()
    print(f"preparing {options.db}: migrate, demo, {options.services} services ...", flush=True)
    target.reset()
    target.samenkracht("migrate", "--no-input", "-v0", env=env)
    target.samenkracht("demo", env=env)
    target.samenkracht("generate", "--services", str(options.services), env=env)
    target.samenkracht("collectstatic", "--no-input", "-v0", env=env)
    credentials = json.loads(target.django(SETUP, env=env))
    server = target.start_server(options.workers, env=env)
    try:
        optional = discover(Http(target.port))
        started = time.perf_counter()
        household_ids = seed(target, credentials["wijkcoach"], options.households)
        seeding = round(time.perf_counter() - started, 1)
        print(f"registered {len(household_ids)} requests with households in {seeding} s", flush=True)
        if options.journeys:
            result = {"journeys": journeys(target, options, credentials, optional)}
        else:
            result = {"scenarios": run_scenarios(target, options, credentials, optional, household_ids)}
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    if not options.journeys:
        run_baselines(target, options, credentials, optional, household_ids, result["scenarios"])
    result.update({"db": options.db, "services": options.services, "households_seeded": options.households,
                   "seeding_seconds": seeding, "concurrency": options.concurrency, "seconds": options.seconds,
                   "workers": options.workers, "optional_operations": optional,
                   "command": "bench/api_load.py " + " ".join(sys.argv[1:])})
    print(json.dumps(result, indent=2))
    name = f"api-{options.db}{'-journeys' if options.journeys else ''}.json"
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / name).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
