"""The two search backends and the SQL they share.

Layout of this module:

1. Index documents: ``build_documents`` turns services into four weighted word lists: A name; B life-domain
   names, target groups with their everyday words, tags; C description, eligibility, provider; D the
   everyday words of its life domains and the places it serves.
2. ``PostgresBackend``: a table ``socialmap_search_document`` (service_id uuid primary key, document
   tsvector with a GIN index, name_text) filled with ``setweight(to_tsvector('dutch', ...), 'A') || ...``
   and searched with ``to_tsquery('dutch', 'word:* | ...')``, ranked with ``ts_rank``.
3. ``SqliteBackend``: an FTS5 table ``socialmap_search_fts`` (name, keywords, body, context) holding words
   stemmed in Python with the same Snowball Dutch algorithm, plus ``socialmap_search_key`` that maps the
   FTS5 rowid to the service id; searched with ``MATCH '("stem"* OR ...)'``, ranked with ``bm25()``.
4. ``SearchQuery``: the portable SQL around the backend's text match: filters, distance, score, page,
   count and facets. One statement for the page, one for the count and one per facet, whatever the page
   size.

The tables are created by migration 0003_search_index. Neither table has a foreign key to the service:
Django's flush (used between transactional tests and by ``flush``) truncates the model tables without
CASCADE, which PostgreSQL refuses when another table references them. Documents of deleted services are
harmless (every query joins socialmap_service) and are removed by ``remove_from_index`` and
``rebuild_index``.

Every function here works on the default database connection; the docstrings say what each may write.
"""

from __future__ import annotations

import math
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from uuid import UUID

from django.db import connection, transaction
from django.utils import timezone

from samenkracht.network.models import OrganisationKind
from samenkracht.socialmap.domains import LIFE_DOMAINS
from samenkracht.socialmap.models import AccessType, CostKind, Publication, Service, ServiceStatus, stale_before
from samenkracht.socialmap.search.text import MIN_PREFIX, document_words, normalise, stem
from samenkracht.socialmap.thesaurus import QueryPlan, domain_keywords, target_group_keywords

# --- Tables ---------------------------------------------------------------------------------------

PG_TABLE = "socialmap_search_document"
FTS_TABLE = "socialmap_search_fts"
KEY_TABLE = "socialmap_search_key"

# Weights of the four document fields. PostgreSQL's ts_rank takes them in the order D, C, B, A; the
# SQLite bm25() weights are the same ratios in column order (name, keywords, body, context).
PG_WEIGHTS = "{0.1, 0.2, 0.4, 1.0}"
FTS_WEIGHTS = (10.0, 4.0, 2.0, 1.0)

# --- Ranking ---------------------------------------------------------------------------------------
# The text engines rank differently (ts_rank has no inverse document frequency, bm25 has), so most of
# the score comes from signals that both databases compute identically, and the engine's own rank only
# orders what those signals leave equal:
#
# score = W_NAME_TYPED  if a word the resident typed is in the service name
#       + W_NAME        if any word of the search (typed, synonym or compound part) is in the name
#       + W_TYPED       if a typed word is in name, keywords or body (not only in the domain words)
#       + W_TEXT * engine rank / best engine rank of this search           (0..1)
#       + W_DOMAIN      if the service is in a life domain the thesaurus found in the question
#       + W_PROXIMITY * 1 / (1 + (distance / PROXIMITY_KM)^2)   (1 on the spot, 0.5 at PROXIMITY_KM);
#                       a service without locations that serves the origin's municipality (home visits,
#                       volunteers) counts as SERVES_ORIGIN_PROXIMITY
#       + W_FRESHNESS * 1 when confirmed within the stale period, 0.5 within twice that period
# Ties: name (byte order on both databases), then id.
W_NAME_TYPED = 0.6
W_NAME = 0.3
W_TYPED = 0.5
W_TEXT = 0.4
W_DOMAIN = 0.25
W_PROXIMITY = 0.5
W_FRESHNESS = 0.1
PROXIMITY_KM = 5.0
SERVES_ORIGIN_PROXIMITY = 0.5
KM_PER_DEGREE = 111.195  # 6371 km * pi / 180: equirectangular approximation, good to 0.1% within a region

BATCH_SIZE = 500

FACETS = ("life_domains", "target_groups", "access_type", "provider_kind", "free")


# --- 1. Index documents ------------------------------------------------------------------------------


@dataclass
class Document:
    """The searchable text of one service as normalised words (not stemmed), per weighted field."""

    service_id: UUID
    name: list[str]        # A: name and other name
    keywords: list[str]    # B: names of its life domains, target groups (names and everyday words), tags
    body: list[str]        # C: description, who it is for, provider
    context: list[str]     # D: everyday words of its life domains; municipalities, neighbourhoods, locations
    name_text: str         # the normalised name, kept beside the PostgreSQL document


