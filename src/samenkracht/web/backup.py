"""Backup and restore of the whole database, with a manifest that proves the copy is complete.

A backup file is a tar archive with two members:

- ``manifest.json``: engine, time, Samenkracht version, and per table the row count and a content hash;
- ``database.pgdump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite, made with
  the sqlite3 online backup API, so the database may be in use).

The content hash is computed the same way on both engines: every row of a model's table is read with a
plain cursor, each value normalised by the model field's type (booleans, times in UTC, decimals with the
field's places, JSON with sorted keys, UUIDs as hex, encrypted fields as their stored token), the row is
serialised as JSON and hashed; the table hash is SHA-256 over the row hashes in primary-key order. On
PostgreSQL the manifest and the dump see the same snapshot (``pg_export_snapshot`` + ``pg_dump
--snapshot``); on SQLite the manifest is computed from the copy itself.

``restore`` refuses a backup of the other engine and a target that already holds tables (unless forced),
restores, computes the manifest of the restored database and compares it table by table.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.db import connection as default_connection
from django.db import transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime, parse_duration, parse_time

FORMAT = 1
MANIFEST = "manifest.json"
PG_MEMBER = "database.pgdump"
SQLITE_MEMBER = "database.sqlite3"
ENGINES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


# --- Content hashes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableSpec:
    table: str
    pk: str
    integer_pk: bool
    columns: tuple[str, ...]
    kinds: tuple[str, ...]
    places: tuple[int | None, ...]


def table_specs() -> list[TableSpec]:
    """Every table of an installed model (also many-to-many tables) and Django's migration record."""
    models = {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)
              if m._meta.managed and not m._meta.proxy and not m._meta.swapped}
    models[MigrationRecorder.Migration._meta.db_table] = MigrationRecorder.Migration
    specs = []
    for table, model in sorted(models.items()):
        fields = [f for f in model._meta.concrete_fields]
        pk = model._meta.pk
        specs.append(TableSpec(
            table=table, pk=pk.column,
            integer_pk=pk.get_internal_type() in {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField",
                                                  "BigIntegerField", "PositiveIntegerField",
                                                  "PositiveBigIntegerField"},
            columns=tuple(f.column for f in fields),
            kinds=tuple(_kind(f) for f in fields),
            places=tuple(getattr(f, "decimal_places", None) for f in fields),
        ))
    return specs


def _kind(field) -> str:
    if field.get_internal_type() == "ForeignKey" or field.is_relation:
        return _kind(field.target_field)
    if type(field).__module__.startswith("samenkracht.privacy.fields"):
        return "text"  # the stored token; hashing never decrypts
    return field.get_internal_type()


def _normal(value, kind: str, places: int | None):
    if value is None:
        return None
    if isinstance(value, memoryview):
        value = value.tobytes()
    if kind == "BooleanField":
        return bool(value)
    if kind == "DateTimeField":
        if isinstance(value, str):
            value = parse_datetime(value)
        if timezone.is_naive(value):
            value = value.replace(tzinfo=dt_timezone.utc)
        return value.astimezone(dt_timezone.utc).isoformat()
    if kind == "DateField":
        return (parse_date(value) if isinstance(value, str) else value).isoformat()
    if kind == "TimeField":
        return (parse_time(value) if isinstance(value, str) else value).isoformat()
    if kind == "DurationField":
        if isinstance(value, timedelta):
            return value // timedelta(microseconds=1)
        if isinstance(value, str):
            return parse_duration(value) // timedelta(microseconds=1)
        return int(value)
    if kind == "DecimalField":
        number = Decimal(str(value))
        return str(number.quantize(Decimal(1).scaleb(-places)) if places is not None else number.normalize())
    if kind == "FloatField":
        return repr(float(value))
    if kind == "JSONField":
        if isinstance(value, (str, bytes)):
            value = json.loads(value)
        return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    if kind == "UUIDField":
        return uuid.UUID(str(value)).hex
    if kind in {"BinaryField"}:
        return bytes(value).hex()
    if isinstance(value, bool):
        return int(value) if kind.endswith("IntegerField") or kind.endswith("AutoField") else value
    if isinstance(value, int):
        return value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_digest(cursor, spec: TableSpec, batch: int = 5000) -> tuple[int, str]:
    """(row count, SHA-256 over the normalised rows in primary-key order) of one table."""
    columns = ", ".join(_quote(c) for c in spec.columns)
    cursor.execute(f"SELECT {columns} FROM {_quote(spec.table)} ORDER BY {_quote(spec.pk)}")  # noqa: S608
    pk_index = spec.columns.index(spec.pk)
    digests: list[tuple[object, bytes]] = []
    outer = hashlib.sha256()
    count = 0
    while rows := cursor.fetchmany(batch):
        for row in rows:
            values = [_normal(v, k, p) for v, k, p in zip(row, spec.kinds, spec.places)]
            digest = hashlib.sha256(json.dumps(values, separators=(",", ":"), ensure_ascii=False,
                                               default=str).encode("utf-8")).digest()
            count += 1
            if spec.integer_pk:
                outer.update(digest)
            else:  # text keys sort differently per engine and collation: sort the normalised keys here
                digests.append((str(values[pk_index]), digest))
    for _key, digest in sorted(digests):
        outer.update(digest)
    return count, outer.hexdigest()


