#!/usr/bin/env python3
"""Search of the social map under concurrent load, beside the same queries as raw SQL.

    .venv/bin/python bench/search_load.py --db sqlite   [--services 100000] [--concurrency 8] [--seconds 30]
    .venv/bin/python bench/search_load.py --db postgres [...]

What it does, on a database of its own (--data-dir, default var/bench/, for SQLite; --pg-database, default `samenkracht_bench`, on the
local PostgreSQL):
1. migrate, and generate N synthetic services over all municipalities when the database has fewer;
   then ANALYZE (planner statistics); --prepare-only stops here;
2. start gunicorn (--workers, default 3) on 127.0.0.1:8765 (--port) with production-like settings;
3. drive GET /api/v1/socialmap/search with a fixed mix of free-text, filtered and distance queries from
   --concurrency threads for --seconds, recording each latency;
4. capture the SQL statements that one search issues (page, count, facets) in-process, and run exactly
   those statements on raw DB-API connections with the same concurrency and duration;
5. print and save (bench/results/search-<db>.json) p50/p95/p99 and throughput of both, and the ratio.
Nothing leaves 127.0.0.1; every loop is bounded by --seconds.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import secrets
import signal
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PORT = 8765
PG_DATABASE = "samenkracht_bench"      # --pg-database
DATA_DIR = ROOT / "var" / "bench"       # --data-dir (SQLite)

TEXTS = ["schulden", "vergeetachtig", "eenzaam", "opvoeding", "werk zoeken", "mantelzorg", "taal leren",
         "rekeningen betalen", "burenruzie", "vervoer naar ziekenhuis", "samen eten", "thuisadministratie"]
DOMAINS = ["financien", "sociaal-netwerk", "huiselijke-relaties", "werk-opleiding", "geestelijke-gezondheid"]


def query_mix(municipality_codes: list[str], postcodes: list[str], count: int = 200, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    mix = []
    for i in range(count):
        kind = i % 3
        if kind == 0:  # free text
            mix.append({"text": rng.choice(TEXTS)})
        elif kind == 1:  # filtered
            mix.append({"text": rng.choice(TEXTS), "life_domains": rng.choice(DOMAINS),
                        "municipality": rng.choice(municipality_codes), "free": "true"})
        else:  # distance
            mix.append({"text": rng.choice(TEXTS), "postcode": rng.choice(postcodes), "radius_km": 15})
    return mix


def environment(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "SAMENKRACHT_SECRET_KEY": secrets.token_urlsafe(64), "SAMENKRACHT_ALLOWED_HOSTS": "127.0.0.1",
        "SAMENKRACHT_SSL_REDIRECT": "false", "SAMENKRACHT_SECURE_COOKIES": "false", "SAMENKRACHT_DEBUG": "false",
        "SAMENKRACHT_FIELD_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
        "SAMENKRACHT_HASH_KEY": "bench-only-hash-key-bench-only-hash-key", "SAMENKRACHT_LOG_LEVEL": "WARNING",
    })
    if db == "postgres":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    else:
        env.pop("DATABASE_URL", None)
        env["SAMENKRACHT_DATA_DIR"] = str(DATA_DIR)
    return env


def prepare(db: str, services: int, env: dict) -> None:
    if db == "postgres":
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE], capture_output=True)
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
    run = lambda *a: subprocess.run([str(VENV_BIN / "samenkracht"), *a], env=env, check=True, cwd=ROOT)  # noqa: E731
    run("migrate", "--no-input", "-v0")
    code = ("import django;django.setup();from samenkracht.socialmap.models import Service;"
            "print(Service.objects.count())")
    have = int(subprocess.run([str(VENV_BIN / "python"), "-c", code], env={**env, "DJANGO_SETTINGS_MODULE":
                              "samenkracht.settings"}, capture_output=True, text=True, check=True).stdout)
    if have < services:
        run("generate", "--services", str(services - have), "--seed", str(have + 1))
    # Planner statistics, as autovacuum (PostgreSQL) or a periodic `PRAGMA optimize` (SQLite) keep them in
    # production; right after a bulk load they are missing and the planners guess badly.
    code = "import django;django.setup();from django.db import connection;connection.cursor().execute('ANALYZE')"
    subprocess.run([str(VENV_BIN / "python"), "-c", code], env={**env, "DJANGO_SETTINGS_MODULE":
                   "samenkracht.settings"}, check=True)
    run("collectstatic", "--no-input", "-v0")


def start_server(env: dict, workers: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "samenkracht.wsgi", "--bind", f"127.0.0.1:{PORT}", "--workers", str(workers),
         "--log-level", "warning", "--timeout", "60"], env=env, cwd=ROOT)
    for _ in range(100):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/gezondheid/")
            if connection.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


def load(worker, items: list, concurrency: int, seconds: float) -> tuple[list[float], int]:
    """Run worker(item, state) from `concurrency` threads until `seconds` pass; latencies in ms."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(offset: int):
        state: dict = {}
        i = offset
        local, local_errors = [], 0
        while time.perf_counter() < deadline:
            item = items[i % len(items)]
            i += concurrency
            started = time.perf_counter()
            try:
                worker(item, state)
                local.append((time.perf_counter() - started) * 1000)
            except Exception:  # noqa: BLE001 - counted and reported
                local_errors += 1
        with lock:
            latencies.extend(local)
            errors[0] += local_errors

    threads = [threading.Thread(target=run, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0]


def http_worker(params: dict, state: dict) -> None:
    connection = state.get("c") or http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    state["c"] = connection
    connection.request("GET", "/api/v1/socialmap/search?" + urlencode(params))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")


def capture_sql(env: dict, mix: list[dict]) -> list[list[tuple[str, list]]]:
    """The SQL statements one search issues, per query of the mix (run in a child with the bench env)."""
    code = r"""
import json, sys, django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
mix = json.loads(sys.stdin.read())
from samenkracht.socialmap.api_search import SearchFilters, to_params
from samenkracht.socialmap.search import search_services
out = []
for params in mix:
    data = dict(params)
    if "life_domains" in data:
        data["life_domains"] = [data["life_domains"]]
    search_params = to_params(SearchFilters(**data))
    with CaptureQueriesContext(connection) as captured:
        search_services(search_params)
    out.append([q["sql"] for q in captured.captured_queries])
print(json.dumps(out))
"""
    result = subprocess.run([str(VENV_BIN / "python"), "-c", code], input=json.dumps(mix), text=True,
                            capture_output=True, env={**env, "DJANGO_SETTINGS_MODULE": "samenkracht.settings"})
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout)


