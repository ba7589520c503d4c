"""The demo network: built from the articles' facts, idempotent, synthetic people only."""

from __future__ import annotations

import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django_otp.plugins.otp_totp.models import TOTPDevice

from samenkracht.accounts.models import User
from samenkracht.demo import network_data
from samenkracht.demo.loader import build_demo_network
from samenkracht.demo.users import DEMO_USERS
from samenkracht.network import queries
from samenkracht.network.models import Location, Membership, Organisation, Region, Role, Team

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

# People named in the source articles. They must appear nowhere in the demo data.
ARTICLE_PEOPLE = [
    "Simone van Ruth", "Hans Bonten", "Eus Witlox", "Roland van der Heijden", "Trix Cloosterman",
    "Miriam van der Smissen", "Aly van Beek", "Jan de Vries", "Rik Compagne", "Jacqueline Vonk",
    "Menno Roozendaal", "Erik de Rooij", "Liesbeth Bomhof", "Eric Wichgers", "Marieke Voogt", "Elke Louwers",
    "Melissa Jansen", "Raimond de Prez", "Gon Mevis", "Marleen van Esch", "Ingrid Verhoeven", "Ad Otjes",
    "Janny Bakker", "Saskia Smeenk", "Corine Volleberg", "Mieke Pirson", "Esther van der Zee",
    "Albert Rechtenschot", "Bluijs", "Erwin Hagen",
]


@pytest.fixture
def demo(db):
    return build_demo_network()


def test_demo_builds_the_articles_network(demo):
    assert demo["municipalities"] == 342
    mee = Organisation.objects.get(name="MEE IJsseloevers")
    kern = Organisation.objects.get(name="De Kern")
    assert [m.name for m in queries.overlap([mee, kern])] == sorted(
        ["Zwolle", "Kampen", "Zwartewaterland", "Olst-Wijhe", "Raalte", "Deventer", "Dalfsen", "Ommen", "Hardenberg"]
    )
    assert Team.objects.get(name="De Toegang Delft").organisations.count() == 16
    assert Location.objects.get(name__startswith="Startpunt Wageningen").organisations.count() == 20
    assert Region.objects.get(name="Midden-Limburg").municipalities.count() == 7
    assert Organisation.objects.filter(kind="citizen_initiative", informal=True).exists()
    assert set(Organisation.objects.get(name="MEE IJsseloevers").associations.values_list("name", flat=True)) == {
        "MEE Nederland"
    }
    delft = set(queries.organisations(serves=Team.objects.get(name="De Toegang Delft").municipality)
                 .values_list("name", flat=True))
    assert "Participe" in delft


def test_demo_has_an_account_for_every_role_with_a_second_factor(demo):
    roles = set(Membership.objects.filter(user__email__endswith="@demo.samenkracht.nl").values_list("role", flat=True))
    assert roles == set(Role.values)
    for user in User.objects.filter(email__endswith="@demo.samenkracht.nl"):
        assert TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert len(DEMO_USERS) == User.objects.filter(email__endswith="@demo.samenkracht.nl").count()


def test_demo_is_idempotent(demo):
    again = build_demo_network()
    assert again == demo


def test_demo_command_prints_the_logins(db):
    out = StringIO()
    call_command("demo", stdout=out)
    text = out.getvalue()
    assert "beheer@demo.samenkracht.nl" in text and "Samenkracht-demo-2026" in text
    code = StringIO()
    call_command("totp", "beheer@demo.samenkracht.nl", stdout=code)
    assert re.fullmatch(r"\d{6}\n", code.getvalue())


def test_no_person_from_the_articles_appears_in_demo_data(demo):
    source = (Path(network_data.__file__).read_text(encoding="utf-8")
              + Path(network_data.__file__).with_name("users.py").read_text(encoding="utf-8"))
    database_text = " ".join(
        [u.full_name for u in User.objects.all()]
        + [f"{o.name} {o.description}" for o in Organisation.objects.all()]
        + [f"{t.name} {t.description}" for t in Team.objects.all()]
    )
    for person in ARTICLE_PEOPLE:
        assert person not in source and person not in database_text, person


def test_article_people_list_is_complete():
    """Cross-check the list above against the articles' own text, where they are available."""
    if not SEEDS.exists():
        pytest.skip(f"{SEEDS} is absent (the shared folder is not beside this checkout)")
    text = " ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt"))
    for person in ARTICLE_PEOPLE:
        assert person in text, f"{person} is not in the articles; fix the list"
