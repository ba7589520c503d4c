"""Reference lists of the social map: the 13 life domains of the Zelfredzaamheid-Matrix (ZRM 2017)
and target groups. Codes are stable identifiers in code, URLs, the API and HSDS taxonomy terms;
names are the Dutch labels residents and professionals know.
"""

from __future__ import annotations

import uuid

# Namespace for deterministic HSDS ids of taxonomies and terms (uuid5 of a stable code).
HSDS_NAMESPACE = uuid.UUID("4b3f6a34-7c1e-5d9a-9f2b-5a6d7e8f9a01")

LIFE_DOMAINS: list[tuple[str, str]] = [
    ("financien", "Financiën"),
    ("werk-opleiding", "Werk & opleiding"),
    ("tijdsbesteding", "Tijdsbesteding"),
    ("huisvesting", "Huisvesting"),
    ("huiselijke-relaties", "Huiselijke relaties"),
    ("geestelijke-gezondheid", "Geestelijke gezondheid"),
    ("lichamelijke-gezondheid", "Lichamelijke gezondheid"),
    ("middelengebruik", "Middelengebruik"),
    ("basale-adl", "Basale ADL"),
    ("instrumentele-adl", "Instrumentele ADL"),
    ("sociaal-netwerk", "Sociaal netwerk"),
    ("maatschappelijke-participatie", "Maatschappelijke participatie"),
    ("justitie", "Justitie"),
]

TARGET_GROUPS: list[tuple[str, str]] = [
    ("iedereen", "Iedereen"),
    ("kinderen", "Kinderen (0-12)"),
    ("jongeren", "Jongeren (12-23)"),
    ("ouders", "Ouders en opvoeders"),
    ("ouderen", "Ouderen"),
    ("mantelzorgers", "Mantelzorgers"),
    ("beperking", "Mensen met een beperking"),
    ("dementie", "Mensen met dementie en hun naasten"),
    ("nieuwkomers", "Nieuwkomers en statushouders"),
    ("schulden", "Mensen met geldzorgen"),
    ("psychische-kwetsbaarheid", "Mensen met psychische kwetsbaarheid"),
    ("vrijwilligers", "Vrijwilligers"),
]


def hsds_uuid(kind: str, code: str) -> uuid.UUID:
    return uuid.uuid5(HSDS_NAMESPACE, f"{kind}:{code}")
