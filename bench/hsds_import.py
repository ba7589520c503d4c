#!/usr/bin/env python3
"""Speed of the HSDS 3.0 import: 100,000 services in at most 60 seconds.

    .venv/bin/python bench/hsds_import.py --db sqlite   [--services 100000] [--format datapackage|json]
    .venv/bin/python bench/hsds_import.py --db postgres [...]

What it does, on a database of its own (var/bench-hsds/ for SQLite, removed first; database
`samenkracht_bench_hsds` on the local PostgreSQL, dropped and created again):
1. migrate and load the CBS municipality list;
2. write a synthetic HSDS file: N services of N/200 organisations at N/50 Dutch locations, each service
   with a phone, two languages, a cost option, opening hours on two days, a service area (CBS code), one
   location and three classifications (life domain, target group, access type);
3. time `samenkracht hsds_import` on it (first run: everything new; the search index is filled too), then
   once more (everything updated by id);
4. print and save bench/results/hsds-import-<db>-<format>.json; exit 1 when the first import took longer
   than --limit seconds (default 60).
Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
DATA_DIR = ROOT / "var" / "bench-hsds"
PG_DATABASE = "samenkracht_bench_hsds"
NAMESPACE = uuid.UUID("0d7b7d1e-5b1f-4c55-9a55-b3e7c5a1f001")
LIFE_DOMAINS = ["financien", "werk-opleiding", "tijdsbesteding", "huisvesting", "huiselijke-relaties",
                "sociaal-netwerk", "maatschappelijke-participatie"]
TARGET_GROUPS = ["iedereen", "ouderen", "jongeren", "mantelzorgers", "schulden"]


def uid(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, ":".join(map(str, parts))))


def hsds_term(kind: str, code: str) -> str:
    """The platform's deterministic term ids (serializers.term_id / domains.hsds_uuid)."""
    namespace = uuid.UUID("4b3f6a34-7c1e-5d9a-9f2b-5a6d7e8f9a01")
    return str(uuid.uuid5(namespace, f"{kind}:{code}"))


def environment(db: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "SAMENKRACHT_SECRET_KEY": secrets.token_urlsafe(64), "SAMENKRACHT_DEBUG": "false",
        "SAMENKRACHT_FIELD_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
        "SAMENKRACHT_HASH_KEY": "bench-only-hash-key-bench-only-hash-key", "SAMENKRACHT_LOG_LEVEL": "WARNING",
    })
    if db == "postgres":
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    else:
        env.pop("DATABASE_URL", None)
        env["SAMENKRACHT_DATA_DIR"] = str(DATA_DIR)
    return env