@lru_cache(maxsize=64)
def _domain_name_words(code: str) -> tuple[str, ...]:
    return tuple(document_words(dict(LIFE_DOMAINS).get(code, "")))


@lru_cache(maxsize=64)
def _domain_words(code: str) -> tuple[str, ...]:
    return tuple(document_words(" ".join(domain_keywords(code))))


@lru_cache(maxsize=64)
def _group_words(code: str) -> tuple[str, ...]:
    return tuple(document_words(" ".join(target_group_keywords(code))))


@lru_cache(maxsize=20_000)
def _place_words(text: str) -> tuple[str, ...]:
    """Words of a place name (municipality, neighbourhood, location and city): the same for many services."""
    return tuple(document_words(text))


def build_documents(service_ids: list) -> tuple[list[Document], list]:
    """Documents of the given services, and the ids that no longer exist. Reads only (5 queries).

    Why the everyday words of a life domain go into the lowest-weighted field: they make "rekeningen" find
    every Financiën service (recall), but they are the same for hundreds of services and must not
    outweigh what a service says about itself. The life-domain boost of the ranking (W_DOMAIN) does the
    rest, identically on both databases.

    Built from five ``values_list`` queries keyed by service id (no model instances: at 100,000 services
    the ORM's prefetch_related cost about 350 µs per service); the words are the same as when they were
    built from the related objects.
    """
    from samenkracht.socialmap.models import ServiceAtLocation, ServiceCoverage

    rows = list(
        Service.objects.filter(pk__in=service_ids).order_by()
        .values_list("pk", "name", "alternate_name", "description", "eligibility_description", "tags",
                     "organisation__name")
    )
    domains: dict = {}
    for service_id, code in (Service.life_domains.through.objects.filter(service_id__in=service_ids)
                             .order_by("lifedomain__position").values_list("service_id", "lifedomain_id")):
        domains.setdefault(service_id, []).append(code)
    groups: dict = {}
    for service_id, code in (Service.target_groups.through.objects.filter(service_id__in=service_ids)
                             .order_by("targetgroup__position").values_list("service_id", "targetgroup_id")):
        groups.setdefault(service_id, []).append(code)
    places: dict = {}
    for service_id, municipality, neighbourhood in (
        ServiceCoverage.objects.filter(service_id__in=service_ids).order_by("pk")
        .values_list("service_id", "municipality__name", "neighbourhood__name")
    ):
        words = places.setdefault(service_id, [])
        words.extend(_place_words(municipality))
        if neighbourhood:
            words.extend(_place_words(neighbourhood))
    for service_id, name, city, neighbourhood in (
        ServiceAtLocation.objects.filter(service_id__in=service_ids).order_by("pk")
        .values_list("service_id", "location__name", "location__city", "location__neighbourhood__name")
    ):
        words = places.setdefault(service_id, [])
        words.extend(_place_words(f"{name} {city}"))
        if neighbourhood:
            words.extend(_place_words(neighbourhood))
    documents = []
    for service_id, name, alternate_name, description, eligibility, tags, organisation_name in rows:
        keywords: list[str] = []
        context: list[str] = []
        for code in domains.get(service_id, ()):
            keywords.extend(_domain_name_words(code))
            context.extend(_domain_words(code))
        for code in groups.get(service_id, ()):
            keywords.extend(_group_words(code))
        keywords.extend(document_words(" ".join(t for t in (tags or []) if isinstance(t, str))))
        documents.append(Document(
            service_id=service_id,
            name=document_words(f"{name} {alternate_name}"),
            keywords=keywords,
            body=document_words(f"{description}\n{eligibility}\n{organisation_name}"),
            context=list(dict.fromkeys(context + places.get(service_id, []))),
            name_text=normalise(name),
        ))
    found = {document.service_id for document in documents}
    missing = [service_id for service_id in service_ids if service_id not in found]
    return documents, missing


def db_id(value) -> object:
    """A service id as the database stores it (uuid on PostgreSQL, 32 hex characters on SQLite)."""
    return Service._meta.pk.get_db_prep_value(value if isinstance(value, UUID) else UUID(str(value)), connection)


# --- 2. PostgreSQL -------------------------------------------------------------------------------------


