"""The mapping between the social map and Open Referral HSDS 3.0, from the platform's side.

This module turns stored objects into HSDS 3.0 objects (dicts ready for JSON). The importer reads the
same shapes back (``importer.py``), so everything below is the contract of both directions. Functions
here read only what their arguments carry (prefetched relations); only ``taxonomy_terms()`` and
``TermIndex.load()`` query the database (the life-domain and target-group tables). Nothing is written.

Identifiers
    organization.id = Organisation.uid, location.id = Location.uid, service.id = Service.id,
    service_at_location.id = ServiceAtLocation.id, service_area.id = ServiceCoverage.id,
    schedule.id = Schedule.id. Objects the platform has no row for (phones, addresses, languages, cost
    options, attributes, identifiers) get deterministic ids: uuid5(domains.HSDS_NAMESPACE, "<kind>:<owner
    id>[:...]"), so that exporting twice gives the same ids.

service  <->  Service
    name, alternate_name, description, url, email, status, eligibility_description, minimum_age,
    maximum_age, application_process, fees_description, assured_date, assurer_email: one to one.
    last_modified: the stored value, in UTC with microseconds (an import keeps the file's value).
    phones[0].number <-> phone (one number per service).
    languages[].code <-> languages (ISO 639-1 codes; the importer maps common three-letter codes).
    cost_options[0] <-> cost_kind / cost_amount: option "free" (amount 0), "contribution" (amount when
        known) or "amount"; currency always EUR. Importing, another option text with an amount in EUR
        becomes "amount", amount 0 becomes "free", no amount becomes "contribution"; an amount in another
        currency becomes "contribution" without amount (with a warning); no cost option at all: "free".
    schedules <-> Schedule rows: one HSDS schedule per row (freq WEEKLY, byday one of MO..SU, opens_at,
        closes_at, description); rows of a service_at_location sit in that service_at_location's
        schedules. The importer splits a schedule with several byday values into one row per day (row id
        uuid5("schedule:<schedule id>:<day>"); a single day keeps the schedule id), so rows round-trip.
        schedule_description ("8 dagdelen per week") is one extra schedule with only a description.
    service_areas <-> ServiceCoverage: extent_type "cbs", extent = the CBS code of the municipality
        (GM0406), district (WK040601) or neighbourhood (BU04060101), or "GM0406/<name>" for a neighbourhood
        without CBS code; name = the area's name; uri = the TOOI identifier of the municipality
        (https://identifier.overheid.nl/tooi/id/gemeente/gm0406) for a whole municipality.
    attributes <-> life_domains, target_groups, access_type, tags via the taxonomies below. A service
        that carries no attribute of these taxonomies (a file from another system) keeps, when it exists
        already, its life domains, target groups, access type and tags; a new one gets none and "open".
    publication: never exchanged. Only published services are exported; the API shows only services
        visible to residents; an import publishes what it stores (an import is an operator action).

organization  <->  Organisation
    id = uid; name; description ("" when empty: HSDS requires the field); website; email;
    phones[0].number <-> phone; organization_identifiers (scheme NL-KVK) <-> kvk_number;
    attributes <-> kind (samenkracht-organisation-kind), informal and home municipality
    (samenkracht-values). Without attributes of these taxonomies, an existing organisation keeps its kind,
    informal flag, home municipality and KvK number; a new one gets kind "other".

location  <->  Location
    id = uid; location_type "physical"; name; description; latitude; longitude; organization_id = the
    first organisation under this roof, and one "location-organisation" attribute per organisation;
    addresses[0]: address_1 = street + " " + house number, city, postal_code ("8011 AA" for Dutch
    addresses), country (ISO 3166-1 alpha-2), state_province = municipality name (or ""), region =
    neighbourhood name (or absent), address_type "physical". Importing, the first physical address (else
    the first) is used; address_1 is split before its last number ("Grote Markt 12 bis" -> "Grote Markt"
    + "12 bis"); state_province may be a municipality name or CBS code (required to be known for Dutch
    addresses); latitude/longitude out of range are dropped with a warning.

service_at_location  <->  ServiceAtLocation (id, service, location, description, its schedules).

Not exchanged: a service's review note, confirming user (assurer_email is) and creation time; an
organisation's associations and timestamps. Everything else the platform keeps round-trips.

Taxonomies (ids: domains.hsds_uuid("taxonomy", code); term ids: hsds_uuid(kind, code))
    zrm-life-domains               the 13 ZRM life domains, term id = LifeDomain.uid
    samenkracht-target-groups      target groups, term id = TargetGroup.uid
    samenkracht-access             "open" and "decision" (access_type)
    samenkracht-organisation-kind  one term per OrganisationKind
    samenkracht-values             fields without an HSDS home; the value sits in attribute.value:
                                   "tag" (service tag), "location-organisation" (organisation uid),
                                   "informal" ("true"), "home-municipality" (CBS code)
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, time
from datetime import timezone as dt_timezone
from decimal import Decimal
from typing import Any

from samenkracht.network.models import Location, Organisation, OrganisationKind
from samenkracht.socialmap.domains import HSDS_NAMESPACE, hsds_uuid
from samenkracht.socialmap.models import (
    AccessType,
    CostKind,
    LifeDomain,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceCoverage,
    TargetGroup,
)

HSDS_VERSION = "3.0"
LANGUAGE = "nl"
CURRENCY = "EUR"
AREA_EXTENT_TYPE = "cbs"
TOOI_MUNICIPALITY = "https://identifier.overheid.nl/tooi/id/gemeente/"
KVK_SCHEME = "NL-KVK"
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]  # index + 1 = Weekday value


def derived_id(*parts: Any) -> uuid.UUID:
    """A stable id for an HSDS object the platform keeps no row for (phone, address, attribute, ...)."""
    return uuid.uuid5(HSDS_NAMESPACE, ":".join(str(part) for part in parts))


# --- Taxonomies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taxonomy:
    code: str
    name: str
    description: str
    version: str = ""

    @property
    def id(self) -> uuid.UUID:
        return hsds_uuid("taxonomy", self.code)


LIFE_DOMAINS = Taxonomy(
    "zrm-life-domains", "Zelfredzaamheid-Matrix: leefgebieden",
    "De 13 leefgebieden van de Zelfredzaamheid-Matrix (ZRM 2017) waarop een aanbod helpt.", "2017",
)
TARGET_GROUPS = Taxonomy(
    "samenkracht-target-groups", "Doelgroepen", "Voor wie het aanbod bedoeld is.",
)
ACCESS = Taxonomy(
    "samenkracht-access", "Toegang",
    "Vrij toegankelijk (voorliggend veld) of alleen met een beschikking van de gemeente (Wmo, Jeugdwet).",
)
ORGANISATION_KINDS = Taxonomy(
    "samenkracht-organisation-kind", "Soort organisatie", "Het soort organisatie dat het aanbod verzorgt.",
)
VALUES = Taxonomy(
    "samenkracht-values", "Samenkracht-velden",
    "Gegevens van Samenkracht zonder eigen HSDS-veld; de waarde staat in attribute.value.",
)
TAXONOMIES = [LIFE_DOMAINS, TARGET_GROUPS, ACCESS, ORGANISATION_KINDS, VALUES]

# The kinds of term, as the importer and the API filters understand them.
LIFE_DOMAIN, TARGET_GROUP, ACCESS_TYPE, ORGANISATION_KIND, VALUE = (
    "life_domain", "target_group", "access_type", "organisation_kind", "value",
)
TAG, LOCATION_ORGANISATION, INFORMAL, HOME_MUNICIPALITY = "tag", "location-organisation", "informal", "home-municipality"
VALUE_TERMS = {
    TAG: ("Trefwoord", "Een trefwoord van het aanbod (attribute.value)."),
    LOCATION_ORGANISATION: ("Organisatie op deze locatie",
                            "Een organisatie die op deze locatie werkt (attribute.value = organisatie-id)."),
    INFORMAL: ("Zonder rechtspersoon", "Een initiatief van inwoners zonder stichting of vereniging."),
    HOME_MUNICIPALITY: ("Vestigingsgemeente", "CBS-code van de gemeente waar de organisatie gevestigd is."),
}


@dataclass(frozen=True)
class Term:
    kind: str          # LIFE_DOMAIN, TARGET_GROUP, ACCESS_TYPE, ORGANISATION_KIND or VALUE
    code: str          # LifeDomain/TargetGroup code, AccessType/OrganisationKind value, or a VALUE_TERMS key
    name: str
    description: str
    taxonomy: Taxonomy

    @property
    def id(self) -> uuid.UUID:
        return term_id(self.kind, self.code)


_TERM_ID_PREFIX = {
    LIFE_DOMAIN: "life-domain", TARGET_GROUP: "target-group", ACCESS_TYPE: "access-type",
    ORGANISATION_KIND: "organisation-kind", VALUE: "samenkracht-value",
}


def term_id(kind: str, code: str) -> uuid.UUID:
    """Deterministic term id; for life domains and target groups equal to LifeDomain.uid / TargetGroup.uid."""
    return hsds_uuid(_TERM_ID_PREFIX[kind], code)


def taxonomy_terms() -> list[Term]:
    """Every term of the platform's taxonomies (two queries: life domains and target groups)."""
    terms = [
        Term(LIFE_DOMAIN, d.code, d.name, f"Leefgebied {d.name} van de Zelfredzaamheid-Matrix (ZRM 2017).",
             LIFE_DOMAINS)
        for d in LifeDomain.objects.order_by("position")
    ]
    terms += [Term(TARGET_GROUP, g.code, g.name, f"Doelgroep: {g.name}.", TARGET_GROUPS)
              for g in TargetGroup.objects.order_by("position")]
    terms += [Term(ACCESS_TYPE, value, str(label), str(label), ACCESS) for value, label in AccessType.choices]
    terms += [Term(ORGANISATION_KIND, value, str(label), str(label), ORGANISATION_KINDS)
              for value, label in OrganisationKind.choices]
    terms += [Term(VALUE, code, name, description, VALUES) for code, (name, description) in VALUE_TERMS.items()]
    return terms


