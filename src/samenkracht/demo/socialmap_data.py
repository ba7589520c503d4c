"""Demo sociale kaart for Samenkracht (pure data, no logic).

The services come from what the source articles in ``shared/seeds/`` say organisations, volunteer
groups and citizen initiatives offer (the GeheugenHuis and wijkcentrum Meentamorfose in Huizen, Op Orde
in Zwolle, Werkplaats Financiën and Buurtbemiddeling in Meierijstad, the citizen initiatives of Goirle,
the Inloophuis dementie in Leerdam, Steunpunt OOK in Zandvoort, Austerlitz zorgt in Zeist, ...). All
descriptions, schedules, costs and details are our own plausible Dutch wording, not article text; no
contact details and no persons. Organisation and location names refer to ``network_data.py``.

Conventions
-----------
* ``life_domains`` and ``target_groups`` are the codes of ``socialmap/domains.py``.
* ``coverage``: ``municipalities`` covered as a whole and ``neighbourhoods`` as (municipality, name).
* ``schedules``: (weekday 1=Monday..7=Sunday, opens, closes, note).
* ``assured_months_ago``: when the provider last confirmed the entry; more than
  SOCIALMAP_STALE_MONTHS (6) makes it "stale" in the demo.
* ``created_by``: a demo account (``demo/users.py``) that enters the service itself; with ``submit``
  a coordinator's entry waits for review. Without ``created_by`` the platform enters it, published.
* ``LOCATION_COORDINATES`` are approximate centres for the locations of ``network_data.LOCATIONS``
  (used for distances); ``EXTRA_LOCATIONS`` are places only services use, with synthetic addresses.
"""

from __future__ import annotations

LOCATION_COORDINATES = {
    "'t Spectrum": (51.6226, 5.4335),
    "Cultureel centrum Jan van Besouw": (51.5203, 5.0662),
    "Startpunt Wageningen": (51.9688, 5.6679),
    "Kulturhus Aalten": (51.9253, 6.5812),
    "Wijkcentrum Meentamorfose": (52.2951, 5.2668),
    "Het GeheugenHuis": (52.3001, 5.2438),
    "Kantoor MEE IJsseloevers en De Kern Zwolle": (52.5079, 6.1003),
    "Steunpunt OOK": (52.3689, 4.5329),
    "Werkplaats gemeentewerf Leerdam": (51.8898, 5.0951),
}

EXTRA_LOCATIONS = [
    {
        "name": "Wijkcentrum De Blauwe Kei",
        "municipality": "Meierijstad",
        "street": "Kastanjelaan",
        "house_number": "14",
        "postcode": "5461AB",
        "city": "Veghel",
        "organisations": ["ONS welzijn"],
        "description": "Wijkcentrum in Veghel waar ONS welzijn spreekuren en activiteiten houdt.",
        "lat": 51.6150, "lon": 5.5440,
    },
    {
        "name": "Dorpshuis Riel",
        "municipality": "Goirle",
        "street": "Dorpsstraat",
        "house_number": "8",
        "postcode": "5133AB",
        "city": "Riel",
        "organisations": ["Beweegclub Riel"],
        "description": "Dorpshuis van Riel, thuisbasis van verenigingen en bewonersinitiatieven.",
        "lat": 51.5242, "lon": 5.0248,
    },
    {
        "name": "Inloophuis dementie Leerdam",
        "municipality": "Vijfheerenlanden",
        "street": "Kerkstraat",
        "house_number": "21",
        "postcode": "4141AV",
        "city": "Leerdam",
        "organisations": ["SamenDoen"],
        "description": "Ontmoetingsplek voor mensen met (beginnende) dementie en hun dierbaren.",
        "lat": 51.8935, "lon": 5.0918,
    },
    {
        "name": "Wijkcentrum Buitenhof",
        "municipality": "Delft",
        "street": "Aart van der Leeuwlaan",
        "house_number": "30",
        "postcode": "2624LB",
        "city": "Delft",
        "organisations": ["Participe", "Alzheimer DWO", "Buddy Netwerk"],
        "description": "Wijkcentrum in Buitenhof waar vrijwilligersorganisaties van Delft voor Elkaar samenkomen.",
        "lat": 51.9992, "lon": 4.3385,
    },
    {
        "name": "Inloophuis Debora",
        "municipality": "Delft",
        "street": "Oude Delft",
        "house_number": "120",
        "postcode": "2611CG",
        "city": "Delft",
        "organisations": ["Inloophuis Debora"],
        "description": "Huiskamer in de binnenstad voor mensen die met kanker te maken hebben en hun naasten.",
        "lat": 52.0118, "lon": 4.3560,
    },
    {
        "name": "Dorpshuis Austerlitz",
        "municipality": "Zeist",
        "street": "Austerlitzseweg",
        "house_number": "31",
        "postcode": "3711AB",
        "city": "Austerlitz",
        "organisations": ["Austerlitz zorgt"],
        "description": "Dorpshuis waar Austerlitz zorgt haar loket en de planning van de vervoersdienst heeft.",
        "lat": 52.0812, "lon": 5.3148,
    },
    {
        "name": "CJG Midden-Limburg Roermond",
        "municipality": "Roermond",
        "street": "Godsweerdersingel",
        "house_number": "4",
        "postcode": "6041GK",
        "city": "Roermond",
        "organisations": ["AMW Midden-Limburg"],
        "description": "Vestiging van het Centrum voor Jeugd en Gezin Midden-Limburg.",
        "lat": 51.1935, "lon": 5.9905,
    },
]