class PostgresBackend:
    """Full-text search in PostgreSQL: a weighted tsvector per service, 'dutch' configuration, GIN index."""

    vendor = "postgresql"
    # For the page, the text match (with ts_rank and the signals) is materialised into narrow rows;
    # inlined, PostgreSQL carries each whole tsvector up to the window function and spills it to disk.
    # For count and facets inlining is faster: the planner may then use the GIN index or not.
    cte_hint = ""
    float_type = "double precision"

    @staticmethod
    def order_name(alias: str) -> str:
        """Ties are ordered by name in byte order, like SQLite's BINARY collation: the same on both."""
        return f'{alias}.name COLLATE "C"'

    def store(self, documents: list[Document]) -> None:
        """Insert or replace the documents. Writes socialmap_search_document only."""
        if not documents:
            return
        rows = [
            (db_id(d.service_id), " ".join(d.name), " ".join(d.keywords), " ".join(d.body), " ".join(d.context),
             d.name_text)
            for d in documents
        ]
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {PG_TABLE} (service_id, document, name_text) VALUES (%s,"
                " setweight(to_tsvector('dutch', %s), 'A') || setweight(to_tsvector('dutch', %s), 'B')"
                " || setweight(to_tsvector('dutch', %s), 'C') || setweight(to_tsvector('dutch', %s), 'D'), %s)"
                " ON CONFLICT (service_id) DO UPDATE SET document = EXCLUDED.document, name_text = EXCLUDED.name_text",
                rows,
            )

    def delete(self, service_ids: list) -> None:
        """Remove documents. Writes socialmap_search_document only."""
        if not service_ids:
            return
        with connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(service_ids))
            cursor.execute(f"DELETE FROM {PG_TABLE} WHERE service_id IN ({marks})", [db_id(i) for i in service_ids])

    def purge_orphans(self) -> int:
        """Remove documents of services that no longer exist. Writes socialmap_search_document only."""
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {PG_TABLE} d WHERE NOT EXISTS (SELECT 1 FROM socialmap_service s WHERE s.id = d.service_id)"
            )
            return cursor.rowcount

    def optimise(self) -> None:
        """Nothing to do: PostgreSQL keeps the GIN index up to date (autovacuum cleans its pending list)."""

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {PG_TABLE}")
            return cursor.fetchone()[0]

    @staticmethod
    def tsquery(words: list[str], weights: str = "") -> str:
        """'vergeetachtig:* | dementie:*' (or ':*ABC' to match in those fields only); PostgreSQL stems each
        word itself with 'dutch'. Words shorter than MIN_PREFIX letters (stemmed) match exactly."""
        return " | ".join(
            f"{word}:*{weights}" if len(stem(word)) >= MIN_PREFIX else (f"{word}:{weights}" if weights else word)
            for word in words
        )

    # With selective filters (a municipality, a radius, ...) the text match only selects ids and rank and
    # signals are computed later, for the services that pass the filters only (``rank_sql``): ts_rank
    # reads the whole tsvector of every row it ranks. Without them, the match ranks as it goes (one pass).
    rank_late = True

    def _rank_columns(self, plan: QueryPlan, id_column: str) -> tuple[list[str], str, list]:
        everything = [word for group in plan.groups for word in group]
        queries = [("q", self.tsquery(everything))]
        columns = [f"{id_column}",
                   f"CAST(ts_rank('{PG_WEIGHTS}', d.document, q.query) AS double precision) AS text_rank"]
        for name, words, weights in _signal_words(plan):
            if words:
                queries.append((name, self.tsquery(words, weights)))
                columns.append(f"CASE WHEN d.document @@ {name}.query THEN 1 ELSE 0 END AS {name}")
            else:
                columns.append(f"0 AS {name}")
        sources = "".join(f" CROSS JOIN to_tsquery('dutch', %s) AS {name}(query)" for name, _query in queries)
        return columns, sources, [query for _name, query in queries]

    def hits_sql(self, plan: QueryPlan, signals: bool = False) -> tuple[str, list]:
        """SELECT service_id [, text_rank, name_typed, name_any, typed] of the services matching the plan.

        The signals are tested on the document the match already read (weight-restricted queries such as
        'vergeetachtig:*A'), so they cost no extra scan of the index.
        """
        if not signals:
            everything = [word for group in plan.groups for word in group]
            return (f"SELECT d.service_id AS service_id FROM {PG_TABLE} d"
                    " WHERE d.document @@ to_tsquery('dutch', %s)", [self.tsquery(everything)])
        columns, sources, args = self._rank_columns(plan, "d.service_id AS service_id")
        return f"SELECT {', '.join(columns)} FROM {PG_TABLE} d{sources} WHERE d.document @@ q.query", args

    def rank_sql(self, plan: QueryPlan, ids: str) -> tuple[str, list]:
        """SELECT id, text_rank, name_typed, name_any, typed for the services in the CTE ``ids`` (column id)."""
        columns, sources, args = self._rank_columns(plan, "m.id AS id")
        return f"SELECT {', '.join(columns)} FROM {ids} m JOIN {PG_TABLE} d ON d.service_id = m.id{sources}", args


# --- 3. SQLite -----------------------------------------------------------------------------------------


