"""Management commands: reindex_socialmap and load_postcode_centroids."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from samenkracht.socialmap import geo
from samenkracht.socialmap.models import PostcodeCentroid, Service
from samenkracht.socialmap.search import SearchParams, search_services
from samenkracht.socialmap.search.backends import get_backend
from tests.socialmap_search.conftest import SERVICES


def test_reindex_prints_progress_and_restores_the_index(social_map):
    backend = get_backend()
    backend.delete([s.pk for s in Service.objects.all()])
    assert search_services(SearchParams(text="taalcafe")).total == 0
    out = StringIO()
    call_command("reindex_socialmap", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"Indexed {len(SERVICES)} of {len(SERVICES)} services (100%)."
    assert lines[-1].startswith(f"Search index rebuilt: {len(SERVICES)} services in ")
    assert backend.count() == len(SERVICES)
    assert search_services(SearchParams(text="taalcafe")).items[0].name == "Taalcafé"


def test_load_postcode_centroids(db, tmp_path):
    PostcodeCentroid.objects.create(pc4="1271", latitude=50.0, longitude=3.0)
    path = tmp_path / "pc4.csv"
    path.write_text("pc4,latitude,longitude\n1271,52.2990,5.2420\n1274,52.2950,5.2660\n\n", encoding="utf-8")
    out = StringIO()
    call_command("load_postcode_centroids", str(path), stdout=out)
    assert out.getvalue().strip() == "Postcode areas: 1 added, 1 updated."
    assert geo.origin_for_postcode("1271 AB") == (52.2990, 5.2420)
    assert geo.origin_for_postcode("1274") == (52.2950, 5.2660)


@pytest.mark.parametrize("content, problem", [
    ("127,52.3,5.2\n", "line 1: '127' is not a four-digit postcode area"),
    ("1271,5.2,52.3\n", "line 1: 5.2,52.3 lies outside the Netherlands (latitude first)"),
    ("1271,52.3\n", "line 1: expected 3 columns"),
    ("1271,noord,5.2\n", "line 1: latitude and longitude must be numbers"),
    ("1271,52.3,5.2\n1271,52.3,5.2\n", "line 2: postcode area 1271 appears twice"),
])
def test_a_bad_centroid_file_stores_nothing(db, tmp_path, content, problem):
    path = tmp_path / "pc4.csv"
    path.write_text("1274,52.2950,5.2660\n" + content if "line 2" not in problem else content, encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError, match="nothing was stored"):
        call_command("load_postcode_centroids", str(path), stderr=err)
    assert problem.replace("line 1", "line 2") in err.getvalue() or problem in err.getvalue()
    assert PostcodeCentroid.objects.count() == 0


def test_a_missing_centroid_file_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_postcode_centroids", str(tmp_path / "missing.csv"))
