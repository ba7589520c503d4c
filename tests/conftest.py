"""Shared test setup: a small partner network and one persona per role and organisation.

Personas (readable names instead of anonymous fixtures):
- admin          functional administrator at Gemeente Zwolle
- privacy        privacy officer at Gemeente Zwolle
- policy         municipality policy officer at Gemeente Meierijstad
- coordinator    organisation coordinator at De Kern
- mee_coordinator organisation coordinator at MEE IJsseloevers
- professional   professional (MEE client support) at MEE IJsseloevers
- outsider       an account without any membership
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenkracht.accounts.models import User
from samenkracht.network.models import (
    Association,
    Membership,
    Municipality,
    Neighbourhood,
    Organisation,
    Role,
    ServiceArea,
)

PASSWORD = "correct-horse-battery-staple-42"
MUNICIPALITIES = {
    "Zwolle": "GM0193", "Kampen": "GM0166", "Deventer": "GM0150", "Almelo": "GM0141",
    "Meierijstad": "GM1948", "Staphorst": "GM0180", "Twenterand": "GM1700",
}


@dataclass
class Network:
    zwolle: Municipality
    kampen: Municipality
    deventer: Municipality
    almelo: Municipality
    meierijstad: Municipality
    staphorst: Municipality
    twenterand: Municipality
    gemeente_zwolle: Organisation
    gemeente_meierijstad: Organisation
    de_kern: Organisation
    mee: Organisation
    stadshagen: Neighbourhood
    mee_nederland: Association


@pytest.fixture
def network(db) -> Network:
    m = {name: Municipality.objects.create(code=code, name=name) for name, code in MUNICIPALITIES.items()}
    mee_nederland = Association.objects.create(name="MEE Nederland")
    gemeente_zwolle = Organisation.objects.create(name="Gemeente Zwolle", kind="municipality", municipality=m["Zwolle"])
    gemeente_meierijstad = Organisation.objects.create(
        name="Gemeente Meierijstad", kind="municipality", municipality=m["Meierijstad"]
    )
    de_kern = Organisation.objects.create(name="De Kern", kind="social_work", municipality=m["Zwolle"])
    mee = Organisation.objects.create(name="MEE IJsseloevers", kind="client_support", municipality=m["Zwolle"])
    mee.associations.add(mee_nederland)
    for name in ("Zwolle", "Kampen", "Deventer", "Twenterand"):
        ServiceArea.objects.create(organisation=de_kern, municipality=m[name])
    for name in ("Zwolle", "Kampen", "Deventer", "Staphorst"):
        ServiceArea.objects.create(organisation=mee, municipality=m[name])
    stadshagen = Neighbourhood.objects.create(municipality=m["Zwolle"], name="Stadshagen", kind="district")
    return Network(
        zwolle=m["Zwolle"], kampen=m["Kampen"], deventer=m["Deventer"], almelo=m["Almelo"],
        meierijstad=m["Meierijstad"], staphorst=m["Staphorst"], twenterand=m["Twenterand"],
        gemeente_zwolle=gemeente_zwolle, gemeente_meierijstad=gemeente_meierijstad, de_kern=de_kern, mee=mee,
        stadshagen=stadshagen, mee_nederland=mee_nederland,
    )


def make_person(email: str, full_name: str, memberships: list[tuple[Organisation, str]] = ()) -> User:
    user = User.objects.create_user(username=email, email=email, full_name=full_name, password=PASSWORD)
    for organisation, role in memberships:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    return user


def current_code(user: User) -> str:
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():06d}"


@dataclass
class People:
    admin: User
    privacy: User
    policy: User
    coordinator: User
    mee_coordinator: User
    professional: User
    outsider: User

    def by_name(self, name: str) -> User:
        return getattr(self, name)


ROLES = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional", "outsider"]


@pytest.fixture
def people(network) -> People:
    return People(
        admin=make_person("beheer@example.test", "Ada Beheer", [(network.gemeente_zwolle, Role.FUNCTIONAL_ADMIN)]),
        privacy=make_person("privacy@example.test", "Pim Privacy", [(network.gemeente_zwolle, Role.PRIVACY_OFFICER)]),
        policy=make_person("beleid@example.test", "Bo Beleid", [(network.gemeente_meierijstad, Role.POLICY_OFFICER)]),
        coordinator=make_person("coord@example.test", "Cas Coördinator", [(network.de_kern, Role.COORDINATOR)]),
        mee_coordinator=make_person("meecoord@example.test", "Mia Coördinator", [(network.mee, Role.COORDINATOR)]),
        professional=make_person("prof@example.test", "Pia Professional", [(network.mee, Role.PROFESSIONAL)]),
        outsider=make_person("buiten@example.test", "Olaf Buiten"),
    )


def sign_in(client, user: User):
    """Signed in with both factors, as after the real login flow (tested in tests/accounts)."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user, confirmed=True).persistent_id
    session.save()
    return client


def _restore_reference_data(django_db_blocker) -> None:
    from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS
    from samenkracht.socialmap.models import LifeDomain, TargetGroup

    with django_db_blocker.unblock():
        if LifeDomain.objects.count() == len(LIFE_DOMAINS) and TargetGroup.objects.count() == len(TARGET_GROUPS):
            return
        for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
            LifeDomain.objects.update_or_create(code=code, defaults={"name": name, "position": position})
        for position, (code, name) in enumerate(TARGET_GROUPS, start=1):
            TargetGroup.objects.update_or_create(code=code, defaults={"name": name, "position": position})


@pytest.fixture(autouse=True)
def _restore_reference_data_after_flush(request, django_db_blocker):
    """Transactional tests (browser journeys, concurrency) end with a flush that also empties the reference
    lists loaded by migrations (life domains, target groups). Put them back, so the order of tests never
    matters. Both before and after the test: pytest-django's live-server helper (an autouse fixture of the
    plugin, set up before this one) requests the transactional database itself, so its flush comes after
    this fixture's teardown."""
    transactional = {"transactional_db", "live_server"} & set(request.fixturenames) or (
        request.node.get_closest_marker("django_db")
        and request.node.get_closest_marker("django_db").kwargs.get("transaction"))
    if transactional:
        _restore_reference_data(django_db_blocker)
    yield
    if transactional:
        _restore_reference_data(django_db_blocker)


def pytest_sessionstart(session):
    """The UI is Dutch: compile the catalogue before any test, so results never depend on a stale .mo."""
    from pathlib import Path

    import polib

    locale = Path(__file__).resolve().parent.parent / "src" / "samenkracht" / "locale"
    for po_path in locale.glob("*/LC_MESSAGES/*.po"):
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime:
            polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
