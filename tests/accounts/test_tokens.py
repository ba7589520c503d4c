"""API tokens of organisations' systems: issuing, storage (hash only), authentication, the `token` command."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from samenkracht.accounts.models import ApiToken
from samenkracht.accounts.tokens import issue_token, revoke_token
from samenkracht.network.models import Organisation
from tests.api_helpers import API, bearer
from tests.conftest import sign_in

# A detail route: one query for the token, one for the municipality, nothing else.
PROBE = f"{API}/municipalities/GM0193"


def stored_text() -> str:
    """Every value in every table of the database, as text."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 - introspected names
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def token_updates(queries) -> list[str]:
    table = ApiToken._meta.db_table
    return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE") and table in q["sql"]]


# --- Issuing and storage --------------------------------------------------------------------------


def test_only_the_sha256_is_stored_and_the_prefix_is_shown(network):
    token, raw = issue_token(organisation=network.de_kern, name="koppeling CRM", scopes=["network:read"])

    assert raw.startswith(f"sk_{token.prefix}_")
    secret = raw.removeprefix(f"sk_{token.prefix}_")
    assert len(secret) >= 40  # 32 random bytes, url-safe base64
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.prefix == token.prefix and len(stored.prefix) == 12

    everything = stored_text()
    assert stored.token_hash in everything and stored.prefix in everything  # the scan does see the token row
    assert raw not in everything
    assert secret not in everything
    # What people see of a token is its name and prefix, never the secret.
    assert str(stored) == f"koppeling CRM (sk_{token.prefix}_…)"
    assert secret not in str(stored)


def test_every_token_is_different(network):
    issued = [issue_token(organisation=network.de_kern, name=f"t{i}", scopes=["network:read"]) for i in range(5)]
    assert len({raw for _token, raw in issued}) == 5
    assert len({token.prefix for token, _raw in issued}) == 5
    assert len({token.token_hash for token, _raw in issued}) == 5


def test_scopes_are_stored_once_and_sorted(network):
    token, _raw = issue_token(
        organisation=network.de_kern, name="x", scopes=["network:write", "network:read", "network:write"]
    )
    token.refresh_from_db()
    assert token.scopes == ["network:read", "network:write"]
    assert token.has_scope("network:write") and not token.has_scope("network:admin")


@pytest.mark.parametrize("scopes", [["network:everything"], ["network:read", "admin"], ["NETWORK:READ"], [],
                                    "network:read"])
def test_unknown_or_missing_scopes_are_rejected(network, scopes):
    with pytest.raises(ValidationError) as error:
        issue_token(organisation=network.de_kern, name="x", scopes=scopes)
    assert "scopes" in error.value.message_dict
    assert not ApiToken.objects.exists()


def test_overlong_name_is_rejected_and_nothing_saved(network):
    with pytest.raises(ValidationError) as error:
        issue_token(organisation=network.de_kern, name="x" * 101, scopes=["network:read"])
    assert "name" in error.value.message_dict
    assert not ApiToken.objects.exists()


# --- Authentication -------------------------------------------------------------------------------


def test_a_usable_token_authenticates(client, network):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    response = client.get(PROBE, **bearer(raw))
    assert response.status_code == 200
    assert response.json()["name"] == "Zwolle"
    # The scheme name is case-insensitive, as HTTP says.
    assert client.get(PROBE, HTTP_AUTHORIZATION=f"bearer {raw}").status_code == 200


def test_a_token_that_expires_later_authenticates(client, network):
    _token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"],
                              expires_at=timezone.now() + timedelta(minutes=5))
    assert client.get(PROBE, **bearer(raw)).status_code == 200


