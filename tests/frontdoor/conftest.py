"""The front door of Almelo: a social neighbourhood team where a DNO wijkcoach and a Wmo-consulent of the
municipality triage in pairs ("setjes"), and an access point (de Toegang) for the public online form.

Personas:
- wijkcoach   Wim Wijkcoach, professional at DNO, member of the wijkteam
- wmo         Wendy Wmo-consulent, professional at Gemeente Almelo, member of the wijkteam
- colleague   Dirk Collega, another DNO wijkcoach in the wijkteam (same organisation as Wim)
- balie       Bea Balie, professional at Gemeente Almelo, member of de Toegang Almelo
- people.professional (MEE, Zwolle) is a professional without any relation to these requests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from samenkracht.accounts.tokens import issue_token
from samenkracht.frontdoor import services
from samenkracht.network.models import Neighbourhood, Organisation, Role, ServiceArea, Team, TeamMember
from samenkracht.network.permissions import TokenActor, actor_for_user
from samenkracht.socialmap.domains import LIFE_DOMAINS
from samenkracht.socialmap.models import LifeDomain, Publication, Service, ServiceCoverage
from tests.api_helpers import Api, bearer
from tests.conftest import make_person

VALID_BSN = "111222333"      # passes the 11-test
OTHER_VALID_BSN = "123456782"
INVALID_BSN = "111222334"


@dataclass
class FrontDoor:
    dno: Organisation
    gemeente: Organisation
    wijkteam: Team
    toegang: Team
    centrum: Neighbourhood
    noord: Neighbourhood
    wijkcoach: object
    wmo: object
    colleague: object
    balie: object
    buurtmaatjes: Service

    def actor(self, user):
        return actor_for_user(user)


def ensure_life_domains() -> None:
    for position, (code, name) in enumerate(LIFE_DOMAINS, start=1):
        LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": position})


@pytest.fixture
def front(network, people) -> FrontDoor:
    ensure_life_domains()
    almelo = network.almelo
    dno = Organisation.objects.create(name="DNO", kind="welfare", municipality=almelo)
    gemeente = Organisation.objects.create(name="Gemeente Almelo", kind="municipality", municipality=almelo)
    for organisation in (dno, gemeente):
        ServiceArea.objects.create(organisation=organisation, municipality=almelo)
    centrum = Neighbourhood.objects.create(municipality=almelo, name="Centrum", kind="district", postcode="7607AA")
    noord = Neighbourhood.objects.create(municipality=almelo, name="Nieuwstraatkwartier", kind="neighbourhood",
                                         postcode="7604BB")
    wijkteam = Team.objects.create(name="Sociaal wijkteam Almelo Centrum", kind="neighbourhood_team",
                                   municipality=almelo)
    wijkteam.organisations.set([dno, gemeente])
    wijkteam.neighbourhoods.set([centrum, noord])
    toegang = Team.objects.create(name="Toegang Almelo", kind="access_point", municipality=almelo)
    toegang.organisations.set([gemeente])
    wijkcoach = make_person("wijkcoach@example.test", "Wim Wijkcoach", [(dno, Role.PROFESSIONAL)])
    wmo = make_person("wmo@example.test", "Wendy Wmo-consulent", [(gemeente, Role.PROFESSIONAL)])
    colleague = make_person("collega@example.test", "Dirk Collega", [(dno, Role.PROFESSIONAL)])
    balie = make_person("balie@example.test", "Bea Balie", [(gemeente, Role.PROFESSIONAL)])
    for user, organisation in ((wijkcoach, dno), (wmo, gemeente), (colleague, dno)):
        TeamMember.objects.create(team=wijkteam, user=user, organisation=organisation)
    TeamMember.objects.create(team=toegang, user=balie, organisation=gemeente)
    buurtmaatjes = Service.objects.create(organisation=dno, name="Buurtmaatjes Almelo", access_type="open",
                                          publication=Publication.PUBLISHED)
    ServiceCoverage.objects.create(service=buurtmaatjes, municipality=almelo)
    return FrontDoor(dno=dno, gemeente=gemeente, wijkteam=wijkteam, toegang=toegang, centrum=centrum, noord=noord,
                     wijkcoach=wijkcoach, wmo=wmo, colleague=colleague, balie=balie, buurtmaatjes=buurtmaatjes)


def register(front: FrontDoor, user=None, **fields):
    """A request registered through the service by a member of the wijkteam (the wijkcoach by default)."""
    values = {"team": front.wijkteam, "channel": "phone",
              "question": "Ik krijg mijn post niet meer open, er liggen aanmaningen.",
              "life_domains": ["financien"], "neighbourhood": front.centrum}
    values.update(fields)
    return services.register_help_request(actor_for_user(user or front.wijkcoach), **values)


def member(given="Sanne", family="Jansma", born="1984-03-02", bsn="", role="applicant", **extra) -> dict:
    from datetime import date

    return {"given_name": given, "family_name": family, "date_of_birth": date.fromisoformat(born) if born else None,
            "role": role, "bsn": bsn, **extra}


def token_api(client, front: FrontDoor, *scopes: str, on_behalf_of: str | None = "wijkcoach@example.test",
              organisation=None) -> Api:
    token, raw = issue_token(organisation=organisation or front.dno, name="zaaksysteem",
                             scopes=list(scopes or ["households:read", "households:write"]))
    headers = bearer(raw)
    if on_behalf_of:
        headers["HTTP_X_ON_BEHALF_OF"] = on_behalf_of
    return Api(client=client, headers=headers, token=token, raw=raw)


def token_actor(front: FrontDoor, user, *scopes: str) -> TokenActor:
    token, _raw = issue_token(organisation=front.dno, name="koppeling", scopes=list(scopes))
    return TokenActor(token=token, organisation_id=front.dno.pk, scopes=frozenset(scopes), on_behalf_of_user=user)
