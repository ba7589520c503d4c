"""Normalising, stop words, compounds, stemming and the thesaurus; PostgreSQL's stemmer against ours."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection

from samenkracht.socialmap.domains import LIFE_DOMAINS, TARGET_GROUPS
from samenkracht.socialmap.search.text import (
    GENERIC_QUERY_WORDS,
    STOP_WORDS,
    compound_heads,
    compound_parts,
    content_words,
    normalise,
    stem,
    words,
)
from samenkracht.socialmap.thesaurus import (
    ENTRIES,
    TARGET_GROUP_WORDS,
    domain_keywords,
    expand_query,
    lookup,
    target_group_keywords,
)

on_postgres = pytest.mark.skipif("connection.vendor != 'postgresql'", reason="compares with PostgreSQL's stemmer")

# Words residents and providers write, in several forms; used to compare both stemmers.
SAMPLE_WORDS = """
    rekening rekeningen schuld schulden betalen betaal betaald vergeetachtig vergeetachtigheid dementie
    geheugen opvoeding opvoeden opvoedt puber pubers eenzaam eenzame eenzaamheid mantelzorg mantelzorger
    mantelzorgers ouder ouders ouderen kind kinderen werk werken werkt werkloos zoeken zoekt gezocht
    solliciteren sollicitatie sollicitatietraining thuisadministratie formulieren toeslagen huishouden
    huishoudelijke huishouding wassen aankleden verzorging wijkverpleging verslaving verslaafd blowen
    drinken alcohol gevangenis detentie huurachterstand huisuitzetting buren burenruzie bemiddeling
    taalcafe nederlands inburgering statushouders vrijwilligers vrijwilligerswerk sporten bewegen
    dagbesteding geheugentuin ontmoetingscentrum schuldhulpmaatje schuldhulpverlening budgetbeheer
    financien gezondheid lichamelijke geestelijke maatschappelijke participatie justitie huisvesting