class TermIndex:
    """The platform's terms by id and by (kind, code); built once per request or import."""

    def __init__(self, terms: list[Term]):
        self.by_id: dict[uuid.UUID, Term] = {t.id: t for t in terms}
        self.by_code: dict[tuple[str, str], Term] = {(t.kind, t.code): t for t in terms}

    @classmethod
    def load(cls) -> TermIndex:
        return cls(taxonomy_terms())

    def get(self, kind: str, code: str) -> Term | None:
        return self.by_code.get((kind, code))


def taxonomy_json(taxonomy: Taxonomy) -> dict:
    data = {"id": str(taxonomy.id), "name": taxonomy.name, "description": taxonomy.description}
    _put(data, "version", taxonomy.version)
    return data


def taxonomy_term_json(term: Term, *, nested: bool = True) -> dict:
    data = {
        "id": str(term.id), "code": term.code, "name": term.name, "description": term.description,
        "taxonomy": term.taxonomy.name, "taxonomy_id": str(term.taxonomy.id), "language": LANGUAGE,
    }
    if nested:
        data["taxonomy_detail"] = taxonomy_json(term.taxonomy)
    return data


# --- Small helpers --------------------------------------------------------------------------------


def _put(data: dict, key: str, value: Any) -> None:
    """Set an optional field; empty values are left out (HSDS has no nulls in its types)."""
    if value is None or value == "" or value == []:
        return
    if isinstance(value, uuid.UUID):
        value = str(value)
    elif isinstance(value, datetime):
        value = datetime_text(value)
    elif isinstance(value, (date, time)):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = int(value) if value == value.to_integral_value() else float(value)
    data[key] = value


