"""Text handling shared by both search backends: normalising, tokenising, stop words, compounds, stemming.

Everything here is pure Python and touches no database. Both backends receive text that went through
the same steps, so PostgreSQL and SQLite see the same words:

1. ``normalise``: lower case, accents removed ("Financiën" → "financien"), everything that is not a
   letter or digit becomes a space.
2. ``words``: split into words of at least two characters; words containing digits are left out
   (PostgreSQL's parser would treat "65plus" as a number-word and not stem it, SQLite would).
3. ``STOP_WORDS``: common Dutch function words, dropped from documents and queries. The list includes
   every word of PostgreSQL's ``dutch`` stop list, so PostgreSQL never drops a word that SQLite keeps.
4. ``compound_parts``: Dutch glues words together ("schuldhulpmaatje"); a small list of known word
   endings splits such compounds so that "schuld" also finds "schuldhulpmaatje".
5. ``stem``: the Snowball Dutch stemmer, used for the SQLite index only. PostgreSQL stems the same words
   itself with its ``dutch`` configuration.

Which Snowball Dutch stemmer: PostgreSQL's ``dutch`` configuration uses the classic (Porter-style)
Snowball Dutch algorithm. snowballstemmer 3 ships that algorithm as ``dutch_porter``; its ``dutch`` is a
newer, different algorithm ("schulden" → "schul" but "schuld" → "schuld"). We use ``dutch_porter`` so that
both databases stem identically; tests/socialmap_search/test_text.py compares the two on PostgreSQL.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache

import snowballstemmer

# Anything that is not a letter or digit in any script separates words ("_" counts as a separator too).
_SEPARATORS = re.compile(r"[\W_]+")

# Our own list of Dutch function words. It contains PostgreSQL's dutch.stop (the Snowball list) and a few
# more words that carry no meaning in a question to a social map.
STOP_WORDS: frozenset[str] = frozenset("""
    aan al alle alles als altijd ander andere anders ben bij daar daarna dan dat de der deze die dit
    doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun
    iemand iets ik in is ja je jij jou jouw kan kon kunnen maar me meer men met mij mijn mijne moet na naar
    niet niets nog nu of om omdat onder ons onze ook op over reeds toch toen tot u uit uw van veel voor
    te tegen waren want was wat we wel werd wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo
    zonder zou net
    dus hen hare hunne jullie zich zulke zoals waar waarom wanneer welke welk zeer erg heel
    word werden wilt wilde zullen zouden kunt konden mag mogen moeten moest
""".split())

# Words that say "I need help" without saying with what. They are dropped from a query when it has other
# words ("hulp bij opvoeding" searches for "opvoeding"); a query of only such words keeps them.
GENERIC_QUERY_WORDS: frozenset[str] = frozenset("""
    hulp help helpen hulpvraag vraag vragen ondersteuning steun zoek zoeken gezocht graag nodig
    krijgen weet weten gaat gaan ga beetje echt vaak soms steeds laatste tijd probleem problemen
    informatie info advies iets aanvragen aanvraag voel voelen huis thuis
""".split())

# Known second parts of Dutch compounds in the social domain, longest first. A word ending in one of
# these is split into head + tail when the head keeps at least MIN_HEAD letters.
COMPOUND_TAILS: tuple[str, ...] = tuple(sorted(set("""
    hulpverlening verlening hulp maatje maatjes ondersteuning begeleiding training trainingen spreekuur
    cafe huis centrum punt loket coach coaching problemen administratie bemiddeling dienst project
    kamer tuin activiteiten vervoer zorg zorgen groep cursus werker consulent team opvang
    verpleging verzorging therapie winkel bank brigade vrijwilligers
""".split()), key=lambda tail: (-len(tail), tail)))
MIN_HEAD = 4
MIN_COMPOUND = 8
# Query words whose stem has at least this many letters also match longer words ("thuisadmin" finds
# "thuisadministratie"); shorter ones match exactly, so "huis" does not find "huisarts".
MIN_PREFIX = 5
# Words that end like a compound but are not one.
NOT_COMPOUNDS: frozenset[str] = frozenset({"ondersteuning", "begeleiding", "verzorging", "verpleging"})

STEMMER_ALGORITHM = "dutch_porter"
_local = threading.local()  # snowballstemmer objects keep state between calls: one per thread


def normalise(text: str | None) -> str:
    """Lower case, accents removed, separators replaced by single spaces. Touches nothing."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_SEPARATORS.split(without_marks.lower())).strip()


def words(text: str | None) -> list[str]:
    """Normalised words of at least two characters, without digits. Stop words are kept here."""
    return [w for w in normalise(text).split() if len(w) >= 2 and not any(ch.isdigit() for ch in w)]


def content_words(text: str | None) -> list[str]:
    """``words`` without stop words."""
    return [w for w in words(text) if w not in STOP_WORDS]


def _strip_linking_s(head: str) -> str:
    # "ontmoetings|centrum" → "ontmoeting", "vervoers|dienst" → "vervoer"; short heads keep their s ("thuis").
    if head.endswith("s") and len(head) >= 6 and head[-2] not in "aeious":
        return head[:-1]
    return head


@lru_cache(maxsize=50_000)
def compound_parts(word: str) -> tuple[str, ...]:
    """Parts of a compound word, for example "schuldhulpmaatje" → ("schuldhulp", "maatje", "schuld", "hulp").

    Heads are split again, so a three-part compound yields every part. A word that is no known compound
    yields (). Touches nothing.
    """
    if len(word) < MIN_COMPOUND or word in NOT_COMPOUNDS:
        return ()
    for tail in COMPOUND_TAILS:
        if word.endswith(tail) and len(word) - len(tail) >= MIN_HEAD:
            head = _strip_linking_s(word[: -len(tail)])
            if len(head) < MIN_HEAD:
                continue
            parts = [head, tail, *compound_parts(head), *compound_parts(tail)]
            return tuple(dict.fromkeys(p for p in parts if p not in STOP_WORDS))
    return ()


def compound_heads(word: str) -> tuple[str, ...]:
    """Only the first parts of a compound ("geheugenproblemen" → ("geheugen",)): what a query word is about."""
    parts = compound_parts(word)
    if not parts:
        return ()
    heads = [parts[0]]
    for part in parts[2:]:  # parts of the head, e.g. "schuld" in "schuldhulp|maatje"
        if word.startswith(part):
            heads.append(part)
    return tuple(dict.fromkeys(heads))


def document_words(text: str | None) -> list[str]:
    """Words of a document field: content words followed by the parts of compound words."""
    result: list[str] = []
    for word in content_words(text):
        result.append(word)
        result.extend(compound_parts(word))
    return result


def _stemmer():
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer(STEMMER_ALGORITHM)
    return stemmer


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball Dutch stem of one normalised word (same algorithm as PostgreSQL's ``dutch``)."""
    return _stemmer().stemWord(word)


def stems(word_list: list[str]) -> list[str]:
    return [stem(w) for w in word_list]