def _wrong_headers(raw: str, token: ApiToken) -> dict[str, dict]:
    other_secret = "A" * len(raw.removeprefix(f"sk_{token.prefix}_"))
    return {
        "no header": {},
        "empty bearer": {"HTTP_AUTHORIZATION": "Bearer "},
        "token without scheme": {"HTTP_AUTHORIZATION": raw},
        "other scheme": {"HTTP_AUTHORIZATION": f"Token {raw}"},
        "basic auth": {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"},
        "right prefix, wrong secret": bearer(f"sk_{token.prefix}_{other_secret}"),
        "one character changed": bearer(raw[:-1] + ("a" if raw[-1] != "a" else "b")),
        "truncated": bearer(raw[:-1]),
        "the stored hash": bearer(token.token_hash),
        "the prefix alone": bearer(token.prefix),
        "overlong": bearer(raw + "x" * 200),
    }


WRONG = ["no header", "empty bearer", "token without scheme", "other scheme", "basic auth",
         "right prefix, wrong secret", "one character changed", "truncated", "the stored hash", "the prefix alone",
         "overlong"]


@pytest.mark.parametrize("case", WRONG)
def test_missing_or_wrong_token_is_401(client, network, case):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:admin"])
    headers = _wrong_headers(raw, token)[case]
    assert client.get(PROBE, **headers).status_code == 401
    response = client.post(f"{API}/organisations", data={"name": "Indringer", "kind": "other"},
                           content_type="application/json", **headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}
    assert not Organisation.objects.filter(name="Indringer").exists()
    token.refresh_from_db()
    assert token.last_used_at is None


def test_revoked_token_is_401(client, network):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    assert client.get(PROBE, **bearer(raw)).status_code == 200
    revoke_token(token)
    token.refresh_from_db()
    assert token.revoked_at is not None and not token.is_usable
    response = client.get(PROBE, **bearer(raw))
    assert response.status_code == 401
    assert response.json() == {"detail": "Unauthorized"}


def test_revoking_twice_keeps_the_first_moment(network):
    token, _raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    revoke_token(token)
    first = ApiToken.objects.get(pk=token.pk).revoked_at
    revoke_token(ApiToken.objects.get(pk=token.pk))
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


@pytest.mark.parametrize("ago", [timedelta(seconds=1), timedelta(days=400)])
def test_expired_token_is_401(client, network, ago):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"],
                             expires_at=timezone.now() + timedelta(hours=1))
    assert client.get(PROBE, **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - ago)
    assert client.get(PROBE, **bearer(raw)).status_code == 401


def test_token_of_a_deleted_organisation_no_longer_works(client, network):
    _token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    network.de_kern.delete()
    assert not ApiToken.objects.exists()
    assert client.get(PROBE, **bearer(raw)).status_code == 401


def test_a_browser_session_does_not_open_the_api(client, people):
    sign_in(client, people.admin)
    assert client.get("/netwerk/organisaties/").status_code == 200  # signed in with both factors
    assert client.get(PROBE).status_code == 401
    response = client.post(f"{API}/organisations", data={"name": "Via sessie", "kind": "other"},
                           content_type="application/json")
    assert response.status_code == 401


def test_token_requests_need_no_csrf_token(network):
    client = Client(enforce_csrf_checks=True)
    _token, raw = issue_token(organisation=network.gemeente_zwolle, name="x", scopes=["network:admin"])
    response = client.post(f"{API}/organisations", data={"name": "Buurtkracht", "kind": "citizen_initiative"},
                           content_type="application/json", **bearer(raw))
    assert response.status_code == 201, response.content


# --- last_used_at ---------------------------------------------------------------------------------


def test_last_used_at_is_set_on_first_use(client, network):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    assert token.last_used_at is None
    before = timezone.now()
    assert client.get(PROBE, **bearer(raw)).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert before <= token.last_used_at <= timezone.now()


def test_last_used_at_is_written_at_most_once_per_resolution(client, network, django_assert_num_queries):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    recent = timezone.now() - timedelta(seconds=settings.API_TOKEN_LAST_USED_RESOLUTION_S // 2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=recent)
    with django_assert_num_queries(2) as queries:  # the token, the municipality; no write
        assert client.get(PROBE, **bearer(raw)).status_code == 200
    assert token_updates(queries) == []
    token.refresh_from_db()
    assert token.last_used_at == recent


def test_stale_last_used_at_is_refreshed(client, network):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    stale = timezone.now() - timedelta(seconds=settings.API_TOKEN_LAST_USED_RESOLUTION_S * 2)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=stale)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PROBE, **bearer(raw)).status_code == 200
    assert len(token_updates(queries)) == 1
    token.refresh_from_db()
    assert token.last_used_at > stale
    assert timezone.now() - token.last_used_at < timedelta(seconds=5)


def test_refused_token_does_not_touch_last_used_at(client, network):
    token, raw = issue_token(organisation=network.de_kern, name="x", scopes=["network:read"])
    revoke_token(token)
    assert client.get(PROBE, **bearer(raw)).status_code == 401
    token.refresh_from_db()
    assert token.last_used_at is None


# --- The `token` management command ---------------------------------------------------------------


def run(*args) -> str:
    out = StringIO()
    call_command("token", *args, stdout=out)
    return out.getvalue()