def raw_worker_factory(db: str, env: dict):
    if db == "postgres":
        import psycopg

        def connect():
            return psycopg.connect(f"host=127.0.0.1 user=postgres dbname={PG_DATABASE}", autocommit=True)
    else:
        path = DATA_DIR / "samenkracht.sqlite3"

        def connect():
            connection = sqlite3.connect(path, check_same_thread=False)
            connection.execute("PRAGMA journal_mode=WAL")
            return connection

    def worker(statements: list[str], state: dict) -> None:
        connection = state.get("c") or connect()
        state["c"] = connection
        cursor = connection.cursor()
        for sql in statements:   # includes BEGIN / SET LOCAL jit = off / COMMIT on PostgreSQL
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()

    return worker


def summary(latencies: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(latencies)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2) if ordered else None  # noqa: E731
    return {"requests": len(ordered), "errors": errors, "per_second": round(len(ordered) / seconds, 1),
            "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "mean_ms": round(statistics.fmean(ordered), 2) if ordered else None}


def main() -> int:
    global PG_DATABASE, DATA_DIR, PORT
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pg-database", default=PG_DATABASE, help="PostgreSQL database for --db postgres")
    parser.add_argument("--data-dir", default=str(DATA_DIR), help="SAMENKRACHT_DATA_DIR for --db sqlite")
    parser.add_argument("--port", type=int, default=PORT, help="port for gunicorn on 127.0.0.1")
    parser.add_argument("--raw-queries", type=int, default=200,
                        help="replay the SQL of the first N searches of the mix (capturing runs them once each)")
    parser.add_argument("--prepare-only", action="store_true", help="migrate and generate, then stop")
    args = parser.parse_args()
    PG_DATABASE, DATA_DIR, PORT = args.pg_database, Path(args.data_dir), args.port
    env = environment(args.db)
    prepare(args.db, args.services, env)
    if args.prepare_only:
        return 0

    code = ("import django,json;django.setup();from samenkracht.network.models import Municipality,Neighbourhood;"
            "from samenkracht.socialmap.models import ServiceCoverage;"
            "print(json.dumps([sorted(set(ServiceCoverage.objects.values_list('municipality__code',flat=True)[:2000]))[:60],"
            "[n for n in Neighbourhood.objects.exclude(postcode='').values_list('postcode',flat=True)][:30]]))")
    codes, postcodes = json.loads(subprocess.run([str(VENV_BIN / "python"), "-c", code], capture_output=True, text=True,
                                                 env={**env, "DJANGO_SETTINGS_MODULE": "samenkracht.settings"},
                                                 check=True).stdout)
    postcodes = postcodes or ["1271AB"]
    mix = query_mix(codes or ["GM0193"], postcodes)

    server = start_server(env, args.workers)
    try:
        load(http_worker, mix[:20], args.concurrency, 3)  # warm-up
        http_latencies, http_errors = load(http_worker, mix, args.concurrency, args.seconds)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    statements = capture_sql(env, mix[:args.raw_queries])
    raw = raw_worker_factory(args.db, env)
    load(raw, statements[:20], args.concurrency, 3)  # warm-up
    raw_latencies, raw_errors = load(raw, statements, args.concurrency, args.seconds)

    result = {
        "db": args.db, "services": args.services, "concurrency": args.concurrency, "seconds": args.seconds,
        "workers": args.workers, "raw_queries": min(args.raw_queries, len(mix)), "mix": "1/3 free text, 1/3 text+domain+municipality+free, 1/3 text+postcode+15 km",
        "statements_per_search": round(statistics.fmean(len(s) for s in statements), 1),
        "http": summary(http_latencies, http_errors, args.seconds),
        "raw_sql": summary(raw_latencies, raw_errors, args.seconds),
    }
    h, r = result["http"], result["raw_sql"]
    result["ratio_p50"] = round(h["p50_ms"] / r["p50_ms"], 2) if r["p50_ms"] else None
    result["ratio_p95"] = round(h["p95_ms"] / r["p95_ms"], 2) if r["p95_ms"] else None
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"search-{args.db}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