def existing_tables(cursor, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    return {row[0] for row in cursor.fetchall()}


def content(cursor, vendor: str) -> dict[str, dict]:
    """{table: {"rows": n, "sha256": hash}} for every model table present in the database."""
    present = existing_tables(cursor, vendor)
    result = {}
    for spec in table_specs():
        if spec.table in present:
            rows, digest = table_digest(cursor, spec)
            result[spec.table] = {"rows": rows, "sha256": digest}
    return result


@dataclass
class Comparison:
    table: str
    expected_rows: int | None
    actual_rows: int | None
    hash_ok: bool

    @property
    def ok(self) -> bool:
        return self.hash_ok and self.expected_rows == self.actual_rows


def compare(expected: dict[str, dict], actual: dict[str, dict]) -> list[Comparison]:
    tables = sorted(set(expected) | set(actual))
    return [Comparison(t, expected.get(t, {}).get("rows"), actual.get(t, {}).get("rows"),
                       t in expected and t in actual and expected[t]["sha256"] == actual[t]["sha256"])
            for t in tables]


def report(comparisons: list[Comparison], *, only_problems: bool = False) -> str:
    width = max([len(c.table) for c in comparisons] + [5])
    lines = [f"{'table':<{width}}  {'backup':>9}  {'restored':>9}  hash"]
    for c in comparisons:
        if only_problems and c.ok:
            continue
        lines.append(f"{c.table:<{width}}  {_n(c.expected_rows):>9}  {_n(c.actual_rows):>9}  "
                     f"{'ok' if c.hash_ok else 'DIFFERENT'}")
    bad = [c for c in comparisons if not c.ok]
    total = sum(c.actual_rows or 0 for c in comparisons)
    lines.append(f"{len(comparisons)} tables, {total} rows: "
                 + ("all counts and content hashes match" if not bad else f"{len(bad)} tables differ"))
    return "\n".join(lines)


def _n(value) -> str:
    return "-" if value is None else str(value)


# --- PostgreSQL -----------------------------------------------------------------------------------


def _pg_env(settings_dict: dict) -> dict:
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    return env


def pg_binary(name: str, server_version: int) -> str:
    """The client binary of the server's major version (or newer); PATH or /usr/lib/postgresql/<n>/bin."""
    major = server_version // 10000
    candidates = [Path(f"/usr/lib/postgresql/{major}/bin/{name}")]
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    found = shutil.which(name)
    if found:
        candidates.append(Path(found))
    for candidate in candidates:
        if candidate.exists():
            version = subprocess.run([str(candidate), "--version"], capture_output=True, text=True, check=False)
            match = re.search(r"(\d+)(?:\.(\d+))?", version.stdout)
            if match and int(match.group(1)) >= major:
                return str(candidate)
    raise BackupError(f"No {name} of PostgreSQL {major} or newer found (looked in /usr/lib/postgresql/*/bin "
                      f"and PATH). Install the PostgreSQL {major} client tools.")


def _pg_dump(connection, target: Path) -> dict:
    with connection.cursor() as cursor:
        server = connection.pg_version
        with transaction.atomic(using=connection.alias):
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            command = [pg_binary("pg_dump", server), "--format=custom", "--no-owner", "--no-privileges",
                       f"--snapshot={snapshot}", f"--file={target}", connection.settings_dict["NAME"]]
            done = subprocess.run(command, env=_pg_env(connection.settings_dict), capture_output=True, text=True,
                                  check=False)
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
            return content(cursor, "postgresql")


def _pg_connect(settings_dict: dict, name: str | None = None):
    import psycopg

    return psycopg.connect(dbname=name or settings_dict["NAME"], host=settings_dict.get("HOST") or None,
                           port=settings_dict.get("PORT") or None, user=settings_dict.get("USER") or None,
                           password=settings_dict.get("PASSWORD") or None, autocommit=True)


def _pg_content(settings_dict: dict) -> tuple[set[str], dict]:
    with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        cursor.execute("SET TIME ZONE 'UTC'")
        return existing_tables(cursor, "postgresql"), content(cursor, "postgresql")


def _pg_restore(settings_dict: dict, dump: Path, *, force: bool, server_version: int) -> None:
    command = [pg_binary("pg_restore", server_version), "--no-owner", "--no-privileges", "--exit-on-error",
               "--single-transaction", f"--dbname={settings_dict['NAME']}"]
    if force:
        command += ["--clean", "--if-exists"]
    done = subprocess.run([*command, str(dump)], env=_pg_env(settings_dict), capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed; nothing was restored: {done.stderr.strip()}")


def _pg_server_version(settings_dict: dict) -> int:
    with _pg_connect(settings_dict) as conn:
        return conn.info.server_version


# --- SQLite ---------------------------------------------------------------------------------------


def _sqlite_source(connection) -> sqlite3.Connection:
    connection.ensure_connection()
    return connection.connection


def _sqlite_connect(name: str | Path) -> sqlite3.Connection:
    """A file path, or a URI such as Django's in-memory test database (file:memorydb_default?mode=memory...)."""
    name = str(name)
    return sqlite3.connect(name, uri=name.startswith("file:"))


def _sqlite_content(path: str | Path) -> tuple[set[str], dict]:
    conn = _sqlite_connect(path)
    try:
        cursor = conn.cursor()
        return existing_tables(cursor, "sqlite"), content(cursor, "sqlite")
    finally:
        conn.close()


# --- Backup and restore ---------------------------------------------------------------------------


def _vendor(connection) -> str:
    if connection.vendor not in ENGINES:
        raise BackupError(f"Backups are made of PostgreSQL and SQLite databases, not {connection.vendor}.")
    return connection.vendor


def backup(path: str | Path, connection=default_connection) -> dict:
    """Write a backup archive of the database to `path`; return its manifest."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        __version__ = version("samenkracht")
    except PackageNotFoundError:
        __version__ = "unknown"
    vendor = _vendor(connection)
    path = Path(path)
    started = timezone.now()
    with tempfile.TemporaryDirectory(prefix="samenkracht-backup-") as tmp:
        if vendor == "postgresql":
            data = Path(tmp) / PG_MEMBER
            tables = _pg_dump(connection, data)
        else:
            data = Path(tmp) / SQLITE_MEMBER
            copy = sqlite3.connect(data)
            try:
                _sqlite_source(connection).backup(copy)
            finally:
                copy.close()
            tables = _sqlite_content(data)[1]
        manifest = {
            "format": FORMAT, "engine": vendor, "created_at": started.isoformat(),
            "samenkracht": __version__, "data": data.name, "data_bytes": data.stat().st_size,
            "data_sha256": _file_sha256(data), "tables": tables,
        }
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz" if vendor == "sqlite" else "w") as archive:
            encoded = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(encoded), int(started.timestamp())
            archive.addfile(info, io.BytesIO(encoded))
            archive.add(data, arcname=data.name)
        partial.replace(path)  # a backup file exists only when it is complete
    return manifest


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(path: str | Path) -> dict:
    try:
        with tarfile.open(path, "r:*") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, ValueError) as error:
        raise BackupError(f"{path} is not a Samenkracht backup file ({error}).") from None


@dataclass
class RestoreResult:
    manifest: dict
    comparisons: list[Comparison]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.comparisons)


def restore(path: str | Path, settings_dict: dict, vendor: str, *, force: bool = False) -> RestoreResult:
    """Restore the backup at `path` into the database described by `settings_dict` and verify it.

    The target must hold no tables, unless `force` (then its tables are replaced). The engine of the backup
    must be the target's."""
    manifest = read_manifest(path)
    if manifest.get("engine") != vendor:
        raise BackupError(
            f"This backup was made from {ENGINES.get(manifest.get('engine'), manifest.get('engine'))}; the target "
            f"database is {ENGINES.get(vendor, vendor)}. Restore it into a database of the same engine "
            "(set DATABASE_URL accordingly).")
    with tempfile.TemporaryDirectory(prefix="samenkracht-restore-") as tmp:
        with tarfile.open(path, "r:*") as archive:
            member = archive.getmember(manifest["data"])
            if not member.isfile() or "/" in member.name or member.name.startswith("."):
                raise BackupError(f"{path} holds an unexpected member {member.name!r}.")
            archive.extract(member, tmp, filter="data")
        data = Path(tmp) / member.name
        if _file_sha256(data) != manifest["data_sha256"]:
            raise BackupError(f"{path} is damaged: its data does not match the hash in its manifest.")
        if vendor == "postgresql":
            tables, _ = _pg_tables(settings_dict)
            if tables and not force:
                raise BackupError(f"The target database {settings_dict['NAME']} is not empty ({len(tables)} tables). "
                                  "Restore into an empty database, or use --force to replace its contents.")
            _pg_restore(settings_dict, data, force=force, server_version=_pg_server_version(settings_dict))
            actual = _pg_content(settings_dict)[1]
        else:
            target = str(settings_dict["NAME"])
            if _sqlite_tables(target) and not force:
                raise BackupError(f"The target database {target} is not empty. Restore into an empty database, or "
                                  "use --force to replace its contents.")
            source = sqlite3.connect(data)
            destination = _sqlite_connect(target)
            try:
                source.backup(destination)
            finally:
                source.close()
                destination.close()
            actual = _sqlite_content(target)[1]
    return RestoreResult(manifest, compare(manifest["tables"], actual))


def _pg_tables(settings_dict: dict) -> tuple[set[str], None]:
    with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        return existing_tables(cursor, "postgresql"), None


def _sqlite_tables(path: str | Path) -> set[str]:
    if not str(path).startswith("file:") and not Path(path).exists():
        return set()
    conn = _sqlite_connect(path)
    try:
        return existing_tables(conn.cursor(), "sqlite")
    finally:
        conn.close()


def verify_access_log_of(settings_dict: dict, vendor: str):
    """The access log's hash chains of another database (a restored copy), read with a plain connection and
    checked like `samenkracht verify_access_log`: (entries checked, list of problems as text)."""
    from samenkracht.privacy.log import GENESIS, _digest
    from samenkracht.privacy.models import AccessLogChainHead, AccessLogEntry

    fields = [f for f in AccessLogEntry._meta.concrete_fields]
    columns = ", ".join(_quote(f.column) for f in fields)
    if vendor == "postgresql":
        conn = _pg_connect(settings_dict)
        conn.execute("SET TIME ZONE 'UTC'")
    else:
        conn = _sqlite_connect(settings_dict["NAME"])
    problems: list[str] = []
    checked = 0
    try:
        cursor = conn.cursor()
        cursor.execute(f"SELECT chain, last_sequence, last_hash FROM {_quote(AccessLogChainHead._meta.db_table)}")
        heads = {row[0]: (row[1], row[2]) for row in cursor.fetchall()}
        cursor.execute(f"SELECT {columns} FROM {_quote(AccessLogEntry._meta.db_table)} "  # noqa: S608
                       "ORDER BY chain, sequence")
        chain, expected_previous, expected_sequence = None, GENESIS, 1
        seen: dict[int, tuple[int, str]] = {}
        while rows := cursor.fetchmany(5000):
            for row in rows:
                values = {f.attname: v for f, v in zip(fields, row)}
                at = values["at"]
                at = parse_datetime(at) if isinstance(at, str) else at
                values["at"] = at.replace(tzinfo=dt_timezone.utc) if timezone.is_naive(at) else at
                entry = AccessLogEntry(**values)
                if entry.chain != chain:
                    chain, expected_previous, expected_sequence = entry.chain, GENESIS, 1
                checked += 1
                where = f"chain {entry.chain}, entry {entry.sequence} (id {entry.pk})"
                if entry.sequence != expected_sequence:
                    problems.append(f"{where}: entries {expected_sequence}..{entry.sequence - 1} are missing")
                if entry.previous_hash != expected_previous:
                    problems.append(f"{where}: does not follow the previous entry")
                if _digest(entry.hash_fields()) != entry.entry_hash:
                    problems.append(f"{where}: content was changed")
                expected_previous, expected_sequence = entry.entry_hash, entry.sequence + 1
                seen[chain] = (entry.sequence, entry.entry_hash)
        for head_chain, head in heads.items():
            if seen.get(head_chain, (0, GENESIS)) != head:
                problems.append(f"chain {head_chain}: newest entries are missing")
    finally:
        conn.close()
    return checked, problems


# --- Empty databases for drills and tests ---------------------------------------------------------


def create_pg_database(settings_dict: dict, name: str) -> dict:
    """Create an empty PostgreSQL database beside the current one; return its settings."""
    from psycopg import sql

    with _pg_connect(settings_dict, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    return {**settings_dict, "NAME": name}


def drop_pg_database(settings_dict: dict, name: str) -> None:
    from psycopg import sql

    with _pg_connect(settings_dict, "postgres") as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def database_url(settings_dict: dict, vendor: str) -> str:
    """A DATABASE_URL for these settings (for running a command against a restored copy)."""
    if vendor == "sqlite":
        return f"sqlite:///{Path(settings_dict['NAME']).resolve()}"
    from urllib.parse import quote

    auth = quote(settings_dict.get("USER") or "", safe="")
    if settings_dict.get("PASSWORD"):
        auth += ":" + quote(settings_dict["PASSWORD"], safe="")
    host = settings_dict.get("HOST") or "localhost"
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(settings_dict['NAME'], safe='')}"