def samenkracht(env: dict, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([str(VENV_BIN / "samenkracht"), *args, "--skip-checks"], env=env, cwd=ROOT, **kwargs)


def fresh_database(db: str, env: dict) -> None:
    if db == "postgres":
        for command in ("dropdb", "createdb"):
            subprocess.run([command, "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE], capture_output=True)
    else:
        shutil.rmtree(DATA_DIR, ignore_errors=True)
        DATA_DIR.mkdir(parents=True)
    samenkracht(env, "migrate", "--no-input", "-v0", check=True)
    samenkracht(env, "load_municipalities", check=True, capture_output=True)


def municipalities() -> list[tuple[str, str]]:
    with open(ROOT / "src" / "samenkracht" / "network" / "data" / "gemeenten.csv", encoding="utf-8") as handle:
        return [(row["code"], row["naam"]) for row in csv.DictReader(handle)]


def generate(count: int) -> dict[str, list[dict]]:
    """The synthetic data as HSDS tables (rows keyed by column)."""
    places = municipalities()
    organisations = max(1, count // 200)
    location_count = max(1, count // 50)
    tables: dict[str, list[dict]] = {name: [] for name in (
        "organizations", "locations", "addresses", "services", "phones", "languages", "cost_options", "schedules",
        "service_areas", "service_at_location", "attributes")}
    for o in range(organisations):
        tables["organizations"].append({"id": uid("org", o), "name": f"Organisatie {o:05d}",
                                        "description": "Welzijn en ondersteuning.", "email": f"info{o}@example.org"})
    for index in range(location_count):
        code, name = places[index % len(places)]
        tables["locations"].append({"id": uid("loc", index), "location_type": "physical", "name": f"Locatie {index}",
                                    "organization_id": uid("org", index % organisations)})
        tables["addresses"].append({
            "id": uid("adr", index), "location_id": uid("loc", index), "address_1": f"Dorpsstraat {index % 300 + 1}",
            "city": name, "postal_code": f"{1000 + index % 8999} AB", "country": "NL", "state_province": name,
            "address_type": "physical"})
    for n in range(count):
        sid = uid("svc", n)
        code, _name = places[n % len(places)]
        tables["services"].append({
            "id": sid, "organization_id": uid("org", n % organisations), "name": f"Dienst {n}",
            "description": "Hulp bij geldzaken, administratie en het vinden van de weg in de gemeente.",
            "status": "active", "email": f"dienst{n}@example.org", "minimum_age": 18, "maximum_age": 99,
            "assured_date": "2025-01-15", "last_modified": "2025-02-01T10:00:00Z"})
        tables["phones"].append({"id": uid("tel", n), "service_id": sid, "number": f"038-{n % 10_000_000:07d}"})
        for code_language in ("nl", "en"):
            tables["languages"].append({"id": uid("lang", n, code_language), "service_id": sid, "code": code_language})
        tables["cost_options"].append({"id": uid("cost", n), "service_id": sid, "option": "free", "currency": "EUR",
                                       "amount": 0})
        tables["schedules"].append({"id": uid("sch", n), "service_id": sid, "freq": "WEEKLY", "byday": "MO,TH",
                                    "opens_at": "09:00", "closes_at": "12:30"})
        tables["service_areas"].append({"id": uid("area", n), "service_id": sid, "name": code, "extent_type": "cbs",
                                        "extent": code})
        tables["service_at_location"].append({"id": uid("sal", n), "service_id": sid,
                                              "location_id": uid("loc", n % location_count)})
        for kind, term in (("life-domain", LIFE_DOMAINS[n % len(LIFE_DOMAINS)]),
                           ("target-group", TARGET_GROUPS[n % len(TARGET_GROUPS)]), ("access-type", "open")):
            tables["attributes"].append({"id": uid("attr", n, term), "link_id": sid, "link_entity": "service",
                                         "taxonomy_term_id": hsds_term(kind, term)})
    return tables


def write_datapackage(tables: dict[str, list[dict]], folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    resources = []
    for name, rows in tables.items():
        columns = list(dict.fromkeys(key for row in rows[:1000] for key in row))
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, columns, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource"})
    (folder / "datapackage.json").write_text(json.dumps({"profile": "tabular-data-package", "resources": resources}))
    return folder


def write_json(tables: dict[str, list[dict]], path: Path) -> Path:
    """The same data as the tabular JSON shape ({"services.csv": [...], ...})."""
    path.write_text(json.dumps({f"{name}.csv": rows for name, rows in tables.items()}), encoding="utf-8")
    return path


def timed_import(env: dict, source: Path) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (user + system) of one `samenkracht hsds_import` run.

    On SQLite the database work is inside the process, so CPU time covers all of it; on PostgreSQL the
    server's share is not included. On a machine shared with other work, wall-clock time also counts the
    time spent waiting for a processor.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = samenkracht(env, "hsds_import", str(source), stdout=subprocess.PIPE, stderr=sys.stderr, text=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(result.stdout.strip())
    print(f"wall {elapsed:.1f} s, cpu {cpu:.1f} s")
    if result.returncode != 0:
        sys.exit(f"the import failed (exit {result.returncode})")
    return elapsed, cpu


def main() -> None:
    global PG_DATABASE, DATA_DIR
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--services", type=int, default=100_000)
    parser.add_argument("--format", choices=["datapackage", "json"], default="datapackage", dest="data_format")
    parser.add_argument("--limit", type=float, default=60.0, help="seconds allowed for the first import")
    parser.add_argument("--pg-database", default=PG_DATABASE, help="PostgreSQL database (dropped and created again)")
    parser.add_argument("--data-dir", default=str(DATA_DIR), help="SAMENKRACHT_DATA_DIR for SQLite (removed first)")
    args = parser.parse_args()
    PG_DATABASE, DATA_DIR = args.pg_database, Path(args.data_dir)
    env = environment(args.db)
    fresh_database(args.db, env)
    with tempfile.TemporaryDirectory() as scratch:
        tables = generate(args.services)
        source = (write_datapackage(tables, Path(scratch) / "package") if args.data_format == "datapackage"
                  else write_json(tables, Path(scratch) / "hsds.json"))
        rows = sum(len(rows) for rows in tables.values())
        print(f"{args.services:,} services, {rows:,} HSDS rows ({args.data_format}) on {args.db}")
        first, first_cpu = timed_import(env, source)
        second, second_cpu = timed_import(env, source)
    result = {"db": args.db, "format": args.data_format, "services": args.services, "hsds_rows": rows,
              "first_import_s": round(first, 1), "first_import_cpu_s": round(first_cpu, 1),
              "reimport_s": round(second, 1), "reimport_cpu_s": round(second_cpu, 1), "limit_s": args.limit,
              "load_average": round(os.getloadavg()[0], 1), "cpus": os.cpu_count()}
    print(json.dumps(result))
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"hsds-import-{args.db}-{args.data_format}.json").write_text(json.dumps(result, indent=2) + "\n")
    if first > args.limit:
        sys.exit(f"first import took {first:.1f} s, more than {args.limit:.0f} s")


if __name__ == "__main__":
    main()
