"""Every web page and API operation × every role (and own/other organisation) → allowed or denied.

A page or API operation that is added without a row here fails `test_every_*_has_a_row`, so nothing
new can slip through without a decision about who may use it.

Apps add their rows in a module `tests/<app>/matrix.py` that may define WEB_MATRIX and API_MATRIX
(same row shapes as below) and `extend_objects(objects) -> dict` to add the objects its rows need.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samenkracht.accounts.tokens import issue_token
from samenkracht.api import api
from samenkracht.network.models import Location, Region, Role, Team
from tests.conftest import ROLES, make_person, sign_in

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN, NOT_ALLOWED = 200, 403, 302, 405


def everyone(status_signed_in: int, outsider: int = FORBIDDEN, anonymous: int = TO_LOGIN) -> dict[str, int]:
    return {ANON: anonymous, "outsider": outsider, **{role: status_signed_in for role in ALL_SIGNED_IN}}


def only(allowed: list[str], outsider: int = FORBIDDEN) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": outsider, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def _app_matrix_modules():
    tests_dir = Path(__file__).resolve().parent
    for package in sorted(p.name for p in tests_dir.iterdir() if (p / "matrix.py").exists()):
        yield importlib.import_module(f"tests.{package}.matrix")


APP_MATRICES = list(_app_matrix_modules())


@pytest.fixture
def objects(network):
    region = Region.objects.create(name="IJssel-Vecht")
    region.municipalities.set([network.zwolle, network.kampen])
    location = Location.objects.create(
        name="Kantoor De Kern", street="Markt", house_number="1", postcode="8011AA", city="Zwolle",
        municipality=network.zwolle,
    )
    location.organisations.set([network.de_kern])
    team = Team.objects.create(name="Wijkteam Stadshagen", kind="neighbourhood_team", municipality=network.zwolle)
    team.organisations.set([network.de_kern, network.mee])
    # The professional (MEE IJsseloevers) for whom the "on_behalf" token acts (X-On-Behalf-Of); app matrix
    # modules give them the relations their rows need (e.g. coordinator of the plan, member of the team).
    on_behalf_of = make_person("namens.matrix@example.test", "Nina Namens", [(network.mee, Role.PROFESSIONAL)])
    objects = {"network": network, "region": region, "location": location, "team": team,
               "on_behalf_of": on_behalf_of}
    for module in APP_MATRICES:
        if hasattr(module, "extend_objects"):
            objects.update(module.extend_objects(objects))
    return objects


# url name, label, kwargs from the objects, expected status per role (GET)
WEB_MATRIX = [
    ("accounts:login", "", lambda o: {}, {ANON: OK}),
    ("accounts:verify", "", lambda o: {}, everyone(OK, outsider=OK)),
    ("accounts:setup_2fa", "", lambda o: {}, everyone(OK, outsider=OK)),
    ("accounts:logout", "GET is not allowed", lambda o: {}, everyone(NOT_ALLOWED, outsider=NOT_ALLOWED, anonymous=TO_LOGIN)),
    ("accounts:token_list", "own=De Kern", lambda o: {"pk": o["network"].de_kern.pk}, only(["admin", "coordinator"])),
    ("accounts:token_list", "own=MEE", lambda o: {"pk": o["network"].mee.pk}, only(["admin", "mee_coordinator"])),
    ("accounts:token_revoke", "POST only", lambda o: {"pk": o["network"].de_kern.pk, "token_pk": 1},
     {ANON: TO_LOGIN, "outsider": NOT_ALLOWED, **{r: NOT_ALLOWED for r in ALL_SIGNED_IN}}),
    ("web:home", "", lambda o: {}, everyone(OK, outsider=OK)),
    ("web:health", "", lambda o: {}, everyone(OK, outsider=OK, anonymous=OK)),
    ("network:organisation_list", "", lambda o: {}, everyone(OK)),
    ("network:organisation_create", "", lambda o: {}, only(["admin"])),
    ("network:overlap", "", lambda o: {}, everyone(OK)),
    ("network:organisation_detail", "", lambda o: {"pk": o["network"].de_kern.pk}, everyone(OK)),
    ("network:organisation_edit", "own=De Kern", lambda o: {"pk": o["network"].de_kern.pk}, only(["admin", "coordinator"])),
    ("network:organisation_edit", "own=MEE", lambda o: {"pk": o["network"].mee.pk}, only(["admin", "mee_coordinator"])),
    ("network:organisation_service_area", "own=De Kern", lambda o: {"pk": o["network"].de_kern.pk},
     only(["admin", "coordinator"])),
    ("network:organisation_service_area", "own=MEE", lambda o: {"pk": o["network"].mee.pk},
     only(["admin", "mee_coordinator"])),
    ("network:municipality_list", "", lambda o: {}, everyone(OK)),
    ("network:municipality_detail", "", lambda o: {"code": o["network"].zwolle.code}, everyone(OK)),
    ("network:region_list", "", lambda o: {}, everyone(OK)),
    ("network:region_detail", "", lambda o: {"pk": o["region"].pk}, everyone(OK)),
    ("network:location_list", "", lambda o: {}, everyone(OK)),
    ("network:location_create", "coordinators and admin", lambda o: {},
     only(["admin", "coordinator", "mee_coordinator"])),
    ("network:location_detail", "", lambda o: {"pk": o["location"].pk}, everyone(OK)),
    ("network:location_edit", "location of De Kern", lambda o: {"pk": o["location"].pk}, only(["admin", "coordinator"])),
    ("network:team_list", "", lambda o: {}, everyone(OK)),
    ("network:team_create", "", lambda o: {}, only(["admin"])),
    ("network:team_detail", "", lambda o: {"pk": o["team"].pk}, everyone(OK)),
    ("network:team_edit", "", lambda o: {"pk": o["team"].pk}, only(["admin"])),
]

for _module in APP_MATRICES:
    WEB_MATRIX += getattr(_module, "WEB_MATRIX", [])

# URL names that are not pages of ours: the Django admin (role-checked in tests/accounts) and the API
# (covered by API_MATRIX below).
NOT_IN_WEB_MATRIX_NAMESPACES = {"admin", "api-v1", "hsds"}


def _url_names(resolver=None, namespace: str | None = None) -> set[str]:
    names: set[str] = set()
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            names |= _url_names(entry, f"{namespace}:{entry.namespace}" if namespace and entry.namespace else inner)
        elif isinstance(entry, URLPattern) and entry.name:
            names.add(f"{namespace}:{entry.name}" if namespace else entry.name)
    return names


def test_every_web_page_has_a_row():
    pages = {n for n in _url_names() if n.split(":")[0] not in NOT_IN_WEB_MATRIX_NAMESPACES}
    covered = {row[0] for row in WEB_MATRIX}
    assert pages - covered == set(), "pages without a row in WEB_MATRIX"
    assert covered - pages == set(), "rows for pages that do not exist"


# One test per row, every role inside it: building the matrix's objects is the expensive part, so it is done
# once per row; each role's request runs in a savepoint that is rolled back, so no role sees another's traces.
WEB_ROWS = [
    pytest.param(name, kwargs, {role: expected[role] for role in [ANON, *ROLES] if expected.get(role) is not None},
                 id=f"{name}[{label}]")
    for name, label, kwargs, expected in WEB_MATRIX
]


def _isolated(request):
    """Run one request in a savepoint that is rolled back afterwards; return the response."""
    with transaction.atomic():
        response = request()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize("name, kwargs, expectations", WEB_ROWS)
def test_web_matrix(people, objects, name, kwargs, expectations):
    url = reverse(name, kwargs=kwargs(objects))
    wrong = []
    for role, expected in expectations.items():
        def get(role=role):
            client = Client()
            if role != ANON:
                sign_in(client, people.by_name(role))
            return client.get(url)

        response = _isolated(get)
        if response.status_code != expected or (
            expected == TO_LOGIN and not response["Location"].startswith(reverse("accounts:login"))
        ):
            wrong.append(f"{role}: expected {expected}, got {response.status_code}")
    assert not wrong, f"{url}: " + "; ".join(wrong)


# --- API ------------------------------------------------------------------------------------------

# Token kinds: none, read (network:read of De Kern), write_own (network:write + socialmap:write of De Kern),
# admin (every scope, of Gemeente Zwolle). "other" rows act on MEE IJsseloevers with a De Kern token.
# on_behalf: a token of MEE IJsseloevers with network:read + households:read + households:write that acts
# X-On-Behalf-Of the professional objects["on_behalf_of"] (resident data: that person's relations decide).
# Rows of this file expect for on_behalf what the read token gets unless they say otherwise (expect()). A row
# of an app matrix that does not name "on_behalf" is not run for it: its outcome depends on the professional's
# relations and on the token's organisation, which only that app's matrix knows. App matrices written before
# this kind therefore keep working unchanged; tests/plans and tests/frontdoor name it for resident data.
TOKENS = {
    "read": ["network:read"],
    "write_own": ["network:write", "socialmap:write"],
    "admin": ["network:admin", "socialmap:write", "socialmap:review"],
    "on_behalf": ["network:read", "households:read", "households:write"],
}
R, W, A, OB = "read", "write_own", "admin", "on_behalf"
TOKEN_KINDS = ["none", R, W, A, OB]


def expected_for(expected: dict[str, int], token: str) -> int | None:
    """The expected status of a row for a token kind (None: not run, see above)."""
    return expected.get(OB) if token == OB else expected[token]


def expect(none=401, read=OK, write_own=OK, admin=OK, on_behalf=None) -> dict[str, int]:
    return {"none": none, R: read, W: write_own, A: admin, OB: read if on_behalf is None else on_behalf}


def _body_location(o):
    return {"name": "Buurthuis", "street": "Plein", "house_number": "3", "postcode": "8011 AB", "city": "Zwolle",
            "municipality": "GM0193", "organisations": [o["network"].de_kern.pk]}


API_MATRIX = [
    ("GET", "/municipalities", lambda o: "/municipalities", None, expect()),
    ("GET", "/municipalities/{code}", lambda o: "/municipalities/GM0193", None, expect()),
    ("GET", "/regions", lambda o: "/regions", None, expect()),
    ("GET", "/regions/{region_id}", lambda o: f"/regions/{o['region'].pk}", None, expect()),
    ("GET", "/neighbourhoods", lambda o: "/neighbourhoods", None, expect()),
    ("POST", "/neighbourhoods", lambda o: "/neighbourhoods",
     lambda o: {"name": "Westenholte", "kind": "district", "municipality": "GM0193"},
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=201)),
    ("GET", "/associations", lambda o: "/associations", None, expect()),
    ("GET", "/organisations", lambda o: "/organisations", None, expect()),
    ("POST", "/organisations", lambda o: "/organisations", lambda o: {"name": "Buurtkracht", "kind": "citizen_initiative"},
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=201)),
    ("GET", "/organisations/overlap",
     lambda o: f"/organisations/overlap?organisation={o['network'].de_kern.pk}&organisation={o['network'].mee.pk}",
     None, expect()),
    ("GET", "/organisations/{organisation_id}", lambda o: f"/organisations/{o['network'].de_kern.pk}", None, expect()),
    ("PATCH", "/organisations/{organisation_id}", lambda o: f"/organisations/{o['network'].de_kern.pk}",
     lambda o: {"phone": "038-1234567"}, expect(read=FORBIDDEN)),
    ("PATCH", "/organisations/{organisation_id}", lambda o: f"/organisations/{o['network'].mee.pk}",
     lambda o: {"phone": "038-7654321"}, expect(read=FORBIDDEN, write_own=FORBIDDEN)),
    ("PUT", "/organisations/{organisation_id}/service-area",
     lambda o: f"/organisations/{o['network'].de_kern.pk}/service-area",
     lambda o: {"municipalities": ["GM0193"]}, expect(read=FORBIDDEN)),
    ("PUT", "/organisations/{organisation_id}/service-area",
     lambda o: f"/organisations/{o['network'].mee.pk}/service-area",
     lambda o: {"municipalities": ["GM0193"]}, expect(read=FORBIDDEN, write_own=FORBIDDEN)),
    ("GET", "/locations", lambda o: "/locations", None, expect()),
    ("POST", "/locations", lambda o: "/locations", _body_location, expect(read=FORBIDDEN, write_own=201, admin=201)),
    ("GET", "/locations/{location_id}", lambda o: f"/locations/{o['location'].pk}", None, expect()),
    ("PATCH", "/locations/{location_id}", lambda o: f"/locations/{o['location'].pk}",
     lambda o: {"description": "Nieuw"}, expect(read=FORBIDDEN)),
    ("GET", "/teams", lambda o: "/teams", None, expect()),
    ("POST", "/teams", lambda o: "/teams",
     lambda o: {"name": "Wijkteam Kampen", "kind": "neighbourhood_team", "municipality": "GM0166"},
     expect(read=FORBIDDEN, write_own=FORBIDDEN, admin=201)),
    ("GET", "/teams/{team_id}", lambda o: f"/teams/{o['team'].pk}", None, expect()),
]


for _module in APP_MATRICES:
    API_MATRIX += getattr(_module, "API_MATRIX", [])

# Other APIs mounted beside /api/v1/ (for example the HSDS feed) list their operations here: each app
# matrix module may define API_PREFIXES = {"/api/hsds": ninja_api_object}; their rows in API_MATRIX
# name the full path ("/api/hsds/services") and their URL builders return full URLs ("/api/hsds/...").
OTHER_APIS = {prefix: other for _module in APP_MATRICES for prefix, other in getattr(_module, "API_PREFIXES", {}).items()}


def _api_operations() -> set[tuple[str, str]]:
    operations = set()
    for prefix, ninja_api in {"/api/v1": api, **OTHER_APIS}.items():
        schema = ninja_api.get_openapi_schema(path_prefix="")
        for path, item in schema["paths"].items():
            for method in item:
                operations.add((method.upper(), path if prefix == "/api/v1" else prefix + path))
    return operations


def test_every_api_operation_has_a_row():
    operations = _api_operations()
    covered = {(method, path) for method, path, *_ in API_MATRIX}
    assert operations - covered == set(), "API operations without a row in API_MATRIX"
    assert covered - operations == set(), "rows for API operations that do not exist"


API_ROWS = [
    pytest.param(method, url, body, {token: expected_for(expected, token) for token in TOKEN_KINDS
                                     if expected_for(expected, token) is not None}, id=f"{method} {path} {i}")
    for i, (method, path, url, body, expected) in enumerate(API_MATRIX)
]


@pytest.mark.parametrize("method, url, body, expectations", API_ROWS)
def test_api_matrix(objects, method, url, body, expectations):
    network = objects["network"]
    target = url(objects)
    full_url = target if target.startswith("/api/") else "/api/v1" + target
    wrong = []
    for token, expected in expectations.items():
        def call(token=token):
            headers = {}
            if token != "none":
                owner = {A: network.gemeente_zwolle, OB: network.mee}.get(token, network.de_kern)
                _token, raw = issue_token(organisation=owner, name="matrix", scopes=TOKENS[token])
                headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
                if token == OB:
                    headers["HTTP_X_ON_BEHALF_OF"] = objects["on_behalf_of"].email
            return Client().generic(
                method, full_url, data=b"" if body is None else json.dumps(body(objects)),
                content_type="application/json", **headers,
            )

        response = _isolated(call)
        if response.status_code != expected:
            wrong.append(f"{token}: expected {expected}, got {response.status_code} {response.content[:200]!r}")
    assert not wrong, f"{method} {full_url}: " + "; ".join(wrong)


def test_rows_without_an_on_behalf_expectation_keep_working():
    assert expected_for({"none": 401, R: OK, W: OK, A: OK}, OB) is None  # an app row written before the kind
    assert expected_for({"none": 401, R: FORBIDDEN, W: OK, A: OK, OB: 201}, OB) == 201
    assert expect(read=FORBIDDEN)[OB] == FORBIDDEN and expect(on_behalf=201)[OB] == 201
