"""Realistic questions of residents, in their own words, and the services each must find.

Each question names the service that must come first and the services that must be in the top three
(the first one included). The expectations are the same on SQLite and PostgreSQL: the test runs on both.
Keys refer to tests/socialmap_search/conftest.py. A postcode, when given, is typed in the postcode box of
the public page (1271/1274: Huizen, 1211: Hilversum).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    text: str
    first: str
    top3: tuple[str, ...] = ()
    postcode: str | None = None

    @property
    def label(self) -> str:
        return self.text + (f" @{self.postcode}" if self.postcode else "")


QUESTIONS: list[Question] = [
    # money
    Question("ik kan mijn rekeningen niet meer betalen", "schuldhulpmaatje", ("schuldhulpverlening",)),
    Question("schulden", "schuldhulpverlening", ("schuldhulpmaatje",), postcode="1271 AB"),
    Question("wie helpt met mijn post en formulieren", "formulierenbrigade", ("thuisadministratie",)),
    Question("huurachterstand", "woonconsulent"),
    Question("beschermingsbewind aanvragen", "schuldhulpverlening"),
    # memory and mental health
    Question("mijn moeder wordt vergeetachtig", "geheugentuin", ("casemanager",), postcode="1274 AB"),
    Question("vergeetachtig", "geheugentuin", postcode="1274AB"),
    Question("vergeetachtig", "geheugenhof", ("alzheimer_cafe",), postcode="1211"),
    Question("alzheimer", "alzheimer_cafe"),
    Question("somber en angstig", "inloophuis"),
    # loneliness, carers, neighbours
    Question("ik voel me eenzaam", "buddy"),
    Question("mantelzorg zwaar", "mantelzorg", ("respijt",)),
    Question("respijtzorg", "mantelzorg", ("respijt",)),
    Question("ruzie met de buren", "buurtbemiddeling"),
    Question("warm eten voor mijn oude vader", "eetproject"),
    # family
    Question("hulp bij opvoeding van mijn puber", "opvoedspreekuur", ("pubercursus",)),
    Question("mijn man slaat mij", "huiselijk_geweld"),
    # work, language, participation
    Question("werk zoeken", "sollicitatietraining", ("vacaturebank",)),
    Question("ik ben mijn baan kwijt", "sollicitatietraining"),
    Question("cv schrijven", "sollicitatietraining"),
    Question("nederlands leren", "taalcafe"),
    Question("vrijwilligerswerk zoeken", "vacaturebank"),
    # health, care and help at home
    Question("iemand die met me naar de dokter gaat", "vervoer"),
    Question("hulp in de huishouding", "huishoudelijke_hulp", ("wmo_loket",)),
    Question("rolstoel aanvragen", "wmo_loket"),
    Question("wassen en aankleden", "wijkverpleging"),
    Question("gratis sporten", "sportproject", ("beweegles",)),
    Question("klusjes in huis", "klussendienst"),
    # addiction and justice
    Question("mijn zoon blowt te veel", "verslaving"),
    Question("gokken", "verslaving"),
    Question("net uit de gevangenis", "nazorg"),
    # typing: partial words, accents
    Question("thuisadmin", "thuisadministratie"),
    Question("TAALCAFÉ", "taalcafe"),
]