def datetime_text(value: datetime) -> str:
    return value.astimezone(dt_timezone.utc).isoformat().replace("+00:00", "Z")


def postcode_text(location: Location) -> str:
    """Dutch postcodes as people write them ("8011 AA"); others as stored."""
    code = location.postcode or ""
    if location.country == "NL" and len(code) == 6:
        return f"{code[:4]} {code[4:]}"
    return code


def _attribute(link_entity: str, link_id: Any, term: Term, value: str = "", *, nested: bool = True) -> dict:
    data = {
        "id": str(derived_id("attribute", link_id, term.id, value)),
        "link_id": str(link_id),
        "link_entity": link_entity,
        "taxonomy_term_id": str(term.id),
    }
    _put(data, "value", value)
    if nested:
        data["taxonomy_term"] = taxonomy_term_json(term)
    return data


# --- Organisations --------------------------------------------------------------------------------


def organization_basic(organisation: Organisation) -> dict:
    """The one-to-one fields of an organization (the shape of /organizations list items)."""
    data = {"id": str(organisation.uid), "name": organisation.name, "description": organisation.description or ""}
    _put(data, "email", organisation.email)
    _put(data, "website", organisation.website)
    return data


def organization_attributes(organisation: Organisation, terms: TermIndex) -> list[dict]:
    attributes = []
    kind = terms.get(ORGANISATION_KIND, organisation.kind)
    if kind:
        attributes.append(_attribute("organization", organisation.uid, kind))
    if organisation.informal:
        attributes.append(_attribute("organization", organisation.uid, terms.get(VALUE, INFORMAL), "true"))
    if organisation.municipality_id:
        attributes.append(_attribute("organization", organisation.uid, terms.get(VALUE, HOME_MUNICIPALITY),
                                     organisation.municipality.code))
    return attributes


