"""Rows of the authorization matrix for the HSDS 3.0 API: every operation is public and read-only.

Whatever token comes along (none, read, write, admin), every operation answers 200: the HSDS feed is the
public sociale kaart. Only services visible to residents appear (tested in tests/hsds/test_api.py).
"""

from __future__ import annotations

from samenkracht.socialmap.hsds import serializers as hsds
from samenkracht.socialmap.hsds.api import hsds_api
from samenkracht.socialmap.models import Publication, Service, ServiceAtLocation

API_PREFIXES = {"/api/hsds": hsds_api}

PUBLIC = {"none": 200, "read": 200, "write_own": 200, "admin": 200}
LIFE_DOMAIN_TERM = hsds.term_id(hsds.LIFE_DOMAIN, "financien")


def extend_objects(objects: dict) -> dict:
    network = objects["network"]
    service = Service.objects.create(organisation=network.de_kern, name="Buurtbemiddeling",
                                     publication=Publication.PUBLISHED)
    at_location = ServiceAtLocation.objects.create(service=service, location=objects["location"])
    return {"hsds_service": service, "hsds_service_at_location": at_location}


API_MATRIX = [
    ("GET", "/api/hsds/", lambda o: "/api/hsds/", None, PUBLIC),
    ("GET", "/api/hsds/services", lambda o: "/api/hsds/services", None, PUBLIC),
    ("GET", "/api/hsds/services/{id}", lambda o: f"/api/hsds/services/{o['hsds_service'].id}", None, PUBLIC),
    ("GET", "/api/hsds/organizations", lambda o: "/api/hsds/organizations", None, PUBLIC),
    ("GET", "/api/hsds/organizations/{id}", lambda o: f"/api/hsds/organizations/{o['network'].de_kern.uid}",
     None, PUBLIC),
    ("GET", "/api/hsds/service_at_locations", lambda o: "/api/hsds/service_at_locations", None, PUBLIC),
    ("GET", "/api/hsds/service_at_locations/{id}",
     lambda o: f"/api/hsds/service_at_locations/{o['hsds_service_at_location'].id}", None, PUBLIC),
    ("GET", "/api/hsds/taxonomies", lambda o: "/api/hsds/taxonomies", None, PUBLIC),
    ("GET", "/api/hsds/taxonomies/{id}", lambda o: f"/api/hsds/taxonomies/{hsds.LIFE_DOMAINS.id}", None, PUBLIC),
    ("GET", "/api/hsds/taxonomy_terms", lambda o: "/api/hsds/taxonomy_terms", None, PUBLIC),
    ("GET", "/api/hsds/taxonomy_terms/{id}", lambda o: f"/api/hsds/taxonomy_terms/{LIFE_DOMAIN_TERM}", None, PUBLIC),
]