""".split()


# --- normalising ------------------------------------------------------------------------------------


def test_case_and_accents_are_normalised():
    assert normalise("Financiën") == normalise("financien") == normalise("FINANCIEN") == "financien"
    assert normalise("Taalcafé  voor   NIEUWKOMERS!") == "taalcafe voor nieuwkomers"
    assert normalise("ĳsselmeer") == "ijsselmeer"          # the ij ligature becomes two letters
    assert normalise("Werk & opleiding") == "werk opleiding"


def test_words_leave_out_digits_and_single_letters_but_keep_stop_words():
    assert words("Voor 55-plussers: a en b's") == ["voor", "plussers", "en"]
    assert content_words("ik kan mijn rekeningen niet meer betalen") == ["rekeningen", "betalen"]


def test_our_stop_words_include_every_postgresql_dutch_stop_word(db):
    # PostgreSQL drops these words; SQLite must drop them too or the two would match differently.
    if connection.vendor == "postgresql":
        # Ask PostgreSQL itself: its dutch dictionary returns an empty array for a stop word.
        with connection.cursor() as cursor:
            cursor.execute("SELECT w FROM unnest(%s::text[]) AS w WHERE ts_lexize('dutch_stem', w) = '{}'",
                           [sorted(set(SAMPLE_WORDS) | set(words(" ".join(ENTRIES))) | STOP_WORDS)])
            postgres_stop = {row[0] for row in cursor.fetchall()}
        assert {"de", "het", "een", "iemand", "kunnen"} <= postgres_stop
        assert postgres_stop <= STOP_WORDS
        return
    bases = [Path(p) for p in ("/usr/share/postgresql", "/usr/local/share/postgresql")]
    stop_files = [f for base in bases if base.exists() for f in sorted(base.glob("*/tsearch_data/dutch.stop"))]
    if not stop_files:
        pytest.skip("no PostgreSQL dutch.stop file on this machine")
    postgres_stop = set(stop_files[0].read_text(encoding="utf-8").split())
    assert len(postgres_stop) > 90
    assert postgres_stop - STOP_WORDS == set()


def test_stop_and_generic_words_do_not_swallow_the_thesaurus():
    table_words = {w for entry in ENTRIES for w in entry.split()}
    # Only the phrases ("geen geld", "naar de dokter", "niets te doen") contain stop words.
    assert table_words & STOP_WORDS == {"de", "te", "geen", "naar", "niets", "doen"}
    assert not {"schulden", "dementie", "eenzaam", "werk"} & GENERIC_QUERY_WORDS


# --- compounds and stems --------------------------------------------------------------------------


def test_compounds_are_split_into_their_parts():
    assert compound_parts("schuldhulpmaatje") == ("schuldhulp", "maatje", "schuld", "hulp")
    assert compound_parts("ontmoetingscentrum")[:2] == ("ontmoeting", "centrum")   # linking s removed
    assert compound_parts("geheugentuin") == ("geheugen", "tuin")
    assert compound_parts("netwerk") == ()          # too short to be a compound we split
    assert compound_parts("ondersteuning") == ()    # ends like a part, but is one word
    assert compound_heads("geheugenproblemen") == ("geheugen",)


def test_singular_and_plural_and_verb_forms_share_a_stem():
    assert stem("rekening") == stem("rekeningen")
    assert stem("schuld") == stem("schulden")
    assert stem("mantelzorger") == stem("mantelzorgers")
    assert stem("opvoeden") == stem("opvoeding")
    assert stem("werken") == stem("werk")
    assert stem("zoeken") == stem("zoek")


@on_postgres
def test_postgresql_stems_exactly_like_python(db):
    """Both databases must stem identically, or SQLite and PostgreSQL would find different services."""
    vocabulary = sorted({w for w in SAMPLE_WORDS + words(" ".join(ENTRIES)) if w not in STOP_WORDS})
    with connection.cursor() as cursor:
        cursor.execute("SELECT w, (ts_lexize('dutch_stem', w))[1] FROM unnest(%s::text[]) AS w", [vocabulary])
        postgres = dict(cursor.fetchall())
    different = {w: (postgres[w], stem(w)) for w in vocabulary if postgres[w] != stem(w)}
    assert different == {}


# --- thesaurus ------------------------------------------------------------------------------------


def test_the_thesaurus_covers_every_life_domain_with_everyday_words():
    codes = {code for code, _name in LIFE_DOMAINS}
    assert len(ENTRIES) >= 80
    for code in codes:
        own = [word for word, entry in ENTRIES.items() if code in entry.domains]
        assert len(own) >= 4, f"{code} has only {own}"
    for entry in ENTRIES.values():
        assert set(entry.domains) <= codes, entry.word
        assert set(entry.target_groups) <= {code for code, _name in TARGET_GROUPS}, entry.word
        assert all(" " not in synonym for synonym in entry.synonyms), entry.word
        assert all(normalise(s) == s for s in entry.synonyms), entry.word
    assert set(TARGET_GROUP_WORDS) == {code for code, _name in TARGET_GROUPS}


def test_everyday_words_point_to_their_life_domain():
    def domains(word):
        return {code for entry in lookup(word) for code in entry.domains}

    assert "financien" in domains("rekeningen") and "financien" in domains("rekening")
    assert "financien" in domains("schulden")
    assert "sociaal-netwerk" in domains("eenzaam")
    assert "geestelijke-gezondheid" in domains("vergeetachtig")
    assert "huiselijke-relaties" in domains("opvoeding")
    assert "middelengebruik" in domains("blowen")
    assert "rekeningen" in domain_keywords("financien") and "financien" in domain_keywords("financien")
    assert "alzheimer" in target_group_keywords("dementie")


def test_a_question_is_expanded_with_synonyms_and_life_domains():
    plan = expand_query("Mijn moeder wordt VERGEETACHTIG")
    assert plan.groups[1][:4] == ["vergeetachtig", "dementie", "geheugen", "alzheimer"]
    assert plan.typed == ["moeder", "vergeetachtig"]
    assert plan.life_domains == ["geestelijke-gezondheid"]
    assert plan.target_groups == ["dementie"]


def test_phrases_generic_words_and_verb_forms_in_questions():
    assert expand_query("werk zoeken").groups == [["werk", "baan", "vacature", "sollicitatie", "werkzoekend"]]
    assert expand_query("werk zoeken").typed == []          # a phrase is a concept, not the word "werk"
    assert expand_query("iemand die met me naar de dokter gaat").groups[0][0] == "dokter"
    assert expand_query("hulp bij opvoeding").groups[0][0] == "opvoeding"   # "hulp" says nothing here
    assert expand_query("hulp").groups == [["hulp"]]                        # ... unless it is all there is
    assert expand_query("mijn zoon blowt").groups[1][:2] == ["blowt", "blowen"]
    assert expand_query("ik wil het niet").empty
