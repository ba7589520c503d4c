"""Coordinators issue and revoke their own organisation's API tokens in the web UI."""

from samenkracht.accounts.models import ApiToken, hash_token
from tests.conftest import sign_in


def test_coordinator_issues_a_token_shown_once_and_stored_hashed(client, people, network):
    sign_in(client, people.coordinator)
    url = f"/netwerk/organisaties/{network.de_kern.pk}/api-sleutels/"
    response = client.post(url, {"name": "koppeling CRM", "scopes": ["network:read"], "days": "30"})
    assert response.status_code == 200
    raw = response.context["raw"]
    assert raw.startswith("sk_") and response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(organisation=network.de_kern)
    assert token.token_hash == hash_token(raw) and raw not in (token.prefix, token.name)
    again = client.get(url)
    assert raw not in again.content.decode()
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200


def test_coordinator_cannot_give_a_token_admin_scope(client, people, network):
    sign_in(client, people.coordinator)
    response = client.post(f"/netwerk/organisaties/{network.de_kern.pk}/api-sleutels/",
                           {"name": "te veel", "scopes": ["network:admin"], "days": "30"})
    assert "scopes" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoked_token_stops_working(client, people, network):
    sign_in(client, people.coordinator)
    response = client.post(f"/netwerk/organisaties/{network.de_kern.pk}/api-sleutels/",
                           {"name": "koppeling", "scopes": ["network:read"], "days": "30"})
    raw = response.context["raw"]
    token = ApiToken.objects.get()
    client.post(f"/netwerk/organisaties/{network.de_kern.pk}/api-sleutels/{token.pk}/intrekken/")
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert client.get("/api/v1/organisations", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_coordinator_cannot_revoke_another_organisations_token(client, people, network):
    from samenkracht.accounts.tokens import issue_token

    token, _raw = issue_token(organisation=network.mee, name="MEE", scopes=["network:read"])
    sign_in(client, people.coordinator)
    response = client.post(f"/netwerk/organisaties/{network.mee.pk}/api-sleutels/{token.pk}/intrekken/")
    assert response.status_code == 403
    response = client.post(f"/netwerk/organisaties/{network.de_kern.pk}/api-sleutels/{token.pk}/intrekken/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
