"""A small, realistic social map of Het Gooi (Huizen, Blaricum, Laren, Hilversum, Gooise Meren).

35 services of 16 providers (33 public), written for these tests (the texts are our own): a day care for people who
become forgetful in Huizen (De Geheugentuin, 8 day-parts a week) and a similar one in Hilversum, debt
help, home administration volunteers, neighbour mediation, a meal project, youth work, carer support,
a parenting consultation hour, a language café, job application training, sports, a buddy for lonely
older people, Wmo household help (needs a decision) and more. Two are hidden from residents (a draft
and a defunct service); one is temporarily closed but still shown.

Everything is created with the ORM and indexed with index_services, as the maintenance pages do.
Coordinates are approximate centres of the real places.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from samenkracht.network.models import Location, Municipality, Neighbourhood, Organisation
from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS
from samenkracht.socialmap.models import (
    LifeDomain,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    TargetGroup,
)
from samenkracht.socialmap.search import index_services

MUNICIPALITIES = {
    # key: (CBS code, name, latitude, longitude)
    "huizen": ("GM0406", "Huizen", 52.2990, 5.2420),
    "blaricum": ("GM0376", "Blaricum", 52.2720, 5.2440),
    "laren": ("GM0417", "Laren", 52.2570, 5.2260),
    "hilversum": ("GM0402", "Hilversum", 52.2250, 5.1760),
    "gooise_meren": ("GM1942", "Gooise Meren", 52.2740, 5.1620),
}

NEIGHBOURHOODS = {
    # key: (municipality, name, kind, postcode of the centre, latitude, longitude)
    "centrum": ("huizen", "Huizen-Centrum", "district", "1271AA", 52.2995, 5.2410),
    "oostermeent": ("huizen", "Oostermeent", "district", "1274AB", 52.2950, 5.2660),
    "noordwest": ("huizen", "Huizen-Noordwest", "district", "1272AC", 52.3070, 5.2280),
    "bijvanck": ("blaricum", "Bijvanck", "district", "1261AB", 52.2800, 5.2560),
    "hilversum_centrum": ("hilversum", "Hilversum-Centrum", "district", "1211AA", 52.2240, 5.1750),
    # known by name only: no postcode, no coordinates (its centre comes from its locations)
    "oud_bussum": ("gooise_meren", "Oud-Bussum", "neighbourhood", "", None, None),
}

LOCATIONS = {
    # key: (name, street, number, postcode, municipality, neighbourhood, latitude, longitude)
    "de_meent": ("Zorgcentrum De Meent", "Meentweg", "12", "1271AB", "huizen", "centrum", 52.2992, 5.2425),
    "de_draai": ("Buurthuis De Draai", "Draaiweg", "4", "1274CD", "huizen", "oostermeent", 52.2958, 5.2655),
    "gemeentehuis": ("Gemeentehuis Huizen", "Graaf Wichman", "1", "1271EE", "huizen", "centrum", 52.3000, 5.2390),
    "bibliotheek": ("Bibliotheek Huizen", "Achterbaan", "8", "1271KL", "huizen", "centrum", 52.2988, 5.2405),
    "cjg": ("CJG Huizen", "Oostermeentlaan", "30", "1271GH", "huizen", "centrum", 52.2985, 5.2440),
    "sportpark": ("Sportpark De Wolfskamer", "Sportlaan", "2", "1272GG", "huizen", "noordwest", 52.3080, 5.2300),
    "bijvanck": ("Wijkcentrum Bijvanck", "Bijvanck", "100", "1261CC", "blaricum", "bijvanck", 52.2810, 5.2550),
    "gooische_huis": ("Het Gooische Huis", "Kerkstraat", "63", "1211BB", "hilversum", "hilversum_centrum",
                      52.2245, 5.1770),
    "werkplein": ("Werkplein Gooi", "Larenseweg", "30", "1211CD", "hilversum", None, 52.2230, 5.1800),
    "bussum": ("Buurtkamer Oud-Bussum", "Brinklaan", "5", "1404EX", "gooise_meren", "oud_bussum", 52.2700, 5.1650),
}

ORGANISATIONS = {
    # key: (name, kind, home municipality)
    "zorggroep": ("Zorggroep De Meent", "care_provider", "huizen"),
    "vrijwilligers": ("Vrijwilligerscentrale Gooi", "volunteer_organisation", "huizen"),
    "gemeente": ("Gemeente Huizen", "municipality", "huizen"),
    "welzijn": ("Welzijn Huizen", "welfare", "huizen"),
    "cjg": ("Centrum Jeugd en Gezin Huizen", "youth", "huizen"),
    "ggz": ("GGZ Gooi", "mental_health", "hilversum"),
    "schuldhulp": ("Schuldhulp Gooi", "debt_help", "hilversum"),
    "alzheimer": ("Alzheimer Gooi", "volunteer_organisation", "hilversum"),
    "sport": ("Sportservice Huizen", "sports", "huizen"),
    "buurt": ("Buurtinitiatief Oostermeent", "citizen_initiative", "huizen"),
    "werkplein": ("Werkplein Gooi", "other", "hilversum"),
    "woon": ("Woonstichting Het Gooi", "housing_corporation", "huizen"),
    "verslaving": ("Verslavingszorg Gooi", "care_provider", "hilversum"),
    "tweede_kans": ("Stichting Tweede Kans", "social_work", "hilversum"),
    "amw": ("Maatschappelijk Werk Gooi", "social_work", "huizen"),
    "taalhuis": ("Taalhuis Huizen", "volunteer_organisation", "huizen"),
}

ALL_GOOI = ["huizen", "blaricum", "laren", "hilversum", "gooise_meren"]
MON, TUE, WED, THU, FRI, SAT, SUN = range(1, 8)
MORNING, AFTERNOON, EVENING = ("09:30", "12:00"), ("13:00", "16:00"), ("19:30", "21:30")


@dataclass
class S:
    """One service of the test map; defaults are the most common case (published, active, free, open)."""

    name: str
    organisation: str
    description: str
    domains: list[str]
    groups: list[str] = field(default_factory=list)
    coverage: list[str] = field(default_factory=lambda: ["huizen"])   # municipality keys or "mun/neighbourhood"
    locations: list[str] = field(default_factory=list)
    eligibility: str = ""
    access: str = "open"
    cost: str = "free"
    amount: str | None = None
    ages: tuple[int | None, int | None] = (None, None)
    tags: list[str] = field(default_factory=list)
    schedule: list[tuple[int, tuple[str, str]]] = field(default_factory=list)
    publication: str = "published"
    status: str = "active"
    confirmed_days_ago: int | None = 20


SERVICES: dict[str, S] = {
    "geheugentuin": S(
        "Dagbesteding De Geheugentuin", "zorggroep",
        "Ontmoetingscentrum voor thuiswonende mensen die vergeetachtig worden of beginnende dementie hebben, en "
        "voor hun mantelzorgers. Acht dagdelen per week: samen koffiedrinken, wandelen in de tuin, koken, bewegen "
        "en geheugentraining. Mantelzorgers krijgen advies en ontmoeten lotgenoten.",
        ["geestelijke-gezondheid", "tijdsbesteding", "sociaal-netwerk"], ["dementie", "mantelzorgers", "ouderen"],
        coverage=["huizen", "blaricum"], locations=["de_meent"],
        eligibility="Thuiswonende mensen met geheugenproblemen of dementie, ook zonder diagnose.",
        cost="contribution", schedule=[(d, part) for d in (MON, TUE, WED, THU) for part in (MORNING, AFTERNOON)],
    ),
    "geheugenhof": S(
        "Ontmoetingscentrum Het Geheugenhof", "alzheimer",
        "Dagactiviteiten voor mensen die vergeetachtig zijn of beginnende dementie hebben, en steun voor hun "
        "naasten. Zes dagdelen per week samen bezig zijn: muziek, bewegen en een goed gesprek.",
        ["geestelijke-gezondheid", "tijdsbesteding"], ["dementie", "mantelzorgers"],
        coverage=["hilversum", "gooise_meren"], locations=["gooische_huis"], cost="contribution",
        schedule=[(d, part) for d in (MON, WED, FRI) for part in (MORNING, AFTERNOON)],
    ),
    "alzheimer_cafe": S(
        "Alzheimer Café Hilversum", "alzheimer",
        "Een avond per maand met uitleg van een deskundige en een gesprek over leven met dementie. Voor mensen "
        "met dementie, partners, kinderen en andere betrokkenen. Binnenlopen mag altijd.",
        ["geestelijke-gezondheid", "sociaal-netwerk"], ["dementie", "mantelzorgers"],
        coverage=["hilversum", "gooise_meren"], locations=["gooische_huis"], schedule=[(TUE, EVENING)],
    ),
    "casemanager": S(
        "Casemanager dementie", "zorggroep",
        "Na de diagnose dementie begeleidt een casemanager u en uw naasten: uitleg over de ziekte, zorg en "
        "ondersteuning thuis regelen, en een vast aanspreekpunt als het moeilijker wordt.",
        ["geestelijke-gezondheid", "lichamelijke-gezondheid"], ["dementie", "mantelzorgers"],
        coverage=["huizen", "blaricum", "laren"], eligibility="Na verwijzing door de huisarts.",
    ),
    "schuldhulpmaatje": S(
        "SchuldHulpMaatje Huizen", "vrijwilligers",
        "Lukt het niet meer om de rekeningen te betalen? Een getraind maatje komt bij u thuis, helpt om post en "
        "papieren op orde te brengen en gaat mee naar de schuldhulpverlening. Gratis en in vertrouwen.",
        ["financien"], ["schulden"], tags=["maatje"],
    ),
    "schuldhulpverlening": S(
        "Schuldhulpverlening", "schuldhulp",
        "Professionele hulp bij problematische schulden: overzicht van alle schuldeisers, budgetbeheer, een "
        "betalingsregeling of schuldregeling, en beschermingsbewind als het niet anders kan.",
        ["financien"], ["schulden"], coverage=ALL_GOOI, locations=["gemeentehuis"],
    ),
    "thuisadministratie": S(
        "Thuisadministratie", "vrijwilligers",
        "Vrijwilligers helpen u thuis met het ordenen van uw administratie: post, formulieren, toeslagen "
        "aanvragen en de belastingaangifte. Voor wie het overzicht kwijt is, voordat er schulden ontstaan.",
        ["financien", "instrumentele-adl"], ["ouderen"], coverage=["huizen", "blaricum"],
        confirmed_days_ago=300,
    ),
    "formulierenbrigade": S(
        "Formulierenbrigade", "welzijn",
        "Inloopspreekuur voor hulp bij het invullen van formulieren: toeslagen, kwijtschelding van gemeentelijke "
        "belastingen, DigiD en aanvragen bij de gemeente.",
        ["financien", "instrumentele-adl"], coverage=["huizen"], locations=["bibliotheek"],
        schedule=[(TUE, MORNING)], confirmed_days_ago=None,
    ),
    "buurtbemiddeling": S(
        "Buurtbemiddeling", "welzijn",
        "Heeft u last van uw buren, door geluid, stank of een ruzie over de schutting? Getrainde vrijwillige "
        "bemiddelaars helpen buren om samen tot afspraken te komen.",
        ["huisvesting", "sociaal-netwerk"], coverage=["huizen", "blaricum"], locations=["bijvanck"],
    ),
    "eetproject": S(
        "Samen eten in Oostermeent", "buurt",
        "Elke dinsdag en donderdag koken buurtbewoners een warme maaltijd voor ouderen uit de wijk. Gezellig "
        "samen aan tafel, tegen een kleine bijdrage.",
        ["sociaal-netwerk", "instrumentele-adl"], ["ouderen"], coverage=["huizen/oostermeent"],
        locations=["de_draai"], cost="amount", amount="5.00", schedule=[(TUE, ("17:00", "19:00")), (THU, ("17:00", "19:00"))],
    ),
    "jongerenwerk": S(
        "Jongerenwerk Huizen", "welzijn",
        "Jongerenwerkers zijn er voor jongeren van 12 tot 23 jaar: inloop in het jongerencentrum, sport en "
        "activiteiten, en een luisterend oor bij vragen over school, thuis of geld.",
        ["tijdsbesteding", "maatschappelijke-participatie"], ["jongeren"], locations=["de_draai"], ages=(12, 23),
        schedule=[(WED, ("14:00", "17:00")), (FRI, ("19:00", "23:00")), (SAT, ("14:00", "18:00"))],
    ),
    "mantelzorg": S(
        "Mantelzorgondersteuning", "welzijn",
        "Zorgt u voor een partner, ouder of kind die ziek is of een beperking heeft? Het steunpunt geeft advies, "
        "regelt respijtzorg zodat u even op adem kunt komen, en organiseert lotgenotengroepen voor mantelzorgers "
        "die het zwaar hebben.",
        ["sociaal-netwerk", "geestelijke-gezondheid"], ["mantelzorgers"], coverage=["huizen", "blaricum", "laren"],
        locations=["bijvanck"],
    ),
    "respijt": S(
        "Logeeropvang De Meent", "zorggroep",
        "Uw naaste logeert een weekend of een week bij ons, zodat u als mantelzorger even vrij bent. Met een "
        "indicatie van de gemeente.",
        ["sociaal-netwerk", "basale-adl"], ["mantelzorgers", "ouderen", "dementie"], locations=["de_meent"],
        access="decision", cost="contribution",
    ),
    "opvoedspreekuur": S(
        "Opvoedspreekuur", "cjg",
        "Vragen over de opvoeding van uw kind of puber? Over slapen, eten, driftbuien, grenzen stellen of "
        "schermtijd? Bespreek ze zonder afspraak met een jeugdverpleegkundige of pedagoog.",
        ["huiselijke-relaties"], ["ouders", "kinderen", "jongeren"], locations=["cjg"], ages=(0, 23),
        schedule=[(MON, MORNING), (WED, AFTERNOON)],
    ),
    "pubercursus": S(
        "Cursus Pubers in huis", "cjg",
        "Vier avonden voor ouders van tieners tussen 11 en 16 jaar: hoe blijf je in gesprek met je puber, hoe "
        "stel je grenzen en hoe ga je om met ruzie.",
        ["huiselijke-relaties"], ["ouders"], coverage=["huizen", "blaricum"], locations=["cjg"],
        cost="amount", amount="25.00", schedule=[(THU, EVENING)],
    ),
    "taalcafe": S(
        "Taalcafé", "taalhuis",
        "Nederlands oefenen in een ontspannen sfeer. Elke donderdag praten nieuwkomers en statushouders met "
        "vrijwilligers over het dagelijks leven. Voor alle niveaus.",
        ["maatschappelijke-participatie", "werk-opleiding"], ["nieuwkomers"], locations=["bibliotheek"],
        schedule=[(THU, MORNING)],
    ),
    "sollicitatietraining": S(
        "Sollicitatietraining", "werkplein",
        "Op zoek naar een baan? In zes bijeenkomsten werkt u aan uw cv en motivatiebrief, oefent u "
        "sollicitatiegesprekken en zoekt u samen met een werkcoach naar passende vacatures.",
        ["werk-opleiding"], coverage=ALL_GOOI, locations=["werkplein"], ages=(18, 67),
        eligibility="Voor werkzoekenden met een bijstandsuitkering of zonder uitkering.",
    ),
    "vacaturebank": S(
        "Vacaturebank vrijwilligerswerk", "vrijwilligers",
        "Zoekt u zinvol vrijwilligerswerk? Bekijk honderden vacatures van organisaties in de regio of kom langs "
        "voor persoonlijk advies.",
        ["maatschappelijke-participatie", "tijdsbesteding"], ["vrijwilligers"], coverage=["huizen", "blaricum", "laren"],
    ),
    "sportproject": S(
        "Sportief Huizen: sporten in de wijk", "sport",
        "Elke zaterdag gratis sporten op het sportpark: voetbal, bootcamp en wandelvoetbal voor alle leeftijden. "
        "Kom vrijblijvend meedoen.",
        ["lichamelijke-gezondheid", "tijdsbesteding"], ["iedereen"], locations=["sportpark"],
        schedule=[(SAT, ("10:00", "12:00"))],
    ),
    "beweegles": S(
        "Meer Bewegen voor Ouderen", "sport",
        "Wekelijkse gymles op muziek voor 55-plussers: werken aan balans, kracht en conditie om vallen te "
        "voorkomen.",
        ["lichamelijke-gezondheid"], ["ouderen"], locations=["de_draai"], ages=(55, None), cost="amount",
        amount="3.50", schedule=[(MON, ("10:00", "11:00"))],
    ),
    "buddy": S(
        "Maatje voor eenzame ouderen", "vrijwilligers",
        "Voelt u zich alleen? Een vrijwilliger komt elke week bij u op bezoek voor een praatje, een wandeling of "
        "een kopje koffie, en gaat mee naar activiteiten in de buurt.",
        ["sociaal-netwerk"], ["ouderen"], coverage=["huizen", "blaricum"], ages=(65, None),
    ),
    "huishoudelijke_hulp": S(
        "Huishoudelijke hulp (Wmo)", "gemeente",
        "Kunt u door ziekte, ouderdom of een beperking uw huis niet meer zelf schoonhouden? Na een gesprek met "
        "een Wmo-consulent kan de gemeente huishoudelijke hulp toekennen.",
        ["instrumentele-adl"], ["ouderen", "beperking"], access="decision", cost="contribution",
    ),
    "wmo_loket": S(
        "Wmo-loket Huizen", "gemeente",
        "Voor vragen over zorg en ondersteuning thuis: hulpmiddelen zoals een rolstoel of scootmobiel, een "
        "woningaanpassing, vervoer met de regiotaxi of hulp in het huishouden.",
        ["instrumentele-adl", "basale-adl", "huisvesting"], ["iedereen"], locations=["gemeentehuis"],
        schedule=[(d, MORNING) for d in (MON, TUE, WED, THU, FRI)],
    ),
    "vervoer": S(
        "Vrijwillige vervoersdienst", "vrijwilligers",
        "Vrijwilligers rijden u naar de huisarts, het ziekenhuis of de fysiotherapeut en gaan zo nodig mee naar "
        "binnen. U betaalt alleen een kilometervergoeding.",
        ["lichamelijke-gezondheid", "instrumentele-adl"], ["ouderen", "beperking"], coverage=["huizen", "blaricum"],
        cost="contribution",
    ),
    "wijkverpleging": S(
        "Wijkverpleging en persoonlijke verzorging", "zorggroep",
        "Verpleging en verzorging thuis: hulp bij wassen, douchen en aankleden, steunkousen, medicijnen en "
        "wondzorg. Vergoed uit de zorgverzekering.",
        ["basale-adl", "lichamelijke-gezondheid"], ["ouderen"], coverage=["huizen", "blaricum", "laren"],
        locations=["de_meent"],
    ),
    "verslaving": S(
        "Spreekuur alcohol en drugs", "verslaving",
        "Maakt u zich zorgen over uw drinken, blowen of gokken, of over dat van iemand anders? Praat anoniem met "
        "een preventiewerker.",
        ["middelengebruik"], ["iedereen"], coverage=["huizen", "hilversum"], locations=["gooische_huis"],
    ),
    "huiselijk_geweld": S(
        "Steunpunt relatie en huiselijk geweld", "amw",
        "Is er geweld, dreiging of veel ruzie bij u thuis? Praat vertrouwelijk met een maatschappelijk werker "
        "over veiligheid en de volgende stap.",
        ["huiselijke-relaties", "justitie"],
    ),
    "nazorg": S(
        "Nazorg na detentie", "tweede_kans",
        "Na vrijlating uit de gevangenis helpen wij bij een ID-bewijs, woonruimte, inkomen en het vinden van "
        "werk, zodat een nieuwe start lukt.",
        ["justitie", "huisvesting"], coverage=["huizen", "hilversum"],
    ),
    "woonconsulent": S(
        "Woonconsulent bij huurachterstand", "woon",
        "Heeft u een huurachterstand? Neem op tijd contact op. De woonconsulent maakt samen met u een "
        "betalingsregeling om een huisuitzetting te voorkomen.",
        ["huisvesting", "financien"],
    ),
    "inloophuis": S(
        "Inloophuis De Luisterplek", "ggz",
        "Somber, angstig of vastgelopen? Loop binnen voor een kop koffie en een luisterend oor van "
        "ervaringsdeskundigen. Zonder verwijzing en zonder afspraak.",
        ["geestelijke-gezondheid", "sociaal-netwerk"], ["psychische-kwetsbaarheid"], coverage=["hilversum", "huizen"],
        locations=["gooische_huis"], schedule=[(d, AFTERNOON) for d in (MON, TUE, WED, THU, FRI)],
    ),
    "maatschappelijk_werk": S(
        "Algemeen maatschappelijk werk", "amw",
        "Voor vragen waar u zelf niet uitkomt: over relaties, rouw, stress, geld of de opvoeding. Een "
        "maatschappelijk werker zoekt samen met u naar een oplossing.",
        ["huiselijke-relaties", "geestelijke-gezondheid", "financien"], ["iedereen"],
        coverage=["huizen", "blaricum", "laren"], locations=["bijvanck"],
    ),
    "klussendienst": S(
        "Klussendienst", "vrijwilligers",
        "Vrijwilligers helpen met kleine klussen in en om het huis: een lamp ophangen, een kraan repareren of "
        "een gordijnrail vastzetten. Tijdelijk gesloten door gebrek aan vrijwilligers.",
        ["instrumentele-adl"], ["ouderen"], status="temporarily closed",
    ),
    "buurtkamer": S(
        "Buurtkamer Oud-Bussum", "welzijn",
        "Koffie, een krant en een praatje: de buurtkamer is elke ochtend open voor iedereen uit de wijk.",
        ["sociaal-netwerk"], ["iedereen"], coverage=["gooise_meren/oud_bussum"], locations=["bussum"],
        schedule=[(d, MORNING) for d in (MON, TUE, WED, THU, FRI)],
    ),
    # --- hidden from residents --------------------------------------------------------------------
    "concept": S(
        "Geheugentraining voor wie vergeetachtig wordt", "zorggroep",
        "Concept: training voor mensen die vergeetachtig worden.",
        ["geestelijke-gezondheid"], ["dementie"], locations=["de_meent"], publication="draft",
    ),
    "opgeheven": S(
        "Schuldenpunt Huizen", "schuldhulp",
        "Opgeheven: inloop voor mensen met schulden die hun rekeningen niet kunnen betalen.",
        ["financien"], ["schulden"], status="defunct",
    ),
}

VISIBLE = [key for key, s in SERVICES.items() if s.publication == "published" and s.status != "defunct"]


@dataclass
class SocialMap:
    municipalities: dict[str, Municipality]
    neighbourhoods: dict[str, Neighbourhood]
    locations: dict[str, Location]
    organisations: dict[str, Organisation]
    services: dict[str, Service]

    def key_of(self, service) -> str:
        by_id = {s.pk: key for key, s in self.services.items()}
        return by_id[service.pk]

    def keys(self, items) -> list[str]:
        return [self.key_of(item) for item in items]


def build_social_map() -> SocialMap:
    """Create the map with the ORM and index every service. Needs database access."""
    m = {key: Municipality.objects.create(code=code, name=name, latitude=lat, longitude=lon)
         for key, (code, name, lat, lon) in MUNICIPALITIES.items()}
    n = {key: Neighbourhood.objects.create(municipality=m[mun], name=name, kind=kind, postcode=postcode,
                                           latitude=lat, longitude=lon)
         for key, (mun, name, kind, postcode, lat, lon) in NEIGHBOURHOODS.items()}
    locations = {
        key: Location.objects.create(name=name, street=street, house_number=number, postcode=postcode, city=m[mun].name,
                                     municipality=m[mun], neighbourhood=n[hood] if hood else None,
                                     latitude=lat, longitude=lon)
        for key, (name, street, number, postcode, mun, hood, lat, lon) in LOCATIONS.items()
    }
    organisations = {key: Organisation.objects.create(name=name, kind=kind, municipality=m[mun],
                                                      informal=kind == "citizen_initiative")
                     for key, (name, kind, mun) in ORGANISATIONS.items()}
    # The reference lists come from migration 0002, but a transactional test elsewhere may have flushed them.
    domains = {code: LifeDomain.objects.get_or_create(code=code, defaults={"name": name, "position": i})[0]
               for i, (code, name) in enumerate(LIFE_DOMAINS, start=1)}
    groups = {code: TargetGroup.objects.get_or_create(code=code, defaults={"name": name, "position": i})[0]
              for i, (code, name) in enumerate(TARGET_GROUPS, start=1)}
    today = timezone.localdate()
    services: dict[str, Service] = {}
    for key, s in SERVICES.items():
        service = Service.objects.create(
            organisation=organisations[s.organisation], name=s.name, description=s.description,
            eligibility_description=s.eligibility, access_type=s.access, cost_kind=s.cost,
            cost_amount=Decimal(s.amount) if s.amount else None, minimum_age=s.ages[0], maximum_age=s.ages[1],
            tags=s.tags, publication=s.publication, status=s.status,
            assured_date=None if s.confirmed_days_ago is None else today - timedelta(days=s.confirmed_days_ago),
            schedule_description="8 dagdelen per week" if key == "geheugentuin" else "",
        )
        service.life_domains.set([domains[code] for code in s.domains])
        service.target_groups.set([groups[code] for code in s.groups])
        for area in s.coverage:
            mun, _, hood = area.partition("/")
            ServiceCoverage.objects.create(service=service, municipality=m[mun], neighbourhood=n[hood] if hood else None)
        for location_key in s.locations:
            at = ServiceAtLocation.objects.create(service=service, location=locations[location_key])
            for weekday, (opens, closes) in s.schedule:
                Schedule.objects.create(service=service, service_at_location=at, weekday=weekday,
                                        opens_at=time.fromisoformat(opens), closes_at=time.fromisoformat(closes))
        if not s.locations:
            for weekday, (opens, closes) in s.schedule:
                Schedule.objects.create(service=service, weekday=weekday, opens_at=time.fromisoformat(opens),
                                        closes_at=time.fromisoformat(closes))
        services[key] = service
    index_services([s.pk for s in services.values()])
    return SocialMap(municipalities=m, neighbourhoods=n, locations=locations, organisations=organisations,
                     services=services)


@pytest.fixture
def social_map(db) -> SocialMap:
    return build_social_map()
