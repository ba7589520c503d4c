"""Languages a service is offered in: ISO 639-1 codes, with Dutch names for the ones residents meet most.

The model stores two-letter codes; this module knows which two-letter codes exist, so that "xx" or a
typo such as "nk" is refused with a clear message everywhere (web form, API, import).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Every ISO 639-1 code (ISO 639-1:2002 with its later additions; the withdrawn "sh" is left out).
ISO_639_1: frozenset[str] = frozenset("""
aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee
el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io
is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn
mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se
sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo
wa wo xh yi yo za zh zu
""".split())

# Names in Dutch (the language of the interface) for the languages most often offered in the Dutch
# social domain; other codes are shown as the code itself.
DUTCH_NAMES: dict[str, str] = {
    "nl": "Nederlands", "fy": "Fries", "en": "Engels", "de": "Duits", "fr": "Frans", "es": "Spaans",
    "it": "Italiaans", "pt": "Portugees", "pl": "Pools", "ro": "Roemeens", "bg": "Bulgaars", "hu": "Hongaars",
    "cs": "Tsjechisch", "sk": "Slowaaks", "lt": "Litouws", "lv": "Lets", "et": "Estisch", "el": "Grieks",
    "tr": "Turks", "ar": "Arabisch", "fa": "Perzisch", "ps": "Pasjtoe", "ku": "Koerdisch", "ti": "Tigrinya",
    "am": "Amhaars", "so": "Somalisch", "sw": "Swahili", "uk": "Oekraïens", "ru": "Russisch", "sr": "Servisch",
    "hr": "Kroatisch", "bs": "Bosnisch", "sq": "Albanees", "zh": "Chinees", "hi": "Hindi", "ur": "Urdu",
    "vi": "Vietnamees", "th": "Thai", "id": "Indonesisch", "ja": "Japans", "ko": "Koreaans", "he": "Hebreeuws",
    "sv": "Zweeds", "da": "Deens", "no": "Noors", "fi": "Fins",
}


def parse_language_list(text: str) -> list[str]:
    """'nl, EN ,ar' -> ['nl', 'en', 'ar'] (lower case, duplicates removed, order kept)."""
    codes = [part.strip().lower() for part in text.replace(";", ",").split(",")]
    return list(dict.fromkeys(code for code in codes if code))


def unknown_languages(codes: list) -> list:
    """The entries of ``codes`` that are not ISO 639-1 codes."""
    return [code for code in codes if not isinstance(code, str) or code not in ISO_639_1]


def validate_languages(codes: list) -> None:
    """Refuse anything that is not an ISO 639-1 code, naming the unknown entries."""
    unknown = unknown_languages(codes)
    if unknown:
        raise ValidationError(
            _("Unknown language code: %(codes)s. Use ISO 639-1 codes such as nl, en, ar, tr or pl.")
            % {"codes": ", ".join(map(str, unknown))}
        )


def language_name(code: str) -> str:
    return DUTCH_NAMES.get(code, code)
