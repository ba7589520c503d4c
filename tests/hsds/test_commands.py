"""The command line: `hsds_import` (progress, problems, exit status, dry run) and `hsds_export`."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from samenkracht.network.models import Organisation
from samenkracht.socialmap.management.commands.hsds_import import Progress
from samenkracht.socialmap.models import Service
from tests.hsds.conftest import EXAMPLES_DIR, require_hsds_files


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_shows_progress_warnings_and_a_summary(db):
    require_hsds_files()
    out, err = run("hsds_import", str(EXAMPLES_DIR / "csv"))
    assert "services: 1 new, 0 updated" in out
    assert "rows/s" in err and "write: 6/6 rows" in err
    assert "warning: cost_options.csv, row 2, currency: amounts in GBP are not kept" in err
    assert Service.objects.count() == 1


def test_a_failed_import_prints_file_row_field_reason_and_exits_non_zero(db, tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps([
        {"id": "6f0a3f8e-2222-4c1e-9a55-000000000001", "name": "Eén", "status": "open",
         "organization_id": "6f0a3f8e-1111-4c1e-9a55-000000000001"},
        {"id": "6f0a3f8e-2222-4c1e-9a55-000000000002", "name": "Twee", "status": "active", "minimum_age": "oud",
         "organization": {"id": "6f0a3f8e-1111-4c1e-9a55-000000000002", "name": "Org", "description": ""}},
    ]), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("hsds_import", str(path), stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert "3 problem(s)" in str(caught.value) and "nothing was stored" in str(caught.value)
    lines = [line for line in err.getvalue().splitlines() if line.startswith("broken.json")]
    assert lines == [
        "broken.json, row $[0], organization_id: unknown organization 6f0a3f8e-1111-4c1e-9a55-000000000001: "
        "not in this import nor on the platform",
        "broken.json, row $[0], status: 'open' is not one of active, inactive, defunct, temporarily closed",
        "broken.json, row $[1], minimum_age: 'oud' is not a number",
    ]
    assert Service.objects.count() == 0 and Organisation.objects.count() == 0


def test_dry_run_stores_nothing(db):
    require_hsds_files()
    out, _err = run("hsds_import", str(EXAMPLES_DIR / "service_full.json"), "--dry-run", "--quiet")
    assert out.startswith("Dry run, nothing was stored. organisations: 1 new")
    assert Service.objects.count() == 0 and Organisation.objects.count() == 0


def test_progress_lines_on_a_terminal_are_rewritten_in_place():
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    progress = Progress(stream, interval=0)
    progress("write", 500, 1000)
    progress("write", 1000, 1000)
    progress.close()
    text = stream.getvalue()
    assert text.startswith("\rwrite: 500/1,000 rows (") and "rows/s)" in text
    assert text.count("\r") == 2 and text.endswith("\n")


def test_export_json_and_datapackage(social_map, tmp_path):
    out, err = run("hsds_export", str(tmp_path / "kaart.json"), "--format", "json")
    assert "2 organization(s) written" in out and "rows/s" in err
    documents = json.loads((tmp_path / "kaart.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in documents] == ["De Kern", "MEE IJsseloevers"]
    out, _err = run("hsds_export", str(tmp_path / "kaart"), "--format", "datapackage", "--quiet")
    assert "services 3" in out and (tmp_path / "kaart" / "datapackage.json").exists()
    run("hsds_export", str(tmp_path / "kaart.zip"), "--format", "datapackage", "--quiet")
    with zipfile.ZipFile(tmp_path / "kaart.zip") as archive:
        assert {"datapackage.json", "services.csv", "service_at_location.csv"} <= set(archive.namelist())
    with pytest.raises(CommandError):
        run("hsds_export", str(tmp_path / "kaart"), "--format", "json")
