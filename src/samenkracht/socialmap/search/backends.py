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
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from uuid import UUID

from django.db import connection
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


def build_documents(service_ids: list) -> tuple[list[Document], list]:
    """Documents of the given services, and the ids that no longer exist. Reads only (6 queries).

    Why the everyday words of a life domain go into the lowest-weighted field: they make "rekeningen" find
    every Financiën service (recall), but they are the same for hundreds of services and must not
    outweigh what a service says about itself. The life-domain boost of the ranking (W_DOMAIN) does the
    rest, identically on both databases.
    """
    services = (
        Service.objects.filter(pk__in=service_ids)
        .select_related("organisation")
        .prefetch_related(
            "life_domains", "target_groups", "coverage__municipality", "coverage__neighbourhood",
            "service_at_locations__location__neighbourhood",
        )
    )
    documents = []
    for service in services:
        keywords: list[str] = []
        context: list[str] = []
        for domain in service.life_domains.all():
            keywords.extend(_domain_name_words(domain.code))
            context.extend(_domain_words(domain.code))
        for group in service.target_groups.all():
            keywords.extend(_group_words(group.code))
        keywords.extend(document_words(" ".join(t for t in service.tags if isinstance(t, str))))
        places: list[str] = []
        for area in service.coverage.all():
            places.extend(document_words(area.municipality.name))
            if area.neighbourhood_id:
                places.extend(document_words(area.neighbourhood.name))
        for at in service.service_at_locations.all():
            location = at.location
            places.extend(document_words(f"{location.name} {location.city}"))
            if location.neighbourhood_id:
                places.extend(document_words(location.neighbourhood.name))
        documents.append(Document(
            service_id=service.pk,
            name=document_words(f"{service.name} {service.alternate_name}"),
            keywords=keywords,
            body=document_words(
                f"{service.description}\n{service.eligibility_description}\n{service.organisation.name}"
            ),
            context=list(dict.fromkeys(context + places)),
            name_text=normalise(service.name),
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

    def hits_sql(self, plan: QueryPlan, signals: bool = False) -> tuple[str, list]:
        """SELECT service_id, text_rank [, name_typed, name_any, typed] of the services matching the plan.

        The signals are tested on the document the match already read (weight-restricted queries such as
        'vergeetachtig:*A'), so they cost no extra scan of the index.
        """
        everything = [word for group in plan.groups for word in group]
        queries = [("q", self.tsquery(everything))]
        columns = ["d.service_id AS service_id",
                   f"CAST(ts_rank('{PG_WEIGHTS}', d.document, q.query) AS double precision) AS text_rank"]
        if signals:
            for name, words, weights in _signal_words(plan):
                if words:
                    queries.append((name, self.tsquery(words, weights)))
                    columns.append(f"CASE WHEN d.document @@ {name}.query THEN 1 ELSE 0 END AS {name}")
                else:
                    columns.append(f"0 AS {name}")
        sources = "".join(f" CROSS JOIN to_tsquery('dutch', %s) AS {name}(query)" for name, _query in queries)
        sql = f"SELECT {', '.join(columns)} FROM {PG_TABLE} d{sources} WHERE d.document @@ q.query"
        return sql, [query for _name, query in queries]


# --- 3. SQLite -----------------------------------------------------------------------------------------


class SqliteBackend:
    """Full-text search in SQLite: FTS5 over words stemmed in Python, ranked with bm25()."""

    vendor = "sqlite"
    # Without MATERIALIZED, SQLite flattens the text match into the join and may run the FTS5 query once
    # per service (minutes at 20,000 services); materialised, it runs once per statement. SQLite >= 3.35.
    cte_hint = "MATERIALIZED "
    float_type = "REAL"

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

    def _where(self, skip: str | None = None) -> tuple[list[str], list]:
        """WHERE clauses on s and o for every filter except ``skip`` (a facet counts without its own filter)."""
        f = self.filters
        clauses: list[str] = []
        args: list = []
        if not f.include_unpublished:
            clauses.append("s.publication = %s AND s.status IN (%s, %s)")
            args += [Publication.PUBLISHED.value, ServiceStatus.ACTIVE.value, ServiceStatus.TEMPORARILY_CLOSED.value]
        if f.life_domains and skip != "life_domains":
            clauses.append(
                "EXISTS (SELECT 1 FROM socialmap_service_life_domains x WHERE x.service_id = s.id"
                f" AND x.lifedomain_id IN ({_marks(f.life_domains)}))"
            )
            args += f.life_domains
        if f.target_groups and skip != "target_groups":
            clauses.append(
                "EXISTS (SELECT 1 FROM socialmap_service_target_groups x WHERE x.service_id = s.id"
                f" AND x.targetgroup_id IN ({_marks(f.target_groups)}))"
            )
            args += f.target_groups
        if f.age is not None:
            clauses.append("(s.minimum_age IS NULL OR s.minimum_age <= %s) AND (s.maximum_age IS NULL OR s.maximum_age >= %s)")
            args += [f.age, f.age]
        if f.municipality:
            # Offered there: an area of the service in that municipality, or one of its locations there.
            clauses.append(
                "(EXISTS (SELECT 1 FROM socialmap_servicecoverage c JOIN network_municipality m ON m.id = c.municipality_id"
                " WHERE c.service_id = s.id AND m.code = %s)"
                " OR EXISTS (SELECT 1 FROM socialmap_serviceatlocation sl JOIN network_location l ON l.id = sl.location_id"
                " JOIN network_municipality m ON m.id = l.municipality_id WHERE sl.service_id = s.id AND m.code = %s))"
            )
            args += [f.municipality, f.municipality]
        if f.neighbourhood is not None:
            # Offered there: that neighbourhood, its whole municipality, or a location in the neighbourhood.
            clauses.append(
                "(EXISTS (SELECT 1 FROM socialmap_servicecoverage c WHERE c.service_id = s.id AND (c.neighbourhood_id = %s"
                " OR (c.neighbourhood_id IS NULL AND c.municipality_id ="
                " (SELECT n.municipality_id FROM network_neighbourhood n WHERE n.id = %s))))"
                " OR EXISTS (SELECT 1 FROM socialmap_serviceatlocation sl JOIN network_location l ON l.id = sl.location_id"
                " WHERE sl.service_id = s.id AND l.neighbourhood_id = %s))"
            )
            args += [f.neighbourhood, f.neighbourhood, f.neighbourhood]
        if f.open_on is not None:
            clauses.append("EXISTS (SELECT 1 FROM socialmap_schedule sc WHERE sc.service_id = s.id AND sc.weekday = %s)")
            args.append(f.open_on)
        if f.free is not None and skip != "free":
            clauses.append("s.cost_kind = %s" if f.free else "s.cost_kind <> %s")
            args.append(CostKind.FREE.value)
        if f.access_type and skip != "access_type":
            clauses.append("s.access_type = %s")
            args.append(f.access_type)
        if f.provider_kinds and skip != "provider_kind":
            clauses.append(f"o.kind IN ({_marks(f.provider_kinds)})")
            args += f.provider_kinds
        if f.organisation_id is not None:
            clauses.append("s.organisation_id = %s")
            args.append(f.organisation_id)
        if f.modified_after is not None:
            start = timezone.make_aware(datetime.combine(f.modified_after, time.min))
            clauses.append("s.last_modified >= %s")
            args.append(connection.ops.adapt_datetimefield_value(start))
        if f.radius_km is not None and self.origin is not None:
            d2, d2_args = self._distance2()
            lat0, lon0 = self.origin
            dlat = f.radius_km / KM_PER_DEGREE
            dlon = f.radius_km / (KM_PER_DEGREE * max(math.cos(math.radians(lat0)), 0.01))
            clauses.append(
                "EXISTS (SELECT 1 FROM socialmap_serviceatlocation sl JOIN network_location l ON l.id = sl.location_id"
                " WHERE sl.service_id = s.id AND l.latitude BETWEEN %s AND %s AND l.longitude BETWEEN %s AND %s"
                f" AND {d2} <= %s)"
            )
            args += [lat0 - dlat, lat0 + dlat, lon0 - dlon, lon0 + dlon, *d2_args, f.radius_km * f.radius_km]
        return clauses, args

    def _with(self, columns, skip: str | None = None, signals: bool = False,
              organisation: bool = False) -> tuple[str, list]:
        """'WITH [hits AS (...),] base AS (SELECT <columns> FROM s [JOIN o] [JOIN hits h] WHERE ...)'.

        The provider (o) is joined only when a provider filter or the provider facet needs it.
        """
        parts, args = [], []
        join_hits = ""
        if not self.plan.empty:
            hits, hit_args = self.backend.hits_sql(self.plan, signals=signals)
            hint = "MATERIALIZED " if signals else self.backend.cte_hint
            parts.append(f"hits AS {hint}({hits})")
            args += hit_args
            join_hits = " JOIN hits h ON h.service_id = s.id"
        clauses, where_args = self._where(skip)
        where = " WHERE " + " AND ".join(f"({c})" for c in clauses) if clauses else ""
        column_sql, column_args = columns if isinstance(columns, tuple) else (columns, [])
        join_organisation = ""
        if organisation or (self.filters.provider_kinds and skip != "provider_kind"):
            join_organisation = " JOIN network_organisation o ON o.id = s.organisation_id"
        parts.append(f"base AS (SELECT {column_sql} FROM socialmap_service s{join_organisation}{join_hits}{where})")
        return "WITH " + ", ".join(parts), args + column_args + where_args

    # -- the page ----------------------------------------------------------------------------------

    SIGNALS = ("name_typed", "name_any", "typed")
    EXTRA_COLUMNS = ("text_rank", "name_typed", "name_any", "typed", "distance2", "covers_origin", "domain_match",
                     "freshness", "score")

    def page_sql(self, page: int, per_page: int) -> tuple[str, list]:
        """One statement: the services of one page, with the ranking columns and the score.

        The ranking runs on narrow rows (id, name and the signals); only the rows of the page are joined to
        the full service row, so neither sorting nor the window function carries long descriptions.
        """
        if self.plan.empty:
            text_columns = f"CAST(0 AS {self.backend.float_type}) AS text_rank, " + ", ".join(
                f"0 AS {name}" for name in self.SIGNALS)
        else:
            text_columns = "h.text_rank AS text_rank, " + ", ".join(f"h.{name} AS {name}" for name in self.SIGNALS)
        nearest, nearest_args = self._nearest_sql()
        if self.place is not None and self.place.municipality_id is not None:
            covers = (
                "CASE WHEN EXISTS (SELECT 1 FROM socialmap_servicecoverage c WHERE c.service_id = s.id"
                " AND c.municipality_id = %s) THEN 1 ELSE 0 END"
            )
            covers_args = [self.place.municipality_id]
        else:
            covers, covers_args = "0", []
        if self.plan.life_domains:
            domain_match = (
                "CASE WHEN EXISTS (SELECT 1 FROM socialmap_service_life_domains x WHERE x.service_id = s.id"
                f" AND x.lifedomain_id IN ({_marks(self.plan.life_domains)})) THEN 1 ELSE 0 END"
            )
            domain_args = list(self.plan.life_domains)
        else:
            domain_match, domain_args = "0", []
        stale = stale_before()
        fresh_limit = connection.ops.adapt_datefield_value(stale)
        old_limit = connection.ops.adapt_datefield_value(stale - (date.today() - stale))
        columns = (
            f"s.id AS id, s.name AS name, {text_columns}, {nearest} AS distance2, {covers} AS covers_origin,"
            f" {domain_match} AS domain_match,"
            " CASE WHEN s.assured_date >= %s THEN 1.0 WHEN s.assured_date >= %s THEN 0.5 ELSE 0.0 END AS freshness",
            nearest_args + covers_args + domain_args + [fresh_limit, old_limit],
        )
        with_sql, args = self._with(columns, signals=True)
        extra = ", ".join(f"page.{name}" for name in self.EXTRA_COLUMNS)
        sql = (
            f"{with_sql}, ranked AS (SELECT base.*, MAX(base.text_rank) OVER () AS max_rank FROM base),"
            " page AS (SELECT ranked.*, ("
            " %s * name_typed + %s * name_any + %s * typed"
            " + %s * COALESCE(text_rank / NULLIF(max_rank, 0), 0)"
            " + %s * domain_match"
            " + %s * CASE WHEN distance2 IS NOT NULL THEN 1.0 / (1.0 + distance2 / %s)"
            " WHEN covers_origin = 1 THEN %s ELSE 0 END"
            " + %s * freshness) AS score"
            f" FROM ranked ORDER BY score DESC, {self.backend.order_name('ranked')}, ranked.id LIMIT %s OFFSET %s)"
            f" SELECT s.*, {extra} FROM page JOIN socialmap_service s ON s.id = page.id"
            f" ORDER BY page.score DESC, {self.backend.order_name('page')}, page.id"
        )
        args += [W_NAME_TYPED, W_NAME, W_TYPED, W_TEXT, W_DOMAIN, W_PROXIMITY, PROXIMITY_KM * PROXIMITY_KM,
                 SERVES_ORIGIN_PROXIMITY, W_FRESHNESS, per_page, (page - 1) * per_page]
        return sql, args

    def page(self, page: int, per_page: int) -> list[Service]:
        """The services of one page, with organisation, life domains and target groups loaded.

        Queries: 1 for the page + 3 prefetches, whatever the page size. Reads only.
        """
        sql, args = self.page_sql(page, per_page)
        items = list(
            Service.objects.raw(sql, args).prefetch_related("organisation", "life_domains", "target_groups")
        )
        for item in items:
            item.score = float(item.score)
            item.distance_km = None if item.distance2 is None else round(math.sqrt(max(item.distance2, 0.0)), 2)
        return items

    # -- count and facets ------------------------------------------------------------------------

    def count(self) -> int:
        """Number of results: one statement. Reads only."""
        with_sql, args = self._with("s.id")
        with connection.cursor() as cursor:
            cursor.execute(f"{with_sql} SELECT COUNT(*) FROM base", args)
            return cursor.fetchone()[0]

    def facet(self, name: str) -> list[tuple[str, str, int]]:
        """(code, label, count) of one facet, counted without the facet's own filter: one statement.

        Life domains and target groups come with their names and in their reference order; the other
        facets are labelled in Python. Values with a count of 0 are left out by the caller.
        """
        if name == "provider_kind":
            columns = "s.id AS id, o.kind AS kind"
        else:
            columns = "s.id AS id, s.access_type AS access_type, s.cost_kind AS cost_kind"
        with_sql, args = self._with(columns, skip=name, organisation=name == "provider_kind")
        if name in ("life_domains", "target_groups"):
            table, through, column = {
                "life_domains": ("socialmap_lifedomain", "socialmap_service_life_domains", "lifedomain_id"),
                "target_groups": ("socialmap_targetgroup", "socialmap_service_target_groups", "targetgroup_id"),
            }[name]
            sql = (
                f"{with_sql} SELECT t.code, t.name, COALESCE(c.n, 0) FROM {table} t LEFT JOIN"
                f" (SELECT x.{column} AS code, COUNT(*) AS n FROM {through} x JOIN base b ON b.id = x.service_id"
                f" GROUP BY x.{column}) c ON c.code = t.code ORDER BY t.position"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, args)
                return [(code, label, count) for code, label, count in cursor.fetchall()]
        if name == "free":
            sql = (
                f"{with_sql} SELECT CASE WHEN b.cost_kind = %s THEN 1 ELSE 0 END AS is_free, COUNT(*)"
                " FROM base b GROUP BY CASE WHEN b.cost_kind = %s THEN 1 ELSE 0 END"
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, args + [CostKind.FREE.value, CostKind.FREE.value])
                counts = dict(cursor.fetchall())
            return [
                ("true", str(CostKind.FREE.label), counts.get(1, 0)),
                ("false", str(Service._meta.get_field("cost_kind").verbose_name), counts.get(0, 0)),
            ]
        column, choices = {"access_type": ("access_type", AccessType), "provider_kind": ("kind", OrganisationKind)}[name]
        sql = f"{with_sql} SELECT b.{column}, COUNT(*) FROM base b GROUP BY b.{column}"
        with connection.cursor() as cursor:
            cursor.execute(sql, args)
            counts = dict(cursor.fetchall())
        return [(value, str(label), counts.get(value, 0)) for value, label in choices.choices]
