"""Settings: strict environment helpers, production check, SQLite concurrency."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, transaction
from django.db.backends.sqlite3.base import DatabaseWrapper

from samenkracht.env import env_bool, env_int, env_list, env_secret, env_str

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "SAMENKRACHT_SECRET_KEY": "p" * 64 + "-production-like-key",
    "SAMENKRACHT_ALLOWED_HOSTS": "samenkracht.example.nl",
    "SAMENKRACHT_DEBUG": "false",
    "SAMENKRACHT_FIELD_KEYS": "cHJvZHVjdGlvbi1saWtlLWZpZWxkLWtleS0xMjM0NTY=",
    "SAMENKRACHT_HASH_KEY": "h" * 40,
}


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter (settings are read once per process, outside pytest)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SAMENKRACHT_") and k != "DATABASE_URL"}
    clean.update(env, DJANGO_SETTINGS_MODULE="samenkracht.settings")
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, cwd=ROOT)


@pytest.mark.parametrize("raw, expected", [("true", True), ("1", True), ("ON", True), ("no", False), ("0", False)])
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("X_FLAG", raw)
    assert env_bool("X_FLAG", not expected) is expected


def test_env_bool_rejects_anything_else(monkeypatch):
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG='maybe' is not a boolean"):
        env_bool("X_FLAG", False)


def test_env_int_rejects_non_numbers_and_out_of_range(monkeypatch):
    monkeypatch.setenv("X_NUMBER", "12a")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("X_NUMBER", 1)
    monkeypatch.setenv("X_NUMBER", "0")
    with pytest.raises(ImproperlyConfigured, match="below the minimum 1"):
        env_int("X_NUMBER", 1, minimum=1)
    monkeypatch.setenv("X_NUMBER", "42")
    assert env_int("X_NUMBER", 1, minimum=1) == 42


def test_env_missing_required_value_names_it(monkeypatch):
    monkeypatch.delenv("X_REQUIRED", raising=False)
    with pytest.raises(ImproperlyConfigured, match="X_REQUIRED is required"):
        env_str("X_REQUIRED")
    assert env_list("X_REQUIRED", ["a"]) == ["a"]


def test_secret_from_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    monkeypatch.delenv("X_SECRET", raising=False)
    monkeypatch.setenv("X_SECRET_FILE", str(secret))
    assert env_secret("X_SECRET") == "from-a-file"
    monkeypatch.setenv("X_SECRET", "direct")
    with pytest.raises(ImproperlyConfigured, match="either X_SECRET or X_SECRET_FILE"):
        env_secret("X_SECRET")
    monkeypatch.delenv("X_SECRET")
    monkeypatch.setenv("X_SECRET_FILE", str(tmp_path / "missing"))
    with pytest.raises(ImproperlyConfigured, match="cannot be read"):
        env_secret("X_SECRET")


def test_a_bad_value_stops_start_up():
    result = run_python("import django; django.setup()", {**PRODUCTION_ENV, "SAMENKRACHT_DEBUG": "perhaps"})
    assert result.returncode != 0
    assert "SAMENKRACHT_DEBUG='perhaps' is not a boolean" in result.stderr


def test_production_needs_a_secret_key():
    env = dict(PRODUCTION_ENV)
    del env["SAMENKRACHT_SECRET_KEY"]
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "SAMENKRACHT_SECRET_KEY (or SAMENKRACHT_SECRET_KEY_FILE) is required" in result.stderr


def test_check_deploy_passes_with_production_settings():
    code = (
        "import django, sys; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_security_settings():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.PASSWORD_HASHERS[0]); print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY);"
        "print(s.SESSION_COOKIE_AGE, s.SESSION_ABSOLUTE_SECONDS, s.SESSION_SAVE_EVERY_REQUEST);"
        "print(s.SESSION_COOKIE_NAME)"
    )
    result = run_python(code, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    hasher, cookies, ages, name = result.stdout.splitlines()
    assert hasher == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert cookies == "True True True"
    assert ages == "1800 43200 True"  # 30 minutes idle (sliding), 12 hours absolute
    assert name == "__Host-sessionid"


def test_database_url_selects_postgresql():
    code = "import django; django.setup(); from django.conf import settings as s; print(s.DATABASES['default']['ENGINE'])"
    result = run_python(code, {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"})
    assert result.stdout.strip() == "django.db.backends.postgresql"
    result = run_python(code, PRODUCTION_ENV)
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def _sqlite_connection(path: Path) -> DatabaseWrapper:
    from django.conf import settings

    options = dict(settings.DATABASES["default"].get("OPTIONS", {}))
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        # The same options the SQLite default uses (settings.py), applied here on a file database.
        options = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;",
        }
    settings_dict = {
        "ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options,
        "ATOMIC_REQUESTS": False, "AUTOCOMMIT": True, "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None, "USER": "", "PASSWORD": "", "HOST": "", "PORT": "", "TEST": {},
    }
    return DatabaseWrapper(settings_dict, alias=f"concurrency-{threading.get_ident()}")


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_and_concurrent_writers_wait(tmp_path):
    """Eight threads each run 25 read-modify-write transactions through Django's transaction.atomic
    on the SQLite options of settings.py; none fails with 'database is locked' and no update is lost."""
    path = tmp_path / "concurrency.sqlite3"
    setup = _sqlite_connection(path)
    with setup.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")
    setup.close()

    errors: list[BaseException] = []

    def writer():
        connection = _sqlite_connection(path)
        connections[connection.alias] = connection
        try:
            for _ in range(25):
                with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
                    cursor.execute("SELECT value FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    cursor.execute("UPDATE counter SET value = %s WHERE id = 1", [value + 1])
        except BaseException as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()
            del connections[connection.alias]

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    check = _sqlite_connection(path)
    with check.cursor() as cursor:
        cursor.execute("SELECT value FROM counter WHERE id = 1")
        assert cursor.fetchone()[0] == 200  # no lost update
    check.close()


def test_sqlite_default_uses_immediate_transactions():
    code = "import django; django.setup(); from django.conf import settings as s; o=s.DATABASES['default']['OPTIONS']; print(o['transaction_mode'], o['timeout']); print(o['init_command'])"
    result = run_python(code, PRODUCTION_ENV)
    mode, init = result.stdout.splitlines()
    assert mode == "IMMEDIATE 20"
    assert "journal_mode=WAL" in init and "busy_timeout=20000" in init
