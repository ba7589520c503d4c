#!/usr/bin/env python3
"""Set up and run Samenkracht on a fresh clone with nothing but Python 3.11.

    python3 dev.py run     # venv, install, migrate, demo network, serve at http://127.0.0.1:8000
    python3 dev.py test    # venv, install, browser for the journeys, then the whole test suite

Both steps are idempotent: the virtual environment is only reinstalled when requirements.lock or
pyproject.toml changed. Only the standard library is used here, because nothing else exists yet.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
VAR = ROOT / "var"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".samenkracht-installed"
CHROMIUM = Path("/usr/bin/chromium")


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(*args: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env=env)


def ensure_python() -> None:
    if sys.version_info[:2] != (3, 11):
        sys.exit(f"Samenkracht needs Python 3.11; this is {sys.version.split()[0]}.")


def ensure_venv() -> None:
    digest = hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == digest and PYTHON.exists():
        return
    if not PYTHON.exists():
        say("creating the virtual environment in .venv")
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    say("installing the pinned dependencies from requirements.lock")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    run(PYTHON, "-m", "pip", "install", "--quiet", "--require-hashes", "-r", LOCK)
    run(PYTHON, "-m", "pip", "install", "--quiet", "--no-deps", "-e", ROOT)
    STAMP.write_text(digest)


def _dev_secret(name: str, make) -> Path:
    path = VAR / name
    if not path.exists():
        path.write_text(make())
        path.chmod(0o600)
    return path


def dev_environment() -> dict[str, str]:
    """Development settings: debug on, per-checkout secrets kept in var/ (never committed)."""
    VAR.mkdir(exist_ok=True)
    secrets_by_variable = {
        "SAMENKRACHT_SECRET_KEY": _dev_secret("dev-secret-key", lambda: secrets.token_urlsafe(64)),
        # A Fernet key is 32 random bytes, URL-safe base64 encoded.
        "SAMENKRACHT_FIELD_KEYS": _dev_secret("dev-field-key", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()),
        "SAMENKRACHT_HASH_KEY": _dev_secret("dev-hash-key", lambda: secrets.token_urlsafe(48)),
    }
    env = dict(os.environ)
    env.setdefault("SAMENKRACHT_DEBUG", "true")
    for variable, path in secrets_by_variable.items():
        if variable not in env and f"{variable}_FILE" not in env:
            env[f"{variable}_FILE"] = str(path)
    return env


def samenkracht(*args: str, env: dict[str, str]) -> None:
    run(VENV / "bin" / "samenkracht", *args, env=env)


def ensure_chromium() -> None:
    """The browser journeys drive Debian's Chromium; install it when it is missing and we may."""
    if CHROMIUM.exists() and Path("/usr/bin/chromedriver").exists():
        return
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        say("Chromium is missing and cannot be installed here (needs root and apt-get); "
            "the browser journeys will be skipped")
        return
    say("installing Debian's chromium and chromium-driver for the browser journeys (log: var/apt.log)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    VAR.mkdir(exist_ok=True)
    with open(VAR / "apt.log", "ab") as log:
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, stdout=log, stderr=log)
        result = subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "chromium", "chromium-driver"],
            check=False, env=env, stdout=log, stderr=log,
        )
    if result.returncode != 0:
        say("installing Chromium failed (see var/apt.log); the browser journeys will be skipped")


def cmd_run(extra: list[str]) -> int:
    env = dev_environment()
    samenkracht("compiletranslations", env=env)
    samenkracht("migrate", "--no-input", env=env)
    samenkracht("demo", env=env)
    address = extra[0] if extra else "127.0.0.1:8000"
    say(f"serving Samenkracht at http://{address}/ (stop with Ctrl+C)")
    try:
        samenkracht("runserver", address, env=env)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_test(extra: list[str]) -> int:
    ensure_chromium()
    env = dev_environment()
    env.pop("SAMENKRACHT_DEBUG", None)
    samenkracht("compiletranslations", env=env)
    where = "PostgreSQL (DATABASE_URL)" if env.get("DATABASE_URL") else "SQLite"
    say(f"running the whole test suite on {where}")
    return subprocess.run([str(PYTHON), "-m", "pytest", *extra], cwd=ROOT, env=env).returncode


def main() -> int:
    ensure_python()
    commands = {"run": cmd_run, "test": cmd_test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    ensure_venv()
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
