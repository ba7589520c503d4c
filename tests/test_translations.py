"""Translations: the Dutch catalogue is complete, consistent with the code, and actually used.

Code and templates carry English msgids; the Dutch text lives in
``src/samenkracht/locale/nl/LC_MESSAGES/django.po`` (the .mo is built by ``samenkracht
compiletranslations`` and not committed). After changing texts, refresh and translate the catalogue:

    cd src/samenkracht && DJANGO_SETTINGS_MODULE=samenkracht.settings SAMENKRACHT_DEBUG=true \\
        SAMENKRACHT_SECRET_KEY=x ../../.venv/bin/python -m django makemessages -l nl \\
        --no-location --no-obsolete -i '*/demo/network_data.py'

None of these tests writes to the real locale directory: extraction and compilation happen in
temporary copies.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections import Counter
from io import StringIO
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.urls import reverse

import samenkracht

PACKAGE_DIR = Path(samenkracht.__file__).resolve().parent
LOCALE_DIR = PACKAGE_DIR / "locale"
PO_PATH = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
# Keep in step with the makemessages command in the module docstring.
MAKEMESSAGES_IGNORE = ["*/demo/network_data.py"]
REFRESH_HINT = "refresh the catalogue with makemessages (see the docstring of tests/test_translations.py)"

# %(name)s, %s, %5.2f, ... ; "%%" is a literal percent sign and is left out.
PERCENT_PLACEHOLDER = re.compile(r"%(?:\((?P<name>[^)]*)\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]")
# {name}, {0}, {}, {name!r:>10} ; "{{" and "}}" are literal braces.
BRACE_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{[^{}]*\}")


def percent_placeholders(text: str) -> tuple[Counter, list[str]]:
    """Named placeholders (order free) and positional ones (order matters) in a %-format string."""
    named: Counter = Counter()
    positional: list[str] = []
    for match in PERCENT_PLACEHOLDER.finditer(text):
        token = match.group(0)
        if token == "%%":
            continue
        if match.group("name") is not None:
            named[token] += 1
        else:
            positional.append(token)
    return named, positional


def brace_placeholders(text: str) -> Counter:
    return Counter(token for token in BRACE_PLACEHOLDER.findall(text) if token not in ("{{", "}}"))


def translations_of(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(source text, translation) pairs: msgstr[0] answers to msgid, the other forms to msgid_plural."""
    if entry.msgid_plural:
        return [
            (entry.msgid if index == 0 else entry.msgid_plural, text)
            for index, text in sorted(entry.msgstr_plural.items())
        ]
    return [(entry.msgid, entry.msgstr)]


def catalogue_problems(po: polib.POFile, nplurals: int = 2) -> list[str]:
    """Every reason why the catalogue is not fit to ship, one line each."""
    problems = []
    if po.metadata.get("Language") != "nl":
        problems.append(f"header: Language is {po.metadata.get('Language')!r}, expected 'nl'")
    plural_forms = re.sub(r"\s+", "", po.metadata.get("Plural-Forms", ""))
    if plural_forms.rstrip(";") != "nplurals=2;plural=(n!=1)":
        problems.append(f"header: Plural-Forms is {po.metadata.get('Plural-Forms')!r}")
    if po.metadata_is_fuzzy:
        problems.append("header: marked fuzzy")
    for entry in po:
        if entry.obsolete:
            continue
        label = repr(entry.msgid)
        if "fuzzy" in entry.flags:
            problems.append(f"{label}: fuzzy")
        if entry.msgid_plural and sorted(entry.msgstr_plural) != list(range(nplurals)):
            problems.append(f"{label}: has plural forms {sorted(entry.msgstr_plural)}, expected {nplurals}")
        for source, text in translations_of(entry):
            if not text.strip():
                problems.append(f"{label}: not translated")
                continue
            if "python-format" in entry.flags or "%(" in entry.msgid:
                if percent_placeholders(source) != percent_placeholders(text):
                    problems.append(f"{label}: placeholders of {source!r} differ in {text!r}")
            if "python-brace-format" in entry.flags:
                if brace_placeholders(source) != brace_placeholders(text):
                    problems.append(f"{label}: placeholders of {source!r} differ in {text!r}")
    return problems


def keys(po: polib.POFile) -> set[tuple[str | None, str, str]]:
    return {(e.msgctxt, e.msgid, e.msgid_plural or "") for e in po if not e.obsolete and e.msgid}


def describe(key: tuple[str | None, str, str]) -> str:
    context, msgid, plural = key
    return repr(msgid) + (f" / plural {plural!r}" if plural else "") + (f" (context {context!r})" if context else "")


# --- (a) The catalogue itself ---------------------------------------------------------------------


def test_the_catalogue_is_where_django_looks(settings):
    assert PO_PATH.is_file(), f"{PO_PATH} is missing"
    assert settings.LANGUAGE_CODE == "nl"
    assert LOCALE_DIR in [Path(p).resolve() for p in settings.LOCALE_PATHS]


