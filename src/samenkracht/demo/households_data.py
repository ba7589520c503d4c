"""Synthetic demo households at every stage of the front door and the plan (built by demo/households.py).

Every person, address, phone number and story here is invented; none of them appears in the source
articles. Each case is identified by its question (the resident's words): the builder skips a case whose
question its team already holds, so running the demo again adds nothing twice.

Dates are relative to the day the demo is built ("days_ago", "due_in_days"), so worklists look live.
Professionals are demo accounts (local part of the e-mail address): those of demo/users.py, plus the four
below for the Delft and Leerdam teams, made by the households builder.
"""

from __future__ import annotations

# Extra demo professionals for the access point in Delft and the social team in Leerdam, in the same
# form as demo/users.DEMO_USERS: local part, full name, organisation, role, job title, teams.
EXTRA_PROFESSIONALS = [
    ("toegang.delft", "Mirthe Zandbergen", "Gemeente Delft", "professional", "Wmo-consulent", ["De Toegang Delft"]),
    ("kwadraad", "Jurre Hoogendoorn", "Kwadraad", "professional", "wijkcoach", ["De Toegang Delft"]),
    ("sociaalteam.leerdam", "Ilse Brouwers", "Gemeente Vijfheerenlanden", "professional", "consulent sociaal team",
     ["Sociaal team Leerdam"]),
    ("avres", "Tobias Wiersma", "AVRES", "professional", "schuldhulpverlener", ["Sociaal team Leerdam"]),
]

ZWOLLE = "Sociaal wijkteam Zwolle-Zuid"
ALMELO = "Sociaal wijkteam Almelo Centrum"
DELFT = "De Toegang Delft"
LEERDAM = "Sociaal team Leerdam"

# The public online form: sent "from" this address (only its keyed hash is counted for the rate limit).
PUBLIC_FORM_SENDER = "demo-data.samenkracht.invalid"

