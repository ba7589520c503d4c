#!/usr/bin/env python3
"""The cost of the access policy: a professional's household list against the same rows read without it.

    .venv/bin/python bench/policy_cost.py --db sqlite   [--households 20000] [--visible 2000] [--repeat 200]
    .venv/bin/python bench/policy_cost.py --db postgres [...]

On a database of its own (SQLite file in var/bench-policy/, or PostgreSQL `samenkracht_policy`), it builds
one municipality with two teams of two organisations, --households households of which --visible are held
by the professional's team, and noise on every other relation the policy knows (assignments, coordinated
plans, triages and emergency accesses of other professionals), so the policy's query has real work to do.
Then it times, in one process and interleaved, the first page (50 rows, with what the list shows) and the
count of:

  policy    plans.queries.households(actor): visible_households (team, assigned, coordinator, triage,
            emergency, referral relations) + the list's select/prefetch — what a professional gets;
  policy+log the same plus the access-log entry every list writes (policy.log_search);
  direct    the same select/prefetch over Household.objects.filter(holding_team=team): the same rows, as a
            superuser reading the table directly would get them.

It reports median and p95 per variant and the ratios policy/direct (target ≤ 1.3). Results:
bench/results/policy-<db>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_DATABASE = "samenkracht_policy"
DATA_DIR = ROOT / "var" / "bench-policy"


def configure(db: str) -> None:
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "samenkracht.settings", "SAMENKRACHT_SECRET_KEY": "bench-policy-secret-" + "x" * 50,
        "SAMENKRACHT_FIELD_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
        "SAMENKRACHT_HASH_KEY": "bench-only-hash-key-bench-only-hash-key", "SAMENKRACHT_DEBUG": "false",
        "SAMENKRACHT_ALLOWED_HOSTS": "127.0.0.1", "SAMENKRACHT_LOG_LEVEL": "ERROR",
    })
    if db == "postgres":
        subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", PG_DATABASE], capture_output=True)
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", PG_DATABASE], check=True)
        os.environ["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{PG_DATABASE}"
    else:
        os.environ.pop("DATABASE_URL", None)
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        for path in DATA_DIR.glob("samenkracht.sqlite3*"):
            path.unlink()
        os.environ["SAMENKRACHT_DATA_DIR"] = str(DATA_DIR)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def build(households: int, visible: int):
    """One municipality, two organisations in two teams, households with relation noise."""
    from django.utils import timezone

    from samenkracht.accounts.models import User
    from samenkracht.frontdoor.models import HelpRequest, Triage
    from samenkracht.network.models import Membership, Municipality, Organisation, Role, Team, TeamMember
    from samenkracht.plans.models import Assignment, Household, Person, Plan
    from samenkracht.privacy.models import EmergencyAccess

    municipality = Municipality.objects.create(code="GM9001", name="Bankstad")
    welfare = Organisation.objects.create(name="Welzijn Bankstad", kind="welfare", municipality=municipality)
    mee = Organisation.objects.create(name="MEE Bankstad", kind="client_support", municipality=municipality)
    teams = [Team.objects.create(name=f"Wijkteam {n}", kind="neighbourhood_team", municipality=municipality)
             for n in ("Noord", "Zuid")]
    people = []
    for n, (organisation, team) in enumerate([(welfare, teams[0]), (mee, teams[1]), (mee, teams[1])]):
        user = User.objects.create_user(username=f"p{n}@bench.test", email=f"p{n}@bench.test", full_name=f"P {n}",
                                        password=None)
        Membership.objects.create(user=user, organisation=organisation, role=Role.PROFESSIONAL)
        TeamMember.objects.create(team=team, user=user, organisation=organisation)
        people.append(user)
    me, other, third = people
    now = timezone.now()
    rows = [Household(municipality=municipality, holding_team=teams[0] if i < visible else teams[1],
                      holding_organisation=welfare if i < visible else mee,
                      created_at=now - timedelta(minutes=i)) for i in range(households)]
    Household.objects.bulk_create(rows, batch_size=2000)
    rows = list(Household.objects.order_by("id"))
    Person.objects.bulk_create([Person(household=h, municipality=municipality, given_name="Anna", family_name=f"B{i}",
                                       date_of_birth=date(1980, 1, 1) + timedelta(days=i % 9000))
                                for i, h in enumerate(rows)], batch_size=2000)
    others = rows[visible:]
    Assignment.objects.bulk_create([Assignment(household=h, municipality=municipality, user=other, organisation=mee)
                                    for h in others[::5]], batch_size=2000)
    Plan.objects.bulk_create([Plan(household=h, municipality=municipality, coordinator=third,
                                   coordinator_organisation=mee) for h in others[1::3]], batch_size=2000)
    requests = HelpRequest.objects.bulk_create([
        HelpRequest(reference=f"BENCH-{i}", municipality=municipality, team=teams[1], household=h, channel="phone",
                    question="Synthetische vraag", triage_due_at=now) for i, h in enumerate(others[2::4])],
        batch_size=2000)
    Triage.objects.bulk_create([Triage(help_request=r, municipality=municipality, professional_a=other,
                                       organisation_a=mee, professional_b=third, organisation_b=mee, outcome="advice")
                                for r in requests], batch_size=2000)
    EmergencyAccess.objects.bulk_create([EmergencyAccess(user=other, organisation=mee, household=h,
                                                         municipality=municipality, reason="x" * 25,
                                                         expires_at=now + timedelta(hours=4)) for h in others[3::50]])
    return me, teams[0]


def timed(function, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def summary(samples: list[float]) -> dict:
    ordered = sorted(samples)
    return {"median_ms": round(statistics.median(ordered), 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], required=True)
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--visible", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=200)
    options = parser.parse_args()
    configure(options.db)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samenkracht.network.permissions import PersonActor
    from samenkracht.plans import queries
    from samenkracht.plans.models import Household

    print(f"building {options.households} households ({options.visible} visible) on {options.db} ...", flush=True)
    user, team = build(options.households, options.visible)
    actor = PersonActor(user)
    shape = queries.households(actor)  # the list's select/prefetch/order, reused for the direct variant

    def direct_queryset():
        return Household.objects.filter(holding_team=team).select_related("neighbourhood", "holding_team") \
            .prefetch_related(*shape._prefetch_related_lookups).order_by("-created_at", "-id")

    def policy_page():
        list(queries.households(actor)[:50])
        queries.households(actor).count()

    def policy_page_logged():
        rows = list(queries.households(actor)[:50])
        queries.households(actor).count()
        queries.log_list(actor, rows, purpose="bench")

    def direct_page():
        list(direct_queryset()[:50])
        direct_queryset().count()

    policy_ids = [h.pk for h in queries.households(actor)[:50]]
    direct_ids = [h.pk for h in direct_queryset()[:50]]
    assert policy_ids == direct_ids, "both variants must return the same rows"
    assert queries.households(actor).count() == direct_queryset().count() == options.visible
    with CaptureQueriesContext(connection) as captured:
        policy_page()
    policy_queries = len(captured)
    for function in (policy_page, direct_page, policy_page_logged):  # warm caches and plans
        timed(function, 5)
    samples = {"policy": [], "policy+log": [], "direct": []}
    for _ in range(options.repeat):  # interleaved, so drift on a shared machine hits all alike
        samples["policy"] += timed(policy_page, 1)
        samples["direct"] += timed(direct_page, 1)
        samples["policy+log"] += timed(policy_page_logged, 1)
    result = {name: summary(values) for name, values in samples.items()}
    result["ratio_policy_direct_median"] = round(result["policy"]["median_ms"] / result["direct"]["median_ms"], 2)
    result["ratio_policy_direct_p95"] = round(result["policy"]["p95_ms"] / result["direct"]["p95_ms"], 2)
    result["ratio_policy_log_direct_median"] = round(
        result["policy+log"]["median_ms"] / result["direct"]["median_ms"], 2)
    result.update({"db": options.db, "households": options.households, "visible": options.visible,
                   "repeat": options.repeat, "queries_per_policy_page": policy_queries,
                   "command": "bench/policy_cost.py " + " ".join(sys.argv[1:])})
    print(json.dumps(result, indent=2))
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "results" / f"policy-{options.db}.json").write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