# Two day-parts (morning and afternoon) on four days: the GeheugenHuis's eight day-parts a week.
_GEHEUGENHUIS_HOURS = [
    (day, opens, closes, note)
    for day in (1, 2, 3, 4)
    for opens, closes, note in (("09:30", "12:00", "ochtend"), ("13:00", "16:00", "middag"))
]
_OFFICE_HOURS = [(day, "09:00", "12:30", "") for day in (1, 2, 3, 4, 5)]

SERVICES = [
    # --- Huizen --------------------------------------------------------------------------------
    {
        "organisation": "Versa Welzijn",
        "name": "Het GeheugenHuis",
        "alternate_name": "Dagbesteding bij vergeetachtigheid en beginnende dementie",
        "description": (
            "Word je vergeetachtig of heb je beginnende dementie? In het GeheugenHuis ben je welkom voor een "
            "dagdeel vol ontmoeting en bezigheid: samen koken, wandelen, geheugenspelletjes, muziek en "
            "creatief werk.\n\nEen professional coördineert het programma; vrijwilligers begeleiden de "
            "activiteiten. Mantelzorgers kunnen meekomen of de tijd gebruiken om even op adem te komen. "
            "Zo kun je langer thuis blijven wonen."
        ),
        "life_domains": ["tijdsbesteding", "sociaal-netwerk", "geestelijke-gezondheid"],
        "target_groups": ["dementie", "mantelzorgers", "ouderen"],
        "access_type": "open",
        "eligibility_description": "Inwoners van Huizen met geheugenproblemen of beginnende dementie, en hun mantelzorgers.",
        "application_process": "Loop binnen voor een kennismaking of laat de wijkcoach van Versa Welzijn een afspraak maken.",
        "cost_kind": "contribution",
        "fees_description": "Kleine eigen bijdrage per dagdeel voor koffie, thee en lunch.",
        "languages": ["nl"],
        "schedule_description": "Acht dagdelen per week.",
        "schedules": _GEHEUGENHUIS_HOURS,
        "tags": ["vergeetachtig", "geheugen", "dementie", "dagbesteding", "mantelzorg"],
        "coverage": {"municipalities": ["Huizen"]},
        "locations": ["Het GeheugenHuis"],
        "assured_months_ago": 1,
    },
    {
        "organisation": "Versa Welzijn",
        "name": "Wijkcentrum Meentamorfose – inloop en activiteiten",
        "description": (
            "Buurthuis voor en door de buurt in de Oostermeent. Binnenlopen voor een kop koffie, een praatje "
            "of een activiteit. Het wijkcentrum wordt deels gerund door bewoners met een ggz-achtergrond, "
            "met steun van Versa Welzijn."
        ),
        "life_domains": ["tijdsbesteding", "sociaal-netwerk", "maatschappelijke-participatie"],
        "target_groups": ["iedereen", "psychische-kwetsbaarheid"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(day, "09:30", "16:30", "") for day in (1, 2, 3, 4, 5)] + [(3, "19:00", "21:30", "avondinloop")],
        "tags": ["buurthuis", "ontmoeting", "eenzaam", "koffie"],
        "coverage": {"neighbourhoods": [("Huizen", "Oostermeent")]},
        "locations": ["Wijkcentrum Meentamorfose"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "Versa Welzijn",
        "name": "Meedraaien in Meentamorfose",
        "description": (
            "Vrijwilligerswerk als gastvrouw, gastheer of activiteitenbegeleider in het wijkcentrum. Juist "
            "ook voor wie na een periode met psychische klachten weer stap voor stap mee wil doen, met een "
            "vast aanspreekpunt."
        ),
        "life_domains": ["werk-opleiding", "maatschappelijke-participatie", "geestelijke-gezondheid"],
        "target_groups": ["psychische-kwetsbaarheid", "vrijwilligers"],
        "access_type": "open",
        "minimum_age": 18,
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["vrijwilligerswerk", "herstel", "dagbesteding"],
        "coverage": {"municipalities": ["Huizen"]},
        "locations": ["Wijkcentrum Meentamorfose"],
        "assured_months_ago": 8,
    },
    {
        "organisation": "Gemeente Huizen",
        "name": "Dagbesteding met Wmo-indicatie",
        "description": (
            "Voor wie meer begeleiding nodig heeft dan een inloop of het GeheugenHuis kan bieden. Na een "
            "gesprek met een Wmo-consulent beslist de gemeente over een maatwerkvoorziening dagbesteding."
        ),
        "life_domains": ["tijdsbesteding", "basale-adl"],
        "target_groups": ["ouderen", "beperking", "dementie"],
        "access_type": "decision",
        "application_process": "Doe een melding bij het Wmo-loket van de gemeente Huizen.",
        "cost_kind": "contribution",
        "fees_description": "Wettelijke eigen bijdrage Wmo (abonnementstarief).",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Huizen"]},
        "assured_months_ago": 3,
    },
    # --- Zwolle --------------------------------------------------------------------------------
    {
        "organisation": "De Kern",
        "name": "Op Orde – hulp bij de thuisadministratie",
        "description": (
            "Stapels post, rekeningen die blijven liggen? Een getrainde vrijwilliger van Op Orde helpt je "
            "thuis om je papieren te ordenen en overzicht te houden. Op Orde is een samenwerking van De Kern, "
            "Humanitas, WijZ en MEE IJsseloevers."
        ),
        "life_domains": ["financien", "instrumentele-adl"],
        "target_groups": ["schulden", "iedereen"],
        "access_type": "open",
        "application_process": "Meld je aan bij De Kern of bij het sociaal wijkteam; binnen twee weken belt een coördinator.",
        "cost_kind": "free",
        "languages": ["nl", "en"],
        "tags": ["rekeningen", "post", "papieren", "administratie", "schulden"],
        "coverage": {"municipalities": ["Zwolle"]},
        "locations": ["Kantoor MEE IJsseloevers en De Kern Zwolle"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "De Kern",
        "name": "Algemeen maatschappelijk werk De Kern",
        "description": (
            "Gesprekken met een maatschappelijk werker over wat je zwaar valt: relatie, opvoeding, geld, "
            "rouw of stress. Samen kijk je wat je zelf en met je netwerk kunt doen."
        ),
        "life_domains": ["huiselijke-relaties", "geestelijke-gezondheid", "financien"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl", "en"],
        "schedules": [(2, "13:00", "15:00", "inloopspreekuur"), (4, "09:00", "11:00", "inloopspreekuur")],
        "coverage": {"municipalities": ["Zwolle", "Kampen", "Deventer"]},
        "locations": ["Kantoor MEE IJsseloevers en De Kern Zwolle"],
        "assured_months_ago": 8,
    },
    {
        "organisation": "Humanitas Zwolle",
        "name": "Thuisadministratie-maatje",
        "description": (
            "Een vrijwilliger van Humanitas komt een jaar lang om de week bij je thuis en leert je je "
            "administratie zelf bij te houden. Onderdeel van Op Orde."
        ),
        "life_domains": ["financien", "instrumentele-adl"],
        "target_groups": ["schulden"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["thuisadministratie", "budget", "maatje"],
        "coverage": {"municipalities": ["Zwolle"]},
        "assured_months_ago": 9,
    },
    {
        "organisation": "WijZ",
        "name": "Formulierenspreekuur WijZ",
        "description": "Hulp bij het invullen van formulieren van toeslagen, gemeente en zorgverzekeraar.",
        "life_domains": ["financien", "instrumentele-adl"],
        "target_groups": ["iedereen", "nieuwkomers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl", "en", "ar"],
        "schedules": [(3, "10:00", "12:00", "")],
        "tags": ["formulieren", "toeslagen", "brieven"],
        "coverage": {"municipalities": ["Zwolle"]},
        "assured_months_ago": 4,
    },
    {
        "organisation": "MEE IJsseloevers",
        "name": "Onafhankelijke cliëntondersteuning",
        "description": (
            "Een MEE-cliëntondersteuner denkt met je mee en gaat mee naar het gesprek met de gemeente "
            "(keukentafelgesprek) over Wmo, Jeugdwet of Participatiewet. Onafhankelijk en kosteloos."
        ),
        "life_domains": ["basale-adl", "instrumentele-adl", "maatschappelijke-participatie"],
        "target_groups": ["beperking", "ouders", "mantelzorgers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["keukentafelgesprek", "wmo", "jeugdwet", "beperking"],
        "coverage": {"municipalities": ["Zwolle", "Kampen", "Deventer", "Staphorst", "Dalfsen"]},
        "locations": ["Kantoor MEE IJsseloevers en De Kern Zwolle"],
        "assured_months_ago": 1,
    },
    {
        "organisation": "MEE IJsseloevers",
        "name": "Ondersteuning bij passend onderwijs",
        "description": (
            "Voor ouders van een kind met een beperking dat vastloopt op school: een cliëntondersteuner helpt "
            "bij het gesprek met school en samenwerkingsverband over passend onderwijs."
        ),
        "life_domains": ["werk-opleiding", "huiselijke-relaties"],
        "target_groups": ["ouders", "kinderen", "beperking"],
        "access_type": "open",
        "maximum_age": 18,
        "cost_kind": "free",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Zwolle", "Kampen", "Deventer"]},
        "created_by": "coordinator.mee",
        "submit": True,
        "assured_months_ago": 0,
    },
    {
        "organisation": "Gemeente Zwolle",
        "name": "Hulp bij het huishouden (Wmo)",
        "description": "Huishoudelijke ondersteuning als je dat zelf of met je netwerk niet meer redt, na een besluit van de gemeente.",
        "life_domains": ["instrumentele-adl", "huisvesting"],
        "target_groups": ["ouderen", "beperking"],
        "access_type": "decision",
        "application_process": "Meld je bij het sociaal wijkteam in je wijk; een consulent komt op gesprek.",
        "cost_kind": "contribution",
        "fees_description": "Wettelijke eigen bijdrage Wmo.",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Zwolle"]},
        "assured_months_ago": 2,
    },
    # --- Meierijstad -----------------------------------------------------------------------------
    {
        "organisation": "Welzijn De Meierij",
        "name": "Werkplaats Financiën",
        "description": (
            "Loop binnen met je vragen over geld: rekeningen, een brief van de Belastingdienst, toeslagen of "
            "een begroting. Vrijwilligers en een sociaal werker helpen je op weg en verwijzen zo nodig warm "
            "door naar schuldhulp. Ontwikkeld door de welzijnspartners van Meierijstad samen."
        ),
        "life_domains": ["financien"],
        "target_groups": ["schulden", "iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl", "en", "pl"],
        "schedules": [(2, "09:00", "12:00", "inloop"), (4, "13:30", "16:30", "inloop")],
        "tags": ["geldzorgen", "rekeningen", "schulden", "budget", "toeslagen"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "locations": ["'t Spectrum"],
        "assured_months_ago": 1,
    },
    {
        "organisation": "ONS welzijn",
        "name": "Thuisadministratie Meierijstad",
        "description": "Vrijwilligers helpen je thuis om je administratie weer op orde te krijgen en te houden.",
        "life_domains": ["financien", "instrumentele-adl"],
        "target_groups": ["schulden", "ouderen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["papieren", "administratie", "post"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "locations": ["Wijkcentrum De Blauwe Kei"],
        "assured_months_ago": 3,
    },
    {
        "organisation": "ONS welzijn",
        "name": "Buurtbemiddeling Meierijstad",
        "description": (
            "Last van de buren, of zij van jou? Twee getrainde vrijwillige bemiddelaars helpen buren om samen "
            "een oplossing te vinden, voordat een conflict uit de hand loopt."
        ),
        "life_domains": ["huisvesting", "sociaal-netwerk"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["burenruzie", "overlast", "geluidsoverlast", "bemiddeling"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "assured_months_ago": 2,
    },
    {
        "organisation": "Welzijn De Meierij",
        "name": "De Beursvloer Meierijstad",
        "description": (
            "Eén keer per jaar brengt de Beursvloer ondernemers en maatschappelijke organisaties bij elkaar: "
            "kennis, handen en materialen worden gematcht, geld speelt geen rol."
        ),
        "life_domains": ["maatschappelijke-participatie"],
        "target_groups": ["vrijwilligers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedule_description": "Eén keer per jaar, in het najaar.",
        "tags": ["matchen", "ondernemers", "vrijwilligerswerk"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "locations": ["'t Spectrum"],
        "assured_months_ago": 5,
    },
    {
        "organisation": "Lumens",
        "name": "Jonge mantelzorgers Meierijstad",
        "description": (
            "Zorg jij thuis voor een ouder, broer of zus die ziek is of een beperking heeft? Het jongerenwerk "
            "organiseert uitjes, een app-groep en gesprekken met leeftijdsgenoten die hetzelfde meemaken."
        ),
        "life_domains": ["sociaal-netwerk", "tijdsbesteding"],
        "target_groups": ["jongeren", "mantelzorgers"],
        "access_type": "open",
        "minimum_age": 8,
        "maximum_age": 23,
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["mantelzorg", "jongerenwerk"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "assured_months_ago": 10,
    },
    {
        "organisation": "Juvans",
        "name": "Voorlichtingsavonden voor ouders",
        "description": "Avonden over opvoeden, puberteit en social media, samen met de andere welzijnspartners.",
        "life_domains": ["huiselijke-relaties"],
        "target_groups": ["ouders"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedule_description": "Vier avonden per jaar, zie de aankondigingen.",
        "coverage": {"municipalities": ["Meierijstad"]},
        "assured_months_ago": 4,
    },
    {
        "organisation": "Gemeente Meierijstad",
        "name": "Schuldhulpverlening gemeente Meierijstad",
        "description": (
            "Een traject schuldhulpverlening met een schuldhulpverlener van de gemeente: overzicht, afspraken "
            "met schuldeisers en zo nodig een schuldregeling. De gemeente beslist over toelating."
        ),
        "life_domains": ["financien"],
        "target_groups": ["schulden"],
        "access_type": "decision",
        "application_process": "Meld je bij het gebiedsteam of bij de Werkplaats Financiën.",
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["schuldregeling", "schulden"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "assured_months_ago": 2,
    },
    {
        "organisation": "MEE regio 's-Hertogenbosch",
        "name": "Cliëntondersteuning MEE in Meierijstad",
        "description": "Onafhankelijke cliëntondersteuning voor inwoners met een beperking, ook in de gebiedsteams.",
        "life_domains": ["basale-adl", "maatschappelijke-participatie"],
        "target_groups": ["beperking", "mantelzorgers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Meierijstad"]},
        "assured_months_ago": 2,
    },
    # --- Goirle --------------------------------------------------------------------------------
    {
        "organisation": "Samen Eten Goirle",
        "name": "Samen eten voor ouderen",
        "description": (
            "Bewoners koken om beurten een driegangenmaaltijd voor oudere dorpsgenoten die anders alleen eten. "
            "Gezelligheid staat voorop. Een initiatief van vrijwilligers, zonder stichting of vereniging."
        ),
        "life_domains": ["sociaal-netwerk", "lichamelijke-gezondheid"],
        "target_groups": ["ouderen"],
        "access_type": "open",
        "cost_kind": "amount",
        "cost_amount": "6.50",
        "fees_description": "Per maaltijd, contant of met een pinpas.",
        "languages": ["nl"],
        "schedules": [(4, "17:30", "19:30", "")],
        "tags": ["eenzaam", "maaltijd", "eten", "ontmoeting"],
        "coverage": {"municipalities": ["Goirle"]},
        "locations": ["Cultureel centrum Jan van Besouw"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "Beweegclub Riel",
        "name": "Bewegen in Riel",
        "description": (
            "Elke dinsdagochtend een uur laagdrempelig bewegen voor iedereen die niet bij een sportvereniging "
            "sport, begeleid door vrijwilligers. In de zomer is er een pauze."
        ),
        "life_domains": ["lichamelijke-gezondheid", "sociaal-netwerk"],
        "target_groups": ["ouderen", "iedereen"],
        "access_type": "open",
        "status": "temporarily closed",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(2, "10:00", "11:00", "")],
        "tags": ["sport", "bewegen", "gym"],
        "coverage": {"neighbourhoods": [("Goirle", "Riel")]},
        "locations": ["Dorpshuis Riel"],
        "assured_months_ago": 8,
    },
    {
        "organisation": "Ontmoetingsochtend Vergeetachtigheid Goirle",
        "name": "Ontmoetingsochtend voor mensen met geheugenklachten",
        "description": (
            "Een ochtend dagbesteding met koffie, spel en een wandeling voor inwoners met geheugenproblemen, "
            "gedragen door vrijwilligers uit het dorp. Mantelzorgers zijn welkom."
        ),
        "life_domains": ["tijdsbesteding", "sociaal-netwerk"],
        "target_groups": ["dementie", "ouderen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(3, "09:30", "12:30", "")],
        "tags": ["geheugen", "dagbesteding"],
        "coverage": {"municipalities": ["Goirle"]},
        "locations": ["Cultureel centrum Jan van Besouw"],
        "assured_months_ago": 3,
    },
    {
        "organisation": "ContourdeTwern",
        "name": "Vrijwilligerscafé de Verbinding",
        "description": (
            "Eens per maand wisselen actieve inwoners, initiatiefnemers en professionals ideeën uit. "
            "ContourdeTwern zorgt steeds voor een thema."
        ),
        "life_domains": ["maatschappelijke-participatie"],
        "target_groups": ["vrijwilligers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedule_description": "Eens per maand, op de eerste maandagavond.",
        "schedules": [(1, "19:30", "21:30", "eerste maandag van de maand")],
        "tags": ["burgerinitiatief", "vrijwilligers", "netwerk"],
        "coverage": {"municipalities": ["Goirle"]},
        "locations": ["Cultureel centrum Jan van Besouw"],
        "assured_months_ago": 1,
    },
    {
        "organisation": "Gemeente Goirle",
        "name": "'t Loket Goirle",
        "description": (
            "De toegang tot ondersteuning in Goirle: met elke vraag over zorg, welzijn, wonen, geld of "
            "opvoeden kun je hier binnenstappen. Welzijnswerk, maatschappelijk werk en GGD zitten in hetzelfde "
            "gebouw."
        ),
        "life_domains": ["financien", "huisvesting", "huiselijke-relaties", "basale-adl", "sociaal-netwerk"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": _OFFICE_HOURS,
        "tags": ["loket", "wmo", "vraag"],
        "coverage": {"municipalities": ["Goirle"]},
        "locations": ["Cultureel centrum Jan van Besouw"],
        "assured_months_ago": 1,
    },
    # --- Leerdam (Vijfheerenlanden) ---------------------------------------------------------------
    {
        "organisation": "SamenDoen",
        "name": "Inloophuis dementie Leerdam",
        "description": (
            "Een huiskamer voor mensen met (beginnende) dementie en hun dierbaren: even samen zijn, lotgenoten "
            "ontmoeten en vragen stellen aan een deskundige. Onderdeel van Leerdam als dementievriendelijke "
            "gemeente."
        ),
        "life_domains": ["sociaal-netwerk", "geestelijke-gezondheid"],
        "target_groups": ["dementie", "mantelzorgers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(2, "13:30", "16:30", ""), (5, "13:30", "16:30", "")],
        "tags": ["dementie", "vergeetachtigheid", "mantelzorg"],
        "coverage": {"municipalities": ["Vijfheerenlanden"]},
        "locations": ["Inloophuis dementie Leerdam"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "SamenDoen",
        "name": "Training vroegsignalering dementie",
        "description": (
            "Training voor inwoners, vrijwilligers en professionals die met ouderen te maken hebben: hoe herken "
            "je de eerste tekenen van dementie en hoe help je iemand op de juiste plek?"
        ),
        "life_domains": ["geestelijke-gezondheid", "maatschappelijke-participatie"],
        "target_groups": ["vrijwilligers", "iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedule_description": "Enkele keren per jaar, twee avonden.",
        "coverage": {"municipalities": ["Vijfheerenlanden"]},
        "assured_months_ago": 7,
    },
    {
        "organisation": "SamenDoen",
        "name": "Opvoedbijeenkomsten voor ouders met een migratieachtergrond",
        "description": (
            "Een werkgroep van ouders en jongeren met een migratieachtergrond organiseert bijeenkomsten over "
            "opvoeden voor andere ouders. De werkgroep bepaalt zelf de onderwerpen; SamenDoen, de "
            "jeugdgezondheidszorg en het sociaal team ondersteunen met kennis."
        ),
        "life_domains": ["huiselijke-relaties", "sociaal-netwerk"],
        "target_groups": ["ouders", "nieuwkomers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl", "ar", "tr", "ti"],
        "schedules": [(6, "10:00", "12:00", "eens per maand")],
        "tags": ["opvoeden", "ouders", "migratie"],
        "coverage": {"neighbourhoods": [("Vijfheerenlanden", "Leerdam")]},
        "assured_months_ago": 3,
    },
    {
        "organisation": "SamenDoen",
        "name": "Vrijwilliger thuisadministratie of buddy",
        "description": (
            "Een vrijwilliger helpt je je administratie bij te houden of is een maatje bij wie je terecht kunt, "
            "naast de trajectbegeleider van AVRES of het sociaal team."
        ),
        "life_domains": ["financien", "sociaal-netwerk"],
        "target_groups": ["schulden"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "tags": ["buddy", "maatje", "administratie"],
        "coverage": {"municipalities": ["Vijfheerenlanden"]},
        "assured_months_ago": 2,
    },
    {
        "organisation": "AVRES",
        "name": "Schuldhulp met één trajectbegeleider",
        "description": (
            "Integrale aanpak van schulden en meedoen: één trajectbegeleider is je aanspreekpunt, stemt af met "
            "collega's en zet zo nodig een vrijwilliger thuisadministratie of buddy in. Ben je schuldenvrij, "
            "dan helpt de begeleider je om weer mee te doen."
        ),
        "life_domains": ["financien", "maatschappelijke-participatie"],
        "target_groups": ["schulden"],
        "access_type": "decision",
        "application_process": "Aanmelden via het sociaal team van de gemeente; AVRES beslist over toelating.",
        "cost_kind": "free",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Vijfheerenlanden"]},
        "assured_months_ago": 2,
    },
    {
        "organisation": "Gemeente Vijfheerenlanden",
        "name": "Leer-werkplek op de gemeentewerf",
        "description": (
            "Werkervaring opdoen in de werkplaats op de gemeentewerf in Leerdam, met begeleiding, voor wie "
            "lastig aan werk komt."
        ),
        "life_domains": ["werk-opleiding", "maatschappelijke-participatie"],
        "target_groups": ["beperking", "nieuwkomers"],
        "access_type": "decision",
        "minimum_age": 18,
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(day, "08:00", "15:30", "") for day in (1, 2, 3, 4)],
        "tags": ["werkervaring", "re-integratie", "werk"],
        "coverage": {"municipalities": ["Vijfheerenlanden"]},
        "locations": ["Werkplaats gemeentewerf Leerdam"],
        "assured_months_ago": 4,
    },
    # --- Delft ---------------------------------------------------------------------------------
    {
        "organisation": "Buddy Netwerk",
        "name": "Buddy Netwerk Delft",
        "description": "Een vrijwillige buddy die een tijd met je optrekt, als je je eenzaam voelt of het even niet alleen redt.",
        "life_domains": ["sociaal-netwerk", "geestelijke-gezondheid"],
        "target_groups": ["psychische-kwetsbaarheid", "iedereen"],
        "access_type": "open",
        "minimum_age": 18,
        "cost_kind": "free",
        "languages": ["nl", "en"],
        "tags": ["maatje", "eenzaam", "buddy"],
        "coverage": {"municipalities": ["Delft"]},
        "locations": ["Wijkcentrum Buitenhof"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "Alzheimer DWO",
        "name": "Alzheimer Café Delft",
        "description": (
            "Maandelijkse avond voor mensen met dementie, hun naasten en andere belangstellenden, met uitleg "
            "van een deskundige en ruimte voor vragen."
        ),
        "life_domains": ["geestelijke-gezondheid", "sociaal-netwerk"],
        "target_groups": ["dementie", "mantelzorgers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedule_description": "Eens per maand op dinsdagavond.",
        "schedules": [(2, "19:30", "21:30", "tweede dinsdag van de maand")],
        "tags": ["alzheimer", "dementie", "vergeetachtigheid"],
        "coverage": {"municipalities": ["Delft"]},
        "locations": ["Wijkcentrum Buitenhof"],
        "assured_months_ago": 3,
    },
    {
        "organisation": "Inloophuis Debora",
        "name": "Inloophuis Debora",
        "description": "Huiskamer, gesprekken en activiteiten voor iedereen die te maken heeft met kanker, en hun naasten.",
        "life_domains": ["lichamelijke-gezondheid", "sociaal-netwerk"],
        "target_groups": ["iedereen", "mantelzorgers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(2, "10:00", "16:00", ""), (4, "10:00", "16:00", "")],
        "coverage": {"municipalities": ["Delft"]},
        "locations": ["Inloophuis Debora"],
        "assured_months_ago": 13,
    },
    {
        "organisation": "Gemeente Delft",
        "name": "De Toegang Delft",
        "description": (
            "Het eerste contactpunt voor Delftenaren met een vraag over zorg en ondersteuning. Zestien "
            "organisaties werken samen volgens één gezin, één plan, één regisseur."
        ),
        "life_domains": ["financien", "huisvesting", "huiselijke-relaties", "geestelijke-gezondheid", "basale-adl"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl", "en"],
        "schedules": _OFFICE_HOURS,
        "coverage": {"municipalities": ["Delft"]},
        "assured_months_ago": 1,
    },
    {
        "organisation": "Gemeente Delft",
        "name": "Individuele begeleiding (Wmo-maatwerk)",
        "description": "Begeleiding thuis bij het regelen van het dagelijks leven, na een besluit van de gemeente.",
        "life_domains": ["instrumentele-adl", "geestelijke-gezondheid"],
        "target_groups": ["psychische-kwetsbaarheid", "beperking"],
        "access_type": "decision",
        "application_process": "Via De Toegang Delft.",
        "cost_kind": "contribution",
        "fees_description": "Wettelijke eigen bijdrage Wmo.",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Delft"]},
        "assured_months_ago": 2,
    },
    # --- Zandvoort -----------------------------------------------------------------------------
    {
        "organisation": "PlusPunt",
        "name": "Steunpunt OOK",
        "description": (
            "Voor alle inwoners die door ziekte, beperking of ouderdom wel wat steun kunnen gebruiken: "
            "informatie, een luisterend oor en praktische hulp, zodat zwaardere zorg niet nodig is."
        ),
        "life_domains": ["instrumentele-adl", "sociaal-netwerk", "lichamelijke-gezondheid"],
        "target_groups": ["ouderen", "beperking", "mantelzorgers"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(day, "10:00", "12:00", "spreekuur") for day in (1, 2, 3, 4, 5)],
        "coverage": {"municipalities": ["Zandvoort"]},
        "locations": ["Steunpunt OOK"],
        "assured_months_ago": 2,
    },
    # --- Zeist ---------------------------------------------------------------------------------
    {
        "organisation": "Austerlitz zorgt",
        "name": "Vervoersdienst Austerlitz zorgt",
        "description": (
            "Vrijwillige chauffeurs brengen dorpsgenoten naar de huisarts, het ziekenhuis, de winkel of familie. "
            "Een burgerinitiatief van en voor Austerlitz."
        ),
        "life_domains": ["instrumentele-adl", "maatschappelijke-participatie"],
        "target_groups": ["ouderen", "beperking"],
        "access_type": "open",
        "cost_kind": "amount",
        "cost_amount": "2.50",
        "fees_description": "Per rit binnen Zeist; daarbuiten een kilometervergoeding.",
        "languages": ["nl"],
        "schedules": [(day, "08:30", "17:30", "") for day in (1, 2, 3, 4, 5)],
        "tags": ["vervoer", "rijden", "boodschappen", "ziekenhuis"],
        "coverage": {"neighbourhoods": [("Zeist", "Austerlitz")]},
        "locations": ["Dorpshuis Austerlitz"],
        "assured_months_ago": 1,
    },
    {
        "organisation": "Austerlitz zorgt",
        "name": "Wmo-loket Austerlitz",
        "description": "Het eigen loket van het dorp: bewoners helpen dorpsgenoten met vragen over zorg en ondersteuning, in overleg met de gemeente Zeist.",
        "life_domains": ["basale-adl", "instrumentele-adl", "huisvesting"],
        "target_groups": ["iedereen", "ouderen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(2, "10:00", "12:00", ""), (4, "10:00", "12:00", "")],
        "coverage": {"neighbourhoods": [("Zeist", "Austerlitz")]},
        "locations": ["Dorpshuis Austerlitz"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "Stichting MeanderOmnium",
        "name": "Sociaal werk MeanderOmnium",
        "description": "Sociaal werkers in de wijken van Zeist voor vragen over geld, werk, opvoeden en meedoen.",
        "life_domains": ["financien", "werk-opleiding", "huiselijke-relaties", "maatschappelijke-participatie"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "coverage": {"municipalities": ["Zeist"]},
        "assured_months_ago": 2,
    },
    # --- Midden-Limburg, Wageningen, Aalten --------------------------------------------------------
    {
        "organisation": "AMW Midden-Limburg",
        "name": "Opvoedspreekuur CJG Midden-Limburg",
        "description": (
            "Vrij toegankelijk spreekuur van het Centrum voor Jeugd en Gezin voor ouders en jongeren met "
            "vragen over opgroeien en opvoeden. Ook voor scholen één aanspreekpunt."
        ),
        "life_domains": ["huiselijke-relaties", "geestelijke-gezondheid"],
        "target_groups": ["ouders", "kinderen", "jongeren"],
        "access_type": "open",
        "maximum_age": 23,
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(1, "13:00", "15:00", ""), (3, "09:00", "11:00", "")],
        "tags": ["opvoeden", "cjg", "jeugd"],
        "coverage": {"municipalities": ["Echt-Susteren", "Leudal", "Maasgouw", "Nederweert", "Roerdalen", "Roermond", "Weert"]},
        "locations": ["CJG Midden-Limburg Roermond"],
        "assured_months_ago": 2,
    },
    {
        "organisation": "Solidez",
        "name": "Inloop Startpunt Wageningen",
        "description": (
            "Binnenlopen met je vraag over wonen, zorg, hulp, geldzaken, werk of opvoeding. Twintig "
            "organisaties werken hier onder één dak; vrijwilligers van Solidez ontvangen je."
        ),
        "life_domains": ["financien", "huisvesting", "werk-opleiding", "huiselijke-relaties", "sociaal-netwerk"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl", "en"],
        "schedules": [(day, "09:00", "17:00", "") for day in (1, 2, 3, 4, 5)],
        "coverage": {"municipalities": ["Wageningen"]},
        "locations": ["Startpunt Wageningen"],
        "assured_months_ago": 1,
    },
    {
        "organisation": "Figulus Welzijn",
        "name": "Kulturhus Aalten – ontmoeten en meedoen",
        "description": "Activiteiten van verenigingen en vrijwilligers in het Kulturhus, met sociaal werk als verbindende schakel.",
        "life_domains": ["tijdsbesteding", "sociaal-netwerk", "maatschappelijke-participatie"],
        "target_groups": ["iedereen"],
        "access_type": "open",
        "cost_kind": "free",
        "languages": ["nl"],
        "schedules": [(day, "09:00", "22:00", "") for day in (1, 2, 3, 4, 5)],
        "coverage": {"municipalities": ["Aalten"]},
        "locations": ["Kulturhus Aalten"],
        "assured_months_ago": 5,
    },
    {
        "organisation": "Figulus Welzijn",
        "name": "Een dagdeel meewerken voor vergunninghouders",
        "description": (
            "Iedere vergunninghouder werkt minstens één dagdeel per week mee bij een club, de kinderboerderij "
            "of een lokale werkgever, als opstap naar een baan of opleiding. Samen met de gemeente en Laborijn."
        ),
        "life_domains": ["werk-opleiding", "maatschappelijke-participatie"],
        "target_groups": ["nieuwkomers"],
        "access_type": "open",
        "minimum_age": 18,
        "cost_kind": "free",
        "languages": ["nl", "ar", "ti", "en"],
        "tags": ["statushouders", "werk", "taal", "vluchtelingen"],
        "coverage": {"municipalities": ["Aalten"]},
        "locations": ["Kulturhus Aalten"],
        "assured_months_ago": 3,
    },
]
