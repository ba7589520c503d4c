"""Where a search starts from: a postcode or a neighbourhood turned into a point (latitude, longitude).

Sources, best first, for a postcode (only its four digits, PC4, are used):

1. ``PostcodeCentroid``: the centre of the PC4 area, loaded from a CSV with the management command
   ``load_postcode_centroids`` (for example derived from CBS "kerncijfers per postcode").
2. Otherwise the average of what the network already knows in that PC4 area: neighbourhoods with a
   postcode of their centre and coordinates, and Dutch locations with coordinates.

A neighbourhood's centre is its own coordinates, else the average of its locations, else its postcode's.
When nothing is known the answer is None and the search adds a notice (no distance, no sorting by it).
The municipality of the place is returned too when known: services without a location that serve that
municipality (home visits, volunteers) then count as nearby.
Reads only; never writes.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, IntegerField, Value

from samenkracht.network.models import Location, Neighbourhood

_POSTCODE = re.compile(r"^\s*([1-9][0-9]{3})\s*([A-Za-z]{2})?\s*$")
_FORBIDDEN_LETTERS = {"SA", "SD", "SS"}


def parse_postcode(value: str | None) -> str | None:
    """The four digits of a Dutch postcode ("1271", "1271AB", "1271 ab"), or None when malformed."""
    match = _POSTCODE.match(value or "")
    if not match:
        return None
    if match.group(2) and match.group(2).upper() in _FORBIDDEN_LETTERS:
        return None
    return match.group(1)


def _average(points) -> tuple[float, float] | None:
    points = list(points)
    if not points:
        return None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


@dataclass(frozen=True)
class Place:
    """A starting point, and the municipality it lies in when the network knows it."""

    latitude: float
    longitude: float
    municipality_id: int | None = None

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def locate_postcode(postcode: str | None) -> Place | None:
    """Centre of the PC4 area of a postcode (and its municipality), or None when unknown or malformed.

    One query: the PostcodeCentroid row, neighbourhoods and Dutch locations of that PC4 area together.
    The municipality is the one most of those neighbourhoods and locations lie in.
    """
    from samenkracht.socialmap.models import PostcodeCentroid

    pc4 = parse_postcode(postcode)
    if pc4 is None:
        return None

    def points(queryset, source: int, municipality):
        return queryset.order_by().annotate(
            source=Value(source, output_field=IntegerField()),
            lat=F("latitude"), lon=F("longitude"), municipality_ref=municipality,
        ).values_list("source", "lat", "lon", "municipality_ref")

    no_municipality = Value(None, output_field=IntegerField())
    centroid = points(PostcodeCentroid.objects.filter(pc4=pc4), 0, no_municipality)
    neighbourhoods = points(
        Neighbourhood.objects.filter(postcode__startswith=pc4, latitude__isnull=False, longitude__isnull=False),
        1, F("municipality_id"),
    )
    locations = points(
        Location.objects.filter(country="NL", postcode__startswith=pc4, latitude__isnull=False,
                                longitude__isnull=False),
        1, F("municipality_id"),
    )
    rows = list(centroid.union(neighbourhoods, locations, all=True))
    municipalities = Counter(m for source, _lat, _lon, m in rows if source == 1 and m is not None)
    municipality_id = min(municipalities, key=lambda m: (-municipalities[m], m)) if municipalities else None
    exact = [(lat, lon) for source, lat, lon, _m in rows if source == 0]
    point = exact[0] if exact else _average((lat, lon) for _source, lat, lon, _m in rows)
    return None if point is None else Place(point[0], point[1], municipality_id)


def origin_for_postcode(postcode: str | None) -> tuple[float, float] | None:
    """Centre of the PC4 area of a postcode, or None when unknown or malformed. One query."""
    place = locate_postcode(postcode)
    return None if place is None else place.point


def locate_neighbourhood(neighbourhood_id: int | None) -> Place | None:
    """Centre of a neighbourhood: its own coordinates, else the average of its locations, else its
    postcode's centre; None when unknown. At most three queries."""
    if neighbourhood_id is None:
        return None
    row = (Neighbourhood.objects.filter(pk=neighbourhood_id)
           .values("latitude", "longitude", "postcode", "municipality_id").first())
    if row is None:
        return None
    if row["latitude"] is not None and row["longitude"] is not None:
        return Place(row["latitude"], row["longitude"], row["municipality_id"])
    located = Location.objects.filter(
        neighbourhood_id=neighbourhood_id, latitude__isnull=False, longitude__isnull=False
    ).values_list("latitude", "longitude")
    average = _average(located)
    if average is None and row["postcode"]:
        average = origin_for_postcode(row["postcode"])
    return None if average is None else Place(average[0], average[1], row["municipality_id"])


def neighbourhood_centroid(neighbourhood_id: int | None) -> tuple[float, float] | None:
    """Centre of a neighbourhood as (latitude, longitude); see locate_neighbourhood."""
    place = locate_neighbourhood(neighbourhood_id)
    return None if place is None else place.point


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Equirectangular distance in km, the same approximation the search SQL uses."""
    import math

    from samenkracht.socialmap.search.backends import KM_PER_DEGREE

    dy = (b[0] - a[0]) * KM_PER_DEGREE
    dx = (b[1] - a[1]) * KM_PER_DEGREE * math.cos(math.radians(a[0]))
    return math.sqrt(dx * dx + dy * dy)


__all__ = ["Place", "parse_postcode", "locate_postcode", "origin_for_postcode", "locate_neighbourhood",
           "neighbourhood_centroid", "distance_km"]
