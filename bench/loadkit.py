"""Shared parts of the load benchmarks: a production-like environment, gunicorn, a threaded load loop
with latencies, raw-SQL replays as the baseline, and percentile summaries. Standard library + the project's
own virtualenv only; nothing leaves 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import sqlite3
import statistics
import subprocess
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


class Target:
    """Where a benchmark's data lives: a PostgreSQL database of its own, or a SQLite file in var/<name>/."""

    def __init__(self, db: str, name: str, port: int):
        self.db, self.name, self.port = db, name, port
        self.pg_database = f"samenkracht_{name}"
        self.data_dir = ROOT / "var" / name

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update({
            "SAMENKRACHT_SECRET_KEY": secrets.token_urlsafe(64), "SAMENKRACHT_ALLOWED_HOSTS": "127.0.0.1",
            "SAMENKRACHT_SSL_REDIRECT": "false", "SAMENKRACHT_SECURE_COOKIES": "false",
            "SAMENKRACHT_DEBUG": "false", "SAMENKRACHT_LOG_LEVEL": "ERROR",
            "SAMENKRACHT_FIELD_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDA=",
            "SAMENKRACHT_HASH_KEY": "bench-only-hash-key-bench-only-hash-key",
            "DJANGO_SETTINGS_MODULE": "samenkracht.settings",
        })
        if self.db == "postgres":
            env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{self.pg_database}"
        else:
            env.pop("DATABASE_URL", None)
            env["SAMENKRACHT_DATA_DIR"] = str(self.data_dir)
        return env

    def reset(self) -> None:
        if self.db == "postgres":
            subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", self.pg_database],
                           capture_output=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.pg_database], check=True)
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            for path in self.data_dir.glob("samenkracht.sqlite3*"):
                path.unlink()

    def ensure(self) -> None:
        if self.db == "postgres":
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", self.pg_database], capture_output=True)
        else:
            self.data_dir.mkdir(parents=True, exist_ok=True)

    def samenkracht(self, *args: str, env: dict | None = None) -> None:
        subprocess.run([str(VENV_BIN / "samenkracht"), *args], env=env or self.env(), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)

    def django(self, code: str, stdin: str | None = None, env: dict | None = None) -> str:
        """Run Python with Django set up on this target; return its stdout."""
        result = subprocess.run([str(VENV_BIN / "python"), "-c", "import django;django.setup()\n" + code],
                                input=stdin, env=env or self.env(), cwd=ROOT, capture_output=True, text=True)
        if result.returncode != 0:
            raise SystemExit(result.stderr[-4000:])
        return result.stdout

    def raw_connect(self):
        if self.db == "postgres":
            import psycopg

            return psycopg.connect(f"host=127.0.0.1 user=postgres dbname={self.pg_database}", autocommit=True)
        connection = sqlite3.connect(self.data_dir / "samenkracht.sqlite3", check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        return connection

    # --- the application server ---------------------------------------------------------------------

    def healthy(self, timeout: float = 2) -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
            connection.request("GET", "/gezondheid/")
            return connection.getresponse().status == 200
        except OSError:
            return False

    def start_server(self, workers: int, env: dict | None = None) -> subprocess.Popen:
        server = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "samenkracht.wsgi", "--bind", f"127.0.0.1:{self.port}", "--workers",
             str(workers), "--log-level", "error", "--timeout", "60", "--graceful-timeout", "5"],
            env=env or self.env(), cwd=ROOT)
        for _ in range(150):
            if self.healthy():
                return server
            time.sleep(0.2)
        server.kill()
        raise SystemExit("gunicorn did not start")


class Http:
    """One keep-alive connection per thread; request() returns (status, headers, body bytes)."""

    def __init__(self, port: int, headers: dict[str, str] | None = None):
        self.port, self.headers, self.connection = port, headers or {}, None

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        all_headers = {**self.headers, **(headers or {})}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        for attempt in range(2):  # a kept-alive connection the server closed is reopened once
            try:
                self.connection = self.connection or http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                self.connection.request(method, path, body=data, headers=all_headers)
                response = self.connection.getresponse()
                return response.status, dict(response.getheaders()), response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection = None
                if attempt:
                    raise
            except Exception:
                self.connection = None  # a connection in an unknown state is never reused
                raise
        raise AssertionError("unreachable")


def load(worker, items: list, concurrency: int, seconds: float) -> tuple[list[float], int, list[str]]:
    """Run worker(item, state) from `concurrency` threads until `seconds` pass; latencies in ms, errors."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def run(offset: int):
        state: dict = {}
        i = offset
        local, local_errors = [], []
        while time.perf_counter() < deadline:
            item = items[i % len(items)]
            i += concurrency
            started = time.perf_counter()
            try:
                worker(item, state)
                local.append((time.perf_counter() - started) * 1000)
            except Exception as error:  # noqa: BLE001 - counted and reported
                local_errors.append(str(error)[:200])
        with lock:
            latencies.extend(local)
            errors.extend(local_errors)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, len(errors), errors[:5]


def raw_worker(target: Target):
    def worker(statements: list[str], state: dict) -> None:
        connection = state.get("c") or target.raw_connect()
        state["c"] = connection
        cursor = connection.cursor()
        for sql in statements:
            cursor.execute(sql)
            cursor.fetchall()

    return worker


def summary(latencies: list[float], errors: int, seconds: float) -> dict:
    ordered = sorted(latencies)

    def pick(q: float):
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 2) if ordered else None

    return {"requests": len(ordered), "errors": errors, "per_second": round(len(ordered) / seconds, 1),
            "p50_ms": pick(0.50), "p95_ms": pick(0.95), "p99_ms": pick(0.99),
            "mean_ms": round(statistics.fmean(ordered), 2) if ordered else None}