class SqliteBackend:
    """Full-text search in SQLite: FTS5 over words stemmed in Python, ranked with bm25()."""

    vendor = "sqlite"
    # Without MATERIALIZED, SQLite flattens the text match into the join and may run the FTS5 query once
    # per service (minutes at 20,000 services); materialised, it runs once per statement. SQLite >= 3.35.
    cte_hint = "MATERIALIZED "
    float_type = "REAL"
    # bm25() exists only inside the MATCH query: rank and signals come with the text match.
    rank_late = False

    @staticmethod
    def order_name(alias: str) -> str:
        """Ties are ordered by name in byte order (BINARY collation), like PostgreSQL's COLLATE "C"."""
        return f"{alias}.name"

    @staticmethod
    def _stemmed(word_list: list[str]) -> str:
        return " ".join(stem(word) for word in word_list)

    def store(self, documents: list[Document]) -> None:
        """Insert or replace the documents. Writes socialmap_search_key and socialmap_search_fts."""
        if not documents:
            return
        ids = [db_id(d.service_id) for d in documents]
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.executemany(f"INSERT OR IGNORE INTO {KEY_TABLE} (service_id) VALUES (%s)", [(i,) for i in ids])
            cursor.execute(f"SELECT service_id, id FROM {KEY_TABLE} WHERE service_id IN ({marks})", ids)
            rowids = dict(cursor.fetchall())
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({', '.join(['%s'] * len(ids))})",
                           [rowids[i] for i in ids])
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, name, keywords, body, context) VALUES (%s, %s, %s, %s, %s)",
                [
                    (rowids[i], self._stemmed(d.name), self._stemmed(d.keywords), self._stemmed(d.body),
                     self._stemmed(d.context))
                    for i, d in zip(ids, documents)
                ],
            )

    def delete(self, service_ids: list) -> None:
        """Remove documents. Writes socialmap_search_key and socialmap_search_fts."""
        if not service_ids:
            return
        ids = [db_id(i) for i in service_ids]
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {KEY_TABLE} WHERE service_id IN ({marks}))", ids
            )
            cursor.execute(f"DELETE FROM {KEY_TABLE} WHERE service_id IN ({marks})", ids)

    def purge_orphans(self) -> int:
        """Remove documents of services that no longer exist. Writes socialmap_search_key and _fts."""
        orphans = f"SELECT k.id FROM {KEY_TABLE} k WHERE NOT EXISTS (SELECT 1 FROM socialmap_service s WHERE s.id = k.service_id)"
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({orphans})")
            cursor.execute(f"DELETE FROM {KEY_TABLE} WHERE id IN ({orphans})")
            return cursor.rowcount

    def optimise(self) -> None:
        """Merge the FTS5 index segments (after a rebuild). Writes socialmap_search_fts only."""
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {FTS_TABLE}")
            return cursor.fetchone()[0]

    @staticmethod
    def term(word: str) -> str:
        """'"vergeetacht"*': the stem PostgreSQL would make, as a prefix when it has MIN_PREFIX letters or more."""
        stemmed = stem(word)
        return f'"{stemmed}"*' if len(stemmed) >= MIN_PREFIX else f'"{stemmed}"'

    def match(self, words: list[str], columns: str = "") -> str:
        """'"vergeetacht"* OR "dementie"*', optionally limited to columns: '{name} : (...)'."""
        expression = " OR ".join(self.term(word) for word in words)
        return f"{columns} : ({expression})" if columns else expression

    def hits_sql(self, plan: QueryPlan, signals: bool = False) -> tuple[str, list]:
        """SELECT service_id, text_rank [, name_typed, name_any, typed] of the services matching the plan.

        bm25() is negative (lower is better): flipped. Each signal is one more FTS5 query with a column
        filter, run once per statement (an uncorrelated IN subquery).
        """
        weights = ", ".join(str(w) for w in FTS_WEIGHTS)
        everything = [word for group in plan.groups for word in group]
        columns = ["k.service_id AS service_id", f"-bm25({FTS_TABLE}, {weights}) AS text_rank"]
        args: list = []
        if signals:
            for name, words, weights_ in _signal_words(plan):
                if words:
                    fields = "{name}" if weights_ == "A" else "{name keywords body}"
                    columns.append(
                        f"CASE WHEN {FTS_TABLE}.rowid IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)"
                        f" THEN 1 ELSE 0 END AS {name}"
                    )
                    args.append(self.match(words, fields))
                else:
                    columns.append(f"0 AS {name}")
        sql = (
            f"SELECT {', '.join(columns)} FROM {FTS_TABLE} JOIN {KEY_TABLE} k ON k.id = {FTS_TABLE}.rowid"
            f" WHERE {FTS_TABLE} MATCH %s"
        )
        return sql, args + [self.match(everything)]


def _signal_words(plan: QueryPlan) -> list[tuple[str, list[str], str]]:
    """The portable ranking signals: (column, words, fields as PostgreSQL weights)."""
    everything = [word for group in plan.groups for word in group]
    return [("name_typed", plan.typed, "A"), ("name_any", everything, "A"), ("typed", plan.typed, "ABC")]


