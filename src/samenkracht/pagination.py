"""The one pagination of /api/v1/ lists: page numbers with bounds the database can hold.

Ninja's PageNumberPagination accepts any page number; a page of twenty digits made an OFFSET that SQLite
and PostgreSQL refuse (found by fuzzing). Use `Pagination` (or a subclass) on every list operation.
"""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination

MAX_PAGE = 1_000_000


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        # Larger page sizes are capped at NINJA_MAX_PER_PAGE_SIZE, not refused (a documented behaviour).
        page_size: int | None = Field(None, ge=1)