def organization_full(organisation: Organisation, terms: TermIndex, *, services: list[dict] | None = None,
                      locations: list[dict] | None = None) -> dict:
    """An organization with phones, identifiers, attributes and the given services and locations.

    Needs ``organisation.municipality`` (select_related) when it has one.
    """
    data = organization_basic(organisation)
    if organisation.phone:
        data["phones"] = [{"id": str(derived_id("phone", organisation.uid)),
                           "organization_id": str(organisation.uid), "number": organisation.phone}]
    if organisation.kvk_number:
        data["organization_identifiers"] = [{
            "id": str(derived_id("kvk", organisation.uid)), "organization_id": str(organisation.uid),
            "identifier_scheme": KVK_SCHEME, "identifier_type": "KvK-nummer",
            "identifier": organisation.kvk_number,
        }]
    data["attributes"] = organization_attributes(organisation, terms)
    if locations is not None:
        data["locations"] = locations
    if services is not None:
        data["services"] = services
    return data


# --- Locations ------------------------------------------------------------------------------------


def _location_organisations(location: Location) -> list[Organisation]:
    """Organisations under this roof, by name (uses the prefetched ``organisations``)."""
    return sorted(location.organisations.all(), key=lambda o: (o.name, o.pk))


def location_basic(location: Location) -> dict:
    """One-to-one fields of a location. Needs ``organisations`` prefetched."""
    data = {"id": str(location.uid), "location_type": "physical", "name": location.name}
    organisations = _location_organisations(location)
    if organisations:
        data["organization_id"] = str(organisations[0].uid)
    _put(data, "description", location.description)
    _put(data, "latitude", location.latitude)
    _put(data, "longitude", location.longitude)
    return data


def address_json(location: Location) -> dict:
    """The location's address. Needs ``municipality`` and ``neighbourhood`` (select_related)."""
    data = {
        "id": str(derived_id("address", location.uid)),
        "location_id": str(location.uid),
        "address_1": f"{location.street} {location.house_number}".strip(),
        "city": location.city,
        "state_province": location.municipality.name if location.municipality_id else "",
        "postal_code": postcode_text(location),
        "country": location.country,
        "address_type": "physical",
    }
    if location.neighbourhood_id:
        data["region"] = location.neighbourhood.name
    return data


