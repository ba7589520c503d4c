"""The CBS municipality list: the shipped list, a newer list, and bad files (all-or-nothing)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from samenkracht.network.importers import (
    DEFAULT_MUNICIPALITY_FILE,
    ImportFailed,
    import_default_municipalities,
    import_municipalities,
)
from samenkracht.network.models import Municipality

SHARED_LIST = Path(__file__).resolve().parents[3] / "shared" / "reference" / "gemeenten.csv"


def test_shipped_list_has_all_342_municipalities(db):
    report = import_default_municipalities()
    assert report.created == 342
    assert Municipality.objects.filter(active=True).count() == 342
    assert Municipality.objects.get(code="GM1948").name == "Meierijstad"
    assert Municipality.objects.get(code="GM0166").name == "Kampen"


def test_shipped_list_is_the_reference_list():
    if not SHARED_LIST.exists():
        pytest.skip(f"{SHARED_LIST} is absent (the shared folder is not beside this checkout)")
    assert DEFAULT_MUNICIPALITY_FILE.read_text(encoding="utf-8") == SHARED_LIST.read_text(encoding="utf-8")


def test_loading_twice_changes_nothing(db):
    import_default_municipalities()
    report = import_default_municipalities()
    assert (report.created, report.updated, report.unchanged, report.deactivated) == (0, 0, 342, [])


def test_a_newer_list_merges_and_renames_without_code_changes(db):
    import_municipalities("code,naam\nGM0001,Oudstad\nGM0002,Nieuwdorp\nGM0003,Tweede Dorp\n")
    report = import_municipalities("code,naam\nGM0001,Oudstad aan Zee\nGM0004,Samengevoegd\n")
    assert (report.created, report.updated) == (1, 1)
    assert sorted(report.deactivated) == ["GM0002", "GM0003"]
    assert Municipality.objects.get(code="GM0001").name == "Oudstad aan Zee"
    assert not Municipality.objects.get(code="GM0002").active  # kept for history, no longer offered


def test_bad_rows_are_reported_with_row_and_field_and_nothing_is_stored(db):
    text = "code,naam\nGM0001,Goed\nGM01,Te kort\nGM0003,\nGM0001,Dubbel\n"
    with pytest.raises(ImportFailed) as failure:
        import_municipalities(text, file="nieuw.csv")
    problems = [(p.row, p.field) for p in failure.value.problems]
    assert problems == [(3, "code"), (4, "naam"), (5, "code")]
    assert "row 5, field code: GM0001 appears again (first on row 2)" in [str(p) for p in failure.value.problems]
    assert Municipality.objects.count() == 0


def test_wrong_header_is_refused(db):
    with pytest.raises(ImportFailed) as failure:
        import_municipalities("gemeentecode;naam\nGM0001;X\n")
    assert failure.value.problems[0].field == "header"


def test_command_reports_problems_and_fails(db, tmp_path):
    bad = tmp_path / "gemeenten.csv"
    bad.write_text("code,naam\nXX0001,Fout\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("load_municipalities", str(bad), stderr=err)
    assert "row 2, field code" in err.getvalue()
    out = StringIO()
    call_command("load_municipalities", stdout=out)
    assert "342 added" in out.getvalue()
