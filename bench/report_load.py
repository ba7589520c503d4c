#!/usr/bin/env python3
"""Speed of the accountability report: ≤ 2 s on PostgreSQL and ≤ 10 s on SQLite with a synthetic
municipality of 500,000 help requests and 1,000,000 referrals over 5 years.

    .venv/bin/python bench/report_load.py --db sqlite   [--requests 500000] [--referrals 1000000]
    .venv/bin/python bench/report_load.py --db postgres [--pg-database h8bench] [...]

What it does, on a database of its own (var/bench-report/ for SQLite, removed first; the PostgreSQL database
given by --pg-database on 127.0.0.1, dropped and created again):
1. migrate; one synthetic municipality "Benchstad" with 12 organisations, 4 teams, 10 neighbourhoods;
2. bulk-insert the help requests (85% triaged), the referrals, 10,000 closed plans with ZRM intake and closure
   and satisfaction, breakthroughs and volunteer hours over 5 years, printing progress and rows/s
   (reports/synthetic.py, the generator of the demo);
3. an assignment with a result agreement for every computed indicator over the whole 5 years, each with a
   breakdown and the quarterly trend (20 quarters);
4. times `reports.queries.assignment_report` (the page's and the API's report) --runs times as a policy
   officer, counting queries and measuring peak Python memory (tracemalloc) and the process's max RSS; then
   runs exactly the SQL statements the report issued on a raw cursor as the baseline;
5. prints and writes bench/results/report_load_<db>.json; exit 1 when the median is above the target.
Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "var" / "bench-report"
TARGET = {"postgres": 2.0, "sqlite": 10.0}


def configure(db: str, pg_database: str) -> None:
    os.environ.update({
        "SAMENKRACHT_SECRET_KEY": "bench-only-secret-key-" + "x" * 40, "SAMENKRACHT_DEBUG": "false",
        "SAMENKRACHT_FIELD_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
        "SAMENKRACHT_HASH_KEY": "bench-only-hash-key-bench-only-hash-key", "SAMENKRACHT_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "samenkracht.settings",
    })
    if db == "postgres":
        for command in ("dropdb", "createdb"):
            subprocess.run([command, "-h", "127.0.0.1", "-U", "postgres", pg_database], capture_output=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{pg_database}"
    else:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        DATA_DIR.mkdir(parents=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{DATA_DIR / 'bench.sqlite3'}"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


class Progress:
    def __init__(self):
        self.started: dict[str, float] = {}
        self.last = 0.0

    def __call__(self, what: str, done: int) -> None:
        now = time.perf_counter()
        start = self.started.setdefault(what, now)
        if now - self.last >= 5 or done in (0,):
            rate = done / max(now - start, 1e-9)
            print(f"  {what}: {done:,} rows, {rate:,.0f} rows/s", flush=True)
            self.last = now


def build(requests: int, referrals: int, years: int) -> dict:
    from django.core.management import call_command

    from samenkracht.network.models import Membership, Municipality, Neighbourhood, Organisation, Role, Team
    from samenkracht.reports import demo, synthetic
    from samenkracht.socialmap.models import LifeDomain

    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    timings = {"migrate_s": round(time.perf_counter() - t0, 1)}
    municipality = Municipality.objects.create(code="GM9901", name="Benchstad", population=250000)
    gemeente = Organisation.objects.create(name="Gemeente Benchstad", kind="municipality", municipality=municipality)
    organisations = [Organisation.objects.create(name=f"Bench organisatie {i + 1}", kind="welfare",
                                                 municipality=municipality) for i in range(12)]
    neighbourhoods = [Neighbourhood.objects.create(municipality=municipality, name=f"Wijk {i + 1}", kind="district")
                      for i in range(10)]
    teams = []
    for i in range(4):
        team = Team.objects.create(name=f"Benchteam {i + 1}", kind="neighbourhood_team", municipality=municipality)
        team.organisations.set(organisations[i * 3:(i + 1) * 3])
        teams.append(team)
    from samenkracht.accounts.models import User

    policy = User.objects.create_user(username="beleid@bench.invalid", email="beleid@bench.invalid",
                                      full_name="Bench Beleid", password=None)
    Membership.objects.create(user=policy, organisation=gemeente, role=Role.POLICY_OFFICER)
    ctx = synthetic.Context(municipality=municipality, teams=teams, neighbourhoods=neighbourhoods,
                            organisations=organisations, users=demo._professionals(municipality, organisations),
                            domains=list(LifeDomain.objects.values_list("code", flat=True)))
    days = 365 * years
    start = date.today() - timedelta(days=days)
    progress = Progress()
    t0 = time.perf_counter()
    made = synthetic.help_requests(ctx, count=requests, start=start, days=days, seed=1, prefix="BENCH",
                                   batch_size=10000, progress=progress)
    timings["help_requests"] = {"rows": made, "seconds": round(time.perf_counter() - t0, 1),
                                "rows_per_s": round(made / (time.perf_counter() - t0))}
    print(f"help requests: {made:,} (+ triages, life domains) in {timings['help_requests']['seconds']} s", flush=True)
    t0 = time.perf_counter()
    made = synthetic.referrals(ctx, count=referrals, start=start, days=days, seed=2, marker="BENCH",
                               batch_size=20000, progress=progress)
    elapsed = time.perf_counter() - t0
    timings["referrals"] = {"rows": made, "seconds": round(elapsed, 1), "rows_per_s": round(made / max(elapsed, 1e-9))}
    if not made:
        print("referrals: the referrals app has no Referral model yet: measured with help requests only")
    print(f"referrals: {made:,} in {elapsed:.1f} s", flush=True)
    t0 = time.perf_counter()
    plans = demo._plans(ctx, count=10000, start=start, days=days, seed=3)
    hours = synthetic.volunteer_hours(ctx, start=start, days=days, seed=4, volunteers=200)
    timings["plans_and_hours"] = {"plans": plans, "hours_entries": hours,
                                  "seconds": round(time.perf_counter() - t0, 1)}
    print(f"closed plans: {plans:,}; volunteer hours entries: {hours:,}", flush=True)
    assignment = _assignment(municipality, gemeente, organisations, start, date.today())
    return {"timings": timings, "assignment": assignment.pk, "policy": policy, "start": start}


def _assignment(municipality, gemeente, organisations, start: date, end: date):
    from samenkracht.agreements.models import Agreement, Assignment, Party, ResultAgreement
    from samenkracht.reports.compute import computed_codes
    from samenkracht.reports.indicators import CATALOGUE

    agreement = Agreement.objects.create(kind="assignment", title="Benchopdracht", municipality=municipality,
                                         status="signed", start_on=start, end_on=end)
    lead = Party.objects.create(agreement=agreement, organisation=organisations[0], role="lead_party")
    assignment = Assignment.objects.create(agreement=agreement, municipality=municipality)
    breakdowns = {"help_requests": "channel", "resolved_open_access_share": "neighbourhood",
                  "referrals_accepted_within_5_days": "organisation", "closed_loop_rate": "organisation",
                  "zrm_change": "life_domain", "days_to_triage": "organisation", "satisfaction": "neighbourhood",
                  "volunteer_hours": "organisation", "active_volunteers": "organisation",
                  "breakthroughs_resolved": "municipality"}
    for code in computed_codes():
        ResultAgreement.objects.create(assignment=assignment, indicator=code, target=50, unit=CATALOGUE[code].unit,
                                       period_start=start, period_end=end, responsible_party=lead,
                                       breakdown=breakdowns.get(code, ""))
    return assignment


def measure(built: dict, runs: int) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from samenkracht.network.permissions import actor_for_user
    from samenkracht.reports import queries

    actor = actor_for_user(built["policy"])
    times, statements = [], []
    tracemalloc.start()
    for run in range(runs):
        reset_queries()
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            report, rows = queries.assignment_report(actor, built["assignment"])
            times.append(time.perf_counter() - t0)
        statements = [q["sql"] for q in captured.captured_queries]
        print(f"  report run {run + 1}: {times[-1]:.2f} s, {len(statements)} queries", flush=True)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    raw_times = []
    for _run in range(runs):
        t0 = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        raw_times.append(time.perf_counter() - t0)
    sample = {r.code: [r.actual, r.status, len(r.trend), len(r.breakdown_cells)] for r in rows}
    return {
        "report_seconds": [round(t, 3) for t in times], "report_median_s": round(statistics.median(times), 3),
        "raw_sql_seconds": [round(t, 3) for t in raw_times], "raw_sql_median_s": round(statistics.median(raw_times), 3),
        "queries": len(statements), "peak_python_memory_mib": round(peak / 2**20, 1),
        "max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "result_agreements": len(rows), "sample": sample,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--requests", type=int, default=500_000)
    parser.add_argument("--referrals", type=int, default=1_000_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pg-database", default="samenkracht_bench_report")
    args = parser.parse_args()
    configure(args.db, args.pg_database)
    t0 = time.perf_counter()
    built = build(args.requests, args.referrals, args.years)
    print(f"data built in {time.perf_counter() - t0:.0f} s; timing the report", flush=True)
    from django.db import connection

    if args.db == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    figures = measure(built, args.runs)
    result = {
        "benchmark": "accountability report", "db": args.db, "requests": args.requests, "referrals": args.referrals,
        "years": args.years, "target_s": TARGET[args.db], "build": built["timings"], **figures,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "load_average": os.getloadavg()},
        "command": " ".join(["bench/report_load.py", *sys.argv[1:]]),
        "met": figures["report_median_s"] <= TARGET[args.db],
    }
    out = ROOT / "bench" / "results" / f"report_load_{args.db}.json"
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "sample"}, indent=2, ensure_ascii=False))
    return 0 if result["met"] else 1


if __name__ == "__main__":
    sys.exit(main())
