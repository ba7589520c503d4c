"""Two (or five) people saving the same plan version at the same moment: exactly one wins, on both databases.

The version is claimed with one conditional UPDATE (WHERE version = expected). On PostgreSQL the second
UPDATE waits for the first transaction's row lock and then finds the version changed; on SQLite the
IMMEDIATE transactions queue for the write lock. Either way the others get a PlanConflict and nothing of
theirs is written.

On SQLite the test database lives in memory with a shared cache, where a writer makes other connections
fail at once ("database table is locked") instead of waiting; production uses a file in WAL mode with a busy
timeout. So on SQLite the threads work on a file copy of the test database, opened with the settings'
own options: the production setup.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.db import connection, connections

from samenkracht.plans import services
from samenkracht.plans.models import Plan
from samenkracht.privacy.models import AccessLogEntry
from tests.plans.conftest import actor

K = 5


@contextmanager
def production_like_database(tmp_path):
    """On SQLite: new connections (the threads') open a file copy of the in-memory test database."""
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "concurrency.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    settings = connections.settings["default"]
    original = settings["NAME"]
    settings["NAME"] = str(path)
    try:
        yield
    finally:
        settings["NAME"] = original


def in_thread(function):
    """Run `function` in a new thread (with its own database connection) and return its result."""
    box: dict = {}

    def run():
        try:
            box["result"] = function()
        except BaseException as error:  # noqa: BLE001 - re-raised below
            box["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in box:
        raise box["error"]
    return box["result"]


@pytest.mark.django_db(transaction=True)
def test_k_threads_saving_the_same_version_exactly_one_wins(case, tmp_path):
    plan = case.household.plans.get()
    start_version = plan.version
    people = [case.coordinator_user, case.team_member, case.assigned, case.triage_a, case.triage_b]
    actors = [actor(user) for user in people]
    barrier = threading.Barrier(K)
    results: list[tuple[int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def save(index: int):
        try:
            own = Plan.objects.select_related("household").get(pk=plan.pk)
            barrier.wait(timeout=30)
            try:
                services.update_plan(actors[index], own, expected_version=start_version,
                                     summary=f"Samenvatting van persoon {index}")
                outcome = "saved"
            except services.PlanConflict as conflict:
                assert conflict.current_version == start_version + 1
                outcome = "conflict"
            with lock:
                results.append((index, outcome))
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    def saved_state():
        fresh = Plan.objects.get(pk=plan.pk)
        writes = list(AccessLogEntry.objects.filter(subject_type="plan", subject_id=str(plan.pk), event="update")
                      .values_list("user_id_value", flat=True))
        return fresh.version, fresh.summary, writes

    with production_like_database(tmp_path):
        threads = [threading.Thread(target=save, args=(i,)) for i in range(K)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        version, summary, writes = in_thread(saved_state)
    assert errors == []
    outcomes = sorted(outcome for _index, outcome in results)
    assert outcomes == ["conflict"] * (K - 1) + ["saved"]
    winner = next(index for index, outcome in results if outcome == "saved")
    assert version == start_version + 1
    assert summary == f"Samenvatting van persoon {winner}"
    assert writes == [people[winner].pk]  # one write logged: the winner's