def get_backend():
    """The backend for the default database: chosen by connection.vendor."""
    if connection.vendor == "postgresql":
        return PostgresBackend()
    if connection.vendor == "sqlite":
        return SqliteBackend()
    raise NotImplementedError(f"No social map search for database {connection.vendor!r}")


# --- 4. The portable search query ---------------------------------------------------------------------


@dataclass
class Filters:
    """The filter values of SearchParams, already checked (see search.check_params)."""

    life_domains: list[str]
    target_groups: list[str]
    age: int | None
    municipality: str | None
    neighbourhood: int | None
    open_on: int | None
    free: bool | None
    access_type: str | None
    provider_kinds: list[str]
    organisation_id: int | None
    radius_km: float | None
    modified_after: date | None
    include_unpublished: bool


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


class SearchQuery:
    """The SQL of one search. Builds strings and parameters; ``page``, ``count`` and ``facets`` run them.

    Aliases inside every statement: s = socialmap_service, o = network_organisation, h = text hits.
    """

    def __init__(self, backend, filters: Filters, plan: QueryPlan, place=None):
        """``place`` is a geo.Place (or None): the origin of distances and, when known, its municipality."""
        self.backend = backend
        self.filters = filters
        self.plan = plan
        self.place = place
        self.origin = None if place is None else (place.latitude, place.longitude)

    # -- distance --------------------------------------------------------------------------------

    def _distance2(self) -> tuple[str, list]:
        """Squared distance in km² from the origin to location l: plain arithmetic (SQLite has no trig)."""
        lat0, lon0 = self.origin
        ky = KM_PER_DEGREE
        kx = KM_PER_DEGREE * math.cos(math.radians(lat0))   # cos(lat) of the origin, computed here
        return (
            "((l.latitude - %s) * %s) * ((l.latitude - %s) * %s) + ((l.longitude - %s) * %s) * ((l.longitude - %s) * %s)",
            [lat0, ky, lat0, ky, lon0, kx, lon0, kx],
        )

    def _nearest_sql(self) -> tuple[str, list]:
        """Squared distance to the nearest location of service s, or NULL."""
        if self.origin is None:
            return f"CAST(NULL AS {self.backend.float_type})", []
        d2, args = self._distance2()
        return (
            f"(SELECT MIN({d2}) FROM socialmap_serviceatlocation sl JOIN network_location l ON l.id = sl.location_id"
            " WHERE sl.service_id = s.id AND l.latitude IS NOT NULL AND l.longitude IS NOT NULL)",
            args,
        )

    # -- filters ---------------------------------------------------------------------------------

    def _conditions(self) -> list[tuple[str | None, str, list]]:
        """(facet, SQL, args) of every active filter on s and o; ``facet`` names the facet a filter belongs
        to (a facet is counted without its own filter), None for the other filters."""
        f = self.filters
        found: list[tuple[str | None, str, list]] = []
        if not f.include_unpublished:
            found.append((None, "s.publication = %s AND s.status IN (%s, %s)",
                          [Publication.PUBLISHED.value, ServiceStatus.ACTIVE.value,
                           ServiceStatus.TEMPORARILY_CLOSED.value]))
        if f.life_domains:
            found.append(("life_domains",
                          "s.id IN (SELECT x.service_id FROM socialmap_service_life_domains x"
                          f" WHERE x.lifedomain_id IN ({_marks(f.life_domains)}))", list(f.life_domains)))
        if f.target_groups:
            found.append(("target_groups",
                          "s.id IN (SELECT x.service_id FROM socialmap_service_target_groups x"
                          f" WHERE x.targetgroup_id IN ({_marks(f.target_groups)}))", list(f.target_groups)))
        if f.age is not None:
            found.append((None, "(s.minimum_age IS NULL OR s.minimum_age <= %s)"
                                " AND (s.maximum_age IS NULL OR s.maximum_age >= %s)", [f.age, f.age]))
        if f.municipality:
            # Offered there: an area of the service in that municipality, or one of its locations there.
            found.append((None,
                          "s.id IN (SELECT c.service_id FROM socialmap_servicecoverage c WHERE c.municipality_id ="
                          " (SELECT m.id FROM network_municipality m WHERE m.code = %s)"
                          " UNION SELECT sl.service_id FROM socialmap_serviceatlocation sl JOIN network_location l"
                          " ON l.id = sl.location_id WHERE l.municipality_id ="
                          " (SELECT m.id FROM network_municipality m WHERE m.code = %s))",
                          [f.municipality, f.municipality]))
        if f.neighbourhood is not None:
            # Offered there: that neighbourhood, its whole municipality, or a location in the neighbourhood.
            found.append((None,
                          "s.id IN (SELECT c.service_id FROM socialmap_servicecoverage c WHERE c.neighbourhood_id = %s"
                          " UNION SELECT c.service_id FROM socialmap_servicecoverage c WHERE c.neighbourhood_id IS NULL"
                          " AND c.municipality_id = (SELECT n.municipality_id FROM network_neighbourhood n WHERE n.id = %s)"
                          " UNION SELECT sl.service_id FROM socialmap_serviceatlocation sl JOIN network_location l"
                          " ON l.id = sl.location_id WHERE l.neighbourhood_id = %s)",
                          [f.neighbourhood, f.neighbourhood, f.neighbourhood]))
        if f.open_on is not None:
            found.append((None, "s.id IN (SELECT sc.service_id FROM socialmap_schedule sc WHERE sc.weekday = %s)",
                          [f.open_on]))
        if f.free is not None:
            found.append(("free", "s.cost_kind = %s" if f.free else "s.cost_kind <> %s", [CostKind.FREE.value]))
        if f.access_type:
            found.append(("access_type", "s.access_type = %s", [f.access_type]))
        if f.provider_kinds:
            found.append(("provider_kind", f"o.kind IN ({_marks(f.provider_kinds)})", list(f.provider_kinds)))
        if f.organisation_id is not None:
            found.append((None, "s.organisation_id = %s", [f.organisation_id]))
        if f.modified_after is not None:
            start = timezone.make_aware(datetime.combine(f.modified_after, time.min))
            found.append((None, "s.last_modified >= %s", [connection.ops.adapt_datetimefield_value(start)]))
        if f.radius_km is not None and self.origin is not None:
            d2, d2_args = self._distance2()
            lat0, lon0 = self.origin
            dlat = f.radius_km / KM_PER_DEGREE
            dlon = f.radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat0)), 0.01))
            found.append((None,
                          "s.id IN (SELECT sl.service_id FROM socialmap_serviceatlocation sl JOIN network_location l"
                          " ON l.id = sl.location_id WHERE"
                          " l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s"
                          f" AND {d2} <= %s)",
                          [lat0 - dlat, lat0 + dlat, lon0 - dlon, lon0 + dlon, *d2_args, f.radius_km * f.radius_km]))
        return found

    # -- the one statement -------------------------------------------------------------------------

    SIGNALS = ("name_typed", "name_any", "typed")
    PAGE_COLUMNS = ("text_rank", "name_typed", "name_any", "typed", "distance2", "covers_origin", "domain_match",
                    "freshness", "score")

    def sql(self, page: int, per_page: int, with_facets: bool = True) -> tuple[str, list]:
        """One statement for the page, the total and every facet count.

        1. ``hits`` (materialised): the text match with the engine's rank and the ranking signals, once.
        2. ``base`` (materialised): the services that pass every filter that is not a facet filter, narrow
           rows (id, name, the facet values, the text columns) with a 0/1 flag per active facet filter.
        3. ``matched``: the rows with every flag set; ``scored`` adds distance, coverage of the origin,
           life-domain match and freshness to those rows only; ``page`` ranks them and keeps one page.
           The link tables are read from the matches (CROSS JOIN: SQLite then keeps ``base`` as the outer
           loop and uses the service_id index instead of scanning every link; PostgreSQL plans it freely).
        4. One row per page entry (part 'page', in rank order via ``position``), one with the total
           (part 'total') and one per facet value (part = facet name, code, label, count). A facet is
           counted over ``base`` with every flag except its own.

        Columns: part, id, the PAGE_COLUMNS, code, label, position, n.
        """
        float_type = self.backend.float_type
        conditions = self._conditions()
        core = [(sql, args) for facet, sql, args in conditions if facet is None]
        facet_filters = {facet: (sql, args) for facet, sql, args in conditions if facet is not None}
        if not with_facets:       # the facet filters are ordinary filters then
            core += list(facet_filters.values())
            facet_filters = {}
        parts: list[str] = []
        args: list = []
        join_hits = ""
        # Rank late (PostgreSQL) only when a filter besides "visible to residents" narrows the matches.
        selective = len(core) > (0 if self.filters.include_unpublished else 1)
        late = not self.plan.empty and self.backend.rank_late and selective
        if self.plan.empty:
            text_columns = f", CAST(0 AS {float_type}) AS text_rank, " + ", ".join(f"0 AS {n}" for n in self.SIGNALS)
        else:
            hits, hit_args = self.backend.hits_sql(self.plan, signals=not late)
            parts.append(f"hits AS MATERIALIZED ({hits})")
            args += hit_args
            join_hits = " JOIN hits h ON h.service_id = s.id"
            text_columns = "" if late else (
                ", h.text_rank AS text_rank, " + ", ".join(f"h.{n} AS {n}" for n in self.SIGNALS))
        flag_columns, flag_args = "", []
        for facet, (sql, facet_args) in facet_filters.items():
            flag_columns += f", CASE WHEN {sql} THEN 1 ELSE 0 END AS f_{facet}"
            flag_args += facet_args
        organisation = with_facets or "provider_kind" in facet_filters or self.filters.provider_kinds
        join_organisation = " JOIN network_organisation o ON o.id = s.organisation_id" if organisation else ""
        kind_column = ", o.kind AS kind" if organisation else ""
        where = " WHERE " + " AND ".join(f"({sql})" for sql, _a in core) if core else ""
        parts.append(
            f"base AS MATERIALIZED (SELECT s.id AS id, s.name AS name, s.access_type AS access_type,"
            f" s.cost_kind AS cost_kind, s.assured_date AS assured_date{kind_column}{text_columns}{flag_columns}"
            f" FROM socialmap_service s{join_organisation}{join_hits}{where})"
        )
        args += flag_args + [a for _sql, core_args in core for a in core_args]

        def flags(skip: str | None = None) -> str:
            names = [f"b.f_{facet} = 1" for facet in facet_filters if facet != skip]
            return " WHERE " + " AND ".join(names) if names else ""

        parts.append(f"matched AS (SELECT b.* FROM base b{flags()})")
        text, join_ranks = "s", ""
        if late:   # PostgreSQL: rank only what passed the filters
            ranks, rank_args = self.backend.rank_sql(self.plan, "matched")
            parts.append(f"ranks AS MATERIALIZED ({ranks})")
            args += rank_args
            text, join_ranks = "k", " JOIN ranks k ON k.id = s.id"

        # The ranking columns, for the matched rows only (s is the matched row here: the correlated
        # subqueries below refer to s.id).
        nearest, nearest_args = self._nearest_sql()
        if self.place is not None and self.place.municipality_id is not None:
            covers = ("CASE WHEN EXISTS (SELECT 1 FROM socialmap_servicecoverage c WHERE c.service_id = s.id"
                      " AND c.municipality_id = %s) THEN 1 ELSE 0 END")
            covers_args = [self.place.municipality_id]
        else:
            covers, covers_args = "0", []
        if self.plan.life_domains:
            domain_match = ("CASE WHEN EXISTS (SELECT 1 FROM socialmap_service_life_domains x WHERE x.service_id = s.id"
                            f" AND x.lifedomain_id IN ({_marks(self.plan.life_domains)})) THEN 1 ELSE 0 END")
            domain_args = list(self.plan.life_domains)
        else:
            domain_match, domain_args = "0", []
        stale = stale_before()
        fresh_limit = connection.ops.adapt_datefield_value(stale)
        old_limit = connection.ops.adapt_datefield_value(stale - (date.today() - stale))
        parts.append(
            f"scored AS (SELECT s.id AS id, s.name AS name, {text}.text_rank AS text_rank,"
            f" {text}.name_typed AS name_typed, {text}.name_any AS name_any, {text}.typed AS typed,"
            f" {nearest} AS distance2, {covers} AS covers_origin, {domain_match} AS domain_match,"
            " CASE WHEN s.assured_date >= %s THEN 1.0 WHEN s.assured_date >= %s THEN 0.5 ELSE 0.0 END AS freshness,"
            f" MAX({text}.text_rank) OVER () AS max_rank FROM matched s{join_ranks})"
        )
        args += nearest_args + covers_args + domain_args + [fresh_limit, old_limit]
        parts.append(
            "ranked AS (SELECT scored.*, ("
            " %s * name_typed + %s * name_any + %s * typed"
            " + %s * COALESCE(text_rank / NULLIF(max_rank, 0), 0)"
            " + %s * domain_match"
            " + %s * CASE WHEN distance2 IS NOT NULL THEN 1.0 / (1.0 + distance2 / %s)"
            " WHEN covers_origin = 1 THEN %s ELSE 0 END"
            " + %s * freshness) AS score FROM scored)"
        )
        args += [W_NAME_TYPED, W_NAME, W_TYPED, W_TEXT, W_DOMAIN, W_PROXIMITY, PROXIMITY_KM * PROXIMITY_KM,
                 SERVES_ORIGIN_PROXIMITY, W_FRESHNESS]
        order = f"r.score DESC, {self.backend.order_name('r')}, r.id"
        parts.append(f"page AS (SELECT r.* FROM ranked r ORDER BY {order} LIMIT %s OFFSET %s)")
        args += [per_page, (page - 1) * per_page]

        empty = ", ".join(["NULL"] * len(self.PAGE_COLUMNS))
        tail = "NULL, NULL, NULL"
        page_columns = ", ".join(f"r.{name}" for name in self.PAGE_COLUMNS)
        selects = [
            f"SELECT 'page' AS part, r.id AS id, {page_columns}, NULL AS code, NULL AS label,"
            f" ROW_NUMBER() OVER (ORDER BY {order}) AS position, NULL AS n FROM page r",
            f"SELECT 'total', NULL, {empty}, {tail}, COUNT(*) FROM matched",
        ]
        select_args: list = []
        if with_facets:
            for name, table, through, column in (
                ("life_domains", "socialmap_lifedomain", "socialmap_service_life_domains", "lifedomain_id"),
                ("target_groups", "socialmap_targetgroup", "socialmap_service_target_groups", "targetgroup_id"),
            ):
                selects.append(
                    f"SELECT '{name}', NULL, {empty}, t.code, t.name, t.position, COALESCE(c.n, 0) FROM {table} t"
                    f" LEFT JOIN (SELECT x.{column} AS code, COUNT(*) AS n FROM base b CROSS JOIN {through} x"
                    f" WHERE x.service_id = b.id{flags(name).replace(' WHERE ', ' AND ')}"
                    f" GROUP BY x.{column}) c ON c.code = t.code"
                )
            for name, column in (("access_type", "b.access_type"), ("provider_kind", "b.kind")):
                selects.append(f"SELECT '{name}', NULL, {empty}, {column}, NULL, NULL, COUNT(*) FROM base b"
                               f"{flags(name)} GROUP BY {column}")
            is_free = "CASE WHEN b.cost_kind = %s THEN 'true' ELSE 'false' END"
            selects.append(f"SELECT 'free', NULL, {empty}, {is_free}, NULL, NULL, COUNT(*) FROM base b"
                           f"{flags('free')} GROUP BY {is_free}")
            select_args += [CostKind.FREE.value, CostKind.FREE.value]
        sql = "WITH " + ", ".join(parts) + " " + " UNION ALL ".join(selects)
        return sql, args + select_args

    def run(self, page: int, per_page: int, with_facets: bool = True):
        """(services of the page, total, {facet: [(code, label, count)]}). Reads only.

        Queries: 1 statement (see ``sql``) + 1 for the page's services with their organisation + 2
        prefetches (life domains, target groups), whatever the page size; 1 when the page is empty.
        """
        sql, args = self.sql(page, per_page, with_facets)
        # PostgreSQL: the planner's cost estimate of this statement passes jit_above_cost at 100,000
        # services; compiling it then costs more than running it (seconds instead of milliseconds). Off for
        # this transaction only (no savepoint inside another transaction: one more query, SET LOCAL).
        # SQLite: no transaction — the platform's SQLite transactions are IMMEDIATE (they take the write
        # lock), which would make concurrent searches wait for each other.
        postgres = self.backend.vendor == "postgresql"
        with transaction.atomic(savepoint=False) if postgres else nullcontext(), connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET LOCAL jit = off")
            cursor.execute(sql, args)
            rows = cursor.fetchall()
        to_uuid = Service._meta.pk.to_python
        ranking: list[tuple] = []
        total = 0
        counts: dict[str, list[tuple]] = {name: [] for name in FACETS} if with_facets else {}
        for row in rows:
            part = row[0]
            if part == "page":
                ranking.append(row)
            elif part == "total":
                total = row[-1]
            else:
                counts[part].append(row[-4:])
        ranking.sort(key=lambda row: row[-2])
        items: list[Service] = []
        if ranking:
            ids = [to_uuid(row[1]) for row in ranking]
            services = Service.objects.select_related("organisation").prefetch_related(
                "life_domains", "target_groups").in_bulk(ids)
            for row, service_id in zip(ranking, ids):
                service = services.get(service_id)
                if service is None:   # deleted since the statement ran
                    continue
                values = dict(zip(self.PAGE_COLUMNS, row[2:2 + len(self.PAGE_COLUMNS)]))
                for name, value in values.items():
                    setattr(service, name, value)
                service.score = float(values["score"])
                distance2 = values["distance2"]
                service.distance_km = None if distance2 is None else round(math.sqrt(max(float(distance2), 0.0)), 2)
                items.append(service)
        facets: dict[str, list[tuple[str, str, int]]] = {}
        if with_facets:
            facets["life_domains"] = [(code, label, n) for code, label, _pos, n in
                                      sorted(counts["life_domains"], key=lambda r: r[2])]
            facets["target_groups"] = [(code, label, n) for code, label, _pos, n in
                                       sorted(counts["target_groups"], key=lambda r: r[2])]
            found = {name: {code: n for code, _l, _p, n in counts[name]} for name in ("access_type", "provider_kind",
                                                                                      "free")}
            facets["access_type"] = [(v, str(label), found["access_type"].get(v, 0)) for v, label in AccessType.choices]
            facets["provider_kind"] = [(v, str(label), found["provider_kind"].get(v, 0))
                                       for v, label in OrganisationKind.choices]
            facets["free"] = [
                ("true", str(CostKind.FREE.label), found["free"].get("true", 0)),
                ("false", str(Service._meta.get_field("cost_kind").verbose_name), found["free"].get("false", 0)),
            ]
        return items, total, facets