def test_command_create_prints_the_token_once_and_it_works(client, network):
    output = run("create", "--organisation", "De Kern", "--name", "koppeling CRM",
                 "--scope", "network:read", "--scope", "network:write")
    token = ApiToken.objects.get()
    raws = [word for word in output.split() if word.startswith(f"sk_{token.prefix}_")]
    assert len(raws) == 1
    raw = raws[0]
    assert output.count(raw) == 1
    assert "not shown again" in output
    assert token.organisation == network.de_kern
    assert token.name == "koppeling CRM"
    assert token.scopes == ["network:read", "network:write"]
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    # Valid for a year by default.
    assert timedelta(days=364) < token.expires_at - timezone.now() <= timedelta(days=365)
    assert raw not in stored_text()
    assert client.get(PROBE, **bearer(raw)).status_code == 200


def test_command_create_without_expiry(network):
    run("create", "--organisation", "De Kern", "--name", "x", "--scope", "network:read", "--days", "0")
    assert ApiToken.objects.get().expires_at is None


def test_command_create_for_unknown_organisation_fails(network):
    with pytest.raises(CommandError, match="No organisation named"):
        run("create", "--organisation", "Bestaat Niet", "--name", "x", "--scope", "network:read")
    assert not ApiToken.objects.exists()


def test_command_create_with_unknown_scope_fails(network):
    with pytest.raises(CommandError):
        run("create", "--organisation", "De Kern", "--name", "x", "--scope", "network:everything")
    with pytest.raises(CommandError):
        run("create", "--organisation", "De Kern", "--name", "x")  # --scope is required
    assert not ApiToken.objects.exists()


def test_command_create_with_overlong_name_fails(network):
    with pytest.raises(CommandError, match="name"):
        run("create", "--organisation", "De Kern", "--name", "x" * 101, "--scope", "network:read")
    assert not ApiToken.objects.exists()


def test_command_create_with_negative_days_is_refused(network):
    with pytest.raises(CommandError, match="--days"):
        run("create", "--organisation", "De Kern", "--name", "x", "--scope", "network:read", "--days", "-1")
    assert not ApiToken.objects.exists()


def test_command_list_shows_prefix_state_and_never_the_secret(network):
    usable, usable_raw = issue_token(organisation=network.de_kern, name="crm", scopes=["network:read"])
    revoked, revoked_raw = issue_token(organisation=network.mee, name="oud", scopes=["network:write"])
    revoke_token(revoked)
    expired, expired_raw = issue_token(organisation=network.mee, name="verlopen", scopes=["network:read"],
                                       expires_at=timezone.now() - timedelta(days=1))

    lines = run("list").splitlines()
    assert len(lines) == 3
    by_prefix = {line.split()[0]: line for line in lines}
    assert set(by_prefix) == {usable.prefix, revoked.prefix, expired.prefix}
    assert by_prefix[usable.prefix].split()[1] == "usable" and "De Kern: crm" in by_prefix[usable.prefix]
    assert by_prefix[revoked.prefix].split()[1] == "revoked" and "MEE IJsseloevers: oud" in by_prefix[revoked.prefix]
    assert by_prefix[expired.prefix].split()[1] == "expired"
    for raw in (usable_raw, revoked_raw, expired_raw):
        assert raw.split("_", 2)[2] not in "\n".join(lines)

    only_mee = run("list", "--organisation", "MEE IJsseloevers").splitlines()
    assert {line.split()[0] for line in only_mee} == {revoked.prefix, expired.prefix}


def test_command_revoke_by_prefix(client, network):
    token, raw = issue_token(organisation=network.de_kern, name="crm", scopes=["network:read"])
    other, other_raw = issue_token(organisation=network.de_kern, name="bi", scopes=["network:read"])
    assert client.get(PROBE, **bearer(raw)).status_code == 200

    output = run("revoke", token.prefix)
    assert token.prefix in output and "Revoked" in output
    token.refresh_from_db()
    other.refresh_from_db()
    assert token.revoked_at is not None
    assert other.revoked_at is None
    assert client.get(PROBE, **bearer(raw)).status_code == 401
    assert client.get(PROBE, **bearer(other_raw)).status_code == 200


def test_command_revoke_unknown_prefix_fails(network):
    token, _raw = issue_token(organisation=network.de_kern, name="crm", scopes=["network:read"])
    with pytest.raises(CommandError, match="No token with prefix"):
        run("revoke", "000000000000")
    token.refresh_from_db()
    assert token.revoked_at is None
