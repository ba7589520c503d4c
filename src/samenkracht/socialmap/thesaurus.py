"""A small domain thesaurus for the social map: the words residents use, mapped to ZRM life domains.

Residents do not type "Financiën" or "Instrumentele ADL"; they type "ik kan mijn rekeningen niet meer
betalen" or "wie doet mijn boodschappen". This module knows, for a few hundred everyday words:

- which of the 13 life domains (ZRM 2017) they point to: used to boost services of those domains and
  offered to the web page as a hint ("your question is about: Financiën");
- which other words mean about the same: a query for "vergeetachtig" also looks for "dementie",
  "geheugen" and "alzheimer";
- for the search index: the everyday words of each life domain and target group are written into the
  document of every service in that domain or group, so "rekeningen" finds a debt service whose
  description never says "rekeningen".

The word lists are our own. Words are written normalised (lower case, no accents) and matched by their
Snowball stem, so "rekening" and "rekeningen" find the same entry. Multi-word entries ("werk zoeken",
"naar de dokter") are matched as phrases before single words. Synonyms are single words.

Touches no database; the tables are built once per process from the text below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS
from samenkracht.socialmap.search.text import (
    GENERIC_QUERY_WORDS,
    STOP_WORDS,
    compound_heads,
    normalise,
    stem,
    words,
)

# word or phrase | life-domain codes | synonyms for query expansion | target-group codes
_TABLE = """
# --- Financiën ---------------------------------------------------------------------------------------
geld                | financien                      | financien budget inkomen geldzorgen       |
geldzorgen          | financien                      | schulden budget armoede                   | schulden
rekeningen          | financien                      | schulden betalingsachterstand geldzorgen  | schulden
betalen             | financien                      | rekeningen schulden betalingsachterstand  |
schulden            | financien                      | schuldhulp schuldhulpverlening geldzorgen | schulden
schuldeiser         | financien                      | schulden incasso                          | schulden
achterstand         | financien                      | betalingsachterstand schulden             |
incasso             | financien                      | schulden deurwaarder                      | schulden
deurwaarder         | financien                      | schulden beslag incasso                   | schulden
aanmaning           | financien                      | schulden rekeningen                       |
budget              | financien                      | budgetbeheer budgetcoach geld             |
toeslagen           | financien                      | huurtoeslag zorgtoeslag kinderopvangtoeslag formulieren |
belasting           | financien                      | belastingaangifte kwijtschelding formulieren |
bijstand            | financien                      | uitkering inkomen                         |
uitkering           | financien                      | bijstand inkomen                          |
armoede             | financien                      | minima geldzorgen voedselbank             |
minima              | financien                      | armoede minimaregeling                    |
voedselbank         | financien                      | armoede voedselpakket                     |
kwijtschelding      | financien                      | belasting minima                          |
bewindvoering       | financien                      | beschermingsbewind budgetbeheer           |
rood staan          | financien                      | schulden geldzorgen                       |
geen geld           | financien                      | armoede geldzorgen schulden               |
# --- Werk & opleiding --------------------------------------------------------------------------------
werk                | werk-opleiding                 | baan                                      |
baan                | werk-opleiding                 | werk vacature                             |
werk zoeken         | werk-opleiding                 | baan vacature sollicitatie werkzoekend    |
werkloos            | werk-opleiding                 | werkzoekend baan sollicitatie             |
solliciteren        | werk-opleiding                 | sollicitatie sollicitatietraining vacature |
sollicitatiegesprek | werk-opleiding                 | sollicitatie sollicitatietraining         |
vacature            | werk-opleiding                 | baan werk                                 |
opleiding           | werk-opleiding                 | cursus scholing                           |
cursus              | werk-opleiding                 | opleiding training                        |
school              | werk-opleiding                 | onderwijs opleiding                       |
stage               | werk-opleiding                 | werkervaring leerbaan                     |
diploma             | werk-opleiding                 | opleiding                                 |
laaggeletterd       | werk-opleiding maatschappelijke-participatie | taal lezen schrijven taalhuis |
nederlands leren    | werk-opleiding maatschappelijke-participatie | taal taalcafe taalles inburgering | nieuwkomers
taal                | werk-opleiding maatschappelijke-participatie | nederlands taalcafe taalles |
spijbelen           | werk-opleiding                 | leerplicht school schoolverzuim           | jongeren
# --- Tijdsbesteding ----------------------------------------------------------------------------------
verveling           | tijdsbesteding                 | dagbesteding activiteiten                 |
vervelen            | tijdsbesteding                 | dagbesteding activiteiten                 |
niets te doen       | tijdsbesteding                 | dagbesteding activiteiten                 |
dagbesteding        | tijdsbesteding                 | activiteiten dagopvang                    |
activiteiten        | tijdsbesteding                 | dagbesteding ontmoeting                   |
hobby               | tijdsbesteding                 | activiteiten vrijetijd                    |
dagritme            | tijdsbesteding                 | dagbesteding                              |
sporten             | tijdsbesteding lichamelijke-gezondheid | sport bewegen                     |
sport               | tijdsbesteding lichamelijke-gezondheid | sporten bewegen                   |
vrijwilligerswerk   | tijdsbesteding maatschappelijke-participatie | vrijwilliger vacaturebank   | vrijwilligers
# --- Huisvesting -------------------------------------------------------------------------------------
wonen               | huisvesting                    | woning huisvesting                        |
woning              | huisvesting                    | wonen huur                                |
huur                | huisvesting                    | huurachterstand woning                    |
huurachterstand     | huisvesting financien          | huur schulden huisuitzetting              | schulden
huisuitzetting      | huisvesting                    | huurachterstand ontruiming                |
ontruiming          | huisvesting                    | huisuitzetting huurachterstand            |
dakloos             | huisvesting                    | opvang nachtopvang daklozen               |
geen huis           | huisvesting                    | dakloos opvang                            |
verhuizen           | huisvesting                    | woning                                    |
woningaanpassing    | huisvesting basale-adl         | hulpmiddelen traplift                     | beperking
overlast            | huisvesting sociaal-netwerk    | buurtbemiddeling buren                    |
buren               | huisvesting sociaal-netwerk    | buurtbemiddeling overlast                 |
burenruzie          | huisvesting sociaal-netwerk    | buurtbemiddeling overlast buren           |
# --- Huiselijke relaties -----------------------------------------------------------------------------
opvoeding           | huiselijke-relaties            | opvoeden opvoedspreekuur opvoedondersteuning gezin | ouders
opvoeden            | huiselijke-relaties            | opvoeding opvoedspreekuur gezin           | ouders
puber               | huiselijke-relaties            | opvoeding tiener pubers                   | ouders jongeren
grenzen stellen     | huiselijke-relaties            | opvoeding opvoeden                        | ouders
kinderen            | huiselijke-relaties            | gezin opvoeding                           | kinderen
gezin               | huiselijke-relaties            | opvoeding ouders                          | ouders
ruzie               | huiselijke-relaties            | conflict relatieproblemen                 |
scheiding           | huiselijke-relaties            | echtscheiding relatieproblemen ouderschap |
relatie             | huiselijke-relaties            | relatieproblemen relatietherapie          |
huiselijk geweld    | huiselijke-relaties justitie   | mishandeling geweld veiligheid            |
mishandeling        | huiselijke-relaties justitie   | geweld huiselijk                          |
geweld              | huiselijke-relaties justitie   | mishandeling                              |
slaan               | huiselijke-relaties justitie   | geweld mishandeling                       |
# --- Geestelijke gezondheid --------------------------------------------------------------------------
somber              | geestelijke-gezondheid         | depressie psychisch neerslachtig          | psychische-kwetsbaarheid
depressie           | geestelijke-gezondheid         | somber psychisch depressief               | psychische-kwetsbaarheid
angst               | geestelijke-gezondheid         | angstig paniek psychisch                  | psychische-kwetsbaarheid
stress              | geestelijke-gezondheid         | burnout spanning overbelast               |
burnout             | geestelijke-gezondheid         | stress overspannen                        |
psychisch           | geestelijke-gezondheid         | ggz psychische                            | psychische-kwetsbaarheid
piekeren            | geestelijke-gezondheid         | somber stress angst                       |
rouw                | geestelijke-gezondheid         | verlies rouwverwerking verdriet           |
verdriet            | geestelijke-gezondheid         | rouw verlies                              |
vergeetachtig       | geestelijke-gezondheid         | dementie geheugen alzheimer vergeetachtigheid | dementie
dementie            | geestelijke-gezondheid         | alzheimer geheugen vergeetachtig          | dementie
alzheimer           | geestelijke-gezondheid         | dementie geheugen                         | dementie
geheugen            | geestelijke-gezondheid         | dementie vergeetachtig                    | dementie
verward             | geestelijke-gezondheid         | psychisch dementie                        |
overbelast          | geestelijke-gezondheid sociaal-netwerk | respijt ontlasten mantelzorgondersteuning | mantelzorgers
# --- Lichamelijke gezondheid -------------------------------------------------------------------------
ziek                | lichamelijke-gezondheid        | ziekte gezondheid                         |
dokter              | lichamelijke-gezondheid        | huisarts arts ziekenhuis                  |
huisarts            | lichamelijke-gezondheid        | dokter arts                               |
ziekenhuis          | lichamelijke-gezondheid        | ziekenhuisbezoek dokter                   |
naar de dokter      | lichamelijke-gezondheid        | huisarts ziekenhuis vervoer vervoersdienst rijden |
pijn                | lichamelijke-gezondheid        | gezondheid                                |
medicijnen          | lichamelijke-gezondheid        | medicatie                                 |
overgewicht         | lichamelijke-gezondheid        | bewegen gezondheid leefstijl              |
bewegen             | lichamelijke-gezondheid        | sport sporten beweegaanbod                |
vallen              | lichamelijke-gezondheid        | valpreventie bewegen                      | ouderen
slechthorend        | lichamelijke-gezondheid        | gehoor                                    | beperking
# --- Middelengebruik ---------------------------------------------------------------------------------
alcohol             | middelengebruik                | drank verslaving                          |
drinken             | middelengebruik                | alcohol drank verslaving                  |
drugs               | middelengebruik                | verslaving blowen                         |
blowen              | middelengebruik                | drugs cannabis verslaving                 |
verslaving          | middelengebruik                | verslaafd alcohol drugs gokken            |
verslaafd           | middelengebruik                | verslaving                                |
gokken              | middelengebruik                | gokverslaving verslaving                  |
# --- Basale ADL -------------------------------------------------------------------------------------
wassen              | basale-adl                     | verzorging douchen                        |
douchen             | basale-adl                     | verzorging wassen                         |
aankleden           | basale-adl                     | verzorging                                |
verzorging          | basale-adl                     | thuiszorg wijkverpleging                  |
thuiszorg           | basale-adl instrumentele-adl   | wijkverpleging verzorging                 |
incontinentie       | basale-adl                     | verzorging                                |
rollator            | basale-adl                     | hulpmiddelen                              | beperking
# --- Instrumentele ADL ------------------------------------------------------------------------------
huishouden          | instrumentele-adl              | huishoudelijke schoonmaken                |
schoonmaken         | instrumentele-adl              | huishoudelijke huishouden                 |
poetsen             | instrumentele-adl              | schoonmaken huishoudelijke                |
boodschappen        | instrumentele-adl              | boodschappendienst                        |
koken               | instrumentele-adl              | maaltijd maaltijden                       |
maaltijd            | instrumentele-adl              | eten maaltijden                           |
eten                | instrumentele-adl              | maaltijd maaltijden                       |
vervoer             | instrumentele-adl              | vervoersdienst regiotaxi                  |
regiotaxi           | instrumentele-adl              | vervoer                                   |
hulpmiddelen        | instrumentele-adl              | rolstoel scootmobiel                      | beperking
scootmobiel         | instrumentele-adl              | hulpmiddelen vervoer                      | beperking
rolstoel            | instrumentele-adl              | hulpmiddelen                              | beperking
administratie       | instrumentele-adl financien    | thuisadministratie formulieren post       |
formulieren         | instrumentele-adl financien    | formulierenbrigade administratie          |
post                | instrumentele-adl financien    | administratie thuisadministratie          |
papieren            | instrumentele-adl financien    | administratie formulieren                 |
klusjes             | instrumentele-adl              | klussendienst                             |
computer            | instrumentele-adl maatschappelijke-participatie | digitaal internet digid  |
digid               | instrumentele-adl maatschappelijke-participatie | computer digitaal        |
# --- Sociaal netwerk --------------------------------------------------------------------------------
eenzaam             | sociaal-netwerk                | eenzaamheid alleen maatje ontmoeting      |
eenzaamheid         | sociaal-netwerk                | eenzaam alleen maatje                     |
alleen              | sociaal-netwerk                | eenzaam maatje                            |
vrienden            | sociaal-netwerk                | contact ontmoeting maatje                 |
maatje              | sociaal-netwerk                | buddy vrijwilliger                        |
buddy               | sociaal-netwerk                | maatje                                    |
bezoek              | sociaal-netwerk                | maatje bezoekdienst                       |
ontmoeten           | sociaal-netwerk                | ontmoeting buurthuis                      |
ontmoeting          | sociaal-netwerk                | ontmoeten buurthuis                       |
buurthuis           | sociaal-netwerk                | ontmoeting wijkcentrum                    |
praatje             | sociaal-netwerk                | maatje bezoek                             |
mantelzorg          | sociaal-netwerk                | mantelzorger mantelzorgondersteuning respijt | mantelzorgers
mantelzorger        | sociaal-netwerk                | mantelzorg mantelzorgondersteuning        | mantelzorgers
respijt             | sociaal-netwerk                | logeeropvang mantelzorg                   | mantelzorgers
lotgenoten          | sociaal-netwerk                | lotgenotencontact ontmoeting              |
oud                 |                                | ouderen senioren                          | ouderen
# --- Maatschappelijke participatie ------------------------------------------------------------------
meedoen             | maatschappelijke-participatie  | participatie                              |
vrijwilliger        | maatschappelijke-participatie  | vrijwilligerswerk vacaturebank            | vrijwilligers
inburgering         | maatschappelijke-participatie  | nieuwkomer statushouder taal              | nieuwkomers
statushouder        | maatschappelijke-participatie  | nieuwkomer inburgering vluchteling        | nieuwkomers
vluchteling         | maatschappelijke-participatie  | statushouder nieuwkomer                   | nieuwkomers
nieuwkomer          | maatschappelijke-participatie  | inburgering statushouder                  | nieuwkomers
digitaal            | maatschappelijke-participatie instrumentele-adl | computer internet digid  |
# --- Justitie -------------------------------------------------------------------------------------
politie             | justitie                       | justitie aangifte                         |
rechter             | justitie                       | rechtszaak rechtshulp advocaat            |
advocaat            | justitie                       | rechtshulp juridisch                      |
juridisch           | justitie                       | rechtshulp advocaat                       |
boete               | justitie financien             | cjib                                      |
gevangenis          | justitie                       | detentie nazorg reclassering              |
detentie            | justitie                       | gevangenis nazorg reclassering            |
reclassering        | justitie                       | detentie nazorg                           |
strafblad           | justitie                       | justitie                                  |
"""

# Everyday words for each target group, written into the documents of its services.
TARGET_GROUP_WORDS: dict[str, str] = {
    "iedereen": "",
    "kinderen": "kind kinderen baby peuter kleuter basisschool",
    "jongeren": "jongere jongeren jeugd tiener puber pubers",
    "ouders": "ouders opvoeders gezin opvoeding",
    "ouderen": "ouderen oudere senioren bejaarde pensioen",
    "mantelzorgers": "mantelzorg mantelzorger mantelzorgers",
    "beperking": "beperking handicap gehandicapt",
    "dementie": "dementie alzheimer vergeetachtig geheugen",
    "nieuwkomers": "nieuwkomer statushouder vluchteling inburgering migrant",
    "schulden": "geldzorgen schulden",
    "psychische-kwetsbaarheid": "psychisch kwetsbaar ggz",
    "vrijwilligers": "vrijwilliger vrijwilligerswerk",
}

LIFE_DOMAIN_CODES = frozenset(code for code, _name in LIFE_DOMAINS)
TARGET_GROUP_CODES = frozenset(code for code, _name in TARGET_GROUPS)


@dataclass(frozen=True)
class Entry:
    word: str                      # normalised word or phrase, as in the table
    domains: tuple[str, ...]       # life-domain codes
    synonyms: tuple[str, ...]      # single normalised words
    target_groups: tuple[str, ...] = ()


def _parse(table: str) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for line in table.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        word, domains, synonyms, groups = (part.strip() for part in line.split("|"))
        entries[normalise(word)] = Entry(
            word=normalise(word), domains=tuple(domains.split()), synonyms=tuple(synonyms.split()),
            target_groups=tuple(groups.split()),
        )
    return entries


ENTRIES: dict[str, Entry] = _parse(_TABLE)


def _key(word_list) -> tuple[str, ...]:
    return tuple(stem(w) for w in word_list)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[Entry]], dict[tuple[str, ...], Entry]]:
    """Single words by stem, phrases by the stems of their words (built once per process)."""
    by_stem: dict[str, list[Entry]] = {}
    phrases: dict[tuple[str, ...], Entry] = {}
    for entry in ENTRIES.values():
        parts = entry.word.split()
        if len(parts) > 1:
            phrases[_key(parts)] = entry
        else:
            by_stem.setdefault(stem(parts[0]), []).append(entry)
    return by_stem, phrases


def lookup(word: str) -> list[Entry]:
    """Entries of one normalised word, matched by stem ("rekening" finds "rekeningen")."""
    return _index()[0].get(stem(word), [])


def domain_keywords(code: str) -> list[str]:
    """Everyday words of one life domain: its name and every table word that points to it."""
    names = dict(LIFE_DOMAINS)
    result = words(names.get(code, ""))
    for entry in ENTRIES.values():
        if code in entry.domains:
            result.extend(entry.word.split())
    return list(dict.fromkeys(w for w in result if w not in STOP_WORDS))


def target_group_keywords(code: str) -> list[str]:
    """Everyday words of one target group: its name and its word list."""
    names = dict(TARGET_GROUPS)
    result = words(names.get(code, "")) + TARGET_GROUP_WORDS.get(code, "").split()
    return list(dict.fromkeys(w for w in result if w not in STOP_WORDS))


# --- Query expansion --------------------------------------------------------------------------------

MAX_GROUPS = 8        # a long question is cut to its first eight meaningful words
MAX_ALTERNATIVES = 8  # the typed word plus at most seven synonyms and compound heads


@dataclass
class QueryPlan:
    """What a typed question searches for. Groups are OR-ed; the words inside a group are alternatives.

    The first word of each group is what the resident typed (or the content words of a phrase); the rest
    are synonyms and compound heads. Words are normalised, not stemmed: each backend stems them itself.
    """

    groups: list[list[str]] = field(default_factory=list)
    typed: list[str] = field(default_factory=list)           # the resident's own words (no synonyms)
    life_domains: list[str] = field(default_factory=list)   # hints from the thesaurus, most mentioned first
    target_groups: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.groups


def _add_alternatives(group: list[str], extra) -> None:
    for word in extra:
        if word not in group and word not in STOP_WORDS and len(group) < MAX_ALTERNATIVES:
            group.append(word)


def _infinitive(word: str) -> str | None:
    """A guess at the infinitive of a verb form ending in -t ("blowt" → "blowen", "slaat" → "slaan").

    The Snowball stemmer leaves the -t of the third person alone, so "blowt" and "blowen" get different
    stems. The guess is only used when the thesaurus knows it, so a wrong guess costs nothing.
    """
    if len(word) < 4 or not word.endswith("t") or word.endswith("st"):
        return None
    root = word[:-1]
    if root[-2:] in ("aa", "ee", "oo", "uu"):
        return root + "n"               # slaat → slaan, gaat → gaan
    if root[-1] not in "aeiou":
        return root + "en"              # blowt → blowen, drinkt → drinken
    return None


def expand_query(text: str) -> QueryPlan:
    """Turn a resident's question into OR-groups of words plus life-domain hints. Touches nothing.

    Steps: phrases from the table are recognised first (longest first, stop words included: "naar de
    dokter"); then every other word that is not a stop word becomes a group with its synonyms and the
    heads of a compound ("geheugenproblemen" → "geheugen"). Groups of generic words ("hulp", "vraag")
    are dropped when the question has other words.
    """
    typed = words(text)
    _by_stem, phrases = _index()
    longest_phrase = max((len(key) for key in phrases), default=1)
    groups: list[tuple[list[str], int, bool]] = []   # (words, how many of them were typed, generic)
    domain_votes: dict[str, int] = {}
    group_votes: dict[str, int] = {}

    def vote(entries) -> None:
        for entry in entries:
            for code in entry.domains:
                domain_votes[code] = domain_votes.get(code, 0) + 1
            for code in entry.target_groups:
                group_votes[code] = group_votes.get(code, 0) + 1

    i = 0
    while i < len(typed):
        for size in range(min(longest_phrase, len(typed) - i), 1, -1):
            entry = phrases.get(_key(typed[i:i + size]))
            if entry:
                # A phrase is a concept ("werk zoeken"): its words are searched, but none of them counts as
                # a typed word on its own ("werk" in "maatschappelijk werk" is not what was asked for).
                group = [w for w in typed[i:i + size] if w not in STOP_WORDS and w not in GENERIC_QUERY_WORDS]
                _add_alternatives(group, entry.synonyms)
                groups.append((group, 0, False))
                vote([entry])
                i += size
                break
        else:
            word = typed[i]
            i += 1
            if word in STOP_WORDS:
                continue
            group = [word]
            entries = list(lookup(word))
            if not entries:
                infinitive = _infinitive(word)
                if infinitive and lookup(infinitive):
                    group.append(infinitive)
                    entries = list(lookup(infinitive))
            for head in compound_heads(word):
                entries.extend(lookup(head))
            own = len(group)   # the word and its infinitive guess
            _add_alternatives(group, compound_heads(word))
            for entry in entries:
                _add_alternatives(group, entry.synonyms)
            vote(entries)
            groups.append((group, own, word in GENERIC_QUERY_WORDS and not entries))

    if any(not generic for _words, _own, generic in groups):
        groups = [(g, own, generic) for g, own, generic in groups if not generic]
    plan = QueryPlan()
    seen: set[str] = set()
    for group, own, _generic in groups[:MAX_GROUPS]:
        plan.typed.extend(w for w in group[:own] if w not in plan.typed)
        fresh = [w for w in group if w not in seen]
        seen.update(fresh)
        if fresh:
            plan.groups.append(fresh)
    plan.life_domains = sorted(domain_votes, key=lambda code: (-domain_votes[code], code))
    plan.target_groups = sorted(group_votes, key=lambda code: (-group_votes[code], code))
    return plan