def test_every_message_is_translated_without_fuzzy_entries_or_broken_placeholders():
    po = polib.pofile(str(PO_PATH))
    assert len([e for e in po if not e.obsolete]) > 100, "the catalogue looks truncated"
    problems = catalogue_problems(po)
    assert not problems, f"{len(problems)} problem(s) in {PO_PATH.name}:\n" + "\n".join(problems)


def test_the_checks_catch_a_broken_catalogue():
    """The checks above must be able to fail: feed them one mistake of every kind."""
    po = polib.POFile()
    po.metadata = {"Language": "en", "Plural-Forms": "nplurals=1; plural=0;"}
    po.append(polib.POEntry(msgid="Sign in", msgstr=""))
    po.append(polib.POEntry(msgid="Sign out", msgstr="Uitloggen", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="Welcome, %(name)s", msgstr="Welkom, %(naam)s", flags=["python-format"]))
    po.append(polib.POEntry(msgid="Hello {name}", msgstr="Hallo", flags=["python-brace-format"]))
    po.append(polib.POEntry(
        msgid="%(counter)s team", msgid_plural="%(counter)s teams", flags=["python-format"],
        msgstr_plural={0: "%(counter)s team", 1: "teams"},
    ))
    po.append(polib.POEntry(msgid="%(a)s of %(b)s", msgid_plural="%(a)s of %(b)s", msgstr_plural={0: "%(a)s van %(b)s"}))
    problems = "\n".join(catalogue_problems(po))
    for expected in [
        "Language is 'en'", "Plural-Forms", "'Sign in': not translated", "'Sign out': fuzzy",
        "'Welcome, %(name)s': placeholders", "'Hello {name}': placeholders",
        "'%(counter)s team': placeholders of '%(counter)s teams'", "'%(a)s of %(b)s': has plural forms [0]",
    ]:
        assert expected in problems
    assert percent_placeholders("100%% of %(n)d, %s") == (Counter({"%(n)d": 1}), ["%s"])


# --- (b) The catalogue matches the code and templates ---------------------------------------------


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> polib.POFile:
    """Run makemessages over a temporary copy of the package into a temporary locale directory."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (GNU gettext) is not installed, so the code cannot be compared with the catalogue; "
                    "install it with `apt-get install gettext`")
    from django.test.utils import override_settings

    work = tmp_path_factory.mktemp("makemessages")
    source = work / "samenkracht"
    shutil.copytree(PACKAGE_DIR, source, ignore=shutil.ignore_patterns(
        "locale", "__pycache__", "*.pyc", "*.po", "*.mo", "*.pot", "static", "media"))
    (source / "locale").mkdir()  # makemessages writes next to the code it finds here, never elsewhere
    output_locale = work / "locale"
    before = hashlib.sha256(PO_PATH.read_bytes()).hexdigest() if PO_PATH.exists() else None
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[str(output_locale)]):
        patch.chdir(source)
        call_command("makemessages", locale=["nl"], no_location=True, no_obsolete=True,
                     ignore_patterns=MAKEMESSAGES_IGNORE, verbosity=0, stdout=StringIO(), stderr=StringIO())
    after = hashlib.sha256(PO_PATH.read_bytes()).hexdigest() if PO_PATH.exists() else None
    assert before == after, "extraction must not touch the committed catalogue"
    produced = list(work.glob("**/LC_MESSAGES/django.po"))
    assert len(produced) == 1, f"makemessages wrote {produced}"
    return polib.pofile(str(produced[0]))


def test_every_text_in_the_code_and_templates_is_in_the_catalogue(extracted):
    assert len(keys(extracted)) > 100, "makemessages found suspiciously few texts; did it scan the package?"
    assert ("", "Sign in", "") in {(c or "", m, p) for c, m, p in keys(extracted)}
    committed = polib.pofile(str(PO_PATH))
    missing = sorted(keys(extracted) - keys(committed), key=lambda k: (k[1], k[0] or ""))
    assert not missing, (
        f"{len(missing)} text(s) from the code are missing in {PO_PATH.name}; {REFRESH_HINT} and translate:\n"
        + "\n".join(describe(k) for k in missing)
    )


# --- (c) The Dutch text reaches the page ----------------------------------------------------------


@pytest.fixture
def compiled_catalogue(settings, tmp_path):
    """Compile the committed .po with the project's own command, in a temporary locale directory."""
    target = tmp_path / "locale" / "nl" / "LC_MESSAGES"
    target.mkdir(parents=True)
    shutil.copy2(PO_PATH, target / "django.po")
    settings.LOCALE_PATHS = [str(tmp_path / "locale")]  # also resets Django's translation caches
    call_command("compiletranslations", stdout=StringIO())
    assert (target / "django.mo").is_file()
    return target


@pytest.mark.parametrize("accept_language", [None, "nl-NL,nl;q=0.9,en;q=0.5"])
def test_the_sign_in_page_speaks_dutch(client, compiled_catalogue, accept_language):
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    response = client.get(reverse("accounts:login"), **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<h1>Inloggen</h1>" in html
    assert "<title>Inloggen" in html
    assert "Naar de inhoud" in html
    assert "Wachtwoord" in html
    assert "Sign in" not in html
    assert "Skip to content" not in html
