"""The versioned REST API under /api/v1/. Each app contributes a router from its api.py.

Errors share one shape: {"detail": ...}. Validation problems are 422 with a list of
{"loc": [...], "msg": ..., "type": ...} naming the field, both for schema errors (ninja) and for the
model's own rules (django ValidationError raised by a service); forbidden is 403; unknown is 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError
from django.http import Http404
from ninja import NinjaAPI

from samenkracht.accounts.tokens import TokenAuth
from samenkracht.network.api import router as network_router
from samenkracht.socialmap.api import router as socialmap_router
from samenkracht.socialmap.api_search import router as socialmap_search_router

api = NinjaAPI(
    title="Samenkracht API",
    version="1.0.0",
    description="REST API of Samenkracht for the systems of partner organisations. "
    "Authenticate with an organisation token: `Authorization: Bearer sk_...`.",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    docs_url=None,  # the interactive docs would load assets from a CDN; the document itself is served
)


def validation_details(error: ValidationError, location: str = "body") -> list[dict]:
    if hasattr(error, "error_dict"):
        return [
            {"loc": [location, field], "msg": message, "type": "value_error"}
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [{"loc": [location], "msg": message, "type": "value_error"} for message in error.messages]


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return api.create_response(request, {"detail": validation_details(exc)}, status=422)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request, exc: PermissionDenied):
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(OverflowError)
@api.exception_handler(DataError)
def on_out_of_range(request, exc):
    """A number the database cannot hold (an id or page of twenty digits): the client's mistake, not ours.

    Schemas bound the numbers they know; this is the safety net for the rest, found by fuzzing."""
    detail = [{"loc": ["request"], "msg": "A number in the request is out of range.", "type": "value_error"}]
    return api.create_response(request, {"detail": detail}, status=422)


@api.exception_handler(Http404)
def on_not_found(request, exc: Http404):
    return api.create_response(request, {"detail": "Not found"}, status=404)


api.add_router("/", network_router)
api.add_router("/socialmap/", socialmap_search_router)
api.add_router("/socialmap/", socialmap_router)
api.add_router("/frontdoor/", "samenkracht.frontdoor.api.router")
api.add_router("/plans/", "samenkracht.plans.api.router")
api.add_router("/referrals/", "samenkracht.referrals.api.router")
api.add_router("/volunteers/", "samenkracht.volunteers.api.router")
api.add_router("/rights/", "samenkracht.rights.api.router")
api.add_router("/agreements/", "samenkracht.agreements.api.router")
api.add_router("/reports/", "samenkracht.reports.api.router")