def location_full(location: Location, terms: TermIndex) -> dict:
    data = location_basic(location)
    data["addresses"] = [address_json(location)]
    term = terms.get(VALUE, LOCATION_ORGANISATION)
    data["attributes"] = [_attribute("location", location.uid, term, str(o.uid))
                          for o in _location_organisations(location)]
    return data


# --- Services -------------------------------------------------------------------------------------


def service_basic(service: Service, *, with_organization: bool = True) -> dict:
    """The one-to-one fields of a service (the shape of /services list items)."""
    data: dict[str, Any] = {"id": str(service.id), "organization_id": str(service.organisation.uid),
                            "name": service.name, "status": service.status}
    for field in ("alternate_name", "description", "url", "email", "application_process", "fees_description",
                  "eligibility_description", "minimum_age", "maximum_age", "assured_date", "assurer_email",
                  "last_modified"):
        _put(data, field, getattr(service, field))
    if with_organization:
        data["organization"] = organization_basic(service.organisation)
    return data


def schedule_json(schedule: Schedule, service_id: Any, sal_id: Any = None) -> dict:
    data = {"id": str(schedule.id), "service_id": str(service_id), "freq": "WEEKLY",
            "byday": WEEKDAYS[schedule.weekday - 1], "opens_at": schedule.opens_at.isoformat(),
            "closes_at": schedule.closes_at.isoformat()}
    if sal_id:
        data["service_at_location_id"] = str(sal_id)
    _put(data, "description", schedule.description)
    return data


def service_area_json(coverage: ServiceCoverage) -> dict:
    """Needs ``municipality`` and ``neighbourhood`` (select_related)."""
    municipality, neighbourhood = coverage.municipality, coverage.neighbourhood
    data = {"id": str(coverage.id), "service_id": str(coverage.service_id), "extent_type": AREA_EXTENT_TYPE}
    if neighbourhood is None:
        data.update(name=municipality.name, extent=municipality.code,
                    uri=TOOI_MUNICIPALITY + municipality.code.lower())
    else:
        data.update(name=neighbourhood.name,
                    extent=neighbourhood.cbs_code or f"{municipality.code}/{neighbourhood.name}",
                    description=f"{neighbourhood.name}, gemeente {municipality.name}")
    return data


def cost_option_json(service: Service) -> dict:
    data: dict[str, Any] = {"id": str(derived_id("cost-option", service.id)), "service_id": str(service.id),
                            "option": service.cost_kind, "currency": CURRENCY}
    if service.cost_kind == CostKind.FREE:
        data["amount"] = 0
    else:
        _put(data, "amount", service.cost_amount)
    return data


def service_attributes(service: Service, terms: TermIndex) -> list[dict]:
    """Life domains, target groups, access type and tags. Needs life_domains/target_groups prefetched."""
    attributes = [_attribute("service", service.id, terms.get(LIFE_DOMAIN, d.code) or _missing(LIFE_DOMAIN, d.code))
                  for d in sorted(service.life_domains.all(), key=lambda d: d.position)]
    attributes += [_attribute("service", service.id, terms.get(TARGET_GROUP, g.code) or _missing(TARGET_GROUP, g.code))
                   for g in sorted(service.target_groups.all(), key=lambda g: g.position)]
    attributes.append(_attribute("service", service.id, terms.get(ACCESS_TYPE, service.access_type)))
    tag = terms.get(VALUE, TAG)
    attributes += [_attribute("service", service.id, tag, text) for text in service.tags]
    return attributes


def _missing(kind: str, code: str) -> Term:
    """A term for a row that appeared after the index was built (never in practice; keeps output valid)."""
    taxonomy = LIFE_DOMAINS if kind == LIFE_DOMAIN else TARGET_GROUPS
    return Term(kind, code, code, code, taxonomy)


def service_at_location_basic(sal: ServiceAtLocation) -> dict:
    data = {"id": str(sal.id), "service_id": str(sal.service_id), "location_id": str(sal.location.uid)}
    _put(data, "description", sal.description)
    return data


