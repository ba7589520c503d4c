"""The social map as an Open Referral HSDS 3.0 API under /api/hsds/ (public, read-only)."""

from ninja import NinjaAPI

hsds_api = NinjaAPI(
    title="Samenkracht HSDS 3.0 API",
    version="3.0",
    urls_namespace="hsds",
    docs_url=None,
    auth=None,
)