CASES: list[dict] = [
    # --- Zwolle-Zuid: MEE IJsseloevers (mee) and De Kern (maatschappelijkwerk) ---------------------
    {
        "stage": "new",
        "team": ZWOLLE, "by": "maatschappelijkwerk", "channel": "walk_in", "urgency": "normal", "days_ago": 2,
        "question": "Ik kom er niet meer uit met de post van de belastingdienst en de zorgverzekering. "
                    "Kan iemand met mij meekijken?",
        "domains": ["financien", "instrumentele-adl"], "neighbourhood": "Assendorp",
        "contact": ("Wendel Oosterbaan", "038 555 0101", ""),
    },
    {
        "stage": "overdue",
        "team": ZWOLLE, "by": "mee", "channel": "email", "urgency": "normal", "days_ago": 13,
        "question": "Onze zoon van zestien zit al weken thuis van school en wil niet meer naar buiten.",
        "domains": ["tijdsbesteding", "geestelijke-gezondheid"], "neighbourhood": "Zwolle-Zuid",
        "contact": ("Gerrit-Jan Haverkamp", "", "gj.haverkamp@voorbeeld.invalid"),
    },
    {
        "stage": "crisis",
        "team": ZWOLLE, "by": "maatschappelijkwerk", "channel": "phone", "urgency": "crisis", "days_ago": 0.05,
        "question": "Mijn huisbaas heeft de sloten vervangen; ik sta met twee kinderen op straat en weet niet "
                    "waar we vannacht kunnen slapen.",
        "domains": ["huisvesting", "huiselijke-relaties"], "neighbourhood": "Assendorp",
        "contact": ("Selin Kaya-Vos", "06 5550 2202", ""),
    },
    {
        "stage": "signal_debts",
        "team": ZWOLLE, "by": "mee", "channel": "signal", "urgency": "urgent", "days_ago": 1,
        "signal_source": "school", "signal_topic": "schulden",
        "question": "De intern begeleider meldt: de kinderen komen zonder lunch naar school en moeder vertelde "
                    "dat er aanmaningen binnenkomen.",
        "domains": ["financien", "huiselijke-relaties"], "neighbourhood": "Zwolle-Zuid",
        "contact": ("Anouk Pieterse", "", ""),
    },
    {
        "stage": "tailored",
        "team": ZWOLLE, "by": "maatschappelijkwerk", "channel": "signal", "urgency": "urgent", "days_ago": 9,
        "signal_source": "gp", "signal_topic": "dementie",
        "question": "De huisarts meldt: meneer vergeet te eten en zijn medicijnen; zijn dochter woont ver weg "
                    "en maakt zich zorgen.",
        "domains": ["basale-adl", "lichamelijke-gezondheid"], "neighbourhood": "Assendorp",
        "contact": ("Harm Ruitenberg", "038 555 0303", ""),
        "household": {"address": "Lindenlaan 41", "postcode": "8012 CE", "members": [
            {"given_name": "Harm", "family_name": "Ruitenberg", "date_of_birth": "1939-03-14",
             "role": "applicant", "phone": "038 555 0303"},
        ]},
        "triage": {"by": "maatschappelijkwerk", "with": "mee", "outcome": "tailored", "law": "wmo", "days_ago": 7,
                   "notes": "Aanvraag huishoudelijke ondersteuning en dagbesteding; mantelzorger betrekken."},
    },
    {
        "stage": "open_access",
        "team": ZWOLLE, "by": "mee", "channel": "walk_in", "urgency": "normal", "days_ago": 6,
        "question": "Sinds mijn vrouw is overleden doe ik de administratie zelf, maar ik snap de "
                    "formulieren niet goed.",
        "domains": ["financien"], "neighbourhood": "Zwolle-Zuid",
        "contact": ("Koos Brinkhorst", "038 555 0404", ""),
        "triage": {"by": "mee", "with": "maatschappelijkwerk", "outcome": "open_access", "days_ago": 5,
                   "service": ("Humanitas Zwolle", "Thuisadministratie-maatje"),
                   "notes": "Een maatje voor de thuisadministratie past; geen indicatie nodig."},
    },
    {
        "stage": "plan_active",
        "team": ZWOLLE, "by": "maatschappelijkwerk", "channel": "phone", "urgency": "urgent", "days_ago": 75,
        "question": "We hebben een betalingsachterstand bij de woningcorporatie en mijn man is zijn baan "
                    "kwijt. De kinderen merken de spanning thuis.",
        "domains": ["financien", "werk-opleiding", "huiselijke-relaties"], "neighbourhood": "Assendorp",
        "contact": ("Marloes Terpstra", "06 5550 5505", ""),
        "household": {"address": "Esdoornstraat 7", "postcode": "8012 CE", "members": [
            {"given_name": "Marloes", "family_name": "Terpstra", "date_of_birth": "1986-07-02", "role": "applicant",
             "phone": "06 5550 5505"},
            {"given_name": "Bram", "family_name": "Terpstra", "date_of_birth": "1984-11-19", "role": "partner"},
            {"given_name": "Fleur", "family_name": "Terpstra", "date_of_birth": "2014-05-23", "role": "child"},
            {"given_name": "Thijme", "family_name": "Terpstra", "date_of_birth": "2017-09-08", "role": "child"},
        ]},
        "triage": {"by": "maatschappelijkwerk", "with": "mee", "outcome": "plan", "coordinator": "maatschappelijkwerk",
                   "days_ago": 72, "notes": "Meerdere leefgebieden en organisaties: één plan, één regisseur."},
        "plan": {
            "summary": "Rust in de financiën, Bram weer aan het werk en een fijne sfeer thuis voor de kinderen.",
            "budget_total": "4000.00",
            "strengths": "Marloes houdt een kasboek bij en vraagt zelf om hulp; Bram is handig en wil werken.",
            "network": "Zus Ineke woont om de hoek en past op de kinderen; buurman Sjaak helpt met klussen.",
            "goals": [
                ("financien", "Een betalingsregeling met de woningcorporatie en overzicht in de schulden.", 2, 4),
                ("werk-opleiding", "Bram heeft binnen een half jaar weer betaald werk.", 2, 4),
                ("huiselijke-relaties", "Minder spanning thuis; de kinderen weten wat er speelt.", 3, 4),
            ],
            "actions": [
                {"goal": 0, "performer": "organisation", "organisation": "De Kern", "due_in_days": 14,
                 "status": "ongoing", "what": "Schuldenoverzicht maken en regeling met de corporatie aanvragen."},
                {"goal": 1, "performer": "professional", "professional": "mee", "organisation": "MEE IJsseloevers",
                 "due_in_days": 30, "status": "planned", "what": "Samen met Bram een cv maken en het "
                 "werkgeversservicepunt bezoeken."},
                {"goal": 0, "performer": "volunteer", "performer_name": "vrijwilliger Thuisadministratie",
                 "due_in_days": 21, "status": "ongoing", "what": "Wekelijks samen de post openen en ordenen."},
                {"goal": 2, "performer": "own_network", "performer_name": "zus Ineke", "due_in_days": 7,
                 "status": "ongoing", "what": "Twee middagen per week de kinderen opvangen."},
            ],
            "budget": [
                {"action": 0, "funding_source": "debt_help", "allocated": "1500.00", "committed": "600.00",
                 "spent": "850.00"},
                {"action": 1, "funding_source": "participatiewet", "allocated": "1200.00", "committed": "400.00",
                 "spent": "0.00"},
                {"action": 3, "funding_source": "special_assistance", "allocated": "450.00", "committed": "0.00",
                 "spent": "120.00"},
            ],
            "intake": {"days_ago": 70, "scores": {
                "financien": 2, "werk-opleiding": 2, "tijdsbesteding": 3, "huisvesting": 3, "huiselijke-relaties": 3,
                "geestelijke-gezondheid": 3, "lichamelijke-gezondheid": 4, "middelengebruik": 5, "basale-adl": 5,
                "instrumentele-adl": 3, "sociaal-netwerk": 4, "maatschappelijke-participatie": 3, "justitie": 5}},
            "evaluation": {"days_ago": 14, "next_in_days": 42,
                           "note": "Regeling met de corporatie loopt; werk zoeken kost meer tijd.", "scores": {
                               "financien": 3, "werk-opleiding": 2, "tijdsbesteding": 3, "huisvesting": 4,
                               "huiselijke-relaties": 3, "geestelijke-gezondheid": 3, "instrumentele-adl": 4}},
            "breakthroughs": [
                {"obstacle": "De corporatie wil pas een regeling treffen als de bijzondere bijstand is toegekend; "
                             "de bijstand wacht op de regeling.",
                 "rule": "Beleidsregel bijzondere bijstand: voorliggende voorziening eerst"},
            ],
        },
    },
    {
        "stage": "plan_breakthrough_decided",
        "team": ZWOLLE, "by": "mee", "channel": "walk_in", "urgency": "normal", "days_ago": 50,
        "question": "Ik heb een licht verstandelijke beperking en mijn begeleiding stopt als ik achttien "
                    "word. Wie helpt mij dan met wonen en geld?",
        "domains": ["huisvesting", "financien", "instrumentele-adl"], "neighbourhood": "Zwolle-Zuid",
        "contact": ("Dewi Lammerts", "06 5550 6606", ""),
        "household": {"address": "Berkenhof 3", "postcode": "", "members": [
            {"given_name": "Dewi", "family_name": "Lammerts", "date_of_birth": "2008-02-11", "role": "applicant",
             "phone": "06 5550 6606"},
        ]},
        "triage": {"by": "mee", "with": "maatschappelijkwerk", "outcome": "plan", "coordinator": "mee",
                   "days_ago": 48, "notes": "Overgang 18-/18+: MEE houdt de regie."},
        "plan": {
            "summary": "Dewi woont na haar achttiende zelfstandig met passende begeleiding.",
            "budget_total": "6000.00",
            "strengths": "Dewi is zelfstandig in het verkeer en kookt graag.",
            "network": "Oma Riet belt elke dag; mentor van school blijft contact houden.",
            "goals": [
                ("huisvesting", "Een geschikte woonplek met begeleiding na de achttiende verjaardag.", 2, 4),
                ("financien", "Dewi beheert haar eigen leefgeld met hulp van een budgetcoach.", 2, 3),
            ],
            "actions": [
                {"goal": 0, "performer": "professional", "professional": "mee", "organisation": "MEE IJsseloevers",
                 "due_in_days": 20, "status": "ongoing", "what": "Aanvraag begeleid wonen voorbereiden."},
                {"goal": 1, "performer": "resident", "due_in_days": 10, "status": "planned",
                 "what": "Dewi houdt een maand lang haar uitgaven bij in een boekje."},
                {"goal": 1, "performer": "own_network", "performer_name": "oma Riet", "due_in_days": 30,
                 "status": "planned", "what": "Wekelijks samen boodschappen doen met een vast budget."},
            ],
            "budget": [
                {"action": 0, "funding_source": "jeugdwet", "allocated": "3000.00", "committed": "1500.00",
                 "spent": "500.00"},
                {"action": 0, "funding_source": "wmo", "allocated": "2000.00", "committed": "0.00", "spent": "0.00"},
            ],
            "intake": {"days_ago": 47, "scores": {
                "financien": 2, "huisvesting": 2, "instrumentele-adl": 3, "sociaal-netwerk": 3,
                "werk-opleiding": 3, "tijdsbesteding": 4}},
            "breakthroughs": [
                {"obstacle": "Jeugdhulp stopt op de verjaardag, Wmo-begeleiding kan pas daarna worden aangevraagd; "
                             "er ontstaat een gat van drie maanden.",
                 "rule": "Jeugdwet eindigt op 18 jaar; Wmo-aanvraag pas vanaf 18 jaar",
                 "decide": {"by": "beheer", "budget": "1800.00",
                            "decision": "Maatwerk: jeugdhulp loopt door tot de Wmo-begeleiding is gestart."}},
            ],
        },
    },
    {
        "stage": "plan_closed",
        "team": ZWOLLE, "by": "maatschappelijkwerk", "channel": "phone", "urgency": "normal", "days_ago": 160,
        "question": "Na mijn scheiding zit ik alleen in een te duur huis en ik slaap slecht van de zorgen.",
        "domains": ["huisvesting", "financien", "geestelijke-gezondheid"], "neighbourhood": "Zwolle-Zuid",
        "contact": ("Roel Stegeman", "038 555 0707", ""),
        "household": {"address": "Wilgenweg 19", "postcode": "", "members": [
            {"given_name": "Roel", "family_name": "Stegeman", "date_of_birth": "1971-04-30", "role": "applicant",
             "phone": "038 555 0707"},
        ]},
        "triage": {"by": "maatschappelijkwerk", "with": "mee", "outcome": "plan", "coordinator": "maatschappelijkwerk",
                   "days_ago": 158, "notes": "Wonen, geld en gezondheid hangen samen."},
        "plan": {
            "summary": "Roel woont betaalbaar en heeft weer rust.",
            "budget_total": "1200.00",
            "strengths": "Roel heeft een vaste baan en sport graag.",
            "network": "Zijn broer helpt met verhuizen; collega's weten ervan.",
            "goals": [
                ("huisvesting", "Een betaalbare woning.", 2, 4, "reached"),
                ("geestelijke-gezondheid", "Beter slapen en minder piekeren.", 3, 4, "reached"),
            ],
            "actions": [
                {"goal": 0, "performer": "own_network", "performer_name": "broer Henk", "due_in_days": -60,
                 "status": "done", "what": "Helpen met de verhuizing."},
                {"goal": 1, "performer": "organisation", "organisation": "De Kern", "due_in_days": -40,
                 "status": "done", "what": "Vijf gesprekken over omgaan met stress."},
            ],
            "budget": [
                {"action": 0, "funding_source": "special_assistance", "allocated": "800.00", "committed": "0.00",
                 "spent": "760.00"},
            ],
            "intake": {"days_ago": 155, "scores": {
                "huisvesting": 2, "financien": 3, "geestelijke-gezondheid": 3, "sociaal-netwerk": 4,
                "werk-opleiding": 4}},
            "close": {"reason": "goals_reached", "satisfaction": 8,
                      "comment": "Fijn dat ik niet overal opnieuw mijn verhaal hoefde te doen.",
                      "note": "Doelen bereikt; Roel weet de weg naar het inloopspreekuur.",
                      "scores": {"huisvesting": 4, "financien": 4, "geestelijke-gezondheid": 4, "sociaal-netwerk": 4,
                                 "werk-opleiding": 4}},
        },
    },
    # --- Almelo Centrum: DNO (wijkcoach) and Gemeente Almelo (wmo) ------------------------------------
    {
        "stage": "advice",
        "team": ALMELO, "by": "wijkcoach", "channel": "phone", "urgency": "normal", "days_ago": 4,
        "question": "Mijn moeder krijgt een rolstoel; mag ik een drempel in haar huurhuis weg laten halen?",
        "domains": ["huisvesting", "lichamelijke-gezondheid"], "neighbourhood": "Binnenstad",
        "contact": ("Nadia Bouzid", "0546 555 808", ""),
        "triage": {"by": "wijkcoach", "with": "wmo", "outcome": "advice", "days_ago": 3,
                   "notes": "Uitgelegd dat de verhuurder toestemming geeft; folder woningaanpassing meegegeven."},
    },
    {
        "stage": "crisis_escalation",
        "team": ALMELO, "by": "wmo", "channel": "phone", "urgency": "crisis", "days_ago": 1,
        "question": "Buurvrouw belt: de man naast haar roept al uren om hulp en doet de deur niet open.",
        "domains": ["lichamelijke-gezondheid", "geestelijke-gezondheid"], "neighbourhood": "Nieuwstraatkwartier",
        "contact": ("Trudy Schuttenbelt", "0546 555 909", ""),
        "triage": {"by": "wmo", "with": "wijkcoach", "outcome": "crisis", "days_ago": 1,
                   "notes": "Crisisdienst en huisartsenpost ingeschakeld; wijkcoach gaat morgen langs."},
    },
    {
        "stage": "signal_dementia",
        "team": ALMELO, "by": "wijkcoach", "channel": "signal", "urgency": "normal", "days_ago": 3,
        "signal_source": "volunteer", "signal_topic": "dementie",
        "question": "Een getrainde vrijwilliger van de ouderenbond merkt dat mevrouw verward is en de weg "
                    "naar huis niet meer vindt.",
        "domains": ["geestelijke-gezondheid", "sociaal-netwerk"], "neighbourhood": "Binnenstad",
        "contact": ("Gerda Nijhuis", "", ""),
    },
    {
        "stage": "plan_handover",
        "team": ALMELO, "by": "wijkcoach", "channel": "walk_in", "urgency": "urgent", "days_ago": 40,
        "question": "Ik zorg alleen voor mijn drie kinderen, de oudste spijbelt en ik red het financieel niet.",
        "domains": ["huiselijke-relaties", "financien", "werk-opleiding"], "neighbourhood": "Nieuwstraatkwartier",
        "contact": ("Esmee Hulsbeek", "06 5550 1010", ""),
        "household": {"address": "Molenstraat 88", "postcode": "", "members": [
            {"given_name": "Esmee", "family_name": "Hulsbeek", "date_of_birth": "1990-01-17", "role": "applicant",
             "phone": "06 5550 1010"},
            {"given_name": "Luuk", "family_name": "Hulsbeek", "date_of_birth": "2010-06-04", "role": "child"},
            {"given_name": "Noa", "family_name": "Hulsbeek", "date_of_birth": "2013-08-29", "role": "child"},
            {"given_name": "Ties", "family_name": "Hulsbeek", "date_of_birth": "2019-12-12", "role": "child"},
        ]},
        "triage": {"by": "wijkcoach", "with": "wmo", "outcome": "plan", "coordinator": "wijkcoach", "days_ago": 38,
                   "notes": "Gezin met vragen op school, geld en opvoeding."},
        "plan": {
            "summary": "Luuk gaat weer naar school en Esmee heeft grip op het geld.",
            "budget_total": "3500.00",
            "strengths": "Esmee is vastberaden en heeft goed contact met de school.",
            "network": "Haar vader haalt de jongste uit de opvang; de buurvrouw kookt op woensdag.",
            "goals": [
                ("werk-opleiding", "Luuk gaat elke dag naar school.", 2, 4),
                ("financien", "Een sluitend maandbudget.", 2, 4),
            ],
            "actions": [
                {"goal": 0, "performer": "professional", "professional": "wijkcoach", "organisation": "DNO",
                 "due_in_days": 5, "status": "ongoing", "what": "Gesprek met Luuk, Esmee en de leerplichtambtenaar."},
                {"goal": 1, "performer": "organisation", "organisation": "Gemeente Almelo", "due_in_days": 12,
                 "status": "planned", "what": "Aanvraag bijzondere bijstand en kwijtschelding beoordelen."},
                {"goal": 0, "performer": "own_network", "performer_name": "opa Gerrit", "due_in_days": 3,
                 "status": "ongoing", "what": "Ties op dinsdag en donderdag uit de opvang halen."},
            ],
            "budget": [
                {"action": 0, "funding_source": "jeugdwet", "allocated": "2000.00", "committed": "800.00",
                 "spent": "300.00"},
                {"action": 1, "funding_source": "subsidy", "allocated": "500.00", "committed": "0.00",
                 "spent": "0.00"},
            ],
            "intake": {"days_ago": 36, "scores": {
                "financien": 2, "werk-opleiding": 2, "huiselijke-relaties": 3, "sociaal-netwerk": 3,
                "geestelijke-gezondheid": 3}},
            "handover": {"to": "wmo", "note": "Het zwaartepunt ligt nu bij inkomen en voorzieningen."},
        },
    },
    # --- Delft: De Toegang (Gemeente Delft and Kwadraad) ----------------------------------------------
    {
        "stage": "public_form",
        "team": DELFT, "channel": "online_form", "postcode": "2611HB", "days_ago": 0.3,
        "question": "Ik ben mantelzorger voor mijn man met Parkinson en ik ben op. Waar kan ik terecht voor "
                    "een adempauze?",
        "contact": ("Hennie Wagenaar", "", "h.wagenaar@voorbeeld.invalid"),
    },
    {
        "stage": "plan_delft",
        "team": DELFT, "by": "kwadraad", "channel": "walk_in", "urgency": "normal", "days_ago": 30,
        "question": "Ik ben net uit de opvang en heb een huis, maar geen meubels en nog geen uitkering.",
        "domains": ["huisvesting", "financien", "maatschappelijke-participatie"], "neighbourhood": "Buitenhof",
        "contact": ("Yusuf Karaman", "015 555 1111", ""),
        "household": {"address": "Kastanjeplein 150", "postcode": "", "members": [
            {"given_name": "Yusuf", "family_name": "Karaman", "date_of_birth": "1979-10-05", "role": "applicant",
             "phone": "015 555 1111"},
        ]},
        "triage": {"by": "kwadraad", "with": "toegang.delft", "outcome": "plan", "coordinator": "kwadraad",
                   "days_ago": 28, "notes": "Eén regisseur voor inrichting, inkomen en dagbesteding."},
        "plan": {
            "summary": "Yusuf woont ingericht, heeft inkomen en een zinvolle dagbesteding.",
            "budget_total": "2500.00",
            "strengths": "Yusuf is handig met hout en wil graag vrijwilligerswerk doen.",
            "network": "Een vriend uit de opvang helpt met vervoer.",
            "goals": [
                ("huisvesting", "Het huis is ingericht.", 2, 4),
                ("maatschappelijke-participatie", "Twee dagdelen vrijwilligerswerk per week.", 2, 3),
            ],
            "actions": [
                {"goal": 0, "performer": "organisation", "organisation": "Gemeente Delft", "due_in_days": 10,
                 "status": "ongoing", "what": "Inrichtingskrediet toekennen."},
                {"goal": 1, "performer": "volunteer", "performer_name": "buddy van Buddy Netwerk",
                 "due_in_days": 25, "status": "planned", "what": "Samen een vrijwilligersplek zoeken."},
            ],
            "budget": [
                {"action": 0, "funding_source": "special_assistance", "allocated": "2000.00",
                 "committed": "1200.00", "spent": "0.00"},
            ],
            "intake": {"days_ago": 27, "scores": {
                "huisvesting": 2, "financien": 2, "maatschappelijke-participatie": 2, "sociaal-netwerk": 2}},
        },
    },
    # --- Leerdam: sociaal team (Gemeente Vijfheerenlanden and AVRES) -----------------------------------
    {
        "stage": "open_access_leerdam",
        "team": LEERDAM, "by": "sociaalteam.leerdam", "channel": "phone", "urgency": "normal", "days_ago": 8,
        "question": "Mijn vader wordt steeds vergeetachtiger; waar kunnen wij als familie over praten?",
        "domains": ["geestelijke-gezondheid", "sociaal-netwerk"], "neighbourhood": "Leerdam",
        "contact": ("Joke van Wijngaarden", "0345 555 121", ""),
        "triage": {"by": "sociaalteam.leerdam", "with": "avres", "outcome": "open_access", "days_ago": 6,
                   "service": ("SamenDoen", "Inloophuis dementie Leerdam"),
                   "notes": "Inloophuis dementie past bij de vraag van de familie."},
    },
    {
        "stage": "tailored_jeugdwet",
        "team": LEERDAM, "by": "avres", "channel": "signal", "urgency": "urgent", "days_ago": 4,
        "signal_source": "professional", "signal_topic": "schulden",
        "question": "Bij het budgetgesprek blijkt dat de dochter van veertien ernstige angstklachten heeft en "
                    "niet meer slaapt.",
        "domains": ["geestelijke-gezondheid", "financien"], "neighbourhood": "Kedichem",
        "contact": ("Sanne Kooijman", "0345 555 131", ""),
        "triage": {"by": "avres", "with": "sociaalteam.leerdam", "outcome": "tailored", "law": "jeugdwet",
                   "days_ago": 2, "notes": "Verwijzing naar jeugd-ggz via de gemeente; schuldhulp loopt door."},
    },
]