def service_full(service: Service, terms: TermIndex, *, with_organization: bool = True) -> dict:
    """A fully nested service. Needs the prefetches of ``with_service_relations``."""
    data = service_basic(service, with_organization=with_organization)
    if service.phone:
        data["phones"] = [{"id": str(derived_id("phone", service.id)), "service_id": str(service.id),
                           "number": service.phone}]
    schedules = [schedule_json(s, service.id) for s in _sorted_schedules(service.schedules.all())
                 if s.service_at_location_id is None]
    if service.schedule_description:
        schedules.append({"id": str(derived_id("schedule-description", service.id)), "service_id": str(service.id),
                          "description": service.schedule_description})
    data["schedules"] = schedules
    data["service_areas"] = [service_area_json(c) for c in _sorted_coverage(service.coverage.all())]
    sal_schedules: dict[Any, list[Schedule]] = {}
    for schedule in service.schedules.all():
        if schedule.service_at_location_id is not None:
            sal_schedules.setdefault(schedule.service_at_location_id, []).append(schedule)
    sals = []
    for sal in sorted(service.service_at_locations.all(), key=lambda s: (s.location.name, str(s.id))):
        item = service_at_location_basic(sal)
        item["schedules"] = [schedule_json(s, service.id, sal.id) for s in _sorted_schedules(sal_schedules.get(sal.id, []))]
        item["location"] = location_full(sal.location, terms)
        sals.append(item)
    data["service_at_locations"] = sals
    data["languages"] = [{"id": str(derived_id("language", service.id, code)), "service_id": str(service.id),
                          "code": code} for code in service.languages]
    data["cost_options"] = [cost_option_json(service)]
    data["attributes"] = service_attributes(service, terms)
    return data


def _sorted_schedules(schedules) -> list[Schedule]:
    return sorted(schedules, key=lambda s: (s.weekday, s.opens_at, str(s.id)))


def _sorted_coverage(coverage) -> list[ServiceCoverage]:
    return sorted(coverage, key=lambda c: (c.municipality.name, c.neighbourhood.name if c.neighbourhood_id else "",
                                           str(c.id)))


def service_at_location_full(sal: ServiceAtLocation, terms: TermIndex) -> dict:
    """A service_at_location with its schedules, the full location and the full service."""
    data = service_at_location_basic(sal)
    data["schedules"] = [schedule_json(s, sal.service_id, sal.id)
                         for s in _sorted_schedules(s for s in sal.service.schedules.all()
                                                    if s.service_at_location_id == sal.id)]
    data["location"] = location_full(sal.location, terms)
    data["service"] = service_full(sal.service, terms)
    return data


def service_at_location_list_item(sal: ServiceAtLocation) -> dict:
    """The list shape: one-to-one fields plus the basic location and the basic service."""
    data = service_at_location_basic(sal)
    data["location"] = location_basic(sal.location)
    data["service"] = service_basic(sal.service)
    return data


# --- Querysets with what the functions above need (constant number of queries) ---------------------


def with_service_relations(queryset, prefix: str = ""):
    """Prefetch everything ``service_full`` reads, for services reached through ``prefix`` (e.g. "service__")."""
    from django.db.models import Prefetch

    coverage = ServiceCoverage.objects.select_related("municipality", "neighbourhood")
    sals = ServiceAtLocation.objects.select_related("location__municipality", "location__neighbourhood") \
        .prefetch_related("location__organisations")
    return queryset.select_related(f"{prefix}organisation__municipality").prefetch_related(
        f"{prefix}life_domains", f"{prefix}target_groups", f"{prefix}schedules",
        Prefetch(f"{prefix}coverage", queryset=coverage),
        Prefetch(f"{prefix}service_at_locations", queryset=sals),
    )


def with_location_relations(queryset, prefix: str = ""):
    """Select and prefetch what ``location_full`` reads, for locations reached through ``prefix``."""
    return queryset.select_related(f"{prefix}municipality", f"{prefix}neighbourhood") \
        .prefetch_related(f"{prefix}organisations")
